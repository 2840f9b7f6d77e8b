"""What the badges app adds to an initiative's page (community knows nothing of badges: it
asks the providers registered through ``community.api.initiative_links_register``).

Without an issuer, its leaders are offered to become one, and nobody else; with one, everyone
is shown its issuer profile, and the leaders are no longer offered to become one.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.badges.factories.issuers import IssuerFactory

BECOME = "Become an issuer of badges"
PROFILE = "This initiative awards badges: see its issuer profile"
PERSONAS = ["leader", "volunteer", "other_leader", "outsider", None]


@pytest.fixture(autouse=True)
def _english_pages(english):
    """The page is read in English."""


def _page(as_persona, persona: str | None, initiative) -> str:
    response = as_persona(persona).get(initiative.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_without_an_issuer_only_its_leaders_are_offered_to_become_one(
    as_persona, persona, initiative
):
    html = _page(as_persona, persona, initiative)
    create = reverse("badges:issuer_create_initiative", args=[initiative.slug])
    assert (BECOME in html) is (persona == "leader")
    assert (f'href="{create}"' in html) is (persona == "leader")
    assert PROFILE not in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_with_an_issuer_everyone_sees_its_profile(as_persona, persona, initiative):
    issuer = IssuerFactory(initiative=initiative)
    html = _page(as_persona, persona, initiative)
    assert PROFILE in html
    assert f'href="{issuer.get_absolute_url()}"' in html
    assert BECOME not in html
