"""The public badge verifier: checks an Open Badge (3.0 credential or hosted 2.0 assertion)
and reports each check in words a visitor understands.

- ``verify_credential(credential, *, email="", now=None) -> VerificationReport``;
- ``verify_bytes(data, …)``: an uploaded JSON file, ``.jwt`` file or baked PNG/SVG image;
- ``verify_token(jws, …)``: a VC-JWT or a signed OB 2.0 assertion;
- ``verify_url(url, …)``: a badge at an address (fetched safely, ``badges.fetch``);
- ``VerifierInputError``: input that is not a badge (translated ``message``).

Modules: ``report`` (the report), ``ob3``, ``ob2``, ``ob2_signed`` and ``clr`` (the checks of
each kind of document), ``status`` (status lists and revocation lists),
``keys`` (issuers' published keys), ``trust`` (the territory's word on the issuer,
apart from the cryptography), ``common`` (dates, recipient, helpers), ``inputs``.
Nothing is stored.
"""

from badges.trust import Trust
from badges.verifier.inputs import (
    VerifierInputError,
    verify_bytes,
    verify_credential,
    verify_document,
    verify_token,
    verify_url,
)
from badges.verifier.report import BadgeSummary, Check, CheckStatus, VerificationReport

__all__ = [
    "BadgeSummary",
    "Check",
    "CheckStatus",
    "Trust",
    "VerificationReport",
    "VerifierInputError",
    "verify_bytes",
    "verify_credential",
    "verify_document",
    "verify_token",
    "verify_url",
]
