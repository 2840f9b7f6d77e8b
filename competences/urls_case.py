"""Read-only 1EdTech CASE 1.1 endpoints, under /ims/case/v1p1/ (see docs/exchange-case.md)."""

from django.urls import path

from competences.views import case_api

app_name = "case"

urlpatterns = [
    path("CFDocuments", case_api.documents, name="documents"),
    path("CFDocuments/<str:identifier>", case_api.document, name="document"),
    path("CFPackages/<str:identifier>", case_api.package, name="package"),
    path("CFItems/<str:identifier>", case_api.item, name="item"),
]
