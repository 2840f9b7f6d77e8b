"""What the other apps may use of community: initiatives, contributions, endorsements.

Other apps import this module and the models it names, nothing else of community (checked
by import-linter in ``make lint``; docs/development.md#architecture).

- Models: ``Initiative`` and where it is, its ``Commune`` (INSEE code, department,
  intercommunality, population, postcodes, centre); ``Contribution``
  (``ContributionStatus``) with its ``Evidence`` (``EvidenceKind``, ``Visibility``) and
  ``CompetenceClaim``s; ``Endorsement`` (``EndorserKind``) and the ``EndorsementRequest``
  that asked for it. Other apps read them; they never write them.
- ``endorsement_recorded``: the signal sent (after commit) when someone's competences were
  endorsed.
- Initiatives and their leaders: ``initiative_get``, ``user_leads_initiative``,
  ``initiatives_led_by``, ``initiative_leaders``.
- What counts towards recognition: ``endorsements_that_count`` (a person's endorsements of
  some competences, never self-given), ``owners_endorsed`` (who is endorsed enough),
  ``endorsement_list_for_owner``, ``best_endorsed_levels``, ``endorsed_at_least`` (the same
  rule as a condition of another app's query).
- ``contributions_with_public_evidence``: contributions with only what their owner made
  public, for documents read by anyone.
- ``initiative_links_register``: add links to initiatives' pages (``InitiativeLink``).
- Territorial indicators (docs/indicators.md): ``indicator_source_register`` (``Indicator``,
  ``IndicatorSource``, ``Fact``: badges and portfolios add theirs), ``indicator_publication``
  (the stored protected figures of a year, a ``Publication``, or None: never computes),
  ``indicator_publication_ensure`` (the same, computed first when missing: background tasks
  only), ``indicator_years``; what the
  annual report reads of them: ``key_figures``, ``lines_by_place``, ``lines_by_facet``,
  ``public_places``, ``initiative_places`` (``Line``, ``Shown``, ``shown``), ``bar_chart``
  and ``figure_text``.
- ``pathway_facts`` (``PathwayFacts``): for (person, initiative) pairs, when they joined,
  asked to join, first contributed there and which competences were confirmed there (an
  advisor's orientation; the attestation of volunteering).
- ``initiatives_developing``: initiatives of the directory where competences were confirmed
  (newcomers welcome first), for the ROME gap view.
- What waits for someone (the home page): ``contribution_exists_for_owner``,
  ``endorsement_request_sent_waiting_count`` (their requests still waiting for an answer),
  ``endorsement_request_received_list`` and ``endorsement_request_waiting_count`` (the
  requests waiting for their answer), ``initiatives_led_with_join_requests``; ``leads_remember``
  keeps in the session whether they lead an initiative (the navigation's "My initiatives").
"""

from __future__ import annotations

from community.context_processors import leads_remember
from community.extensions import InitiativeLink, initiative_links_register
from community.indicators.charts import bar_chart, figure_text
from community.indicators.reading import (
    Line,
    Shown,
    initiative_places,
    key_figures,
    lines_by_facet,
    lines_by_place,
    public_places,
    shown,
)
from community.indicators.registry import (
    Fact,
    Indicator,
    IndicatorSource,
    indicator_source_register,
)
from community.indicators.tables import Publication
from community.models import (
    Commune,
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorsementRequest,
    EndorserKind,
    Evidence,
    EvidenceKind,
    Initiative,
    Visibility,
)
from community.selectors.contributions import contributions_with_public_evidence
from community.selectors.developed import initiatives_developing
from community.selectors.endorsements import (
    endorsement_list_for_owner,
    endorsement_request_received_list,
    endorsement_request_waiting_count,
    endorsements_that_count,
    owners_endorsed,
)
from community.selectors.indicators import indicator_publication, indicator_years
from community.selectors.initiatives import (
    initiative_get,
    initiative_leaders,
    initiatives_led_by,
    user_leads_initiative,
)
from community.selectors.pathways import PathwayFacts, pathway_facts
from community.selectors.profile import best_endorsed_levels, endorsed_at_least
from community.selectors.summaries import (
    LedInitiative,
    contribution_exists_for_owner,
    endorsement_request_sent_waiting_count,
    initiatives_led_with_join_requests,
)
from community.services.indicators import publication_ensure as indicator_publication_ensure
from community.signals import endorsement_recorded

__all__ = [
    "Commune",
    "CompetenceClaim",
    "Contribution",
    "ContributionStatus",
    "Endorsement",
    "EndorsementRequest",
    "EndorserKind",
    "Evidence",
    "EvidenceKind",
    "Fact",
    "Indicator",
    "IndicatorSource",
    "Initiative",
    "InitiativeLink",
    "LedInitiative",
    "Line",
    "PathwayFacts",
    "Publication",
    "Shown",
    "Visibility",
    "bar_chart",
    "best_endorsed_levels",
    "contribution_exists_for_owner",
    "contributions_with_public_evidence",
    "endorsed_at_least",
    "endorsement_list_for_owner",
    "endorsement_recorded",
    "endorsement_request_received_list",
    "endorsement_request_sent_waiting_count",
    "endorsement_request_waiting_count",
    "endorsements_that_count",
    "figure_text",
    "indicator_publication",
    "indicator_publication_ensure",
    "indicator_source_register",
    "indicator_years",
    "initiative_get",
    "initiative_leaders",
    "initiative_links_register",
    "initiative_places",
    "initiatives_developing",
    "initiatives_led_by",
    "initiatives_led_with_join_requests",
    "key_figures",
    "leads_remember",
    "lines_by_facet",
    "lines_by_place",
    "owners_endorsed",
    "pathway_facts",
    "public_places",
    "shown",
    "user_leads_initiative",
]
