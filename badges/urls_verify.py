"""Addresses of the badges app: verify (included by ``badges.urls``, namespace ``badges``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
