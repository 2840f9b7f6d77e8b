"""The offline JSON-LD document loader: bundled contexts and in-memory documents, nothing else.

``document_loader`` has PyLD's loader signature and answers, in this order:

1. the contexts bundled in ``badges/data/contexts/`` (``index.json`` maps URL → file),
   read once, lazily, and cached for the life of the process;
2. documents given for the current call with ``extra_documents({url: document})`` (kept in
   a context variable: they never leak to another thread or request);
3. documents registered for the life of the process with ``register_document``.

Any other URL raises ``DocumentNotAllowedError``: nothing is ever fetched from the network,
so a credential cannot make the server send requests, and what a context says cannot change
under our feet (fail closed).
"""

from __future__ import annotations

import copy
import functools
import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from badges.crypto.errors import DocumentNotAllowedError

CONTEXTS_DIR = Path(__file__).resolve().parent.parent / "data" / "contexts"
CONTENT_TYPE = "application/ld+json"

_registered: dict[str, dict[str, Any]] = {}
_registered_lock = threading.Lock()
_extra: ContextVar[Mapping[str, dict[str, Any]] | None] = ContextVar(
    "badges_crypto_extra_documents", default=None
)


@functools.cache
def bundled_contexts() -> Mapping[str, Any]:
    """URL → parsed JSON of every bundled context (read from disk on first use only)."""
    index = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))
    parsed: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for url, filename in index.items():
        if filename not in files:
            files[filename] = json.loads((CONTEXTS_DIR / filename).read_text(encoding="utf-8"))
        parsed[url] = files[filename]
    return MappingProxyType(parsed)


def is_bundled(url: str) -> bool:
    """True when ``url`` is one of the bundled, immutable contexts."""
    return url in bundled_contexts()


def _check_url(url: str) -> None:
    if not isinstance(url, str) or not urlsplit(url).scheme:
        raise ValueError(f"A JSON-LD document is registered under an absolute URL, not {url!r}.")
    if is_bundled(url):
        raise ValueError(f"{url!r} is a bundled context: it cannot be replaced.")


def register_document(url: str, document: dict[str, Any]) -> None:
    """Serve ``document`` at ``url`` for the life of the process (e.g. a custom context)."""
    _check_url(url)
    if not isinstance(document, dict):
        raise TypeError("A JSON-LD document is a JSON object (dict).")
    with _registered_lock:
        _registered[url] = copy.deepcopy(document)


def unregister_document(url: str) -> None:
    """Stop serving a document registered with ``register_document`` (no error if absent)."""
    with _registered_lock:
        _registered.pop(url, None)


@contextmanager
def extra_documents(documents: Mapping[str, dict[str, Any]]) -> Iterator[None]:
    """Serve ``documents`` ({url: document}) inside the ``with`` block only.

    For per-call documents such as an issuer profile or a verification method. Nested
    blocks add to the documents of the enclosing block.
    """
    for url, document in documents.items():
        _check_url(url)
        if not isinstance(document, dict):
            raise TypeError("A JSON-LD document is a JSON object (dict).")
    layered = {
        **(_extra.get() or {}),
        **{url: copy.deepcopy(doc) for url, doc in documents.items()},
    }
    token = _extra.set(MappingProxyType(layered))
    try:
        yield
    finally:
        _extra.reset(token)


def lookup(url: str) -> tuple[Any, bool] | None:
    """Return (document, is_bundled) for ``url``, or None when it is not served."""
    bundled = bundled_contexts()
    if url in bundled:
        return bundled[url], True
    extra = _extra.get()
    if extra is not None and url in extra:
        return extra[url], False
    with _registered_lock:
        if url in _registered:
            return _registered[url], False
    return None


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """PyLD-compatible loader: a RemoteDocument dict for a served URL, else an exception.

    Bundled contexts carry ``tag: "static"``, which lets PyLD's context resolver cache them
    across calls; per-call and registered documents are never cached beyond one operation.
    The document is a deep copy: callers may modify it freely.
    """
    found = lookup(url)
    if found is None:
        raise DocumentNotAllowedError(url)
    document, bundled = found
    remote: dict[str, Any] = {
        "contentType": CONTENT_TYPE,
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(document),
    }
    if bundled:
        remote["tag"] = "static"
    return remote
