"""The public documents of the badges app, served before the session and sign-in layers.

``config.public_documents.PublicDocumentsMiddleware`` resolves a path against these
patterns first (``settings.PUBLIC_DOCUMENTS_URLCONF``) and calls the view directly;
``badges/urls.py`` includes the same patterns, first, so ``reverse("badges:…")`` and the
main URLconf are unchanged. Only documents that are the same for everyone belong here: no
HTML page, nothing that depends on who asks. These addresses are in issued credentials:
they never change (tests/config/test_url_stability.py).
"""

from django.urls import path

from badges.views import attestations, awards, documents, issuers, revocation

urlpatterns = [
    path("badges/awards/<uuid:uuid>.json", awards.award_ob3, name="award_ob3"),
    path(
        "attestations/<uuid:uuid>/credential.json",
        attestations.attestation_json,
        name="attestation_json",
    ),
    path("ob/v2/assertions/<uuid:uuid>", documents.ob2_assertion, name="ob2_assertion"),
    path("ob/v2/badges/<uuid:uuid>", documents.ob2_badge_class, name="ob2_badge_class"),
    path("ob/v2/issuers/<uuid:uuid>", issuers.ob2_issuer, name="ob2_issuer"),
    path(
        "ob/v2/issuers/<uuid:uuid>/revocations",
        issuers.ob2_revocation_list,
        name="ob2_revocation_list",
    ),
    path(
        "issuers/<uuid:uuid>/status/<str:purpose>",
        revocation.status_list,
        name="status_list",
    ),
]
