"""Organisations' endorsements carry a ``credentialStatus`` and can be withdrawn by their
author (#17): the bit is set in the organisation's revocation list, so the copies already
embedded in badges read as withdrawn, while the badges stay valid (acceptance item 5, with
the independent JS verifier)."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.utils import translation

from badges.crypto.data_integrity import verify
from badges.documents import issuer_documents
from badges.models import BadgeClassEndorsement, StatusList
from badges.selectors.status import status_list_revoked_indices
from badges.services.awards import award_create
from badges.services.endorsements import badge_class_endorse, badge_class_endorsement_withdraw
from badges.services.revocation import status_list_credential_signed
from badges.verification import issuer_key_resolver
from badges.verifier import CheckStatus, verify_credential
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.endorsements import organisation_add, story
from tests.badges.test_js_verifier import VERIFIER, _node

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(default_framework, volunteer, leader):
    peer = UserFactory(email="paul@example.org", display_name="Paul")
    return story(version=default_framework, volunteer=volunteer, leader=leader, peer=peer)


@pytest.fixture
def organisation(advisor):
    return organisation_add(staff=(advisor,))


@pytest.fixture
def award(s, steward, volunteer, organisation, advisor):
    badge_class_endorse(
        badge_class=s.badge_class, organisation=organisation, by=advisor, comment="Reconnu."
    )
    return award_create(
        badge_class=s.badge_class, by=steward, email=volunteer.email, recipient=volunteer
    )


def _endorsement(organisation) -> BadgeClassEndorsement:
    return BadgeClassEndorsement.objects.get(endorser=organisation, withdrawn_at__isnull=True)


def _bit(endorsement: BadgeClassEndorsement) -> bool:
    entry = endorsement.status_entry
    return entry.index in status_list_revoked_indices(status_list=entry.status_list)


def test_the_endorsement_carries_a_status_entry_in_its_organisations_list(award, organisation):
    endorsement = _endorsement(organisation)
    status = endorsement.credential["credentialStatus"]
    status_list = StatusList.objects.get(issuer=organisation, purpose="revocation")
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListCredential"] == status_list.url
    assert status["statusListIndex"] == str(endorsement.status_entry.index)
    # signed with it: the status cannot be taken out
    assert verify(endorsement.credential, resolve_key=issuer_key_resolver(organisation)).verified
    embedded = award.credential["credentialSubject"]["achievement"]["endorsement"]
    assert embedded == [endorsement.credential]
    assert _bit(endorsement) is False


def test_withdrawing_sets_the_bit_replacing_does_not(s, award, organisation, advisor):
    first = _endorsement(organisation)
    badge_class_endorse(
        badge_class=s.badge_class, organisation=organisation, by=advisor, comment="Encore."
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None and first.revoked_at is None
    assert _bit(first) is False  # replaced: what it said stays true
    second = _endorsement(organisation)
    assert second.status_entry.index != first.status_entry.index
    badge_class_endorsement_withdraw(endorsement=second, by=advisor)
    second.refresh_from_db()
    assert second.revoked_at is not None
    assert _bit(second) is True
    assert _bit(first) is False


def _withdraw_url(endorsement):
    return f"/badges/endorsements/{endorsement.uuid}/withdraw/"


def test_only_the_organisations_staff_withdraw_through_the_page(
    client, award, organisation, advisor, outsider, leader
):
    endorsement = _endorsement(organisation)
    for someone in (outsider, leader):  # a stranger; the badge's own initiative leader
        client.force_login(someone)
        assert client.post(_withdraw_url(endorsement)).status_code == 403
        endorsement.refresh_from_db()
        assert endorsement.revoked_at is None and _bit(endorsement) is False
    client.logout()
    assert client.post(_withdraw_url(endorsement)).status_code == 302  # to the login page
    endorsement.refresh_from_db()
    assert endorsement.revoked_at is None
    client.force_login(advisor)  # the organisation's staff
    assert client.post(_withdraw_url(endorsement)).status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.revoked_at is not None and _bit(endorsement) is True


def test_the_python_verifier_says_the_endorsement_was_withdrawn_and_the_badge_stays_valid(
    award, organisation, advisor
):
    badge_class_endorsement_withdraw(endorsement=_endorsement(organisation), by=advisor)
    with translation.override("en"):
        report = verify_credential(award.credential)
    checks = {check.key: check for check in report.checks}
    withdrawn = [check for key, check in checks.items() if "withdrawn" in check.detail]
    assert len(withdrawn) == 1
    assert withdrawn[0].status == CheckStatus.NOT_APPLICABLE
    assert checks["proof"].status == CheckStatus.PASSED
    assert checks["status"].status == CheckStatus.PASSED
    assert report.ok


@pytest.mark.js
def test_the_js_verifier_reports_the_withdrawn_endorsement_and_the_badge_stays_valid(
    s, award, organisation, advisor, tmp_path
):
    """Acceptance 5."""
    node = _node()
    documents: dict = {}
    for issuer in (s.territory, s.initiative_issuer, organisation):
        documents.update(issuer_documents(issuer))
    award_list = award.status_entry.status_list
    endorsement = _endorsement(organisation)
    organisation_list = endorsement.status_entry.status_list

    def with_lists() -> dict:
        return {
            **documents,
            award_list.url: status_list_credential_signed(status_list=award_list),
            organisation_list.url: status_list_credential_signed(status_list=organisation_list),
        }

    before = with_lists()
    badge_class_endorsement_withdraw(endorsement=endorsement, by=advisor)
    after = with_lists()
    batch = tmp_path / "checks.json"
    batch.write_text(
        json.dumps(
            [
                {"credential": award.credential, "documents": before},
                {"credential": award.credential, "documents": after},
            ]
        ),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    in_force, withdrawn = json.loads(completed.stdout)
    assert in_force["verified"] is True, in_force
    assert [item["revoked"] for item in in_force["endorsements"]] == [False, False]
    # The badge itself stays valid; its organisation's endorsement reads as revoked.
    assert withdrawn["verified"] is True, withdrawn
    assert withdrawn["status"][0]["set"] is False  # the badge's own bit
    leader_item, organisation_item = withdrawn["endorsements"]
    assert leader_item["verified"] is True and leader_item["revoked"] is False
    assert organisation_item["issuer"] == organisation.id_url
    assert organisation_item["revoked"] is True
    assert organisation_item["verified"] is False
    assert any("revocation" in error for error in organisation_item["errors"])
