"""Addresses of the framework API, under /api/v1/ (see docs/api.md)."""

from django.urls import path

from competences.rest import views, views_content

app_name = "competences_api"

urlpatterns = [
    path("frameworks/", views.FrameworkList.as_view(), name="framework_list"),
    path("frameworks/<slug:slug>/", views.FrameworkDetail.as_view(), name="framework_detail"),
    path(
        "frameworks/<slug:slug>/versions/",
        views.FrameworkVersionList.as_view(),
        name="framework_versions",
    ),
    path("versions/<uuid:uuid>/", views.VersionDetail.as_view(), name="version_detail"),
    path("versions/<uuid:uuid>/publish/", views.VersionPublish.as_view(), name="version_publish"),
    path("versions/<uuid:uuid>/retire/", views.VersionRetire.as_view(), name="version_retire"),
    path(
        "versions/<uuid:uuid>/domains/",
        views_content.VersionDomainList.as_view(),
        name="version_domains",
    ),
    path(
        "versions/<uuid:uuid>/competences/",
        views_content.VersionCompetenceList.as_view(),
        name="version_competences",
    ),
    path(
        "versions/<uuid:uuid>/levels/",
        views_content.VersionLevelList.as_view(),
        name="version_levels",
    ),
    path("domains/<uuid:uuid>/", views_content.DomainDetail.as_view(), name="domain_detail"),
    path("competences/search/", views.CompetenceSearch.as_view(), name="competence_search"),
    path("competences/search", views.CompetenceSearchWithoutSlash.as_view()),
    path(
        "competences/<uuid:uuid>/",
        views_content.CompetenceDetail.as_view(),
        name="competence_detail",
    ),
    path(
        "competences/<uuid:uuid>/level-texts/",
        views_content.CompetenceLevelTexts.as_view(),
        name="competence_level_texts",
    ),
    path(
        "competences/<uuid:uuid>/alignments/",
        views_content.CompetenceAlignmentList.as_view(),
        name="competence_alignments",
    ),
    path("levels/<uuid:uuid>/", views_content.LevelDetail.as_view(), name="level_detail"),
    path(
        "alignments/<uuid:uuid>/",
        views_content.AlignmentDetail.as_view(),
        name="alignment_detail",
    ),
]
