"""Addresses of the portfolios API under /api/v1/ (namespace ``portfolios_portfolios_api``)."""

from django.urls import URLPattern

app_name = "portfolios_portfolios_api"

urlpatterns: list[URLPattern] = []
