"""Import and export pages of the exchange formats, included by competences/urls.py.

``new/import/`` cannot clash with a framework page: "new" is a reserved slug.
"""

from django.urls import path

from competences.views import exchange

urlpatterns = [
    path("new/import/", exchange.framework_import, name="framework_import"),
    path(
        "<slug:slug>/versions/<str:label>/export/csv/",
        exchange.version_export,
        {"file_format": "csv"},
        name="version_export_csv",
    ),
    path(
        "<slug:slug>/versions/<str:label>/export/case/",
        exchange.version_export,
        {"file_format": "case"},
        name="version_export_case",
    ),
    path(
        "<slug:slug>/draft/export/csv/",
        exchange.draft_export,
        {"file_format": "csv"},
        name="draft_export_csv",
    ),
    path(
        "<slug:slug>/draft/export/case/",
        exchange.draft_export,
        {"file_format": "case"},
        name="draft_export_case",
    ),
]
