"""Addresses of the badges API, under /api/v1/ (namespace ``badges_api``).

One block per subject; every path starts with its own prefix (``issuers/``,
``badge-classes/``, ``awards/``, ``proposals/``).
"""

from django.urls import path

from badges.rest import awards, badge_classes, issuers

app_name = "badges_api"

# --- Issuers (issuers.py) ---
issuer_patterns = [
    path("issuers/", issuers.IssuerList.as_view(), name="issuer_list"),
    path("issuers/<uuid:uuid>/", issuers.IssuerDetail.as_view(), name="issuer_detail"),
    path(
        "issuers/<uuid:uuid>/keys/rotate/",
        issuers.IssuerKeyRotate.as_view(),
        name="issuer_key_rotate",
    ),
    path(
        "issuers/<uuid:uuid>/badge-classes/",
        badge_classes.BadgeClassList.as_view(),
        name="badge_class_list",
    ),
    path("issuers/<uuid:uuid>/awards/", awards.IssuerAwardList.as_view(), name="issuer_awards"),
]

# --- Badge classes (badge_classes.py) ---
badge_class_patterns = [
    path(
        "badge-classes/<uuid:uuid>/",
        badge_classes.BadgeClassDetail.as_view(),
        name="badge_class_detail",
    ),
    path(
        "badge-classes/<uuid:uuid>/awards/",
        awards.BadgeClassAwardList.as_view(),
        name="badge_class_awards",
    ),
]

# --- Awards, revocation, my badges, proposals (awards.py) ---
award_patterns = [
    path("awards/mine/", awards.MyAwardList.as_view(), name="my_awards"),
    path("awards/<uuid:uuid>/", awards.AwardDetail.as_view(), name="award_detail"),
    path("awards/<uuid:uuid>/revoke/", awards.AwardRevoke.as_view(), name="award_revoke"),
    path("proposals/", awards.ProposalList.as_view(), name="proposal_list"),
    path("proposals/<int:pk>/accept/", awards.ProposalAccept.as_view(), name="proposal_accept"),
    path("proposals/<int:pk>/decline/", awards.ProposalDecline.as_view(), name="proposal_decline"),
]

urlpatterns = [*issuer_patterns, *badge_class_patterns, *award_patterns]
