"""Data of the portfolio tests: Amina's portfolio, built through the real services.

``portfolio_scene(version)`` gives a volunteer with:

- two recorded contributions at Sophie's repair café (and Sophie leads it; Bastien is a
  fellow member), claiming competences in two domains of the framework;
- endorsements by Sophie (leader) and Bastien (peer), each with their own words;
- evidence of each visibility on the first contribution: a PRIVATE text containing
  ``PRIVATE_NOTE`` (it must never appear anywhere), one for endorsers only, and a
  PUBLIC one containing ``PUBLIC_NOTE``;
- two badges awarded and signed by the repair café's issuer (``badges`` services);
- the territory's issuer (the platform issuer that signs the CLR);
- a portfolio selecting all of it, in a known order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accounts.models import User
from badges.models import Award, BadgeClass, Issuer
from badges.services.awards import award_create
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    Evidence,
    EvidenceKind,
    Initiative,
    Membership,
    Role,
    Visibility,
)
from community.services.endorsements import (
    ClaimAnswer,
    endorsement_answer,
    endorsement_request_create,
)
from competences.models import Competence, FrameworkVersion
from portfolios.models import Portfolio, PortfolioItem
from portfolios.models.portfolios import ItemKind
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory, TerritoryIssuerFactory, image_upload
from tests.community.factories.initiatives import InitiativeFactory

PRIVATE_NOTE = "PRIVATE-NOTE-xyz"
PUBLIC_NOTE = "PUBLIC-NOTE-abc"
ENDORSERS_NOTE = "ENDORSERS-NOTE-def"
LEADER_WORDS = "Amina accueille chaque visiteur avec patience et méthode."
PEER_WORDS = "Elle a organisé tout le planning de l'atelier."
LEADER_WORDS_2 = "Elle sait animer un groupe de dix personnes."


@dataclass
class PortfolioScene:
    owner: User
    leader: User
    peer: User
    initiative: Initiative
    issuer: Issuer
    territory: Issuer
    competences: list[Competence]  # the claimed ones: [domain 1, domain 1, domain 2]
    contributions: list[Contribution]  # [with private evidence, second one]
    endorsements: list[Endorsement]
    badges: list[BadgeClass]
    awards: list[Award]
    portfolio: Portfolio


def _framework_pick(version: FrameworkVersion) -> list[Competence]:
    """The first two competences of the first domain and the first of the second."""
    ordered = list(
        Competence.objects.filter(version=version)
        .select_related("domain")
        .order_by("domain__order", "order")
    )
    first_domain = ordered[0].domain_id
    second = next(c for c in ordered if c.domain_id != first_domain)
    return [ordered[0], ordered[1], second]


def _territory_issuer() -> Issuer:
    existing = Issuer.objects.filter(is_territory=True).first()
    return existing or TerritoryIssuerFactory()


def build_portfolio_scene(
    version: FrameworkVersion,
    *,
    owner: User | None = None,
    leader: User | None = None,
    peer: User | None = None,
    language: str = "fr",
) -> PortfolioScene:
    """Everything described in the module docstring (pass users to reuse fixtures)."""
    owner = owner or UserFactory(
        email="amina.diallo@example.org", display_name="Amina Diallo", preferred_language="fr"
    )
    leader = leader or UserFactory(
        email="sophie.martin@example.org", display_name="Sophie Martin", preferred_language="fr"
    )
    peer = peer or UserFactory(
        email="bastien.roux@example.org", display_name="Bastien Roux", preferred_language="fr"
    )
    assert owner is not None and leader is not None and peer is not None
    initiative = InitiativeFactory(
        name="Repair Café des Grésilles",
        slug=f"repair-cafe-gresilles-{owner.pk}",
        commune="Dijon",
        postcode="21000",
        leader=leader,
    )
    for member in (owner, peer):
        Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    competences = _framework_pick(version)

    first = Contribution.objects.create(
        owner=owner,
        initiative=initiative,
        title="Accueil du samedi",
        role="Bénévole à l'accueil",
        narrative="J'ai accueilli les visiteurs et organisé la file d'attente.",
        started_on=date(2026, 3, 7),
        ended_on=date(2026, 6, 27),
        hours=Decimal("42"),
        status=ContributionStatus.RECORDED,
    )
    first_claims = [
        CompetenceClaim.objects.create(
            contribution=first, competence=competences[0], self_level=2, statement="Accueil."
        ),
        CompetenceClaim.objects.create(
            contribution=first, competence=competences[2], self_level=3, statement="Planning."
        ),
    ]
    for title, text, visibility in (
        ("Mon carnet", f"Note personnelle {PRIVATE_NOTE}", Visibility.PRIVATE),
        ("Le planning", f"Planning des bénévoles {ENDORSERS_NOTE}", Visibility.ENDORSERS),
        ("L'article du journal", f"Article du Bien Public {PUBLIC_NOTE}", Visibility.PUBLIC),
    ):
        Evidence.objects.create(
            contribution=first,
            kind=EvidenceKind.TEXT,
            title=title,
            text=text,
            visibility=visibility,
        )
    second = Contribution.objects.create(
        owner=owner,
        initiative=initiative,
        title="Atelier vélo",
        role="Animatrice",
        narrative="J'ai animé l'atelier de réparation de vélos.",
        started_on=date(2026, 9, 5),
        ended_on=None,
        hours=Decimal("12.5"),
        status=ContributionStatus.RECORDED,
    )
    second_claim = CompetenceClaim.objects.create(
        contribution=second, competence=competences[1], self_level=2, statement="Atelier."
    )

    endorsements: list[Endorsement] = []
    leader_request, peer_request = endorsement_request_create(
        contribution=first, by=owner, peers=[peer]
    )
    endorsements += endorsement_answer(
        request=leader_request,
        by=leader,
        answers=[
            ClaimAnswer(claim=first_claims[0], level=3, comment=LEADER_WORDS),
            ClaimAnswer(claim=first_claims[1], level=2, comment=""),
        ],
        relationship="Je coordonne le repair café.",
    )
    endorsements += endorsement_answer(
        request=peer_request,
        by=peer,
        answers=[ClaimAnswer(claim=first_claims[1], level=3, comment=PEER_WORDS)],
        relationship="Nous sommes bénévoles ensemble.",
    )
    [second_request] = endorsement_request_create(contribution=second, by=owner)
    endorsements += endorsement_answer(
        request=second_request,
        by=leader,
        answers=[ClaimAnswer(claim=second_claim, level=2, comment=LEADER_WORDS_2)],
        relationship="Je coordonne le repair café.",
    )

    issuer = IssuerFactory(initiative=initiative, email=f"issuer-{owner.pk}@example.org")
    territory = _territory_issuer()
    badges = [
        badge_class_add(
            issuer,
            name="Accueillir au repair café",
            slug=f"accueillir-{owner.pk}",
            description="Accueille et oriente les visiteurs.",
            image=image_upload(),
            validity_days=365,
        ),
        badge_class_add(
            issuer,
            name="Animer un atelier vélo",
            slug=f"atelier-velo-{owner.pk}",
            description="Anime un atelier de réparation de vélos.",
            image=image_upload(),
        ),
    ]
    awards = [
        award_create(
            badge_class=badge,
            by=leader,
            email=owner.email,
            recipient=owner,
            narrative="Trois samedis d'accueil.",
        )
        for badge in badges
    ]

    portfolio = Portfolio.objects.create(
        owner=owner,
        title="Mon portfolio" if language == "fr" else "My portfolio",
        target="Emploi dans l'accueil du public",
        statement="J'aime accueillir et organiser.",
        language=language,
    )
    items = [
        PortfolioItem(portfolio=portfolio, kind=ItemKind.COMPETENCE, competence=c, position=i)
        for i, c in enumerate(competences)
    ]
    items += [
        PortfolioItem(portfolio=portfolio, kind=ItemKind.CONTRIBUTION, contribution=c, position=i)
        for i, c in enumerate([first, second])
    ]
    items += [
        PortfolioItem(portfolio=portfolio, kind=ItemKind.ENDORSEMENT, endorsement=e, position=i)
        for i, e in enumerate(e for e in endorsements if e.comment)
    ]
    items += [
        PortfolioItem(portfolio=portfolio, kind=ItemKind.BADGE, award=a, position=i)
        for i, a in enumerate(awards)
    ]
    PortfolioItem.objects.bulk_create(items)
    return PortfolioScene(
        owner=owner,
        leader=leader,
        peer=peer,
        initiative=initiative,
        issuer=issuer,
        territory=territory,
        competences=competences,
        contributions=[first, second],
        endorsements=endorsements,
        badges=badges,
        awards=awards,
        portfolio=portfolio,
    )


def portfolio_scene(version: FrameworkVersion, **kwargs) -> tuple[User, Portfolio]:
    """The owner and their portfolio (see ``build_portfolio_scene`` for the rest)."""
    scene = build_portfolio_scene(version, **kwargs)
    return scene.owner, scene.portfolio
