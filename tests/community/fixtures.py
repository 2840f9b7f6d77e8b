"""The community around the personas (a pytest plugin of tests/conftest.py, so every app's
tests share it): Sophie leads the Repair Café, where Amina and Pierre are members; Olivier
leads another initiative; the outsider belongs to none. Amina's contributions there, and
the endorsement requests she sent about them."""

from __future__ import annotations

import pytest

from community.models import Evidence, EvidenceKind, Role, Sphere, Visibility
from tests.accounts.factories.users import UserFactory
from tests.community.factories.contributions import ContributionFactory
from tests.community.factories.endorsements import (
    EndorsementRequestFactory,
    contribution_with_claims,
)
from tests.community.factories.initiatives import InitiativeFactory, MembershipFactory


@pytest.fixture
def initiative(leader, volunteer):
    initiative = InitiativeFactory(
        name="Repair Café de Chenôve",
        slug="repair-cafe-de-chenove",
        commune="Chenôve",
        postcode="21300",
        spheres=[Sphere.CONSUME, Sphere.PRODUCE],
        leader=leader,
    )
    MembershipFactory(initiative=initiative, user=volunteer, role=Role.MEMBER)
    return initiative


@pytest.fixture
def other_leader(db):
    return UserFactory(email="olivier@example.org", display_name="Olivier")


@pytest.fixture
def other_initiative(other_leader):
    return InitiativeFactory(
        name="FabLab de Quetigny", slug="fablab-de-quetigny", leader=other_leader
    )


# --- Contributions: Amina's contribution in Sophie's initiative, seen by a fellow member ---


@pytest.fixture
def peer(initiative):
    """Another member of ``initiative`` (a fellow member of Amina's)."""
    return MembershipFactory(
        initiative=initiative, user=UserFactory(email="pierre@example.org", display_name="Pierre")
    ).user


@pytest.fixture
def contribution(volunteer, initiative):
    """Amina's recorded contribution in Sophie's initiative."""
    return ContributionFactory(
        owner=volunteer, initiative=initiative, title="Accueil au Repair Café", tags=["accueil"]
    )


@pytest.fixture
def draft(volunteer, initiative):
    return ContributionFactory(
        owner=volunteer, initiative=initiative, title="Brouillon d'atelier", status="draft"
    )


@pytest.fixture
def in_english(volunteer, leader):
    """Amina and Sophie read Jalons in English: the tests read the English texts."""
    for user in (volunteer, leader):
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])


# --- Endorsement: Bastien is a fellow member of the Repair Café; Amina recorded "Accueil du
# samedi" there, claiming two competences (tests/community/factories/endorsements.py) ---


@pytest.fixture
def fellow(initiative):
    """Bastien, a fellow member of the Repair Café."""
    user = UserFactory(email="bastien@example.org", display_name="Bastien", preferred_language="en")
    MembershipFactory(initiative=initiative, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def claimed_contribution(volunteer, initiative, default_framework):
    """Amina's recorded contribution at the Repair Café, with two claims (levels 2 and 3)
    and three pieces of evidence: private, for endorsers, public."""
    contribution = contribution_with_claims(
        owner=volunteer, initiative=initiative, version=default_framework
    )
    for title, visibility in (
        ("Mon carnet personnel", Visibility.PRIVATE),
        ("Le planning des bénévoles", Visibility.ENDORSERS),
        ("L'article du journal", Visibility.PUBLIC),
    ):
        Evidence.objects.create(
            contribution=contribution,
            kind=EvidenceKind.TEXT,
            title=title,
            text=f"Texte de la preuve : {title}.",
            visibility=visibility,
        )
    return contribution


@pytest.fixture
def leader_request(claimed_contribution, leader):
    """The request waiting for Sophie, as leader of the Repair Café."""
    return EndorsementRequestFactory(
        contribution=claimed_contribution, endorser=leader, kind="leader"
    )


@pytest.fixture
def fellow_request(claimed_contribution, fellow):
    return EndorsementRequestFactory(
        contribution=claimed_contribution, endorser=fellow, kind="peer"
    )


@pytest.fixture
def link_request(claimed_contribution):
    """A request emailed to Nora, a referent without an account (raw token in ``.token``)."""
    return EndorsementRequestFactory(
        contribution=claimed_contribution,
        kind="outside",
        endorser=None,
        email="nora@example.org",
        name="Nora Petit",
    )
