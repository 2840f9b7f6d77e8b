"""Keep the search columns of a draft's competences up to date.

The columns (``search_title``, ``search_terms``, ``search_text``) hold the
normalised words of a competence's code, titles, descriptions, keywords,
alignment labels and the ESCO labels of the skills it is aligned to (see
:mod:`competences.search_text`, :mod:`competences.esco`). They are derived data:

- the services that change a competence, its keywords or its alignments refresh
  that competence;
- ``version_create_draft`` copies them with the rest;
- ``version_publish`` refreshes the whole draft first, so that a published
  version is always fully indexed, however its draft was filled (imports
  included). Published versions are immutable, so their columns never change
  afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db import transaction

from competences.models import Competence, ExternalAlignment, FrameworkVersion, TaggedCompetence
from competences.search_text import search_columns
from competences.services._common import lock_draft

SEARCH_FIELDS = ("search_title", "search_terms", "search_text")


@transaction.atomic
def search_index_refresh(
    *, version: FrameworkVersion, competence_ids: Collection[int] | None = None
) -> int:
    """Recompute the search columns of a draft's competences (all, or ``competence_ids``).

    Four queries whatever the number of competences; returns how many rows changed.
    """
    lock_draft(version.pk)
    competences = Competence.objects.filter(version_id=version.pk)
    if competence_ids is not None:
        competences = competences.filter(pk__in=competence_ids)
    rows = list(competences.order_by("pk"))
    ids = [row.pk for row in rows]
    keywords: dict[int, list[str]] = defaultdict(list)
    for competence_id, name in TaggedCompetence.objects.filter(
        content_object_id__in=ids
    ).values_list("content_object_id", "tag__name"):
        keywords[competence_id].append(name)
    labels: dict[int, list[str]] = defaultdict(list)
    targets: dict[int, list[str]] = defaultdict(list)
    for competence_id, label_fr, label_en, target_url in (
        ExternalAlignment.objects.filter(competence_id__in=ids)
        .order_by("pk")
        .values_list("competence_id", "label_fr", "label_en", "target_url")
    ):
        labels[competence_id] += [label_fr, label_en]
        targets[competence_id].append(target_url)
    changed = []
    for row in rows:
        columns = search_columns(
            code=row.code,
            titles=(row.title_fr, row.title_en),
            descriptions=(row.description_fr, row.description_en),
            keywords=keywords[row.pk],
            labels=labels[row.pk],
            targets=targets[row.pk],
        )
        if any(getattr(row, name) != value for name, value in columns.items()):
            for name, value in columns.items():
                setattr(row, name, value)
            changed.append(row)
    if changed:
        Competence.objects.bulk_update(changed, SEARCH_FIELDS)
    return len(changed)
