"""Which keys an issuer (or an endorser) publishes: from the database for this platform's
issuers, from the issuer document (fetched safely) for the others, from the id for
``did:key``.

``IssuerKeys.methods`` maps each published verification method id to its
``publicKeyMultibase``; it is None when the list is unknown (the document could not be
loaded), with ``error`` saying why. ``resolve`` answers the proof check: a published key,
else the key written in a ``…#z6Mk…`` method id (so that a signature can be checked even
when the key's owner cannot be confirmed; the "key belongs to the issuer" check says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from badges.crypto.data_integrity import key_from_verification_method
from badges.crypto.multibase import is_ed25519_multikey
from badges.fetch import is_local_url
from badges.models import Issuer
from badges.selectors.issuers import issuer_get, signing_key_list
from badges.verifier.common import as_list, fetch_json, text


@dataclass
class IssuerKeys:
    issuer_id: str
    methods: dict[str, str] | None
    name: str = ""
    error: str = ""
    issuer: Issuer | None = None  # an issuer of this platform

    @property
    def known(self) -> bool:
        return self.methods is not None

    def published(self, method: str) -> str | None:
        return (self.methods or {}).get(method)

    def resolve(self, method: str) -> str | None:
        """For the proof check: the published key, else the one the method id names."""
        return self.published(method) or key_from_verification_method(method)

    def resolve_trusted(self, method: str) -> str | None:
        """Only published keys, unless the list is unknown (then as ``resolve``)."""
        return self.published(method) if self.known else self.resolve(method)


def _local_issuer(url: str) -> Issuer | None:
    """This platform's issuer whose ``id`` is ``url``, if any."""
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.namespace != "badges" or match.url_name != "issuer_detail":
        return None
    return issuer_get(uuid=match.kwargs["uuid"])


def published_methods(document: dict[str, Any], issuer_id: str) -> dict[str, str]:
    """The ``assertionMethod`` keys of a controller / issuer document, controlled by it."""
    described = {
        item["id"]: item
        for item in as_list(document.get("verificationMethod"))
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    methods: dict[str, str] = {}
    for item in as_list(document.get("assertionMethod")):
        method = item.get("id") if isinstance(item, dict) else item
        if not isinstance(method, str) or not method:
            continue
        if method.startswith("#"):
            method = issuer_id + method
        details = item if isinstance(item, dict) else described.get(method, {})
        key = details.get("publicKeyMultibase") or key_from_verification_method(method)
        controller = details.get("controller", issuer_id)
        if isinstance(key, str) and is_ed25519_multikey(key) and controller == issuer_id:
            methods[method] = key
    return methods


def issuer_keys(issuer_id: str, cache: dict[str, IssuerKeys] | None = None) -> IssuerKeys:
    """The keys published by ``issuer_id`` (cached per report in ``cache``)."""
    if cache is not None and issuer_id in cache:
        return cache[issuer_id]
    keys = _issuer_keys(issuer_id)
    if cache is not None:
        cache[issuer_id] = keys
    return keys


def _issuer_keys(issuer_id: str) -> IssuerKeys:
    if not issuer_id:
        return IssuerKeys("", None, error=_("The badge does not name its issuer."))
    if issuer_id.startswith("did:key:"):
        key = issuer_id.removeprefix("did:key:")
        if is_ed25519_multikey(key):
            return IssuerKeys(issuer_id, {f"{issuer_id}#{key}": key}, name=issuer_id)
        return IssuerKeys(issuer_id, {}, name=issuer_id)
    if urlsplit(issuer_id).scheme not in ("http", "https"):
        return IssuerKeys(
            issuer_id,
            None,
            error=_("This verifier cannot read issuer identifiers like %(id)s.")
            % {"id": issuer_id},
        )
    if is_local_url(issuer_id):
        issuer = _local_issuer(issuer_id)
        if issuer is None:
            return IssuerKeys(
                issuer_id, {}, error=_("This platform has no issuer at this address.")
            )
        methods = {
            key.verification_method_id: key.public_key_multibase
            for key in signing_key_list(issuer=issuer)
        }
        return IssuerKeys(issuer_id, methods, name=issuer.name, issuer=issuer)
    document, error = fetch_json(issuer_id)
    if not isinstance(document, dict):
        return IssuerKeys(issuer_id, None, error=error or _("The document is not a JSON object."))
    if document.get("id") not in (None, issuer_id):
        return IssuerKeys(
            issuer_id, None, error=_("The document found there describes someone else.")
        )
    return IssuerKeys(
        issuer_id, published_methods(document, issuer_id), name=text(document.get("name"))
    )
