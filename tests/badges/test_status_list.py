"""The issuers' Bitstring Status Lists: encoding, positions, the signed list credential."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator

from badges.crypto.data_integrity import verify
from badges.models import MIN_STATUS_LIST_SIZE, StatusList
from badges.ob3 import SCHEMA_FILE
from badges.services.revocation import award_revoke
from badges.status_lists import (
    StatusListError,
    bit_is_set,
    decode_bitstring,
    encode_bitstring,
)
from tests.badges.factories.revocation import award_add, key_resolver, setting

LAST = MIN_STATUS_LIST_SIZE - 1


@pytest.mark.parametrize("index", [0, 4242, LAST])
def test_one_bit_round_trips(index):
    encoded = encode_bitstring([index], MIN_STATUS_LIST_SIZE)
    assert encoded.startswith("u") and "=" not in encoded
    assert bit_is_set(encoded, index)
    assert not any(bit_is_set(encoded, i) for i in (index - 1, index + 1) if 0 <= i <= LAST)
    data = decode_bitstring(encoded)
    assert len(data) == MIN_STATUS_LIST_SIZE // 8
    assert sum(bin(byte).count("1") for byte in data) == 1


def test_bit_zero_is_the_leftmost_bit_of_the_first_byte():
    data = decode_bitstring(encode_bitstring([0, 9], 16))
    assert data == bytes([0b1000_0000, 0b0100_0000])
    assert gzip.decompress(gzip.compress(data)) == data


def test_an_empty_list_and_bad_inputs():
    encoded = encode_bitstring([], MIN_STATUS_LIST_SIZE)
    assert not bit_is_set(encoded, 0) and not bit_is_set(encoded, LAST)
    with pytest.raises(StatusListError):
        bit_is_set(encoded, MIN_STATUS_LIST_SIZE)
    with pytest.raises(StatusListError):
        encode_bitstring([MIN_STATUS_LIST_SIZE], MIN_STATUS_LIST_SIZE)
    with pytest.raises(StatusListError):
        decode_bitstring("zabc")
    with pytest.raises(StatusListError):
        decode_bitstring("u!!!")


@pytest.mark.django_db
def test_each_award_gets_a_free_position_and_a_credential_status():
    s = setting()
    first, second = award_add(s), award_add(s, "other@example.org")
    status_list = StatusList.objects.get(issuer=s.issuer)
    assert status_list.size >= MIN_STATUS_LIST_SIZE
    assert status_list.next_index == 2  # positions taken (drawn at random: test_status_random)
    index = second.status_entry.index
    assert first.status_entry.index != index and 0 <= index < status_list.size
    url = f"http://testserver/issuers/{s.issuer.uuid}/status/revocation"
    assert status_list.url == url
    assert second.credential["credentialStatus"] == {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


@pytest.mark.django_db
def test_the_credential_with_its_status_still_validates_against_the_schema():
    s = setting()
    award = award_add(s)
    schema = json.loads(Path(SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(award.credential)] == []
    assert verify(award.credential, resolve_key=key_resolver(s.issuer)).verified


@pytest.mark.django_db
def test_the_list_is_served_signed_with_cors(client):
    s = setting()
    award = award_add(s)
    url = award.credential["credentialStatus"]["statusListCredential"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["id"] == url
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == s.issuer.id_url
    subject = document["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert not bit_is_set(subject["encodedList"], 0)
    result = verify(document, resolve_key=key_resolver(s.issuer))
    assert result.verified, result.errors
    assert document["proof"][0]["verificationMethod"].startswith(s.issuer.id_url + "#z6Mk")
    tampered = json.loads(json.dumps(document).replace('"revocation"', '"suspension"', 1))
    assert not verify(tampered, resolve_key=key_resolver(s.issuer)).verified


@pytest.mark.django_db
def test_the_list_shows_a_revocation(client):
    s = setting()
    kept, revoked = award_add(s), award_add(s, "other@example.org")
    award_revoke(award=revoked, by=s.leader, reason="Attribué par erreur.")
    url = kept.credential["credentialStatus"]["statusListCredential"]
    encoded = client.get(url).json()["credentialSubject"]["encodedList"]
    assert not bit_is_set(encoded, kept.status_entry.index)
    assert bit_is_set(encoded, revoked.status_entry.index)


@pytest.mark.django_db
def test_unknown_lists_are_404(client):
    s = setting()
    award_add(s)
    assert client.get(f"/issuers/{s.issuer.uuid}/status/suspension").status_code == 404
    other = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/issuers/{other}/status/revocation").status_code == 404
    assert client.post(f"/issuers/{s.issuer.uuid}/status/revocation").status_code == 405
