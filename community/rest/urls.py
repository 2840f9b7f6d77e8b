"""Addresses of the community API under /api/v1/ (namespace ``community_api``).

One block per subject, each under its own prefix (``initiatives/``, ``contributions/``,
``endorsement-requests/``, ``endorsements/``, ``profile/``), so that it never meets the other
apps' APIs under the same /api/v1/.
"""

from django.urls import path

from community.rest import contributions, directory, endorsements, indicators, initiatives, joining

app_name = "community_api"

# --- Initiatives, members, invitations, requests to join (initiatives.py) ---
initiative_patterns = [
    path("initiatives/", initiatives.InitiativeList.as_view(), name="initiative_list"),
    # The directory's open data (directory.py): no slash, so it never meets a slug.
    path(
        "initiatives/directory.geojson",
        directory.InitiativesGeoJSON.as_view(),
        name="initiatives_geojson",
    ),
    path(
        "initiatives/<slug:slug>/", initiatives.InitiativeDetail.as_view(), name="initiative_detail"
    ),
    path(
        "initiatives/<slug:slug>/verify/",
        initiatives.InitiativeVerify.as_view(),
        name="initiative_verify",
    ),
    path(
        "initiatives/<slug:slug>/leave/",
        initiatives.InitiativeLeave.as_view(),
        name="initiative_leave",
    ),
    path("initiatives/<slug:slug>/members/", initiatives.MemberList.as_view(), name="member_list"),
    path(
        "initiatives/<slug:slug>/members/<int:pk>/",
        initiatives.MemberDetail.as_view(),
        name="member_detail",
    ),
    path(
        "initiatives/<slug:slug>/invitations/",
        joining.InvitationList.as_view(),
        name="invitation_list",
    ),
    path(
        "initiatives/<slug:slug>/invitations/<int:pk>/",
        joining.InvitationDetail.as_view(),
        name="invitation_detail",
    ),
    path(
        "initiatives/<slug:slug>/join-requests/",
        joining.JoinRequestList.as_view(),
        name="join_request_list",
    ),
    path(
        "initiatives/<slug:slug>/join-requests/<int:pk>/accept/",
        joining.JoinRequestAccept.as_view(),
        name="join_request_accept",
    ),
    path(
        "initiatives/<slug:slug>/join-requests/<int:pk>/refuse/",
        joining.JoinRequestRefuse.as_view(),
        name="join_request_refuse",
    ),
]

# --- Contributions, evidence, competence claims (contributions.py) ---
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

# --- Endorsement requests, endorsements, the competence profile (endorsements.py) ---
endorsement_patterns = [
    path(
        "endorsement-requests/",
        endorsements.EndorsementRequestList.as_view(),
        name="endorsement_request_list",
    ),
    path(
        "endorsement-requests/candidates/",
        endorsements.EndorsementCandidates.as_view(),
        name="endorsement_candidates",
    ),
    path(
        "endorsement-requests/bulk-confirm/",
        endorsements.EndorsementRequestBulkConfirm.as_view(),
        name="endorsement_request_bulk_confirm",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/",
        endorsements.EndorsementRequestDetail.as_view(),
        name="endorsement_request_detail",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/cancel/",
        endorsements.EndorsementRequestCancel.as_view(),
        name="endorsement_request_cancel",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/decline/",
        endorsements.EndorsementRequestDecline.as_view(),
        name="endorsement_request_decline",
    ),
    path(
        "endorsement-requests/<uuid:uuid>/answer/",
        endorsements.EndorsementRequestAnswer.as_view(),
        name="endorsement_request_answer",
    ),
    path("endorsements/", endorsements.EndorsementList.as_view(), name="endorsement_list"),
    path(
        "endorsements/<uuid:uuid>/",
        endorsements.EndorsementDetail.as_view(),
        name="endorsement_detail",
    ),
    path(
        "profile/competences/",
        endorsements.CompetenceProfileView.as_view(),
        name="competence_profile",
    ),
]

# --- Territorial indicators (indicators.py) ---
indicator_patterns = [
    path("indicators/", indicators.IndicatorsView.as_view(), name="indicators"),
]

urlpatterns = [
    *initiative_patterns,
    *contribution_patterns,
    *endorsement_patterns,
    *indicator_patterns,
]
