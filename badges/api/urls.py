"""Addresses of the issuers API, under /api/v1/ (namespace ``badges_api``)."""

from django.urls import path

from badges.api import views

app_name = "badges_api"

urlpatterns = [
    path("issuers/", views.IssuerList.as_view(), name="issuer_list"),
    path("issuers/<uuid:uuid>/", views.IssuerDetail.as_view(), name="issuer_detail"),
    path(
        "issuers/<uuid:uuid>/keys/rotate/",
        views.IssuerKeyRotate.as_view(),
        name="issuer_key_rotate",
    ),
]
