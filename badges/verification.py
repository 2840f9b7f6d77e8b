"""The status check of a credential, against this platform's own status lists.

``credential_status_check(credential)`` reads the credential's ``BitstringStatusListEntry``,
resolves its ``statusListCredential`` only if it is an address of this platform (never over
the network), verifies the list's proof with its issuer's keys, checks that the list and the
credential have the same issuer, and reads the bit. Returns ``(ok, message)``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from badges import selectors
from badges.crypto.data_integrity import verify
from badges.models import SigningKey, StatusList, absolute_url
from badges.services.revocation import status_list_credential_signed
from badges.status_lists import ENTRY_TYPE, StatusListError, bit_is_set


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
    return selectors.status_list_get(
        issuer_uuid=match.kwargs["uuid"], purpose=match.kwargs["purpose"]
    )


def credential_status_check(credential: dict[str, Any]) -> tuple[bool, str]:
    """Whether the credential's status allows it (not revoked), and why."""
    entries = credential.get("credentialStatus")
    if entries is None:
        return True, _("The badge has no status to check.")
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict) or entry.get("type") != ENTRY_TYPE:
            return False, _("The badge's status method is not supported.")
        url = entry.get("statusListCredential")
        status_list = _local_status_list(url) if isinstance(url, str) else None
        if status_list is None:
            return False, _("The badge's status list is not one of this platform's.")
        list_credential = status_list_credential_signed(status_list=status_list)
        issuer = _issuer_id(credential)
        if issuer is None or list_credential.get("issuer") != issuer:
            return False, _("The status list was not published by the badge's issuer.")
        keys = {
            key.verification_method_id: key.public_key_multibase
            for key in SigningKey.objects.filter(issuer=status_list.issuer).select_related("issuer")
        }
        if not verify(list_credential, resolve_key=keys.get).verified:
            return False, _("The status list's signature does not verify.")
        subject = list_credential["credentialSubject"]
        if subject.get("statusPurpose") != entry.get("statusPurpose"):
            return False, _("The status list's purpose does not match the badge's.")
        try:
            index = int(entry.get("statusListIndex", ""))
            is_set = bit_is_set(subject["encodedList"], index)
        except (TypeError, ValueError, StatusListError):
            return False, _("The badge's position in its status list is not valid.")
        if is_set:
            if entry.get("statusPurpose") == "revocation":
                return False, _("The badge has been revoked by its issuer.")
            return False, _("The badge is suspended by its issuer.")
    return True, _("The badge has not been revoked.")
