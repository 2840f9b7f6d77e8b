"""The "not revoked" check of a credential, whatever status method its issuer chose.

- ``BitstringStatusListEntry`` (W3C Bitstring Status List v1.0, §3.2 "Validate Algorithm"):
  the list credential (this platform's from the database, others fetched safely) must come
  from the credential's issuer, verify with the issuer's keys, have the entry's purpose;
  then the entry's bit is read (``badges.verification.list_credential_check``);
- ``1EdTechRevocationList`` (1EdTech "Verifiable Credentials Revocation List" 1.0, which
  OB 3.0 and CLR 2.0 name): the list at the entry's ``id`` (fetched safely) names the
  revoked credentials in ``revokedCredentials`` (ids, or objects with an ``id`` and a
  ``revocationReason``); it must be published by the credential's issuer;
- any other method: the check could not be done, and the report says which method.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from badges.fetch import is_local_url
from badges.models import Award
from badges.status_lists import ENTRY_TYPE
from badges.verification import (
    StatusOutcome,
    issuer_key_resolver,
    list_credential_check,
    local_status_list_credential,
    status_entries,
)
from badges.verifier.common import as_list, fetch_json, local_award, object_id, show_date, text
from badges.verifier.keys import IssuerKeys, issuer_keys
from badges.verifier.report import Check, CheckStatus

REVOCATION_LIST_TYPE = "1EdTechRevocationList"


def _label() -> str:
    return _("Not revoked")


def _revoked_detail(credential: dict[str, Any], outcome: StatusOutcome) -> str:
    award: Award | None = local_award(object_id(credential))
    if (
        award is not None
        and award.is_revoked
        and award.credential.get("id") == object_id(credential)
    ):
        assert award.revoked_at is not None
        return _("This badge was revoked by its issuer on %(date)s. Reason: %(reason)s") % {
            "date": show_date(award.revoked_at),
            "reason": award.revocation_reason,
        }
    return outcome.message


def revocation_list_outcome(
    credential_id: str, revocation_list: Any, *, issuer: str
) -> StatusOutcome:
    """Whether ``credential_id`` is named in a loaded ``1EdTechRevocationList``."""
    if not isinstance(revocation_list, dict):
        return StatusOutcome(False, _("The badge’s revocation list cannot be read."), "unknown")
    if object_id(revocation_list.get("issuer")) not in ("", issuer):
        return StatusOutcome(
            False, _("The revocation list was not published by the badge’s issuer."), "invalid"
        )
    entries = revocation_list.get("revokedCredentials")
    if not isinstance(entries, list):
        return StatusOutcome(False, _("The badge’s revocation list cannot be read."), "unknown")
    for entry in entries:
        if credential_id and object_id(entry) == credential_id:
            reason = text(entry.get("revocationReason")) if isinstance(entry, dict) else ""
            if reason:
                message = _("This badge has been revoked by its issuer. Reason: %(reason)s") % {
                    "reason": reason
                }
            else:
                message = _("The badge has been revoked by its issuer.")
            return StatusOutcome(False, message, "revoked")
    return StatusOutcome(True, _("The badge has not been revoked."), "valid")


def _bitstring_outcome(
    entry: dict[str, Any], issuer_id: str, cache: dict[str, IssuerKeys]
) -> StatusOutcome:
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or not url:
        return StatusOutcome(
            False, _("The badge's status does not say where its status list is."), "invalid"
        )
    local = local_status_list_credential(url) if is_local_url(url) else None
    if local is not None:
        status_list, list_credential = local
        resolve_key = issuer_key_resolver(status_list.issuer)
    else:
        list_credential, error = fetch_json(url)
        if list_credential is None:
            message = _("We could not load the badge's status list. %(reason)s") % {"reason": error}
            return StatusOutcome(False, message, "unknown")
        resolve_key = issuer_keys(issuer_id, cache).resolve_trusted
    return list_credential_check(
        entry, list_credential, issuer=issuer_id or None, resolve_key=resolve_key
    )


def _revocation_list_outcome(
    credential: dict[str, Any], entry: dict[str, Any], issuer_id: str
) -> StatusOutcome:
    url = object_id(entry)
    if not url:
        return StatusOutcome(
            False, _("The badge’s status does not say where its revocation list is."), "invalid"
        )
    document, error = fetch_json(url)
    if document is None:
        message = _("We could not load the badge’s revocation list. %(reason)s") % {"reason": error}
        return StatusOutcome(False, message, "unknown")
    return revocation_list_outcome(object_id(credential), document, issuer=issuer_id)


def status_check(
    credential: dict[str, Any], keys: IssuerKeys, cache: dict[str, IssuerKeys]
) -> tuple[Check, bool]:
    """The status check, and whether the credential is revoked."""
    entries = status_entries(credential)
    if not entries:
        return Check(
            "status",
            _label(),
            CheckStatus.NOT_APPLICABLE,
            _("The issuer published no way to revoke this badge: there is no status to check."),
        ), False
    for entry in entries:
        kind = entry.get("type") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or kind not in (ENTRY_TYPE, REVOCATION_LIST_TYPE):
            detail = _(
                "This could not be checked because the badge uses a status method that this "
                "verifier does not know (%(type)s)."
            ) % {"type": ", ".join(str(item) for item in as_list(kind)) or "—"}
            return Check("status", _label(), CheckStatus.NOT_CHECKED, detail), False
        if kind == ENTRY_TYPE:
            outcome = _bitstring_outcome(entry, keys.issuer_id, cache)
        else:
            outcome = _revocation_list_outcome(credential, entry, keys.issuer_id)
        if outcome.state == "revoked":
            return Check(
                "status", _label(), CheckStatus.FAILED, _revoked_detail(credential, outcome)
            ), True
        if not outcome.ok:
            status = CheckStatus.NOT_CHECKED if outcome.state == "unknown" else CheckStatus.FAILED
            return Check("status", _label(), status, outcome.message), False
    return Check(
        "status",
        _label(),
        CheckStatus.PASSED,
        _("The issuer has not revoked this badge (its status list was checked just now)."),
    ), False
