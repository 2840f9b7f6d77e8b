"""base58btc, multibase and Ed25519 Multikey encodings."""

from __future__ import annotations

import pytest

from badges.crypto.errors import InvalidKeyError
from badges.crypto.keys import generate_key_pair, public_multibase_from_private
from badges.crypto.multibase import (
    base58_decode,
    base58_encode,
    ed25519_public_key_from_multikey,
    ed25519_public_key_to_multikey,
    is_ed25519_multikey,
    multibase_decode,
    multibase_encode,
)
from tests.badges.conftest import VECTOR_KEY, VECTOR_SEED_HEX

VECTOR_PUBLIC_HEX = "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        (b"", ""),
        (b"\0", "1"),
        (b"\0\0\x01", "112"),
        (b"hello world", "StV1DL6CwTryKyV"),
        (bytes.fromhex("00000000000000000000"), "1111111111"),
        (bytes(range(256)), None),
    ],
)
def test_base58_round_trip(raw, encoded):
    text = base58_encode(raw)
    if encoded is not None:
        assert text == encoded
    assert base58_decode(text) == raw


def test_base58_refuses_characters_outside_the_alphabet():
    for bad in ("0", "O", "I", "l", "+"):
        with pytest.raises(InvalidKeyError):
            base58_decode("abc" + bad)


def test_multibase_needs_the_z_prefix():
    assert multibase_encode(b"\x01\x02") == "z" + base58_encode(b"\x01\x02")
    assert multibase_decode("z" + base58_encode(b"\x01\x02")) == b"\x01\x02"
    with pytest.raises(InvalidKeyError, match="base58btc"):
        multibase_decode("uAQI")


def test_multikey_of_the_1edtech_vector():
    public = bytes.fromhex(VECTOR_PUBLIC_HEX)
    assert ed25519_public_key_to_multikey(public) == VECTOR_KEY
    decoded = multibase_decode(VECTOR_KEY)
    assert decoded[:2] == b"\xed\x01"
    assert ed25519_public_key_from_multikey(VECTOR_KEY) == public
    assert public_multibase_from_private(bytes.fromhex(VECTOR_SEED_HEX)) == VECTOR_KEY


def test_generated_keys_round_trip():
    seed, public = generate_key_pair()
    assert len(seed) == 32
    assert public.startswith("z6Mk")
    assert len(ed25519_public_key_from_multikey(public)) == 32
    assert public_multibase_from_private(seed) == public
    assert is_ed25519_multikey(public)
    assert generate_key_pair()[0] != seed


@pytest.mark.parametrize(
    "value",
    [
        "",
        "z",
        VECTOR_KEY[:-1],  # one byte short
        "z" + base58_encode(b"\xec\x01" + bytes(32)),  # X25519 prefix, not Ed25519
        "z" + base58_encode(b"\xed\x01" + bytes(33)),
        "u" + VECTOR_KEY[1:],
    ],
)
def test_malformed_multikeys_are_refused(value):
    assert not is_ed25519_multikey(value)
    with pytest.raises(InvalidKeyError):
        ed25519_public_key_from_multikey(value)


def test_public_key_of_the_wrong_size_is_refused():
    with pytest.raises(InvalidKeyError):
        ed25519_public_key_to_multikey(bytes(31))
    with pytest.raises(InvalidKeyError):
        public_multibase_from_private(bytes(31))
