"""What the other apps may use of community: initiatives, contributions, endorsements.

Other apps import this module and the models it names, nothing else of community (checked
by import-linter in ``make lint``; docs/development.md#architecture).

- Models: ``Initiative``; ``Contribution`` (``ContributionStatus``) with its ``Evidence``
  (``EvidenceKind``, ``Visibility``) and ``CompetenceClaim``s; ``Endorsement``
  (``EndorserKind``). Other apps read them; they never write them.
- ``endorsement_recorded``: the signal sent (after commit) when someone's competences were
  endorsed.
- Initiatives and their leaders: ``initiative_get``, ``user_leads_initiative``,
  ``initiatives_led_by``, ``initiative_leaders``.
- What counts towards recognition: ``endorsements_that_count`` (a person's endorsements of
  some competences, never self-given), ``owners_endorsed`` (who is endorsed enough),
  ``endorsement_list_for_owner``, ``best_endorsed_levels``.
- ``contributions_with_public_evidence``: contributions with only what their owner made
  public, for documents read by anyone.
- ``initiative_links_register``: add links to initiatives' pages (``InitiativeLink``).
"""

from __future__ import annotations

from community.extensions import InitiativeLink, initiative_links_register
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorserKind,
    Evidence,
    EvidenceKind,
    Initiative,
    Visibility,
)
from community.selectors.contributions import contributions_with_public_evidence
from community.selectors.endorsements import (
    endorsement_list_for_owner,
    endorsements_that_count,
    owners_endorsed,
)
from community.selectors.initiatives import (
    initiative_get,
    initiative_leaders,
    initiatives_led_by,
    user_leads_initiative,
)
from community.selectors.profile import best_endorsed_levels
from community.signals import endorsement_recorded

__all__ = [
    "CompetenceClaim",
    "Contribution",
    "ContributionStatus",
    "Endorsement",
    "EndorserKind",
    "Evidence",
    "EvidenceKind",
    "Initiative",
    "InitiativeLink",
    "Visibility",
    "best_endorsed_levels",
    "contributions_with_public_evidence",
    "endorsement_list_for_owner",
    "endorsement_recorded",
    "endorsements_that_count",
    "initiative_get",
    "initiative_leaders",
    "initiative_links_register",
    "initiatives_led_by",
    "owners_endorsed",
    "user_leads_initiative",
]
