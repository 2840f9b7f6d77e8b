"""The status check of a credential, against this platform's own status lists.

``credential_status_check(credential)`` reads the credential's ``BitstringStatusListEntry``,
resolves its ``statusListCredential`` only if it is an address of this platform (never over
the network), verifies the list's proof with its issuer's keys, checks that the list and the
credential have the same issuer, and reads the bit. Returns ``(ok, message)``.

``list_credential_check`` is that check on a list credential already loaded (the public
verifier, ``badges.verifier``, also uses it for lists it fetched from other sites).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from badges.crypto.data_integrity import verify
from badges.models import Issuer, SigningKey, StatusList
from badges.selectors.status import status_list_get
from badges.services.revocation import status_list_credential_signed
from badges.status_lists import ENTRY_TYPE, StatusListError, bit_is_set
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


def credential_status_check(credential: dict[str, Any]) -> tuple[bool, str]:
    """Whether the credential's status allows it (not revoked), and why."""
    entries = status_entries(credential)
    if not entries:
        return True, _("The badge has no status to check.")
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != ENTRY_TYPE:
            return False, _("The badge's status method is not supported.")
        url = entry.get("statusListCredential")
        local = local_status_list_credential(url) if isinstance(url, str) else None
        if local is None:
            return False, _("The badge's status list is not one of this platform's.")
        status_list, list_credential = local
        outcome = list_credential_check(
            entry,
            list_credential,
            issuer=_issuer_id(credential),
            resolve_key=issuer_key_resolver(status_list.issuer),
        )
        if not outcome.ok:
            return False, outcome.message
    return True, _("The badge has not been revoked.")
