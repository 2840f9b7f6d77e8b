"""The checks of a standalone CLR 2.0 ``ClrCredential`` (a record that wraps credentials).

The CLR itself is checked like an OB 3.0 credential (``badges.verifier.ob3``): its proof
(Data Integrity or VC-JWT), that the key is its issuer's, its status (a withdrawn portfolio
version is revoked; the credentials it wraps keep their own status), its dates. Its
schema could not be checked (1EdTech publishes no copy of the CLR 2.0 JSON Schema that we
could bundle). Then each credential it wraps (``credentialSubject.verifiableCredential``,
JSON objects or VC-JWT strings) is verified on its own and reported as one check
``credential-<n>``, with its own report kept in ``VerificationReport.parts``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from badges.crypto import jose
from badges.trust import badge_trust
from badges.verifier.common import as_list, dates_check, text
from badges.verifier.keys import IssuerKeys, issuer_keys
from badges.verifier.ob3 import key_check, proof_check, summary
from badges.verifier.report import Check, CheckStatus, VerificationReport
from badges.verifier.status import status_check

VerifyInner = Callable[[Any], VerificationReport]
MAX_WRAPPED = 200


def _wrapped(clr: dict[str, Any]) -> list[Any]:
    subject = clr.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else {}
    if not isinstance(subject, dict):
        return []
    return as_list(subject.get("verifiableCredential"))


def _schema_check() -> Check:
    return Check(
        "schema",
        _("CLR 2.0 format"),
        CheckStatus.NOT_APPLICABLE,
        _(
            "The format could not be checked because the official CLR 2.0 schema is not "
            "available to this verifier. Its signature and each credential it holds are "
            "checked."
        ),
    )


def _withdrawn_detail() -> str:
    return _(
        "This record was withdrawn: its issuer marked it revoked in its status list. The "
        "credentials it holds are checked on their own below."
    )


def wrapped_check(
    number: int, inner: Any, verify_inner: VerifyInner
) -> tuple[Check, VerificationReport | None]:
    """One wrapped credential, verified on its own."""
    key = f"credential-{number}"
    try:
        report = verify_inner(inner)
    except ValueError as error:
        label = _("Credential %(number)s") % {"number": number}
        detail = _("This credential cannot be read: %(reason)s") % {
            "reason": getattr(error, "message", str(error))
        }
        return Check(key, label, CheckStatus.FAILED, detail), None
    name = report.summary.name or report.summary.achievement_name or str(number)
    label = _("Credential %(number)s: %(name)s") % {"number": number, "name": name}
    # Its format is reported, but judged apart: 1EdTech's own CLR examples wrap credentials
    # that depart from the OB 3.0 schema (single types), yet are signed and valid.
    failed = [
        check
        for check in report.checks
        if check.status == CheckStatus.FAILED and check.key != "schema"
    ]
    proof = report.status_of("proof")
    if failed:
        detail = _("This credential does not pass: %(problems)s") % {
            "problems": " ".join(f"{check.label}: {check.detail}" for check in failed)
        }
        return Check(key, label, CheckStatus.FAILED, detail), report
    if proof != CheckStatus.PASSED:
        detail = _(
            "This could not be checked because the credential’s signature could not be checked."
        )
        return Check(key, label, CheckStatus.NOT_CHECKED, detail), report
    detail = _("This credential is correctly signed by %(issuer)s and nothing in it failed.") % {
        "issuer": report.summary.issuer_name or report.summary.issuer_id or _("its issuer")
    }
    schema = report.check("schema")
    if schema is not None and schema.status == CheckStatus.FAILED:
        detail = f"{detail} {schema.detail}"
    return Check(key, label, CheckStatus.PASSED, detail), report


def verify_clr(
    clr: dict[str, Any],
    *,
    verify_inner: VerifyInner,
    now: datetime | None = None,
    token: jose.CompactJws | None = None,
) -> VerificationReport:
    """Every check of a ClrCredential, then one check per credential it wraps."""
    now = now or timezone.now()
    badge = summary(clr, "clr")
    badge.name = badge.name or text(clr.get("name"))
    cache: dict[str, IssuerKeys] = {}
    keys = issuer_keys(badge.issuer_id, cache)
    report = VerificationReport(summary=badge)
    report.checks.append(_schema_check())
    proof, verified = proof_check(clr, keys, token)
    report.checks.append(proof)
    report.checks.append(key_check(keys, verified, badge.issuer_name))
    status, report.revoked = status_check(clr, keys, cache)
    if report.revoked:  # on Jalons, its owner withdrew the portfolio version
        status = Check(status.key, status.label, status.status, _withdrawn_detail())
    report.checks.append(status)
    report.checks.append(dates_check(badge.valid_from, badge.valid_until, now))
    for number, inner in enumerate(_wrapped(clr)[:MAX_WRAPPED], start=1):
        check, inner_report = wrapped_check(number, inner, verify_inner)
        report.checks.append(check)
        if inner_report is not None:
            report.parts.append(inner_report)
    if not badge.issuer_name:
        badge.issuer_name = keys.name
    report.trust = badge_trust(
        issuer_id=badge.issuer_id,
        authentic=report.status_of("proof") == report.status_of("issuer_key") == CheckStatus.PASSED,
        issued_at=badge.valid_from,
    )
    return report
