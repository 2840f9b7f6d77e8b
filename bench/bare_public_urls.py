"""The public documents' short path (``badges/public_urls.py``) plus the bare view, so that
the bare view can also be measured without the session, language and sign-in layers."""

from django.urls import path

from badges.public_urls import urlpatterns as documents
from bench.bare_urls import one_row

urlpatterns = [path("bench/one-row-direct.json", one_row), *documents]
