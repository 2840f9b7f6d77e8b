"""Addresses of the portfolios API, under /api/v1/ (namespace ``portfolios_api``).

One block per subject; every path starts with its own prefix so that it never
meets the framework API (``competences/api/urls.py``) under the same /api/v1/.
"""

from django.urls import path

from portfolios.api import views as contributions

app_name = "portfolios_api"

# --- Contributions, evidence, competence claims (views.py) ---
contribution_patterns = [
    path("contributions/", contributions.ContributionList.as_view(), name="contribution_list"),
    path(
        "contributions/<uuid:uuid>/",
        contributions.ContributionDetail.as_view(),
        name="contribution_detail",
    ),
    path(
        "contributions/<uuid:uuid>/evidence/",
        contributions.EvidenceList.as_view(),
        name="evidence_list",
    ),
    path(
        "contributions/<uuid:uuid>/evidence/<uuid:evidence>/",
        contributions.EvidenceDetail.as_view(),
        name="evidence_detail",
    ),
    path(
        "contributions/<uuid:uuid>/claims/",
        contributions.ClaimList.as_view(),
        name="claim_list",
    ),
    path(
        "contributions/<uuid:uuid>/claims/<uuid:claim>/",
        contributions.ClaimDetail.as_view(),
        name="claim_detail",
    ),
]

urlpatterns = [
    *contribution_patterns,
]
