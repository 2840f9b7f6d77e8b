"""Evidence inside an award's credential: the contributions and endorsements behind the
badge's rules, public details only; private evidence never leaves the platform."""

from __future__ import annotations

import json

import pytest

from badges.services.awards import award_create
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.endorsements import (
    CONTRIBUTION_NARRATIVE,
    ENDORSERS_TEXT,
    LEADER_WORDS,
    PEER_WORDS,
    PRIVATE_FILE_NAME,
    PRIVATE_FILE_TITLE,
    PRIVATE_LINK,
    PRIVATE_TEXT,
    PUBLIC_LINK,
    PUBLIC_TEXT,
    story,
)
from tests.badges.test_ob3_credential import _schema_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer(db):
    return UserFactory(email="paul@example.org", display_name="Paul")


@pytest.fixture
def s(default_framework, volunteer, leader, peer):
    return story(version=default_framework, volunteer=volunteer, leader=leader, peer=peer)


def _award(s, steward, volunteer, **kwargs):
    return award_create(
        badge_class=s.badge_class,
        by=steward,
        email=volunteer.email,
        recipient=volunteer,
        **kwargs,
    )


def _items(award, genre):
    return [item for item in award.credential.get("evidence", []) if item.get("genre") == genre]


def test_the_contribution_behind_the_rules_with_its_public_details(s, steward, volunteer):
    award = _award(s, steward, volunteer)
    [item] = _items(award, "Contribution")
    assert item["type"] == ["Evidence"]
    assert item["name"] == "Atelier du samedi"
    assert item["id"] == PUBLIC_LINK  # the first public link
    assert "Repair Café de Chenôve" in item["description"]
    assert "12" in item["description"] and "animatrice" in item["description"]
    assert PUBLIC_TEXT in item["narrative"]
    assert f"Photos: {PUBLIC_LINK}" in item["narrative"]


def test_peer_endorsements_are_evidence_leaders_are_not(s, steward, volunteer):
    award = _award(s, steward, volunteer)
    [item] = _items(award, "Endorsement")
    assert item["type"] == ["Evidence"]
    assert "Paul" in item["name"] and s.competence.title_fr in item["name"]  # her language
    assert item["narrative"] == PEER_WORDS
    assert "2" in item["description"]
    assert "id" not in item  # no public address for an endorsement
    # the leader's word travels as a signed EndorsementCredential, not as evidence
    assert LEADER_WORDS not in json.dumps(award.credential.get("evidence"), ensure_ascii=False)
    assert len(award.credential["endorsement"]) == 1


def test_the_evidence_url_stays_first(s, steward, volunteer):
    award = _award(s, steward, volunteer, evidence_url="https://example.org/preuve")
    first = award.credential["evidence"][0]
    assert first["id"] == "https://example.org/preuve" and "genre" not in first
    assert len(award.credential["evidence"]) == 3


def test_private_evidence_never_appears_in_the_credential(s, steward, volunteer, client):
    award = _award(s, steward, volunteer)
    served = client.get(award.ob3_path).content.decode()
    for text in (json.dumps(award.credential, ensure_ascii=False), served):
        for secret in (
            PRIVATE_TEXT,
            PRIVATE_FILE_NAME,
            PRIVATE_FILE_TITLE,
            PRIVATE_LINK,
            "0123abcd",
            ENDORSERS_TEXT,
            CONTRIBUTION_NARRATIVE,
            "paul@example.org",
            "sophie@example.org",
        ):
            assert secret not in text, secret


def test_a_public_file_shows_only_its_title(s, steward, volunteer):
    evidence = s.contribution.evidence.get(original_name=PRIVATE_FILE_NAME)
    evidence.visibility = "public"
    evidence.save()
    award = _award(s, steward, volunteer)
    [item] = _items(award, "Contribution")
    assert PRIVATE_FILE_TITLE in item["narrative"]
    assert PRIVATE_FILE_NAME not in json.dumps(award.credential, ensure_ascii=False)


def test_the_credential_with_evidence_validates_against_the_official_schema(s, steward, volunteer):
    award = _award(s, steward, volunteer, evidence_url="https://example.org/preuve")
    assert _schema_errors(award.credential) == []


def test_no_evidence_without_a_known_recipient(s, steward, volunteer):
    award = award_create(badge_class=s.badge_class, by=steward, email="someone@example.org")
    assert "evidence" not in award.credential
    assert "endorsement" not in award.credential


def test_no_evidence_for_a_badge_without_rules(s, steward, volunteer):
    s.badge_class.rules.all().delete()
    award = _award(s, steward, volunteer)
    assert "evidence" not in award.credential


def test_endorsements_below_the_rule_level_are_left_out(s, steward, volunteer):
    s.peer_endorsement.level = 1
    s.peer_endorsement.save()
    award = _award(s, steward, volunteer)
    assert _items(award, "Endorsement") == []
    assert PEER_WORDS not in json.dumps(award.credential, ensure_ascii=False)


def test_texts_follow_the_recipients_language(s, steward, volunteer):
    volunteer.preferred_language = "en"
    volunteer.save()
    award = _award(s, steward, volunteer)
    [item] = _items(award, "Contribution")
    assert "12 hours" in item["description"]
    assert "from Oct. 3, 2026 to Oct. 31, 2026" in item["description"]


def test_the_public_award_page_shows_the_public_evidence(s, steward, volunteer, client, english):
    award = _award(s, steward, volunteer)
    html = client.get(f"/badges/awards/{award.uuid}").content.decode()
    assert "What this badge rests on" in html
    assert "Atelier du samedi" in html and "Compte rendu public" in html and PEER_WORDS in html
    assert f'href="{PUBLIC_LINK}"' in html
    assert PRIVATE_TEXT not in html and PRIVATE_FILE_NAME not in html


def test_a_page_without_evidence_has_no_evidence_section(s, steward, client, english):
    award = award_create(badge_class=s.badge_class, by=steward, email="someone@example.org")
    html = client.get(f"/badges/awards/{award.uuid}").content.decode()
    assert "What this badge rests on" not in html
