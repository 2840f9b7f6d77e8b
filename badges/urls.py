"""Addresses of the badges app (namespace ``badges``).

The issuer's ``id`` is ``/issuers/<uuid>`` without a trailing slash: it is
written into every credential, so it never changes; ``/issuers/<uuid>/``
redirects to it. OB 2.0 documents live under ``/ob/v2/``. The territory's signed trust
list is ``/.well-known/trust-list.json`` (docs/trust-list.md): other verifiers read it.
The public documents (credentials, OB 2.0 documents, status lists) are in ``public_urls.py``,
included first.
"""

from django.urls import path

from badges import public_urls
from badges.views import (
    attestations,
    awards,
    badge_classes,
    bulk,
    documents,
    endorsements,
    external_credentials,
    issuers,
    proposals,
    recognition,
    revocation,
    verify,
    wallets,
)

app_name = "badges"

urlpatterns = [
    # --- Public documents, also served before the session layers (public_urls.py) ---
    *public_urls.urlpatterns,
    # --- Attestations of volunteering: the public page, printed on the PDF ---
    path("attestations/<uuid:uuid>/", attestations.attestation_detail, name="attestation_detail"),
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
    # --- The territory's recognition of issuers (views/recognition.py) ---
    path("issuers/recognition/", recognition.recognition_queue_page, name="recognition_queue"),
    path(
        "issuers/<uuid:uuid>/recognition/",
        recognition.issuer_recognition,
        name="issuer_recognition",
    ),
    path(".well-known/trust-list.json", recognition.trust_list, name="trust_list"),
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
    path("badges/classes/<uuid:uuid>/award/", awards.award_create, name="award_create"),
    path("badges/awards/<uuid:uuid>", revocation.award_detail, name="award_detail"),
    path("badges/awards/<uuid:uuid>/revoke/", revocation.award_revoke, name="award_revoke"),
    path(
        "badges/awards/<uuid:uuid>/name/",
        awards.award_name_visibility,
        name="award_name_visibility",
    ),
    # --- end of awards ---
    # --- Documents: hosted OB 2.0 documents under /ob/v2/, baked images (views/documents.py) ---
    path(
        "ob/v2/assertions/<uuid:uuid>/badge.png",
        documents.ob2_assertion_png,
        name="ob2_assertion_png",
    ),
    path(
        "ob/v2/assertions/<uuid:uuid>/badge.svg",
        documents.ob2_assertion_svg,
        name="ob2_assertion_svg",
    ),
    path("badges/awards/<uuid:uuid>/badge.png", documents.award_png, name="award_png"),
    path("badges/awards/<uuid:uuid>/badge.svg", documents.award_svg, name="award_svg"),
    path(
        "badges/classes/<uuid:uuid>/default.png",
        documents.badge_class_default_image,
        name="badge_class_default_image",
    ),
    # --- Proposals to confirm, my badges (views/proposals.py) ---
    path("badges/proposals/", proposals.proposal_list, name="proposal_list"),
    path(
        "badges/proposals/<int:pk>/decide/",
        proposals.proposal_decide,
        name="proposal_decide",
    ),
    path("badges/mine/", proposals.my_badges, name="my_badges"),
    # --- Badges from elsewhere, in My badges (views/external_credentials.py) ---
    path("badges/mine/elsewhere/add/", external_credentials.external_add, name="external_add"),
    path(
        "badges/mine/elsewhere/<uuid:uuid>/",
        external_credentials.external_detail,
        name="external_detail",
    ),
    path(
        "badges/mine/elsewhere/<uuid:uuid>/check/",
        external_credentials.external_recheck,
        name="external_recheck",
    ),
    path(
        "badges/mine/elsewhere/<uuid:uuid>/original/",
        external_credentials.external_original,
        name="external_original",
    ),
    path(
        "badges/mine/elsewhere/<uuid:uuid>/image/",
        external_credentials.external_image,
        name="external_image",
    ),
    path(
        "badges/mine/elsewhere/<uuid:uuid>/remove/",
        external_credentials.external_remove,
        name="external_remove",
    ),
    # --- Connected apps: wallets using the OB 3.0 API for me (views/wallets.py) ---
    path("badges/mine/apps/", wallets.wallet_list, name="wallet_list"),
    path(
        "badges/mine/apps/<str:client_id>/disconnect/",
        wallets.wallet_disconnect_view,
        name="wallet_disconnect",
    ),
    # --- Bulk awards from a CSV file (views/bulk.py) ---
    path(
        "badges/classes/<uuid:uuid>/award/bulk/",
        bulk.bulk_award_create,
        name="bulk_award_create",
    ),
    path("badges/bulk/<uuid:uuid>/", bulk.bulk_award_detail, name="bulk_award_detail"),
    # --- The public "verify a badge" page (views/verify.py) ---
    path("verify/", verify.verify, name="verify"),
    # --- Partner organisations and their endorsements of badge classes (views/endorsements.py) ---
    path(
        "issuers/new/organisation/",
        endorsements.organisation_create,
        name="organisation_create",
    ),
    path(
        "issuers/<uuid:uuid>/staff/",
        endorsements.organisation_staff_edit,
        name="organisation_staff_edit",
    ),
    path(
        "badges/classes/<uuid:uuid>/endorse/",
        endorsements.badge_class_endorse,
        name="badge_class_endorse",
    ),
    path(
        "badges/endorsements/<uuid:uuid>/withdraw/",
        endorsements.badge_class_endorsement_withdraw,
        name="badge_class_endorsement_withdraw",
    ),
    path(
        "badges/endorsements/<uuid:uuid>.json",
        endorsements.badge_class_endorsement_json,
        name="badge_class_endorsement_json",
    ),
]
