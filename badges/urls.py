"""Addresses of the badges app (namespace ``badges``).

The issuer's ``id`` is ``/issuers/<uuid>`` without a trailing slash: it is
written into every credential, so it never changes; ``/issuers/<uuid>/``
redirects to it. OB 2.0 documents live under ``/ob/v2/``.
"""

from django.urls import path

from badges import urls_bulk, urls_documents, urls_endorsements, urls_proposals, urls_verify
from badges.views import awards, badge_classes, issuers, revocation

app_name = "badges"

urlpatterns = [
    # --- Issuers (views/issuers.py) ---
    path("issuers/", issuers.issuer_list, name="issuer_list"),
    path(
        "issuers/new/territory/",
        issuers.issuer_create_for_territory,
        name="issuer_create_territory",
    ),
    path(
        "issuers/new/initiative/<slug:slug>/",
        issuers.issuer_create_for_initiative,
        name="issuer_create_initiative",
    ),
    path("issuers/<uuid:uuid>", issuers.issuer_detail, name="issuer_detail"),
    path("issuers/<uuid:uuid>/", issuers.issuer_detail_slash, name="issuer_detail_slash"),
    path("issuers/<uuid:uuid>/image.png", issuers.issuer_image, name="issuer_image"),
    path("issuers/<uuid:uuid>/edit/", issuers.issuer_edit, name="issuer_edit"),
    path("issuers/<uuid:uuid>/keys/rotate/", issuers.issuer_key_rotate, name="issuer_key_rotate"),
    path("ob/v2/issuers/<uuid:uuid>", issuers.ob2_issuer, name="ob2_issuer"),
    path(
        "ob/v2/issuers/<uuid:uuid>/revocations",
        issuers.ob2_revocation_list,
        name="ob2_revocation_list",
    ),
    # --- end of issuers ---
    # --- Badge classes (views/badge_classes.py) ---
    path("issuers/<uuid:uuid>/badges/", badge_classes.badge_class_list, name="badge_class_list"),
    path(
        "issuers/<uuid:uuid>/badges/new/",
        badge_classes.badge_class_create,
        name="badge_class_create",
    ),
    path("badges/classes/<uuid:uuid>", badge_classes.badge_class_detail, name="badge_class_detail"),
    path(
        "badges/classes/<uuid:uuid>/image.png",
        badge_classes.badge_class_image,
        name="badge_class_image",
    ),
    path(
        "badges/classes/<uuid:uuid>/image.svg",
        badge_classes.badge_class_image_svg,
        name="badge_class_image_svg",
    ),
    path(
        "badges/classes/<uuid:uuid>/edit/",
        badge_classes.badge_class_edit,
        name="badge_class_edit",
    ),
    # --- end of badge classes ---
    # --- Awards (views/awards.py) ---
    path("badges/awards/<uuid:uuid>.json", awards.award_ob3, name="award_ob3"),
    path("badges/classes/<uuid:uuid>/award/", awards.award_create, name="award_create"),
    path("badges/awards/<uuid:uuid>", revocation.award_detail, name="award_detail"),
    path("badges/awards/<uuid:uuid>/revoke/", revocation.award_revoke, name="award_revoke"),
    path(
        "issuers/<uuid:uuid>/status/<str:purpose>",
        revocation.status_list,
        name="status_list",
    ),
    # --- end of awards ---
]

# Each module below owns one subject's addresses (same namespace).
urlpatterns += urls_documents.urlpatterns  # OB 2.0 documents, baked images
urlpatterns += urls_proposals.urlpatterns  # proposals to confirm, my badges
urlpatterns += urls_bulk.urlpatterns  # bulk CSV awards
urlpatterns += urls_verify.urlpatterns  # the public "verify a badge" page
urlpatterns += urls_endorsements.urlpatterns  # partner organisations, their endorsements
