"""Where competences are developed: initiatives of the public directory whose members had
them confirmed there (the ROME gap view suggests them for what a person is missing)."""

from __future__ import annotations

from collections.abc import Iterable

from community.models import Initiative
from community.selectors.endorsements import endorsements_counting


def initiatives_developing(
    *, competence_ids: Iterable[int], limit: int = 5
) -> dict[int, list[Initiative]]:
    """For each competence, up to ``limit`` initiatives listed in the directory where a claim
    of it was endorsed on a recorded contribution (never self-given): those that welcome
    newcomers without prerequisites first, then by name (two queries, whatever the number
    of competences)."""
    wanted = set(competence_ids)
    if not wanted:
        return {}
    pairs = set(
        endorsements_counting()
        .filter(
            claim__competence_id__in=wanted,
            claim__contribution__initiative__in_directory=True,
        )
        .values_list("claim__competence_id", "claim__contribution__initiative_id")
        .distinct()
        .order_by()
    )
    initiatives = Initiative.objects.filter(
        pk__in={initiative_id for _competence, initiative_id in pairs}
    ).order_by("-welcomes_newcomers", "name", "pk")
    ordered = list(initiatives)
    result: dict[int, list[Initiative]] = {}
    for competence_id in wanted:
        here = {initiative_id for c, initiative_id in pairs if c == competence_id}
        found = [initiative for initiative in ordered if initiative.pk in here][:limit]
        if found:
            result[competence_id] = found
    return result
