"""Addresses of the portfolios app: portfolios (namespace ``portfolios``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
