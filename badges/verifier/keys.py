"""Which keys an issuer (or an endorser) publishes: from the database for this platform's
issuers, from the issuer document (fetched safely) for the others, from the id for
``did:key`` (with or without a fragment), from the DID document for ``did:web`` (its HTTPS
address, fetched safely: ``badges.crypto.did``).

``IssuerKeys.methods`` maps each published verification method id to its key (an Ed25519
``publicKeyMultibase``, or a JWK for VC-JWT); it is None when the list is unknown (the
document could not be loaded, or the issuer's id is not an address: ``readable`` False),
with ``error`` saying why. ``resolve`` answers the proof check: a published key,
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
from badges.crypto.did import PublicKey, document_keys, key_did_methods, web_document_url
from badges.fetch import is_local_url
from badges.models import Issuer
from badges.selectors.issuers import issuer_get, signing_key_list
from badges.verifier.common import fetch_json, text


@dataclass
class IssuerKeys:
    issuer_id: str
    methods: dict[str, PublicKey] | None
    name: str = ""
    error: str = ""
    issuer: Issuer | None = None  # an issuer of this platform
    readable: bool = True  # False: the id is no address (urn:uuid:…), no document to read

    @property
    def known(self) -> bool:
        return self.methods is not None

    def published(self, method: str) -> PublicKey | None:
        return (self.methods or {}).get(method)

    def resolve(self, method: str) -> str | None:
        """For the Data Integrity proof check: the published Ed25519 key, else the one the
        method id names (``…#z6Mk…``, ``did:key:z6Mk…``)."""
        published = self.published(method)
        if isinstance(published, str):
            return published
        return key_from_verification_method(method)

    def resolve_trusted(self, method: str) -> str | None:
        """Only published keys, unless the list is unknown (then as ``resolve``)."""
        if self.known:
            published = self.published(method)
            return published if isinstance(published, str) else None
        return self.resolve(method)

    def resolve_any(self, method: str) -> PublicKey | None:
        """For a JWT's ``kid``: the published key of any kind, else an ``…#z6Mk…`` key, else
        the keys of the DID the ``kid`` names (``did:key``)."""
        return (
            self.published(method)
            or key_did_methods(method).get(method)
            or key_from_verification_method(method)
        )


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


def published_methods(document: dict[str, Any], issuer_id: str) -> dict[str, PublicKey]:
    """The ``assertionMethod`` keys of a controller / issuer document, controlled by it."""
    return document_keys(document, issuer_id)


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
        return IssuerKeys(issuer_id, dict(key_did_methods(issuer_id)), name=issuer_id)
    if issuer_id.startswith("did:web:"):
        return _did_web_keys(issuer_id)
    if urlsplit(issuer_id).scheme not in ("http", "https"):
        return IssuerKeys(
            issuer_id,
            None,
            error=_(
                "The issuer’s identifier (%(id)s) is not an address: it leads to no document "
                "that lists the issuer’s keys."
            )
            % {"id": issuer_id},
            readable=False,
        )
    if is_local_url(issuer_id):
        issuer = _local_issuer(issuer_id)
        if issuer is None:
            return IssuerKeys(
                issuer_id, {}, error=_("This platform has no issuer at this address.")
            )
        methods: dict[str, PublicKey] = {
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


def _did_web_keys(did: str) -> IssuerKeys:
    """The keys of a ``did:web`` issuer, from its DID document (fetched safely)."""
    url = web_document_url(did)
    if url is None:
        return IssuerKeys(
            did,
            None,
            error=_("The issuer’s identifier %(id)s is not a valid did:web.") % {"id": did},
        )
    document, error = fetch_json(url)
    if not isinstance(document, dict):
        return IssuerKeys(
            did,
            None,
            error=_("We could not load the issuer’s DID document (%(url)s). %(reason)s")
            % {"url": url, "reason": error or _("The document is not a JSON object.")},
        )
    if document.get("id") != did:
        return IssuerKeys(
            did, None, error=_("The DID document found there describes someone else.")
        )
    return IssuerKeys(did, document_keys(document, did), name=text(document.get("name")))
