"""Addresses of the portfolios API under /api/v1/ (namespace ``portfolios_api``).

Portfolios, their selection and generated versions, share links and the access log (for
their owner), the portfolios shared with an advisor, orientations and attestations of
volunteering. Every path has its own prefix (``portfolios/``, ``shares/``, ``advisor/``,
``orientations/``, ``attestations/``), so that it never meets the other APIs.
"""

from django.urls import path

from portfolios.rest import attestations, orientations, releases, rome
from portfolios.rest import portfolios as views

app_name = "portfolios_api"

urlpatterns = [
    path("portfolios/", views.PortfolioList.as_view(), name="portfolio_list"),
    path("portfolios/<uuid:uuid>/", views.PortfolioDetail.as_view(), name="portfolio_detail"),
    path("portfolios/<uuid:uuid>/items/", views.PortfolioItems.as_view(), name="portfolio_items"),
    path("portfolios/<uuid:uuid>/releases/", releases.ReleaseList.as_view(), name="release_list"),
    path("portfolios/<uuid:uuid>/shares/", views.ShareList.as_view(), name="share_list"),
    path("portfolios/<uuid:uuid>/accesses/", views.AccessList.as_view(), name="access_list"),
    path("shares/<uuid:uuid>/revoke/", views.ShareRevoke.as_view(), name="share_revoke"),
    path(
        "portfolios/releases/<uuid:uuid>/withdraw/",
        releases.ReleaseWithdraw.as_view(),
        name="release_withdraw",
    ),
    path(
        "advisor/shared-portfolios/",
        views.AdvisorSharedPortfolioList.as_view(),
        name="advisor_shared_portfolios",
    ),
    path("portfolios/<uuid:uuid>/rome/", rome.ReadingView.as_view(), name="rome_reading"),
    path("portfolios/<uuid:uuid>/rome/targets/", rome.TargetsView.as_view(), name="rome_targets"),
    path(
        "portfolios/<uuid:uuid>/rome/targets/<uuid:target>/",
        rome.TargetDetailView.as_view(),
        name="rome_target_detail",
    ),
    path("portfolios/<uuid:uuid>/rome/jobs/", rome.JobsView.as_view(), name="rome_jobs"),
    path(
        "advisor/shared-portfolios/<uuid:uuid>/rome/",
        rome.AdvisorReadingView.as_view(),
        name="advisor_rome_reading",
    ),
    path(
        "advisor/shared-portfolios/<uuid:uuid>/rome/targets/",
        rome.AdvisorTargetsView.as_view(),
        name="advisor_rome_targets",
    ),
    path(
        "advisor/shared-portfolios/<uuid:uuid>/rome/targets/<uuid:target>/",
        rome.AdvisorTargetDetailView.as_view(),
        name="advisor_rome_target_detail",
    ),
    path(
        "advisor/shared-portfolios/<uuid:uuid>/rome/jobs/",
        rome.AdvisorJobsView.as_view(),
        name="advisor_rome_jobs",
    ),
    path("rome/job-titles/", rome.JobTitleSearchView.as_view(), name="rome_job_titles"),
    path("orientations/", orientations.OrientationList.as_view(), name="orientation_list"),
    path(
        "orientations/<uuid:uuid>/accept/",
        orientations.OrientationAccept.as_view(),
        name="orientation_accept",
    ),
    path(
        "orientations/<uuid:uuid>/decline/",
        orientations.OrientationDecline.as_view(),
        name="orientation_decline",
    ),
    path(
        "orientations/<uuid:uuid>/end/",
        orientations.OrientationEnd.as_view(),
        name="orientation_end",
    ),
    path(
        "advisor/orientations/",
        orientations.AdvisorPathwayList.as_view(),
        name="advisor_orientations",
    ),
    path("attestations/", attestations.MyAttestationList.as_view(), name="attestation_list"),
    path(
        "attestations/requests/",
        attestations.AttestationRequestView.as_view(),
        name="attestation_request",
    ),
    path(
        "attestations/initiatives/<slug:slug>/",
        attestations.InitiativeAttestationList.as_view(),
        name="initiative_attestations",
    ),
    path(
        "attestations/initiatives/<slug:slug>/candidates/",
        attestations.CandidateList.as_view(),
        name="attestation_candidates",
    ),
    path(
        "attestations/<uuid:uuid>/revoke/",
        attestations.AttestationRevoke.as_view(),
        name="attestation_revoke",
    ),
]
