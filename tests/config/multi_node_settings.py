"""The production settings (``config.settings``, ``DJANGO_DEBUG=0``) of the multi-node test,
with one change: static files are hashed but not compressed.

WhiteNoise's compression (gzip and Brotli of 30 MB of static files) takes minutes on CI's two
cores and has nothing to do with running several nodes; the hashed manifest, which pages need
without DEBUG, takes seconds. Everything else is read from the environment as in production.
"""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
