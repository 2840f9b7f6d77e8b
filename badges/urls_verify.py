"""Addresses of the badges app: verify (included by ``badges.urls``, namespace ``badges``)."""

from django.urls import URLPattern, path

from badges.views import verify

urlpatterns: list[URLPattern] = [
    path("verify/", verify.verify, name="verify"),
]
