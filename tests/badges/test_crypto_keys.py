"""Private signing keys encrypted at rest with AES-256-GCM."""

from __future__ import annotations

import base64
import logging

import pytest

from badges.crypto.errors import InvalidKeyError, KeyDecryptionError
from badges.crypto.keys import (
    decrypt_private_key,
    encrypt_private_key,
    encryption_key_id,
    generate_key_pair,
    needs_reencryption,
    reencrypt_private_key,
)

KEY_A = bytes(range(32))
KEY_B = bytes(range(32, 64))


@pytest.fixture
def key_a(settings):
    settings.SIGNING_KEY_ENCRYPTION_KEY = KEY_A
    settings.SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS = []
    return KEY_A


def _payload(token: str) -> bytes:
    encoded = token.split(".")[2]
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))


def test_round_trip(key_a):
    seed, _public = generate_key_pair()
    token = encrypt_private_key(seed)
    assert token.startswith(f"v1.{encryption_key_id(KEY_A)}.")
    assert decrypt_private_key(token) == seed


def test_token_hides_the_key_and_uses_a_fresh_nonce(key_a):
    seed, _public = generate_key_pair()
    first, second = encrypt_private_key(seed), encrypt_private_key(seed)
    assert first != second
    assert _payload(first)[:12] != _payload(second)[:12]
    for token in (first, second):
        assert seed not in _payload(token)
        assert seed.hex() not in token
        assert base64.urlsafe_b64encode(seed).decode().rstrip("=") not in token


def test_wrong_key_is_refused(settings, key_a):
    seed, _public = generate_key_pair()
    token = encrypt_private_key(seed)
    settings.SIGNING_KEY_ENCRYPTION_KEY = KEY_B
    with pytest.raises(KeyDecryptionError, match="another key"):
        decrypt_private_key(token)


def test_a_wrong_key_with_a_forged_key_id_is_still_refused(settings, key_a):
    token = encrypt_private_key(generate_key_pair()[0])
    settings.SIGNING_KEY_ENCRYPTION_KEY = KEY_B
    forged = token.replace(encryption_key_id(KEY_A), encryption_key_id(KEY_B))
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(forged)


@pytest.mark.parametrize("position", [0, 11, 12, 30, 59])
def test_tampered_token_is_refused(key_a, position):
    token = encrypt_private_key(generate_key_pair()[0])
    payload = bytearray(_payload(token))
    payload[position] ^= 0x01
    tampered = ".".join(
        [*token.split(".")[:2], base64.urlsafe_b64encode(bytes(payload)).decode().rstrip("=")]
    )
    with pytest.raises(KeyDecryptionError, match="altered"):
        decrypt_private_key(tampered)


@pytest.mark.parametrize(
    "token", ["", "v1", "v2.abcdef01.AAAA", "v1.abcdef01.!!!!", "v1.abcdef01.AAAA", "v1..x"]
)
def test_malformed_tokens_are_refused(key_a, token):
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(token)


def test_only_ed25519_seeds_are_encrypted(key_a):
    with pytest.raises(InvalidKeyError):
        encrypt_private_key(b"short")


def test_rotation_with_fallback_keys(settings, key_a):
    seed = generate_key_pair()[0]
    old_token = encrypt_private_key(seed)
    settings.SIGNING_KEY_ENCRYPTION_KEY = KEY_B
    settings.SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS = [KEY_A]
    assert decrypt_private_key(old_token) == seed
    assert needs_reencryption(old_token)
    new_token = reencrypt_private_key(old_token)
    assert not needs_reencryption(new_token)
    settings.SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS = []
    assert decrypt_private_key(new_token) == seed
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(old_token)


def test_errors_and_logs_never_contain_key_material(settings, key_a, caplog):
    caplog.set_level(logging.DEBUG)
    seed = generate_key_pair()[0]
    token = encrypt_private_key(seed)
    settings.SIGNING_KEY_ENCRYPTION_KEY = KEY_B
    with pytest.raises(KeyDecryptionError) as caught:
        decrypt_private_key(token)
    secrets = [seed.hex(), KEY_A.hex(), KEY_B.hex(), token.split(".")[2]]
    texts = [str(caught.value), repr(caught.value), caplog.text]
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_development_key_is_derived_from_secret_key():
    from django.conf import settings

    assert isinstance(settings.SIGNING_KEY_ENCRYPTION_KEY, bytes)
    assert len(settings.SIGNING_KEY_ENCRYPTION_KEY) == 32


def test_the_encryption_keys_are_hidden_on_error_pages(settings):
    from django.views.debug import SafeExceptionReporterFilter

    settings.SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS = [KEY_B]
    safe = SafeExceptionReporterFilter().get_safe_settings()
    for name in ("SIGNING_KEY_ENCRYPTION_KEY", "SIGNING_KEY_ENCRYPTION_KEY_FALLBACKS"):
        assert safe[name] == SafeExceptionReporterFilter.cleansed_substitute
