"""What a portfolio shows (``portfolio_content``): complete, in order, in its language,
never private evidence nor an email address, in a constant number of queries."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Endorsement
from portfolios.content import PortfolioContent, fingerprint
from portfolios.models import PortfolioItem
from portfolios.models.portfolios import ItemKind
from portfolios.selectors.portfolios import portfolio_content
from portfolios.services.portfolios import portfolio_items_set
from tests.community.factories.endorsements import bulk_contributions
from tests.portfolios.factories.portfolios import (
    ENDORSERS_NOTE,
    LEADER_WORDS,
    PEER_WORDS,
    PRIVATE_NOTE,
    PUBLIC_NOTE,
    build_portfolio_scene,
    portfolio_scene,
)

pytestmark = pytest.mark.django_db


def _text(content: PortfolioContent) -> str:
    return repr(content) + repr(asdict(content))


def test_the_scene_gives_a_portfolio_selecting_everything(default_framework):
    owner, portfolio = portfolio_scene(default_framework)
    assert portfolio.owner == owner
    kinds = list(portfolio.items.values_list("kind", flat=True))
    assert kinds.count(ItemKind.COMPETENCE) == 3
    assert kinds.count(ItemKind.CONTRIBUTION) == 2
    assert kinds.count(ItemKind.ENDORSEMENT) == 3
    assert kinds.count(ItemKind.BADGE) == 2


def test_competences_grouped_by_domain_with_best_level_and_counts(default_framework):
    scene = build_portfolio_scene(default_framework)
    content = portfolio_content(portfolio=scene.portfolio)

    first, second, other_domain = scene.competences
    assert [domain.code for domain in content.domains] == [
        first.domain.code,
        other_domain.domain.code,
    ]
    lines = {line.code: line for domain in content.domains for line in domain.competences}
    assert content.competence_count == 3
    # First competence: Sophie (leader) confirmed level 3.
    assert lines[first.code].level == 3
    assert lines[first.code].endorsers == 1
    assert lines[first.code].leaders == 1
    assert lines[first.code].max_level == 4
    assert lines[first.code].level_label  # the level's name, in French here
    # The other domain's competence: Sophie said 2, Bastien (peer) said 3: best is 3, by one.
    assert lines[other_domain.code].level == 3
    assert lines[other_domain.code].endorsers == 1
    assert lines[other_domain.code].leaders == 0
    assert lines[second.code].level == 2
    assert lines[second.code].url.startswith("http://testserver/")


def test_contributions_with_public_evidence_only(default_framework):
    scene = build_portfolio_scene(default_framework)
    content = portfolio_content(portfolio=scene.portfolio)

    first, second = content.contributions
    assert first.title == "Accueil du samedi"
    assert first.initiative == "Repair Café des Grésilles"
    assert first.role == "Bénévole à l'accueil"
    assert first.hours == 42.0
    assert first.ended_on is not None
    assert "organisé la file" in first.summary
    assert len(first.competences) == 2
    assert [evidence.kind for evidence in first.evidence] == ["text"]
    assert PUBLIC_NOTE in first.evidence[0].text
    assert second.ended_on is None
    assert second.evidence == []
    text = _text(content)
    assert PRIVATE_NOTE not in text
    assert ENDORSERS_NOTE not in text


def test_no_email_address_anywhere(default_framework):
    scene = build_portfolio_scene(default_framework)
    text = _text(portfolio_content(portfolio=scene.portfolio))
    for user in (scene.owner, scene.leader, scene.peer):
        assert user.email not in text


def test_endorsement_quotes(default_framework):
    scene = build_portfolio_scene(default_framework, language="en")
    quotes = portfolio_content(portfolio=scene.portfolio).endorsements
    assert [quote.quote for quote in quotes] == [
        LEADER_WORDS,
        PEER_WORDS,
        "Elle sait animer un groupe de dix personnes.",
    ]
    leader_quote, peer_quote, _ = quotes
    assert leader_quote.endorser_name == "Sophie Martin"
    assert leader_quote.endorser_role == "Initiative leader"
    assert leader_quote.initiative == "Repair Café des Grésilles"
    assert leader_quote.level == 3
    assert leader_quote.level_label
    assert leader_quote.given_on == timezone.localdate()
    assert peer_quote.endorser_role == "Fellow member"
    assert peer_quote.initiative == "Repair Café des Grésilles"


def test_badges_with_status_and_unchanged_credential(default_framework):
    scene = build_portfolio_scene(default_framework, language="en")
    scene.awards[1].revoked_at = timezone.now()
    scene.awards[1].save(update_fields=["revoked_at"])
    badges = portfolio_content(portfolio=scene.portfolio).badges

    assert [badge.name for badge in badges] == [
        "Accueillir au repair café",
        "Animer un atelier vélo",
    ]
    valid, revoked = badges
    assert (valid.status, valid.status_label) == ("valid", "Valid")
    assert (revoked.status, revoked.status_label) == ("revoked", "Revoked")
    assert valid.expires_on is not None and revoked.expires_on is None
    assert valid.issuer_name == scene.issuer.name
    assert valid.verification_url == scene.awards[0].page_url
    assert valid.image_url.startswith("http://testserver/")
    assert valid.credential == scene.awards[0].credential
    assert valid.credential["proof"]


def test_expired_badge(default_framework):
    scene = build_portfolio_scene(default_framework, language="en")
    scene.awards[0].expires_at = timezone.now() - timezone.timedelta(days=1)
    scene.awards[0].save(update_fields=["expires_at"])
    badge = portfolio_content(portfolio=scene.portfolio).badges[0]
    assert (badge.status, badge.status_label) == ("expired", "Expired")


def test_the_owners_order_is_kept(default_framework):
    scene = build_portfolio_scene(default_framework)
    first, second = scene.contributions
    quotes = [e for e in scene.endorsements if e.comment]
    portfolio_items_set(
        portfolio=scene.portfolio,
        by=scene.owner,
        competences=list(reversed(scene.competences)),
        contributions=[second, first],
        endorsements=list(reversed(quotes)),
        awards=list(reversed(scene.awards)),
    )
    content = portfolio_content(portfolio=scene.portfolio)
    assert [line.title for line in content.contributions] == ["Atelier vélo", "Accueil du samedi"]
    assert [quote.uuid for quote in content.endorsements] == [str(e.uuid) for e in reversed(quotes)]
    assert [badge.award_uuid for badge in content.badges] == [
        str(a.uuid) for a in reversed(scene.awards)
    ]
    # Domains stay in the framework's order; inside one, the owner's order.
    domain_one = content.domains[0]
    assert [line.code for line in domain_one.competences] == [
        scene.competences[1].code,
        scene.competences[0].code,
    ]


def test_content_in_french_and_in_english(default_framework):
    scene = build_portfolio_scene(default_framework)
    french = portfolio_content(portfolio=scene.portfolio)
    scene.portfolio.language = "en"
    scene.portfolio.save()
    english = portfolio_content(portfolio=scene.portfolio)

    assert french.language == "fr" and english.language == "en"
    assert french.endorsements[0].endorser_role != english.endorsements[0].endorser_role
    assert english.endorsements[0].endorser_role == "Initiative leader"
    assert french.badges[0].status_label == "Valide"
    assert english.badges[0].status_label == "Valid"
    competence = scene.competences[0]
    assert french.domains[0].competences[0].title == competence.title_fr
    assert english.domains[0].competences[0].title == competence.title_en
    assert french.domains[0].title != english.domains[0].title
    assert french.domains[0].competences[0].level_label != (
        english.domains[0].competences[0].level_label
    )


def test_other_peoples_objects_never_show_even_if_an_item_points_to_them(
    default_framework, outsider
):
    scene = build_portfolio_scene(default_framework)
    other = build_portfolio_scene(
        default_framework,
        owner=outsider,
        leader=scene.leader,
        peer=scene.peer,
    )
    PortfolioItem.objects.create(
        portfolio=scene.portfolio,
        kind=ItemKind.CONTRIBUTION,
        contribution=other.contributions[0],
        position=9,
    )
    PortfolioItem.objects.create(
        portfolio=scene.portfolio, kind=ItemKind.BADGE, award=other.awards[0], position=9
    )
    content = portfolio_content(portfolio=scene.portfolio)
    assert len(content.contributions) == 2
    assert len(content.badges) == 2


def test_fingerprint_changes_with_the_content(default_framework):
    scene = build_portfolio_scene(default_framework)
    before = fingerprint(portfolio_content(portfolio=scene.portfolio))
    assert fingerprint(portfolio_content(portfolio=scene.portfolio)) == before
    scene.portfolio.title = "Autre titre"
    scene.portfolio.save()
    assert fingerprint(portfolio_content(portfolio=scene.portfolio)) != before


def _queries(portfolio) -> int:
    with CaptureQueriesContext(connection) as queries:
        portfolio_content(portfolio=portfolio)
    return len(queries)


def test_constant_number_of_queries(default_framework):
    scene = build_portfolio_scene(default_framework)
    small = _queries(scene.portfolio)
    bulk_contributions(
        owner=scene.owner,
        version=default_framework,
        initiative=scene.initiative,
        leader=scene.leader,
        peer=scene.peer,
        count=60,
        pending_for_leader=False,
    )
    Endorsement.objects.filter(claim__contribution__owner=scene.owner, comment="").update(
        comment="Bien."
    )
    from portfolios.selectors.choices import portfolio_choices

    choices = portfolio_choices(owner=scene.owner)
    portfolio_items_set(
        portfolio=scene.portfolio,
        by=scene.owner,
        competences=[c.pk for c in choices.competences],
        contributions=[c.pk for c in choices.contributions],
        endorsements=[c.pk for c in choices.endorsements][:150],
        awards=[c.pk for c in choices.awards],
    )
    scene.portfolio.refresh_from_db()
    content = portfolio_content(portfolio=scene.portfolio)
    assert len(content.contributions) == 62
    assert len(content.endorsements) == 150
    assert _queries(scene.portfolio) == small
    assert small <= 8
