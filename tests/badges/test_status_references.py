"""Positions that a later app reserves in an issuer's status list, by reference (#17: a
portfolio release's CLR): reserved at random like an award's, revoked once, read in bulk;
revoking sets the bit in the list as served (signed again: its ETag changes)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from badges.api import status_reference_reserve, status_references_read, status_references_revoke
from badges.models import StatusList, StatusListEntry
from badges.selectors.status import status_list_revoked_indices
from badges.services.awards import award_create
from badges.status_lists import bit_is_set
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import TerritoryIssuerFactory, image_upload

pytestmark = pytest.mark.django_db

REF = "clr:3f1c2b9e-8d41-4f7e-a0c2-5b6d7e8f9a01"
OTHER = "clr:6f0e4c1a-7d2b-4c3e-9a8f-1b2c3d4e5f60"


@pytest.fixture
def territory():
    return TerritoryIssuerFactory()


def test_reserving_gives_the_status_to_embed_in_the_issuers_revocation_list(territory):
    status = status_reference_reserve(issuer=territory, reference=REF)
    status_list = StatusList.objects.get(issuer=territory, purpose="revocation")
    entry = StatusListEntry.objects.get(reference=REF)
    assert status == {
        "id": f"{status_list.url}#{entry.index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(entry.index),
        "statusListCredential": status_list.url,
    }
    assert entry.award_id is None and entry.revoked_at is None
    other = status_reference_reserve(issuer=territory, reference=OTHER)
    assert other["statusListIndex"] != status["statusListIndex"]
    assert status_list_revoked_indices(status_list=status_list) == []


def test_a_reference_keeps_the_position_it_was_signed_with(territory):
    first = status_reference_reserve(issuer=territory, reference=REF)
    with pytest.raises(ValidationError) as error:
        status_reference_reserve(issuer=territory, reference=REF)
    assert error.value.code == "reference_taken"
    assert StatusListEntry.objects.filter(reference=REF).count() == 1
    assert status_references_read(references=[REF])[REF].status == first


@pytest.mark.parametrize("reference", ["", "clr", "CLR:x", "clr: x", "clr:" + "a" * 100])
def test_a_malformed_reference_is_a_programming_error(territory, reference):
    with pytest.raises(ValueError, match="Not a status reference"):
        status_reference_reserve(issuer=territory, reference=reference)
    assert not StatusListEntry.objects.exists()


def test_revoking_sets_the_bit_once_and_reads_back(territory):
    status = status_reference_reserve(issuer=territory, reference=REF)
    status_reference_reserve(issuer=territory, reference=OTHER)
    read = status_references_read(references=[REF, OTHER, "clr:unknown"])
    assert set(read) == {REF, OTHER}
    assert not read[REF].is_revoked
    assert status_references_revoke(references=[REF, "clr:unknown"]) == [REF]
    assert status_references_revoke(references=[REF]) == []  # already revoked: unchanged
    read = status_references_read(references=[REF, OTHER])
    assert read[REF].is_revoked and read[REF].revoked_at is not None
    assert not read[OTHER].is_revoked
    status_list = StatusList.objects.get(issuer=territory)
    assert status_list_revoked_indices(status_list=status_list) == [int(status["statusListIndex"])]


def test_the_served_list_is_signed_again_with_the_bit_set(client, territory):
    status = status_reference_reserve(issuer=territory, reference=REF)
    status_list = StatusList.objects.get(issuer=territory)
    url = status["statusListCredential"]
    before = client.get(url)
    assert before.status_code == 200
    index = int(status["statusListIndex"])
    assert not bit_is_set(before.json()["credentialSubject"]["encodedList"], index)
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    status_references_revoke(references=[REF])
    status_list.refresh_from_db()
    assert status_list.revision == 1 and status_list.document_text == ""
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert bit_is_set(after.json()["credentialSubject"]["encodedList"], index)


def test_an_entry_names_one_credential_and_only_references_carry_their_own_revocation(
    territory, default_framework, steward, volunteer
):
    badge_class = badge_class_add(territory, name="Accueil", slug="accueil", image=image_upload())
    award = award_create(
        badge_class=badge_class, by=steward, email=volunteer.email, recipient=volunteer
    )
    entry = award.status_entry
    status_list = entry.status_list
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusListEntry.objects.filter(pk=entry.pk).update(reference=REF)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusListEntry.objects.filter(pk=entry.pk).update(revoked_at=entry.status_list.created_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusListEntry.objects.create(status_list=status_list, reference="", index=7)
    status_reference_reserve(issuer=territory, reference=REF)
    assert StatusListEntry.objects.filter(status_list=status_list).count() == 2
