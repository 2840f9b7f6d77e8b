"""The public page of an attestation of volunteering and its signed credential.

- ``attestation_detail`` (``/attestations/<uuid>/``, printed on the PDF): what the
  attestation states, read back from the signed credential, its state (valid or revoked,
  with the reason), its issuer and the territory's word on it, and a note that schemes
  such as the VAE or the Compte d'engagement citoyen have their own conditions.
- ``attestation_json`` (``/attestations/<uuid>/credential.json``): the credential as it was
  signed (public, the same for everyone: served before the session layers, public_urls.py).

Both addresses are in issued credentials and PDFs: they never change.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from badges.attestations import attestation_reading
from badges.selectors.attestations import attestation_get
from badges.selectors.recognition import issuer_standing
from badges.views.documents import _json


@require_safe
def attestation_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    attestation = attestation_get(uuid=uuid)
    if attestation is None:
        raise Http404
    if attestation.holder_left:
        return _json('{"detail": "Its holder closed their account."}', status=410)
    response = _json(attestation.credential_text)
    response["Content-Disposition"] = f'attachment; filename="attestation-{uuid}.json"'
    return response


@require_safe
def attestation_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    attestation = attestation_get(uuid=uuid)
    if attestation is None:
        raise Http404
    response = render(
        request,
        "badges/attestations/detail.html",
        {
            "attestation": attestation,
            "reading": (
                None if attestation.holder_left else attestation_reading(attestation.credential)
            ),
            "standing": issuer_standing(issuer=attestation.issuer),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
