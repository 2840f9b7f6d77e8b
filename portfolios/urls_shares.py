"""Addresses of the portfolios app: shares (namespace ``portfolios``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
