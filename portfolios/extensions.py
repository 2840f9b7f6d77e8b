"""What portfolios adds to other apps' pages: on an initiative's page, for its leaders, the
link to its attestations of volunteering (``community.api.initiative_links_register``,
connected in ``PortfoliosConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from community.api import Initiative, InitiativeLink


def initiative_attestation_links(
    initiative: Initiative, viewer_leads: bool
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
