"""Writes on portfolios: create, default in one click, edit, select (only one's own), delete."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from portfolios.models import Portfolio, PortfolioItem
from portfolios.models.portfolios import ItemKind
from portfolios.selectors.choices import portfolio_selection
from portfolios.selectors.portfolios import portfolio_content
from portfolios.services.portfolios import (
    portfolio_create,
    portfolio_create_default,
    portfolio_delete,
    portfolio_items_set,
    portfolio_update,
)
from tests.accounts.factories.users import UserFactory
from tests.community.factories.contributions import ContributionFactory, EvidenceFactory
from tests.portfolios.factories.portfolios import PRIVATE_NOTE, build_portfolio_scene

pytestmark = pytest.mark.django_db


def test_create(volunteer):
    portfolio = portfolio_create(
        owner=volunteer, title="  Pour la  logistique ", target="Emploi", language="en"
    )
    assert portfolio.title == "Pour la logistique"
    assert portfolio.owner == volunteer
    assert portfolio.language == "en"
    assert not portfolio.items.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [({"title": "   "}, "title"), ({"title": "T", "language": "de"}, "language")],
)
def test_create_refuses_bad_values(volunteer, values, field):
    with pytest.raises(ValidationError) as error:
        portfolio_create(owner=volunteer, **values)
    assert field in error.value.message_dict


def test_update_bumps_updated_at(volunteer):
    portfolio = portfolio_create(owner=volunteer, title="A")
    before = portfolio.updated_at
    portfolio_update(
        portfolio=portfolio, by=volunteer, title="B", target="T", statement="S", language="en"
    )
    portfolio.refresh_from_db()
    assert (portfolio.title, portfolio.target, portfolio.statement) == ("B", "T", "S")
    assert portfolio.updated_at > before


def test_only_the_owner_updates_sets_or_deletes(volunteer, outsider):
    portfolio = portfolio_create(owner=volunteer, title="A")
    with pytest.raises(PermissionDenied):
        portfolio_update(
            portfolio=portfolio, by=outsider, title="B", target="", statement="", language="fr"
        )
    with pytest.raises(PermissionDenied):
        portfolio_items_set(portfolio=portfolio, by=outsider)
    with pytest.raises(PermissionDenied):
        portfolio_delete(portfolio=portfolio, by=outsider)
    assert Portfolio.objects.filter(pk=portfolio.pk).exists()


def test_delete(volunteer):
    portfolio = portfolio_create(owner=volunteer, title="A")
    portfolio_delete(portfolio=portfolio, by=volunteer)
    assert not Portfolio.objects.filter(pk=portfolio.pk).exists()


def test_items_set_keeps_the_order_and_bumps_updated_at(default_framework):
    scene = build_portfolio_scene(default_framework)
    portfolio = scene.portfolio
    before = portfolio.updated_at
    first, second = scene.contributions
    portfolio_items_set(
        portfolio=portfolio,
        by=scene.owner,
        competences=[scene.competences[2], scene.competences[0]],
        contributions=[second.pk, first.pk, second.pk],  # a repeat counts once
        endorsements=[],
        awards=[scene.awards[1]],
    )
    assert portfolio_selection(portfolio=portfolio) == {
        "competences": [scene.competences[2].pk, scene.competences[0].pk],
        "contributions": [second.pk, first.pk],
        "endorsements": [],
        "awards": [scene.awards[1].pk],
        "external_badges": [],
    }
    portfolio.refresh_from_db()
    assert portfolio.updated_at > before


@pytest.mark.parametrize("kind", ["contributions", "endorsements", "awards"])
def test_items_set_refuses_other_peoples_things(default_framework, outsider, kind):
    mine = build_portfolio_scene(default_framework)
    theirs = build_portfolio_scene(
        default_framework, owner=outsider, leader=mine.leader, peer=mine.peer
    )
    other = {
        "contributions": theirs.contributions[0],
        "endorsements": theirs.endorsements[0],
        "awards": theirs.awards[0],
    }[kind]
    with pytest.raises(PermissionDenied):
        portfolio_items_set(portfolio=mine.portfolio, by=mine.owner, **{kind: [other]})
    assert mine.portfolio.items.count() == 10  # unchanged


def test_items_set_refuses_a_competence_never_claimed_and_a_draft(default_framework):
    from competences.models import Competence

    scene = build_portfolio_scene(default_framework)
    unclaimed = Competence.objects.filter(version=default_framework).exclude(
        pk__in=[c.pk for c in scene.competences]
    )[0]
    with pytest.raises(ValidationError):
        portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, competences=[unclaimed])
    draft = ContributionFactory(owner=scene.owner, initiative=scene.initiative, status="draft")
    with pytest.raises(ValidationError):
        portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, contributions=[draft.pk])


def test_private_evidence_never_shows_even_when_its_contribution_is_selected(default_framework):
    scene = build_portfolio_scene(default_framework)
    EvidenceFactory(contribution=scene.contributions[1], text="secret", visibility="private")
    portfolio_items_set(
        portfolio=scene.portfolio, by=scene.owner, contributions=scene.contributions
    )
    content = portfolio_content(portfolio=scene.portfolio)
    assert PRIVATE_NOTE not in repr(content)
    assert "secret" not in repr(content)


def test_default_portfolio_in_one_click(default_framework):
    scene = build_portfolio_scene(default_framework)
    # An expired badge is left out.
    scene.awards[1].expires_at = timezone.now() - timedelta(days=1)
    scene.awards[1].save(update_fields=["expires_at"])

    portfolio = portfolio_create_default(owner=scene.owner)

    with translation.override("fr"):
        assert portfolio.title == gettext("My portfolio")  # "Mon portfolio"
    assert portfolio.language == "fr"
    selection = portfolio_selection(portfolio=portfolio)
    first, second, other_domain = scene.competences
    # Level 3 first (framework order between them), then level 2.
    assert selection["competences"] == [first.pk, other_domain.pk, second.pk]
    assert selection["contributions"] == [c.pk for c in reversed(scene.contributions)]
    assert selection["awards"] == [scene.awards[0].pk]
    quoted = [e for e in scene.endorsements if e.comment]
    assert sorted(selection["endorsements"]) == sorted(e.pk for e in quoted)
    content = portfolio_content(portfolio=portfolio)
    assert content.competence_count == 3
    assert len(content.endorsements) == 3


def test_default_portfolio_in_english_for_an_english_speaker(default_framework):
    owner = UserFactory(email="marc@example.org", display_name="Marc", preferred_language="en")
    portfolio = portfolio_create_default(owner=owner)
    assert (portfolio.title, portfolio.language) == ("My portfolio", "en")
    assert not portfolio.items.exists()


def test_default_portfolio_takes_two_quotes_per_competence_leaders_first(default_framework):
    from tests.community.factories.endorsements import endorse

    scene = build_portfolio_scene(default_framework)
    claim = scene.contributions[0].claims.get(competence=scene.competences[2])
    for name in ("Chloé", "Driss"):
        peer = UserFactory(email=f"{name.lower()}@example.org", display_name=name)
        endorsement = endorse(claim, endorser=peer, level=3)
        endorsement.comment = f"Les mots de {name}."
        endorsement.save()
    leader_quote = next(
        e for e in scene.endorsements if e.claim_id == claim.pk and e.kind == "leader"
    )
    leader_quote.comment = "Les mots de Sophie."
    leader_quote.save()

    portfolio = portfolio_create_default(owner=scene.owner)
    chosen = PortfolioItem.objects.filter(
        portfolio=portfolio, kind=ItemKind.ENDORSEMENT, endorsement__claim=claim
    )
    assert chosen.count() == 2
    assert chosen.filter(endorsement__kind="leader").exists()
