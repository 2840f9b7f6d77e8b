"""RDF Dataset Canonicalization (RDFC-1.0, a.k.a. URDNA2015) with PyLD, offline and "safe".

A JSON-LD property that no context defines is silently dropped by JSON-LD expansion, so it
would not be covered by a signature: changing it would not break the proof. Like the
"safe mode" of jsonld.js that digitalbazaar's verifiers use, ``canonicalize`` refuses such
documents, and also node identifiers or types that are relative IRIs (which RDF drops too).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Mapping
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from badges.crypto.errors import CanonicalizationError, DocumentNotAllowedError
from badges.crypto.loader import document_loader

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class _SharedContextCache:
    """Resolved contexts shared across calls, thread-safe.

    PyLD's resolver only stores here what the loader tagged "static" (the bundled
    contexts) and inline contexts (keyed by their canonical JSON), never per-call documents.
    """

    def __init__(self, maxsize: int) -> None:
        self._cache: LRUCache[str, Any] = LRUCache(maxsize=maxsize)
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._cache.get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            self._cache[key] = value


_resolved_contexts = _SharedContextCache(maxsize=256)


def _options() -> dict[str, Any]:
    return {
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_resolved_contexts, document_loader),
        # No document base: PyLD would otherwise resolve relative IRIs against
        # "http://example.org/base/" (where jsonld.js leaves them relative and drops them),
        # which would give a canonical form no other verifier reproduces. Kept relative,
        # they are refused below.
        "base": None,
    }


def _root_cause(error: BaseException) -> BaseException:
    while error.__cause__ is not None:
        error = error.__cause__
    return error


class _SafeProcessor(jsonld.JsonLdProcessor):
    """PyLD's processor that refuses, on its expansion, what safe mode refuses.

    Normalisation (``normalize`` → ``to_rdf``) starts by expanding the document with
    ``self.expand``: checking that expansion here lets one expansion serve both the safety
    check and the canonical form (expanding a document is most of the cost of signing it).
    """

    def __init__(self) -> None:
        self.dropped: list[str] = []
        super().__init__(on_property_dropped=self._on_property_dropped)

    def _on_property_dropped(self, expanded_property: str | None) -> None:
        self.dropped.append(expanded_property or "?")

    def expand(self, input_: Any, options: dict[str, Any]) -> list[Any]:
        expanded: list[Any] = super().expand(input_, options)
        _refuse_unsafe(expanded, self.dropped)
        return expanded


def _refuse_unsafe(expanded: list[Any], dropped: list[str]) -> None:
    """Refuse an expansion that dropped properties or kept relative IRIs (safe mode)."""
    if dropped:
        raise CanonicalizationError(
            "The document has properties that its contexts do not define (they would not be "
            f"signed): {', '.join(sorted(set(dropped)))}"
        )
    relative = sorted(set(_relative_iris(expanded)))
    if relative:
        raise CanonicalizationError(
            f"The document has identifiers or types that are not absolute IRIs: "
            f"{', '.join(relative)}"
        )


def _jsonld_error(error: jsonld.JsonLdError) -> CanonicalizationError:
    """A readable error for PyLD's, naming a context that is not bundled."""
    cause = _root_cause(error)
    if isinstance(cause, CanonicalizationError):
        return cause
    if isinstance(cause, DocumentNotAllowedError):
        return CanonicalizationError(
            f"The document uses a context that is not bundled: {cause.url}"
        )
    return CanonicalizationError(f"The document is not valid JSON-LD: {error}")


def expand(document: Mapping[str, Any]) -> list[Any]:
    """Expand a JSON-LD document offline; refuse undefined terms and relative IRIs."""
    try:
        return _SafeProcessor().expand(dict(document), _options())
    except jsonld.JsonLdError as error:
        raise _jsonld_error(error) from error


def _relative_iris(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, list):
        for item in node:
            found.extend(_relative_iris(item))
    elif isinstance(node, dict):
        if "@value" in node:
            datatype = node.get("@type")
            if isinstance(datatype, str) and datatype != "@json" and not _is_absolute(datatype):
                found.append(datatype)
            return found
        node_id = node.get("@id")
        if isinstance(node_id, str) and not _is_absolute(node_id):
            found.append(node_id)
        for node_type in node.get("@type", []) if isinstance(node.get("@type"), list) else []:
            if isinstance(node_type, str) and not _is_absolute(node_type):
                found.append(node_type)
        for key, value in node.items():
            if key not in {"@id", "@type"}:
                found.extend(_relative_iris(value))
    return found


def _is_absolute(iri: str) -> bool:
    return iri.startswith("_:") or bool(_ABSOLUTE_IRI.match(iri))


def canonicalize(document: Mapping[str, Any]) -> str:
    """Return the canonical N-Quads (RDFC-1.0) of a JSON-LD document, offline and safe.

    The document is expanded once: the safety checks run on the expansion that the
    canonicalisation itself makes (``_SafeProcessor``).
    """
    options = _options()
    options.update({"algorithm": "URDNA2015", "format": "application/n-quads"})
    try:
        canonical: str = _SafeProcessor().normalize(dict(document), options)
    except CanonicalizationError:
        raise
    except jsonld.JsonLdError as error:
        raise _jsonld_error(error) from error
    return canonical


def canonical_hash(document: Mapping[str, Any]) -> bytes:
    """SHA-256 of the canonical N-Quads of a document (UTF-8)."""
    return hashlib.sha256(canonicalize(document).encode("utf-8")).digest()
