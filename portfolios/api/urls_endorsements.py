"""Addresses of the endorsement API, under /api/v1/ (namespace ``endorsements_api``).

Kept apart from ``urls.py`` (contributions) while both are being written; every
path has its own prefix, so it can become one more block there.
"""

from django.urls import path

from portfolios.api import endorsements as views

app_name = "endorsements_api"

urlpatterns = [
    path(
        "endorsement-requests/",
        views.EndorsementRequestList.as_view(),
        name="endorsement_request_list",
    ),
    path(
        "endorsement-requests/candidates/",
        views.EndorsementCandidates.as_view(),
        name="endorsement_candidates",
    ),
    path(
        "endorsement-requests/bulk-confirm/",
        views.EndorsementRequestBulkConfirm.as_view(),
        name="endorsement_request_bulk_confirm",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/",
        views.EndorsementRequestDetail.as_view(),
        name="endorsement_request_detail",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/cancel/",
        views.EndorsementRequestCancel.as_view(),
        name="endorsement_request_cancel",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/decline/",
        views.EndorsementRequestDecline.as_view(),
        name="endorsement_request_decline",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/answer/",
        views.EndorsementRequestAnswer.as_view(),
        name="endorsement_request_answer",
    ),
    path("endorsements/", views.EndorsementList.as_view(), name="endorsement_list"),
    path("endorsements/<uuid:uuid>/", views.EndorsementDetail.as_view(), name="endorsement_detail"),
    path(
        "profile/competences/",
        views.CompetenceProfileView.as_view(),
        name="competence_profile",
    ),
]
