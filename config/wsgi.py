"""The WSGI application, for gunicorn (config/gunicorn.conf.py), granian or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config.collector import collect_between_requests  # noqa: E402 - needs Django set up

collect_between_requests()
