"""This platform's checks of its own credentials: their status, their proof, their state now.

``credential_status(credential)`` reads the credential's ``BitstringStatusListEntry``,
resolves its ``statusListCredential`` only if it is an address of this platform (never over
the network), verifies the list's proof with its issuer's keys, checks that the list and the
credential have the same issuer, and reads the bit (``credential_status_check`` gives the
same as ``(ok, message)``).

``list_credential_check`` is that check on a list credential already loaded (the public
verifier, ``badges.verifier``, also uses it for lists it fetched from other sites).

``credential_proof_verify`` checks a document's proof with the keys this platform published
for its issuer; ``credential_state`` tells where a badge credential stands now (its proof,
its status, its ``validUntil``, the territory's word on its issuer): what a portfolio version
shows of each badge it wraps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from badges.crypto.data_integrity import VerificationResult, verify
from badges.models import Issuer, SigningKey, StatusList
from badges.selectors.endorsements import local_key_resolver
from badges.selectors.status import status_list_get
from badges.services.revocation import status_list_credential_signed
from badges.standing import Standing
from badges.status_lists import ENTRY_TYPE, StatusListError, bit_is_set
from badges.trust import badge_trust
from config.http import absolute_url


@dataclass(frozen=True)
class StatusOutcome:
    """The status of a credential in one list: ``state`` is ``valid``, ``revoked``,
    ``suspended``, ``invalid`` (the list or the entry is wrong) or ``unknown``."""

    ok: bool
    message: str
    state: str


def _issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _local_status_list(url: str) -> StatusList | None:
    """The status list at ``url`` if it is one of this platform's."""
    parts = urlsplit(url)
    if parts.query or absolute_url(parts.path) != url.split("#", 1)[0]:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "badges:status_list":
        return None
    return status_list_get(issuer_uuid=match.kwargs["uuid"], purpose=match.kwargs["purpose"])


def status_entries(credential: dict[str, Any]) -> list[Any]:
    """The credential's ``credentialStatus`` entries (an object or a list), maybe empty."""
    entries = credential.get("credentialStatus")
    if entries is None:
        return []
    return entries if isinstance(entries, list) else [entries]


def list_credential_check(
    entry: dict[str, Any],
    list_credential: Any,
    *,
    issuer: str | None,
    resolve_key: Callable[[str], str | None],
) -> StatusOutcome:
    """Check one ``BitstringStatusListEntry`` against its (already loaded) list credential.

    The list must come from the credential's ``issuer``, verify with ``resolve_key`` (the
    issuer's keys) and have the entry's purpose; then the entry's bit is read. For this
    platform's lists and for lists fetched from other sites alike.
    """
    if not isinstance(list_credential, dict):
        return StatusOutcome(False, _("The badge's status list cannot be read."), "unknown")
    list_issuer = _issuer_id(list_credential)
    if issuer is None or list_issuer != issuer:
        return StatusOutcome(
            False, _("The status list was not published by the badge's issuer."), "invalid"
        )
    if not verify(list_credential, resolve_key=resolve_key).verified:
        return StatusOutcome(False, _("The status list's signature does not verify."), "invalid")
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("statusPurpose") != entry.get("statusPurpose"):
        return StatusOutcome(
            False, _("The status list's purpose does not match the badge's."), "invalid"
        )
    try:
        index = int(entry.get("statusListIndex", ""))
        is_set = bit_is_set(subject.get("encodedList", ""), index)
    except (TypeError, ValueError, StatusListError):
        return StatusOutcome(
            False, _("The badge's position in its status list is not valid."), "invalid"
        )
    if is_set:
        if entry.get("statusPurpose") == "revocation":
            return StatusOutcome(False, _("The badge has been revoked by its issuer."), "revoked")
        return StatusOutcome(False, _("The badge is suspended by its issuer."), "suspended")
    return StatusOutcome(True, _("The badge has not been revoked."), "valid")


def local_status_list_credential(url: str) -> tuple[StatusList, dict[str, Any]] | None:
    """This platform's status list at ``url`` and its signed credential, or None."""
    status_list = _local_status_list(url)
    if status_list is None:
        return None
    return status_list, status_list_credential_signed(status_list=status_list)


def issuer_key_resolver(issuer: Issuer) -> Callable[[str], str | None]:
    """The keys this platform's issuer published (retired ones too), by method id."""
    keys = {
        key.verification_method_id: key.public_key_multibase
        for key in SigningKey.objects.filter(issuer=issuer).select_related("issuer")
    }
    return keys.get


def credential_status(credential: dict[str, Any]) -> StatusOutcome:
    """The credential's status in this platform's lists: ``valid``, ``revoked``,
    ``suspended``, or ``invalid`` (a status method or a list that is not this platform's)."""
    entries = status_entries(credential)
    if not entries:
        return StatusOutcome(True, _("The badge has no status to check."), "valid")
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != ENTRY_TYPE:
            return StatusOutcome(False, _("The badge's status method is not supported."), "invalid")
        url = entry.get("statusListCredential")
        local = local_status_list_credential(url) if isinstance(url, str) else None
        if local is None:
            return StatusOutcome(
                False, _("The badge's status list is not one of this platform's."), "invalid"
            )
        status_list, list_credential = local
        outcome = list_credential_check(
            entry,
            list_credential,
            issuer=_issuer_id(credential),
            resolve_key=issuer_key_resolver(status_list.issuer),
        )
        if not outcome.ok:
            return outcome
    return StatusOutcome(True, _("The badge has not been revoked."), "valid")


def credential_status_check(credential: dict[str, Any]) -> tuple[bool, str]:
    """Whether the credential's status allows it (not revoked), and why."""
    outcome = credential_status(credential)
    return outcome.ok, outcome.message


def credential_proof_verify(document: dict[str, Any], *, issuer_id: str) -> VerificationResult:
    """The document's Data Integrity proof, checked with the keys this platform published for
    the issuer ``issuer_id`` (retired ones included): an unknown issuer never verifies."""
    return verify(document, resolve_key=local_key_resolver(issuer_id))


@dataclass(frozen=True)
class CredentialState:
    """A badge credential of this platform, as it stands now."""

    name: str
    issuer_name: str
    state: str  # "valid" | "expired" | "revoked" | "invalid" (its proof does not verify)
    message: str
    page_url: str  # the award's public page ("" for a credential of another site)
    valid_until: datetime | None = None
    # Whether the territory vouches for the issuer (undetermined when the proof fails).
    standing: Standing | None = None


CREDENTIAL_STATES = ("valid", "expired", "revoked", "invalid")


def _moment(value: Any) -> datetime | None:
    """A date and time written in the credential, or None when there is none (or a bad one)."""
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _issuer_name(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    return str(issuer.get("name", "")) if isinstance(issuer, dict) else ""


def award_page_url(credential_id: str) -> str:
    """The public page of this platform's award whose credential ``id`` this is, or ""."""
    parts = urlsplit(credential_id)
    if absolute_url(parts.path) != credential_id:
        return ""
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ""
    if match.view_name != "badges:award_ob3":
        return ""
    return absolute_url(reverse("badges:award_detail", kwargs={"uuid": match.kwargs["uuid"]}))


def credential_state(
    credential: dict[str, Any], *, at: datetime | None = None, territory: str | None = None
) -> CredentialState:
    """An OB 3.0 credential checked now: its proof, its revocation, its expiry, and whether
    the territory (named ``territory``, looked up when None) vouches for its issuer."""
    now = at or timezone.now()
    valid_until_text = credential.get("validUntil")
    valid_until = _moment(valid_until_text)
    found = CredentialState(
        name=str(credential.get("name", "")),
        issuer_name=_issuer_name(credential),
        state="valid",
        message="",
        page_url=award_page_url(str(credential.get("id", ""))),
        valid_until=valid_until,
    )
    proof = credential_proof_verify(credential, issuer_id=_issuer_id(credential) or "")
    trust = badge_trust(
        issuer_id=_issuer_id(credential) or "",
        authentic=proof.verified,
        issued_at=_moment(credential.get("validFrom")),
        territory=territory,
    )
    found = replace(found, standing=trust.standing)
    if not proof.verified:
        message = " ".join(proof.errors) or _("The badge's signature does not verify.")
        return replace(found, state="invalid", message=message)
    status = credential_status(credential)
    if not status.ok:
        state = "revoked" if status.state in ("revoked", "suspended") else "invalid"
        return replace(found, state=state, message=status.message)
    if valid_until is not None and valid_until <= now:
        return replace(found, state="expired", message=_("The badge has expired."))
    return replace(found, message=status.message)
