"""What apps built on community add to its pages, without community knowing them.

An initiative's page shows links that other apps provide (the badges app: "see its issuer
profile", or for its leaders "become an issuer of badges"; the portfolios app, for an
employment advisor: "propose this initiative to a person"). Such an app registers a provider
once, in its ``AppConfig.ready``, through ``community.api.initiative_links_register``; the
page asks every provider, giving the initiative, the viewer (perhaps anonymous) and whether
the viewer leads it. A provider reads what it needs of the viewer from the user row already
loaded (roles are fields): no query per viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from community.models import Initiative


@dataclass(frozen=True)
class InitiativeLink:
    """A link on an initiative's page: an action for its leaders, an action for this viewer
    (whoever they are), or a line of its details (``term`` names the line)."""

    label: str
    url: str
    place: Literal["leader_action", "viewer_action", "detail"]
    term: str = ""


#: ``provider(initiative, viewer, viewer_leads_it)`` gives the links to show.
InitiativeLinksProvider = Callable[
    [Initiative, "AbstractBaseUser | AnonymousUser", bool], list[InitiativeLink]
]

_providers: list[InitiativeLinksProvider] = []


def initiative_links_register(provider: InitiativeLinksProvider) -> None:
    """Add links to every initiative's page (once per provider, however often it is called)."""
    if provider not in _providers:
        _providers.append(provider)


def initiative_links(
    *,
    initiative: Initiative,
    viewer: AbstractBaseUser | AnonymousUser,
    viewer_leads: bool,
) -> list[InitiativeLink]:
    """The links every provider adds for this initiative and this viewer, in order."""
    return [link for provider in _providers for link in provider(initiative, viewer, viewer_leads)]
