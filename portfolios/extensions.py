"""What portfolios adds to other apps' pages (``community.api.initiative_links_register``,
connected in ``PortfoliosConfig.ready``): on an initiative's page, for its leaders, the link
to its attestations of volunteering; for an employment advisor, "propose this initiative to
a person" (the orientation form with the initiative filled in: #16, from the directory)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.api import User
from community.api import Initiative, InitiativeLink


def initiative_attestation_links(
    initiative: Initiative, viewer: object, viewer_leads: bool
) -> list[InitiativeLink]:
    if not viewer_leads:
        return []
    return [
        InitiativeLink(
            label=_("Attestations of volunteering"),
            url=reverse("portfolios:attestation_initiative", kwargs={"slug": initiative.slug}),
            place="leader_action",
        )
    ]


def initiative_orientation_links(
    initiative: Initiative, viewer: object, viewer_leads: bool
) -> list[InitiativeLink]:
    """For a signed-in employment advisor: propose the initiative to a person they advise.

    Reads the viewer's role from the row already loaded (no query); whether a portfolio is
    shared with them now is the form's business (it says so when none is).
    """
    if not (isinstance(viewer, User) and viewer.is_active and viewer.is_advisor):
        return []
    query = urlencode({"initiative": initiative.slug})
    return [
        InitiativeLink(
            label=_("Propose this initiative to a person you advise"),
            url=f"{reverse('portfolios:orientation_propose')}?{query}",
            place="viewer_action",
        )
    ]
