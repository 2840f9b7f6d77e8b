"""Addresses of the badges app: endorsements (included by ``badges.urls``, namespace ``badges``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
