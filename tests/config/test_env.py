"""Settings read from the environment: good values parse, bad ones name the variable."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import (
    EnvError,
    derive_secret_bytes,
    env_bool,
    env_choice,
    env_database,
    env_email,
    env_email_address,
    env_int,
    env_list,
    env_secret_bytes,
    env_secret_bytes_list,
    env_url,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("OFF", False)])
def test_env_bool_accepts_usual_spellings(raw, expected):
    assert env_bool("DJANGO_DEBUG", False, environ={"DJANGO_DEBUG": raw}) is expected


def test_env_bool_default_when_unset():
    assert env_bool("DJANGO_DEBUG", True, environ={}) is True


def test_env_bool_rejects_maybe():
    with pytest.raises(EnvError, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", False, environ={"DJANGO_DEBUG": "maybe"})


def test_env_int_rejects_words_and_small_values():
    with pytest.raises(EnvError, match="PORT"):
        env_int("PORT", 1, environ={"PORT": "eight"})
    with pytest.raises(EnvError, match="at least 0"):
        env_int("PORT", 1, minimum=0, environ={"PORT": "-1"})


def test_env_list_splits_and_trims():
    assert env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": " a.fr, b.fr ,"}) == [
        "a.fr",
        "b.fr",
    ]


def test_env_choice_rejects_unknown():
    with pytest.raises(EnvError, match="TASKS_BACKEND"):
        env_choice("TASKS_BACKEND", "immediate", ("immediate",), environ={"TASKS_BACKEND": "x"})


def test_env_url_requires_absolute_http_url():
    assert env_url("SITE_URL", "", environ={"SITE_URL": "https://jalons.fr/"}) == (
        "https://jalons.fr"
    )
    with pytest.raises(EnvError, match="SITE_URL"):
        env_url("SITE_URL", "", environ={"SITE_URL": "jalons.fr"})


def test_env_email_address_takes_one_address():
    environ = {"PRIVACY_CONTACT_EMAIL": " dpo@metropole.example.fr "}
    assert env_email_address("PRIVACY_CONTACT_EMAIL", "x@y.z", environ=environ) == (
        "dpo@metropole.example.fr"
    )
    assert env_email_address("PRIVACY_CONTACT_EMAIL", "x@y.z", environ={}) == "x@y.z"
    for bad in ("dpo", "dpo@localhost", "a@b@c.fr", "d po@example.fr"):
        with pytest.raises(EnvError, match="PRIVACY_CONTACT_EMAIL"):
            env_email_address("PRIVACY_CONTACT_EMAIL", "", environ={"PRIVACY_CONTACT_EMAIL": bad})


SECRET_32 = bytes(range(100, 132))


@pytest.mark.parametrize(
    "spelling",
    [
        SECRET_32.hex(),
        SECRET_32.hex().upper(),
        base64.b64encode(SECRET_32).decode(),
        base64.b64encode(SECRET_32).decode().rstrip("="),
        base64.urlsafe_b64encode(SECRET_32).decode(),
        base64.urlsafe_b64encode(SECRET_32).decode().rstrip("="),
    ],
)
def test_env_secret_bytes_accepts_hex_and_base64(spelling):
    environ = {"SIGNING_KEY_ENCRYPTION_KEY": f" {spelling} "}
    assert env_secret_bytes("SIGNING_KEY_ENCRYPTION_KEY", environ=environ) == SECRET_32


def test_env_secret_bytes_is_none_when_unset():
    assert env_secret_bytes("SIGNING_KEY_ENCRYPTION_KEY", environ={}) is None
    assert env_secret_bytes_list("SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS", environ={}) == []


@pytest.mark.parametrize(
    "raw",
    [
        "too-short",
        "é" * 43,
        SECRET_32.hex()[:-2],  # 31 bytes in hex is read as base64: wrong length
        base64.b64encode(bytes(31)).decode(),
        base64.b64encode(bytes(33)).decode(),
        "not base64 at all, with spaces and punctuation!",
    ],
)
def test_env_secret_bytes_refuses_malformed_values_without_echoing_them(raw):
    with pytest.raises(EnvError, match="SIGNING_KEY_ENCRYPTION_KEY") as caught:
        env_secret_bytes("SIGNING_KEY_ENCRYPTION_KEY", environ={"SIGNING_KEY_ENCRYPTION_KEY": raw})
    assert raw not in str(caught.value)


def test_env_secret_bytes_list_reads_several_keys():
    other = bytes(32)
    raw = f"{SECRET_32.hex()}, {base64.b64encode(other).decode()}"
    assert env_secret_bytes_list("FALLBACKS", environ={"FALLBACKS": raw}) == [SECRET_32, other]
    with pytest.raises(EnvError, match="FALLBACKS"):
        env_secret_bytes_list("FALLBACKS", environ={"FALLBACKS": f"{SECRET_32.hex()},nope"})


def test_derive_secret_bytes_is_stable_and_separated_by_purpose():
    first = derive_secret_bytes("a secret", purpose="one")
    assert len(first) == 32
    assert derive_secret_bytes("a secret", purpose="one") == first
    assert derive_secret_bytes("a secret", purpose="two") != first
    assert derive_secret_bytes("another secret", purpose="one") != first


def test_database_defaults_to_sqlite_with_wal(tmp_path):
    config = env_database("DATABASE_URL", str(tmp_path / "db.sqlite3"), environ={})
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] == 20


def test_database_postgres_uses_persistent_checked_connections():
    config = env_database(
        "DATABASE_URL",
        "unused",
        conn_max_age=300,
        environ={"DATABASE_URL": "postgres://jalons:secret@db.local:5433/jalons"},
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.local", 5433, "jalons")
    assert config["CONN_MAX_AGE"] == 300
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("raw", ["not-a-url", "mysql://x@y/z", "postgres://host-only"])
def test_database_rejects_bad_urls(raw):
    with pytest.raises(EnvError, match="DATABASE_URL"):
        env_database("DATABASE_URL", "unused", environ={"DATABASE_URL": raw})


def test_email_defaults_to_console():
    assert env_email("EMAIL_URL", environ={})["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_email_defaults_to_the_outbox_in_development_never_stdout():
    """#18: a command's document is alone on stdout; EMAIL_URL or EMAIL_HOST still win."""
    assert env_email("EMAIL_URL", development=True, environ={}) == {
        "EMAIL_BACKEND": "config.outbox.OutboxBackend"
    }
    configured = env_email("EMAIL_URL", development=True, environ={"EMAIL_URL": "console://"})
    assert configured["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = env_email("EMAIL_URL", development=True, environ={"EMAIL_HOST": "mail.x.fr"})
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


def test_email_smtp_url():
    config = env_email("EMAIL_URL", environ={"EMAIL_URL": "smtp://me%40x.fr:p%3Ass@mail.x.fr"})
    assert config["EMAIL_HOST"] == "mail.x.fr"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "me@x.fr"
    assert config["EMAIL_HOST_PASSWORD"] == "p:ss"
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False


def test_email_smtps_url_uses_implicit_tls():
    config = env_email("EMAIL_URL", environ={"EMAIL_URL": "smtps://mail.x.fr"})
    assert (config["EMAIL_PORT"], config["EMAIL_USE_SSL"], config["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_email_classic_smtp_variables():
    config = env_email("EMAIL_URL", environ={"EMAIL_HOST": "mail.x.fr", "EMAIL_PORT": "2525"})
    assert config["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert config["EMAIL_PORT"] == 2525


def test_email_rejects_unknown_scheme():
    with pytest.raises(EnvError, match="EMAIL_URL"):
        env_email("EMAIL_URL", environ={"EMAIL_URL": "pigeon://coop"})


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DATABASE_URL", "not-a-url"), ("DJANGO_DEBUG", "maybe"), ("SITE_URL", "nope")],
)
def test_start_up_stops_with_a_message_naming_the_variable(variable, value):
    result = _manage("check", **{variable: value})
    assert result.returncode == 2
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_production_needs_a_secret_key():
    result = _manage("check", DJANGO_DEBUG="0")
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


# What the privacy notice needs in production (docs/privacy.md).
PRIVACY = {
    "PRIVACY_CONTROLLER_NAME": "Dijon Métropole",
    "PRIVACY_CONTROLLER_ADDRESS": "40 avenue du Drapeau, 21000 Dijon",
    "PRIVACY_CONTACT_EMAIL": "donnees@metropole.example.fr",
}


def test_check_deploy_is_clean_with_production_values():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-" + "x9" * 20,
        SIGNING_KEY_ENCRYPTION_KEY=base64.b64encode(SECRET_32).decode(),
        ALLOWED_HOSTS="jalons.example.org",
        SITE_URL="https://jalons.example.org",
        **PRIVACY,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_privacy_contact_is_not_configured():
    result = _manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-" + "x9" * 20,
        SIGNING_KEY_ENCRYPTION_KEY=base64.b64encode(SECRET_32).decode(),
        ALLOWED_HOSTS="jalons.example.org",
        SITE_URL="https://jalons.example.org",
        **{**PRIVACY, "PRIVACY_CONTACT_EMAIL": ""},
    )
    assert "accounts.W001" in result.stderr + result.stdout
    assert "PRIVACY_CONTACT_EMAIL" in result.stderr + result.stdout
    assert "PRIVACY_CONTROLLER_NAME" not in result.stderr + result.stdout


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-" + "x9" * 20,
    "ALLOWED_HOSTS": "jalons.example.org",
    "SITE_URL": "https://jalons.example.org",
}


def test_production_needs_a_signing_key_encryption_key():
    result = _manage("check", **PRODUCTION)
    assert result.returncode == 2
    assert "SIGNING_KEY_ENCRYPTION_KEY" in result.stderr
    assert "required" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_signing_key_encryption_key_stops_start_up():
    result = _manage("check", SIGNING_KEY_ENCRYPTION_KEY="0123456789abcdef-secret")
    assert result.returncode == 2
    assert "SIGNING_KEY_ENCRYPTION_KEY" in result.stderr
    assert "0123456789abcdef-secret" not in result.stderr
    assert "Traceback" not in result.stderr
