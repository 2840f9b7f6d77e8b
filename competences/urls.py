"""Addresses under /frameworks/.

Competence pages are addressed by UUID only (``competences/<uuid>/``): that
address never changes and is the target of Open Badges alignments.
"""

from django.urls import include, path

from competences.views import exchange, public, search, steward_content, steward_versions

app_name = "competences"

draft_patterns = [
    path("", steward_versions.draft_detail, name="draft_detail"),
    path("new/", steward_versions.draft_create, name="draft_create"),
    path("edit/", steward_versions.draft_update, name="draft_update"),
    path("preview/", steward_versions.draft_preview, name="draft_preview"),
    path("publish/", steward_versions.draft_publish, name="draft_publish"),
    path("delete/", steward_versions.draft_delete, name="draft_delete"),
    path("domains/new/", steward_content.domain_create, name="domain_create"),
    path("domains/<uuid:uuid>/edit/", steward_content.domain_update, name="domain_update"),
    path("domains/<uuid:uuid>/delete/", steward_content.domain_delete, name="domain_delete"),
    path("domains/<uuid:uuid>/move/", steward_content.domain_move, name="domain_move"),
    path("competences/new/", steward_content.competence_create, name="competence_create"),
    path(
        "competences/<uuid:uuid>/edit/", steward_content.competence_update, name="competence_update"
    ),
    path(
        "competences/<uuid:uuid>/delete/",
        steward_content.competence_delete,
        name="competence_delete",
    ),
    path("competences/<uuid:uuid>/move/", steward_content.competence_move, name="competence_move"),
    path(
        "competences/<uuid:uuid>/levels/",
        steward_content.competence_levels,
        name="competence_levels",
    ),
    path(
        "competences/<uuid:uuid>/alignments/new/",
        steward_content.alignment_create,
        name="alignment_create",
    ),
    path("alignments/<uuid:uuid>/edit/", steward_content.alignment_update, name="alignment_update"),
    path(
        "alignments/<uuid:uuid>/delete/", steward_content.alignment_delete, name="alignment_delete"
    ),
    path("levels/new/", steward_content.level_create, name="level_create"),
    path("levels/<uuid:uuid>/edit/", steward_content.level_update, name="level_update"),
    path("levels/<uuid:uuid>/delete/", steward_content.level_delete, name="level_delete"),
]

urlpatterns = [
    path("", public.framework_list, name="framework_list"),
    path("new/", steward_versions.framework_create, name="framework_create"),
    path("competences/<uuid:uuid>/", public.competence_detail, name="competence_detail"),
    # --- Competence search (before <slug:slug>/: "search" is a reserved slug) ---
    path("search/", search.search, name="search"),
    path("search/suggestions/", search.suggestions, name="search_suggestions"),
    # --- end of competence search ---
    path("<slug:slug>/", public.framework_detail, name="framework_detail"),
    path("<slug:slug>/edit/", steward_versions.framework_update, name="framework_update"),
    path("<slug:slug>/compare/", public.version_compare, name="version_compare"),
    path("<slug:slug>/versions/<str:label>/", public.version_detail, name="version_detail"),
    path(
        "<slug:slug>/versions/<str:label>/retire/",
        steward_versions.version_retire,
        name="version_retire",
    ),
    path("<slug:slug>/draft/", include(draft_patterns)),
]

# --- Exchange formats: CSV and CASE import/export (views/exchange.py; docs/exchange-csv.md,
# docs/exchange-case.md). ``new/import/`` cannot clash with a framework page: "new" is a
# reserved slug.
urlpatterns += [
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
