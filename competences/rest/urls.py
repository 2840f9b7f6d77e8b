"""Addresses of the framework API, under /api/v1/ (see docs/api.md)."""

from django.urls import path

from competences.rest import content, frameworks, search

app_name = "competences_api"

urlpatterns = [
    path("frameworks/", frameworks.FrameworkList.as_view(), name="framework_list"),
    path("frameworks/<slug:slug>/", frameworks.FrameworkDetail.as_view(), name="framework_detail"),
    path(
        "frameworks/<slug:slug>/versions/",
        frameworks.FrameworkVersionList.as_view(),
        name="framework_versions",
    ),
    path("versions/<uuid:uuid>/", frameworks.VersionDetail.as_view(), name="version_detail"),
    path(
        "versions/<uuid:uuid>/publish/", frameworks.VersionPublish.as_view(), name="version_publish"
    ),
    path("versions/<uuid:uuid>/retire/", frameworks.VersionRetire.as_view(), name="version_retire"),
    path(
        "versions/<uuid:uuid>/domains/",
        content.VersionDomainList.as_view(),
        name="version_domains",
    ),
    path(
        "versions/<uuid:uuid>/competences/",
        content.VersionCompetenceList.as_view(),
        name="version_competences",
    ),
    path(
        "versions/<uuid:uuid>/levels/",
        content.VersionLevelList.as_view(),
        name="version_levels",
    ),
    path("domains/<uuid:uuid>/", content.DomainDetail.as_view(), name="domain_detail"),
    path("competences/search/", search.CompetenceSearch.as_view(), name="competence_search"),
    path("competences/search", search.CompetenceSearchWithoutSlash.as_view()),
    path(
        "competences/<uuid:uuid>/",
        content.CompetenceDetail.as_view(),
        name="competence_detail",
    ),
    path(
        "competences/<uuid:uuid>/level-texts/",
        content.CompetenceLevelTexts.as_view(),
        name="competence_level_texts",
    ),
    path(
        "competences/<uuid:uuid>/alignments/",
        content.CompetenceAlignmentList.as_view(),
        name="competence_alignments",
    ),
    path("levels/<uuid:uuid>/", content.LevelDetail.as_view(), name="level_detail"),
    path(
        "alignments/<uuid:uuid>/",
        content.AlignmentDetail.as_view(),
        name="alignment_detail",
    ),
]
