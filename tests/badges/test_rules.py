"""Rule evaluation: ``badges.rules.rules_met`` and ``users_meeting_rules``."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from badges.rules import rules_met, users_meeting_rules
from community.models import ContributionStatus, EndorserKind
from competences.models import Competence, Domain, FrameworkVersion
from competences.models.base import Status
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, claim_add, competences, endorse
from tests.badges.factories.issuers import IssuerFactory

LEADER = EndorserKind.LEADER


@pytest.fixture
def issuer(db):
    return IssuerFactory()


@pytest.fixture
def comps(default_framework):
    return competences(default_framework, 3)


@pytest.fixture
def amina(db):
    return UserFactory(email="amina@example.org")


def one_rule(issuer, competence, *, level=2, endorsers=1, leaders=0):
    return badge_class_add(
        issuer,
        rules=(
            {
                "competence": competence,
                "min_level": level,
                "min_endorsers": endorsers,
                "min_leaders": leaders,
            },
        ),
    )


def test_met_when_an_endorser_confirms_the_level(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=2)
    claim = claim_add(amina, comps[0])
    endorsement = endorse(claim, email="peer@example.org", level=2)
    check = rules_met(badge_class=badge, user=amina)
    assert check.met
    [result] = check.results
    assert result.met
    assert result.endorsements == [endorsement]
    assert result.claims == [claim]
    assert result.endorser_count == 1


def test_not_met_when_the_endorsed_level_is_too_low(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=3)
    claim = claim_add(amina, comps[0], self_level=4)
    endorse(claim, email="peer@example.org", level=2)
    check = rules_met(badge_class=badge, user=amina)
    assert not check.met
    assert check.results[0].endorsements == []


def test_self_assessed_level_does_not_count(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=1)
    claim_add(amina, comps[0], self_level=4)
    assert not rules_met(badge_class=badge, user=amina).met


def test_an_endorsement_by_the_volunteer_herself_does_not_count(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=1)
    claim = claim_add(amina, comps[0])
    endorse(claim, email="AMINA@example.org", level=4, endorser=amina)
    assert not rules_met(badge_class=badge, user=amina).met


def test_endorser_count(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=2, endorsers=2)
    claim = claim_add(amina, comps[0])
    endorse(claim, email="one@example.org", level=2)
    assert not rules_met(badge_class=badge, user=amina).met
    endorse(claim, email="two@example.org", level=3)
    check = rules_met(badge_class=badge, user=amina)
    assert check.met
    assert check.results[0].endorser_count == 2


def test_endorsers_are_counted_once_across_claims_by_email(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=2, endorsers=2)
    first, second = claim_add(amina, comps[0]), claim_add(amina, comps[0])
    endorse(first, email="same@example.org", level=2)
    endorse(second, email="Same@Example.org", level=3)
    check = rules_met(badge_class=badge, user=amina)
    assert not check.met
    assert check.results[0].endorser_count == 1
    assert len(check.results[0].claims) == 2
    endorse(second, email="other@example.org", level=2)
    assert rules_met(badge_class=badge, user=amina).met


def test_leader_count(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=2, endorsers=2, leaders=1)
    claim = claim_add(amina, comps[0])
    endorse(claim, email="one@example.org", level=2)
    endorse(claim, email="two@example.org", level=2)
    check = rules_met(badge_class=badge, user=amina)
    assert not check.met
    assert check.results[0].leader_count == 0
    endorse(claim, email="sophie@example.org", level=2, kind=LEADER)
    check = rules_met(badge_class=badge, user=amina)
    assert check.met
    assert check.results[0].leader_count == 1


def test_a_leader_below_the_level_is_not_counted(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=3, endorsers=1, leaders=1)
    claim = claim_add(amina, comps[0])
    endorse(claim, email="sophie@example.org", level=2, kind=LEADER)
    endorse(claim, email="peer@example.org", level=3)
    assert not rules_met(badge_class=badge, user=amina).met


def test_combined_rules_must_all_hold(issuer, comps, amina):
    badge = badge_class_add(
        issuer,
        rules=(
            {"competence": comps[0], "min_level": 2, "min_endorsers": 1, "min_leaders": 0},
            {"competence": comps[1], "min_level": 3, "min_endorsers": 1, "min_leaders": 1},
        ),
    )
    endorse(claim_add(amina, comps[0]), email="peer@example.org", level=2)
    second = claim_add(amina, comps[1])
    endorse(second, email="peer@example.org", level=3)
    check = rules_met(badge_class=badge, user=amina)
    assert [result.met for result in check.results] == [True, False]
    assert not check.met
    endorse(second, email="sophie@example.org", level=3, kind=LEADER)
    assert rules_met(badge_class=badge, user=amina).met


def test_other_competences_and_other_people_do_not_count(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=1)
    endorse(claim_add(amina, comps[1]), email="peer@example.org", level=4)
    someone = UserFactory()
    endorse(claim_add(someone, comps[0]), email="peer@example.org", level=4)
    assert not rules_met(badge_class=badge, user=amina).met
    assert rules_met(badge_class=badge, user=someone).met


def test_draft_contributions_do_not_count(issuer, comps, amina):
    badge = one_rule(issuer, comps[0], level=1)
    claim = claim_add(amina, comps[0], status=ContributionStatus.DRAFT)
    endorse(claim, email="peer@example.org", level=4)
    assert not rules_met(badge_class=badge, user=amina).met


def test_a_badge_without_rules_is_never_met(issuer, amina):
    badge = badge_class_add(issuer)
    check = rules_met(badge_class=badge, user=amina)
    assert not check.met
    assert check.results == []
    assert users_meeting_rules(badge_class=badge) == []


def test_claims_of_a_competence_that_replaces_it_count(issuer, comps, amina, default_framework):
    newer = FrameworkVersion.objects.create(
        framework=default_framework.framework, label="9.9", status=Status.DRAFT
    )
    old = comps[0]
    # The same domain and competence in a newer version of the framework.
    new_domain = Domain.objects.create(version=newer, code=old.domain.code, title_fr="Domaine")
    replacing = Competence.objects.create(
        version=newer, domain=new_domain, code=old.code, title_fr=old.title_fr, replaces=old
    )
    badge = one_rule(issuer, old, level=2)
    endorse(claim_add(amina, replacing), email="peer@example.org", level=2)
    assert rules_met(badge_class=badge, user=amina).met
    assert users_meeting_rules(badge_class=badge) == [amina.pk]


def test_rules_met_makes_a_constant_number_of_queries(issuer, comps, amina):
    badge = badge_class_add(
        issuer,
        rules=tuple(
            {"competence": competence, "min_level": 1, "min_endorsers": 2, "min_leaders": 1}
            for competence in comps
        ),
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            check = rules_met(badge_class=badge, user=amina)
            for result in check.results:
                _ = [claim.competence.code for claim in result.claims]
                _ = [e.claim.contribution.title for e in result.endorsements]
        return len(queries)

    few = count()
    for index, competence in enumerate(comps):
        for number in range(3):
            claim = claim_add(amina, competence)
            endorse(claim, email=f"p{index}{number}@example.org", level=2)
            endorse(claim, email=f"l{index}{number}@example.org", level=2, kind=LEADER)
    many = count()
    assert few == many <= 3
    assert rules_met(badge_class=badge, user=amina).met


def test_users_meeting_rules(issuer, comps, amina):
    badge = badge_class_add(
        issuer,
        rules=(
            {"competence": comps[0], "min_level": 2, "min_endorsers": 2, "min_leaders": 1},
            {"competence": comps[1], "min_level": 1, "min_endorsers": 1, "min_leaders": 0},
        ),
    )
    marc = UserFactory(email="marc@example.org")
    karim = UserFactory(email="karim2@example.org")
    for person in (amina, marc, karim):
        first = claim_add(person, comps[0])
        endorse(first, email="sophie@example.org", level=2, kind=LEADER)
        endorse(first, email="peer@example.org", level=2)
    for person in (amina, marc):
        endorse(claim_add(person, comps[1]), email="peer@example.org", level=1)
    # Karim has no endorsement on the second competence; his own word does not count.
    endorse(claim_add(karim, comps[1]), email="karim2@example.org", level=4, endorser=karim)
    assert users_meeting_rules(badge_class=badge) == sorted([amina.pk, marc.pk])
