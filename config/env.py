"""Typed readers for settings that come from the environment.

Each helper names the variable it reads in its error message, so that a bad
deployment stops at start-up with a message an operator can act on.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


class EnvError(ImproperlyConfigured):
    """A setting read from the environment has a bad value."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        super().__init__(f"Environment variable {name}: {problem}")


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default).strip()


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    raw = env_str(name, environ=environ).lower()
    if raw == "":
        return default
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise EnvError(name, f"expected one of 1/0, true/false, yes/no, on/off, got {raw!r}.")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    raw = env_str(name, environ=environ)
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise EnvError(name, f"expected a whole number, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise EnvError(name, f"must be at least {minimum}, got {value}.")
    return value


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    raw = env_str(name, environ=environ)
    if raw == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(
    name: str,
    default: str,
    choices: tuple[str, ...],
    *,
    environ: Mapping[str, str] | None = None,
) -> str:
    raw = env_str(name, environ=environ).lower() or default
    if raw not in choices:
        raise EnvError(name, f"expected one of {', '.join(choices)}, got {raw!r}.")
    return raw


_EMAIL_ADDRESS_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def env_email_address(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """One email address (``someone@example.org``), as people will read and write to it."""
    raw = env_str(name, environ=environ) or default
    if not _EMAIL_ADDRESS_RE.match(raw):
        raise EnvError(name, f"expected an email address like dpo@example.org, got {raw!r}.")
    return raw


def env_url(
    name: str,
    default: str,
    *,
    schemes: tuple[str, ...] = ("http", "https"),
    environ: Mapping[str, str] | None = None,
) -> str:
    raw = env_str(name, environ=environ) or default
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not parts.netloc:
        raise EnvError(
            name, f"expected an absolute URL starting with {' or '.join(schemes)}://, got {raw!r}."
        )
    if parts.query or parts.fragment:
        raise EnvError(name, f"must not contain a query or a fragment, got {raw!r}.")
    return raw.rstrip("/")


_HEX_RE = re.compile(r"[0-9a-fA-F]+")


def _decode_secret(name: str, raw: str, length: int) -> bytes:
    """Decode ``length`` bytes written as hex or (URL-safe) base64, padding optional.

    The value is a secret: error messages give its length, never the value.
    """
    if len(raw) == 2 * length and _HEX_RE.fullmatch(raw):
        return bytes.fromhex(raw)
    standard = raw.replace("-", "+").replace("_", "/")  # URL-safe alphabet -> standard
    standard += "=" * (-len(standard) % 4)
    try:
        decoded = base64.b64decode(standard.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise EnvError(
            name,
            f"expected {length} random bytes written as {2 * length} hexadecimal characters or "
            f"in base64; got {len(raw)} characters that are neither.",
        ) from None
    if len(decoded) != length:
        raise EnvError(
            name, f"expected {length} bytes once decoded from base64, got {len(decoded)}."
        )
    return decoded


def env_secret_bytes(
    name: str, *, length: int = 32, environ: Mapping[str, str] | None = None
) -> bytes | None:
    """Return a binary secret of exactly ``length`` bytes, or None when the variable is unset.

    Accepted spellings: hexadecimal (``2 * length`` characters), standard or URL-safe
    base64, with or without ``=`` padding.
    """
    raw = env_str(name, environ=environ)
    if raw == "":
        return None
    return _decode_secret(name, raw, length)


def env_secret_bytes_list(
    name: str, *, length: int = 32, environ: Mapping[str, str] | None = None
) -> list[bytes]:
    """Return comma-separated binary secrets (each like ``env_secret_bytes``); empty if unset."""
    raw = env_str(name, environ=environ)
    return [_decode_secret(name, item.strip(), length) for item in raw.split(",") if item.strip()]


def derive_secret_bytes(secret: str, *, purpose: str, length: int = 32) -> bytes:
    """Derive a stable binary key from a text secret with HKDF-SHA256, one per ``purpose``.

    Used in development only, so that a secret that would otherwise be required (for
    example the key that encrypts signing keys) follows SECRET_KEY without any setup.
    """
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=length, salt=None, info=f"jalons:{purpose}".encode()
    )
    return hkdf.derive(secret.encode("utf-8"))


SQLITE_OPTIONS: dict[str, Any] = {
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write
    # lock at the start of a transaction so that busy waits happen up front
    # (and honour the timeout) instead of failing half-way with "locked".
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def env_database(
    name: str,
    default_sqlite_path: str,
    *,
    conn_max_age: int = 600,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return a DATABASES["default"] entry from a database URL.

    SQLite (``sqlite:///path``) is the embedded default; PostgreSQL
    (``postgres://`` or ``postgresql://``) is used in production and CI, with
    persistent, health-checked connections.
    """
    raw = env_str(name, environ=environ)
    if raw == "":
        raw = f"sqlite:///{default_sqlite_path}"
    scheme = urlsplit(raw).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise EnvError(
            name,
            "expected sqlite:///path/to/file.sqlite3 or "
            f"postgres://user:password@host:port/name, got {raw!r}.",
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(raw))
    except ValueError as exc:
        raise EnvError(name, f"cannot be parsed ({exc}).") from None
    if scheme == "sqlite":
        if not config.get("NAME"):
            raise EnvError(name, f"a SQLite URL needs a file path, got {raw!r}.")
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0
    else:
        if not config.get("NAME"):
            raise EnvError(name, f"a PostgreSQL URL needs a database name, got {raw!r}.")
        config["CONN_MAX_AGE"] = conn_max_age
        config["CONN_HEALTH_CHECKS"] = True
    return config


EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
# Development's default: files in EMAIL_FILE_PATH (var/mail/), each announced on stderr.
EMAIL_OUTBOX_BACKEND = "config.outbox.OutboxBackend"


def env_email(
    name: str, *, development: bool = False, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return the EMAIL_* settings from an email URL.

    ``smtp://user:password@host:587`` uses STARTTLS, ``smtps://…:465`` implicit
    TLS; ``?timeout=10`` sets the connection timeout. ``console://`` prints
    messages on stdout, ``file:///path`` writes them to a folder.
    When the URL is unset, the classic ``EMAIL_HOST``/``EMAIL_PORT``/… variables
    are honoured; without them, ``development`` (DEBUG on) writes each message to
    the outbox folder (config/outbox.py, never stdout: commands print documents
    there), and production uses the console backend.
    """
    environ = os.environ if environ is None else environ
    raw = env_str(name, environ=environ)
    if raw == "":
        host = env_str("EMAIL_HOST", environ=environ)
        if not host:
            if development:
                return {"EMAIL_BACKEND": EMAIL_OUTBOX_BACKEND}
            return {"EMAIL_BACKEND": EMAIL_SCHEMES["console"]}
        use_ssl = env_bool("EMAIL_USE_SSL", False, environ=environ)
        return {
            "EMAIL_BACKEND": EMAIL_SCHEMES["smtp"],
            "EMAIL_HOST": host,
            "EMAIL_PORT": env_int("EMAIL_PORT", 465 if use_ssl else 587, environ=environ),
            "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", environ=environ),
            "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", environ=environ),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", not use_ssl, environ=environ),
            "EMAIL_USE_SSL": use_ssl,
            "EMAIL_TIMEOUT": env_int("EMAIL_TIMEOUT", 10, minimum=1, environ=environ),
        }
    parts = urlsplit(raw)
    if parts.scheme not in EMAIL_SCHEMES:
        raise EnvError(
            name,
            f"expected a URL starting with one of {', '.join(sorted(EMAIL_SCHEMES))}, got "
            f"{parts.scheme or raw!r}.",
        )
    settings: dict[str, Any] = {"EMAIL_BACKEND": EMAIL_SCHEMES[parts.scheme]}
    if parts.scheme == "file":
        if not parts.path:
            raise EnvError(name, "file:// needs a folder, for example file:///var/mail/jalons.")
        settings["EMAIL_FILE_PATH"] = unquote(parts.path)
    elif parts.scheme in {"smtp", "smtps", "submission"}:
        if not parts.hostname:
            raise EnvError(name, f"an SMTP URL needs a host name, got {raw!r}.")
        try:
            port = parts.port
        except ValueError:
            raise EnvError(name, f"the port is not a number in {raw!r}.") from None
        query = parse_qs(parts.query)
        implicit_tls = parts.scheme == "smtps"
        timeout_raw = query.get("timeout", ["10"])[0]
        if not timeout_raw.isdigit():
            raise EnvError(name, f"timeout must be a whole number of seconds, got {timeout_raw!r}.")
        settings.update(
            {
                "EMAIL_HOST": parts.hostname,
                "EMAIL_PORT": port or (465 if implicit_tls else 587),
                "EMAIL_HOST_USER": unquote(parts.username or ""),
                "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
                "EMAIL_USE_SSL": implicit_tls,
                "EMAIL_USE_TLS": not implicit_tls and query.get("tls", ["1"])[0] != "0",
                "EMAIL_TIMEOUT": int(timeout_raw),
            }
        )
    return settings


CACHE_TABLE = "jalons_cache"


def env_cache(name: str, *, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return CACHES["default"] from a cache URL.

    Unset (or ``db://``): the database cache, in the table ``jalons_cache`` (``migrate`` creates
    it): shared by every app process that uses the same database, nothing to install.
    ``redis://[:password@]host:port/db`` or ``rediss://…`` (TLS): Redis, for production at
    scale. ``locmem://``: memory of one process only (development; counters are not shared).
    """
    raw = env_str(name, environ=environ)
    scheme = urlsplit(raw).scheme if raw else "db"
    if scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    if scheme in ("redis", "rediss"):
        if not urlsplit(raw).hostname:
            raise EnvError(name, f"a Redis URL needs a host, got {raw!r}.")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jalons"}
    raise EnvError(
        name, f"expected db://, redis://host:port/0, rediss://… or locmem://, got {raw!r}."
    )


RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(text: str) -> tuple[int, int]:
    """``"5/h"`` → (5, 3600); ``"30/10m"`` → (30, 600). Raises ValueError otherwise."""
    match = _RATE_RE.match(text)
    if not match or int(match.group(1)) < 1:
        raise ValueError(text)
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * RATE_PERIODS[unit]


def env_rates(
    name: str, defaults: Mapping[str, str], *, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The default rates, with those the variable overrides: ``login_address=100/15m,…``."""
    rates = dict(defaults)
    for item in env_list(name, [], environ=environ):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in defaults:
            raise EnvError(
                name, f"expected name=rate with a name among {', '.join(defaults)}, got {item!r}."
            )
        try:
            parse_rate(value)
        except ValueError:
            raise EnvError(
                name, f"expected a rate like 5/h or 30/10m for {key}, got {value!r}."
            ) from None
        rates[key] = value.strip()
    return rates


S3_STORAGE = "storages.backends.s3.S3Storage"
FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"


def env_storage(*, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return STORAGES["default"]: where uploaded and generated files live.

    Unset ``S3_BUCKET``: a local folder (``MEDIA_ROOT``), nothing to install. With
    ``S3_BUCKET``: an S3-compatible bucket (AWS S3, Scaleway, OVH, MinIO, Garage…) through
    django-storages, **private**: no ACL is set on objects (the bucket's own, private, applies),
    the storage's URLs are signed and valid ``S3_URL_EXPIRY_SECONDS`` (5 minutes by default),
    a name already taken is never overwritten (a new one is chosen, as on disk).
    ``S3_ENDPOINT_URL`` names a server other than AWS; ``S3_ADDRESSING_STYLE`` is ``path``
    (``https://host/bucket/key``, MinIO and Garage) by default when an endpoint is given,
    ``virtual`` otherwise. Without ``S3_ACCESS_KEY_ID``/``S3_SECRET_ACCESS_KEY``, boto3 finds
    credentials itself (instance role, ``~/.aws``).
    """
    bucket = env_str("S3_BUCKET", environ=environ)
    if not bucket:
        return {"BACKEND": FILE_SYSTEM_STORAGE}
    if not re.fullmatch(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]", bucket):
        raise EnvError(
            "S3_BUCKET",
            f"expected a bucket name (3 to 63 lowercase letters, digits, . or -), got {bucket!r}.",
        )
    endpoint = env_str("S3_ENDPOINT_URL", environ=environ)
    if endpoint:
        endpoint = env_url("S3_ENDPOINT_URL", "", environ=environ)
    access_key = env_str("S3_ACCESS_KEY_ID", environ=environ)
    secret_key = env_str("S3_SECRET_ACCESS_KEY", environ=environ)
    if bool(access_key) != bool(secret_key):
        raise EnvError(
            "S3_SECRET_ACCESS_KEY" if access_key else "S3_ACCESS_KEY_ID",
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither "
            "(boto3 then finds credentials itself).",
        )
    addressing = env_choice(
        "S3_ADDRESSING_STYLE",
        "path" if endpoint else "virtual",
        ("path", "virtual"),
        environ=environ,
    )
    prefix = env_str("S3_PREFIX", environ=environ).strip("/")
    if ".." in prefix.split("/"):
        raise EnvError("S3_PREFIX", f"must not contain '..', got {prefix!r}.")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env_str("S3_REGION", environ=environ) or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": addressing,
        "signature_version": "s3v4",
        "location": prefix,
        # Private: objects get no ACL of their own; reading one takes a signed URL.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env_int("S3_URL_EXPIRY_SECONDS", 300, minimum=1, environ=environ),
        "custom_domain": None,
        # Like the local folder: a name in use gets a new one, nothing is replaced.
        "file_overwrite": False,
    }
    return {"BACKEND": S3_STORAGE, "OPTIONS": options}
