"""Addresses of the badges app: bulk (included by ``badges.urls``, namespace ``badges``)."""

from django.urls import URLPattern, path

from badges.views import bulk

urlpatterns: list[URLPattern] = [
    path(
        "badges/classes/<uuid:uuid>/award/bulk/",
        bulk.bulk_award_create,
        name="bulk_award_create",
    ),
    path("badges/bulk/<uuid:uuid>/", bulk.bulk_award_detail, name="bulk_award_detail"),
]
