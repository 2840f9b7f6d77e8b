"""Reads on contributions, their evidence and competence claims, filtered by who may see them.

Who sees a contribution:

- its owner, always (drafts included);
- once it is *recorded*: the leaders of its initiative, and everyone with an
  account who was asked to endorse it (an ``EndorsementRequest`` with
  ``endorser`` set, whatever its status).

Who sees a piece of evidence: its owner, always; the other people who see the
contribution see the evidence shown to endorsers (``endorsers`` and
``public``), never the ``private`` one. Outside referents without an account
see :func:`evidence_visible_to_endorsers` through their signed link.

Everyone else gets nothing: views answer 404, so that nobody learns that a
contribution exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from accounts.api import User
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorsementRequest,
    EndorsementRequestStatus,
    Evidence,
    Initiative,
    Membership,
    Role,
    Visibility,
)
from competences.api import (
    Competence,
    CompetenceLevelDescriptor,
    ProficiencyLevel,
    Status,
    competence_search,
    localized,
)

Viewer = User | AnonymousUser

#: Evidence that the people asked to endorse (and the initiative's leaders) see.
VISIBLE_TO_ENDORSERS = (Visibility.ENDORSERS, Visibility.PUBLIC)


def _signed_in(viewer: Viewer) -> bool:
    return bool(viewer.is_authenticated and viewer.is_active)


def _account(viewer: Viewer) -> User | None:
    """The viewer's account when they are signed in with an active one."""
    return viewer if isinstance(viewer, User) and viewer.is_active else None


def _as_uuid(value: UUID | str) -> UUID | None:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None


# --- Contributions ----------------------------------------------------------------


def contribution_visible_queryset(*, viewer: Viewer) -> QuerySet[Contribution]:
    """Every contribution ``viewer`` may read (see the module's docstring)."""
    user = _account(viewer)
    if user is None:
        return Contribution.objects.none()
    leads = Membership.objects.filter(
        initiative=OuterRef("initiative"), user=user, role=Role.LEADER
    )
    asked = EndorsementRequest.objects.filter(contribution=OuterRef("pk"), endorser=user)
    return Contribution.objects.filter(
        Q(owner=user) | Q(Q(Exists(leads)) | Q(Exists(asked)), status=ContributionStatus.RECORDED)
    )


def _with_details(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return queryset.select_related("owner", "initiative").prefetch_related("tags")  # type: ignore[misc]


def contribution_get_for_viewer(*, uuid: UUID | str, viewer: Viewer) -> Contribution | None:
    """The contribution if ``viewer`` may read it, else None (answer 404)."""
    key = _as_uuid(uuid)
    if key is None:
        return None
    return _with_details(contribution_visible_queryset(viewer=viewer)).filter(uuid=key).first()


def contribution_is_visible_to(*, contribution: Contribution, viewer: Viewer) -> bool:
    if _signed_in(viewer) and contribution.owner_id == viewer.pk:
        return True
    return contribution_visible_queryset(viewer=viewer).filter(pk=contribution.pk).exists()


def contribution_is_owner(*, contribution: Contribution, viewer: Viewer) -> bool:
    """Only the owner changes a contribution, its evidence and its claims."""
    return _signed_in(viewer) and contribution.owner_id == viewer.pk


class EndorsementState(models.TextChoices):
    """Where a contribution stands with its endorsements, as its owner's list shows it."""

    TO_SEND = "to_send", pgettext_lazy("endorsement state", "to send")
    WAITING = "waiting", pgettext_lazy("endorsement state", "waiting for an answer")
    CONFIRMED = "confirmed", pgettext_lazy("endorsement state", "confirmed")
    DECLINED = "declined", pgettext_lazy("endorsement state", "declined")


def contribution_states_attach(*, contributions: Sequence[Contribution]) -> None:
    """Sets ``endorsement_state`` (an :class:`EndorsementState` value) on each of a page of
    contributions: *confirmed* with at least one endorsement; else *waiting* while a request
    waits for an answer (not past its date); else *declined* when a request was declined; else
    *to send*. Two queries for the page, whatever the size of the tables: computed in the list
    query, PostgreSQL hashed every endorsement of the site for each page."""
    ids = [contribution.pk for contribution in contributions]
    if not ids:
        return
    endorsed = set(
        Endorsement.objects.filter(claim__contribution__in=ids)
        .values_list("claim__contribution", flat=True)
        .distinct()
    )
    requests: dict[int, set[str]] = {}
    now = timezone.now()
    for contribution_id, status, expires_at in EndorsementRequest.objects.filter(
        contribution__in=ids,
        status__in=[EndorsementRequestStatus.PENDING, EndorsementRequestStatus.DECLINED],
    ).values_list("contribution", "status", "expires_at"):
        if status == EndorsementRequestStatus.PENDING and expires_at > now:
            requests.setdefault(contribution_id, set()).add(EndorsementState.WAITING.value)
        elif status == EndorsementRequestStatus.DECLINED:
            requests.setdefault(contribution_id, set()).add(EndorsementState.DECLINED.value)
    for contribution in contributions:
        found = requests.get(contribution.pk, set())
        if contribution.pk in endorsed:
            state = EndorsementState.CONFIRMED
        elif EndorsementState.WAITING.value in found:
            state = EndorsementState.WAITING
        elif EndorsementState.DECLINED.value in found:
            state = EndorsementState.DECLINED
        else:
            state = EndorsementState.TO_SEND
        contribution.endorsement_state = state.value  # type: ignore[attr-defined]


def _evidence_count() -> Coalesce:
    counts = (
        Evidence.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), Value(0), output_field=models.IntegerField())


def endorsement_state_label(state: str) -> str:
    """The words for an ``endorsement_state`` (empty for an unknown one)."""
    try:
        return str(EndorsementState(state).label)
    except ValueError:
        return ""


def contribution_list_for_owner(
    *, owner: User, status: str | None = None
) -> QuerySet[Contribution]:
    """Someone's own contributions, drafts included, newest first.

    Loads the initiative, the tags and the claims with their competence and counts the
    evidence (``evidence_count``): a constant number of queries. The page that shows where
    each stands calls :func:`contribution_states_attach` on its rows.
    """
    queryset = Contribution.objects.filter(owner=owner)
    if status:
        queryset = queryset.filter(status=status)
    claims = CompetenceClaim.objects.select_related(
        "competence__domain", "competence__version__framework"
    )
    return (
        queryset.select_related("initiative")
        .prefetch_related("tags", Prefetch("claims", queryset=claims))  # type: ignore[misc]
        .annotate(
            # A correlated count, not a join: no GROUP BY, so that a page of the list reads
            # only its rows from the index (contribution_owner_recent) on PostgreSQL.
            evidence_count=_evidence_count(),
        )
        .order_by("-started_on", "-created_at", "-pk")
    )


def contribution_initiative_choices(
    *, owner: User, current: Initiative | None = None
) -> QuerySet[Initiative]:
    """Where someone may record a contribution: the initiatives they are a member of
    (and the contribution's current initiative, even if they left it since)."""
    member = Q(memberships__user=owner)
    if current is not None:
        member |= Q(pk=current.pk)
    return Initiative.objects.filter(member).distinct().order_by("name", "pk")


def contribution_default_initiative(*, owner: User) -> Initiative | None:
    """Where a new contribution most likely happened: the initiative of the person's latest
    contribution in an initiative they are still a member of, else the initiative they
    joined last; None when they are a member of none (a personal project). Two queries."""
    member_of = Membership.objects.filter(user=owner)
    latest = (
        Contribution.objects.filter(owner=owner, initiative__in=member_of.values("initiative_id"))
        .select_related("initiative")
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is not None:
        return latest.initiative
    membership = member_of.select_related("initiative").order_by("-joined_at", "-pk").first()
    return membership.initiative if membership is not None else None


# --- Evidence -----------------------------------------------------------------------


def evidence_visible_to_endorsers(contribution: Contribution) -> QuerySet[Evidence]:
    """The evidence that people asked to endorse a recorded contribution may see.

    For endorsers without an account (outside referents with a signed link),
    and for the initiative's leaders: ``endorsers`` and ``public`` evidence.
    Nothing for a draft.
    """
    if contribution.status != ContributionStatus.RECORDED:
        return Evidence.objects.none()
    return Evidence.objects.filter(contribution=contribution, visibility__in=VISIBLE_TO_ENDORSERS)


def evidence_visible(*, contribution: Contribution, viewer: Viewer) -> QuerySet[Evidence]:
    """The evidence of ``contribution`` that ``viewer`` may see."""
    if contribution_is_owner(contribution=contribution, viewer=viewer):
        return Evidence.objects.filter(contribution=contribution)
    if not contribution_is_visible_to(contribution=contribution, viewer=viewer):
        return Evidence.objects.none()
    return evidence_visible_to_endorsers(contribution)


def evidence_get_for_viewer(*, uuid: UUID | str, viewer: Viewer) -> Evidence | None:
    """A piece of evidence if ``viewer`` may see it, else None (answer 404)."""
    key = _as_uuid(uuid)
    if key is None or not _signed_in(viewer):
        return None
    evidence = Evidence.objects.select_related("contribution").filter(uuid=key).first()
    if evidence is None:
        return None
    contribution = evidence.contribution
    if contribution_is_owner(contribution=contribution, viewer=viewer):
        return evidence
    if evidence.visibility in VISIBLE_TO_ENDORSERS and contribution_is_visible_to(
        contribution=contribution, viewer=viewer
    ):
        return evidence
    return None


# --- Competence claims ----------------------------------------------------------------


def claim_list(*, contribution: Contribution) -> QuerySet[CompetenceClaim]:
    """The claims of a contribution (whoever may read the contribution may read them)."""
    return (
        CompetenceClaim.objects.filter(contribution=contribution)
        .select_related("competence__domain", "competence__version__framework")
        .order_by("competence__domain__order", "competence__order", "competence__code")
    )


def claim_get_for_owner(*, uuid: UUID | str, owner: Viewer) -> CompetenceClaim | None:
    """A claim on one of ``owner``'s contributions, else None (answer 404)."""
    key, account = _as_uuid(uuid), _account(owner)
    if key is None or account is None:
        return None
    return (
        CompetenceClaim.objects.filter(uuid=key, contribution__owner=account)
        .select_related("contribution", "competence__domain", "competence__version__framework")
        .first()
    )


def claimable_competence_get(*, uuid: UUID | str) -> Competence | None:
    """A competence of a published framework version, the only ones people claim."""
    key = _as_uuid(uuid)
    if key is None:
        return None
    return (
        Competence.objects.filter(uuid=key, version__status=Status.PUBLISHED)
        .select_related("version__framework", "domain")
        .first()
    )


def claimable_competences(*, query: str = "", limit: int = 50) -> list[Competence]:
    """Competences people may claim: those of published versions.

    With a query: :func:`competence_search` (accent- and case-insensitive, best
    first). Without: all of them, in the frameworks' order.
    """
    if query.strip():
        return competence_search(query=query, limit=limit)
    return list(
        Competence.objects.filter(version__status=Status.PUBLISHED)
        .select_related("version__framework", "domain")
        .order_by("version__framework__slug", "domain__order", "domain__code", "order", "code")[
            : max(limit, 0)
        ]
    )


@dataclass(frozen=True)
class LevelChoice:
    """A level of a competence's scale, with what it looks like for this competence."""

    number: int
    level: ProficiencyLevel
    descriptor: CompetenceLevelDescriptor | None

    @property
    def text(self) -> str:
        if self.descriptor is not None and (
            self.descriptor.descriptor_fr or self.descriptor.descriptor_en
        ):
            return localized(self.descriptor, "descriptor")[0]
        return self.level.descriptor


def claim_level_choices(*, competence: Competence) -> list[LevelChoice]:
    """The levels of the competence's framework version, lowest first (two queries)."""
    return claim_level_choices_for(competences=[competence])[competence.pk]


def claim_level_choices_for(*, competences: Iterable[Competence]) -> dict[int, list[LevelChoice]]:
    """:func:`claim_level_choices` of several competences, by competence id (two queries).

    What the volunteer read when choosing their level, shown again to whoever endorses it.
    """
    competences = list(competences)
    if not competences:
        return {}
    levels = sorted(
        ProficiencyLevel.objects.filter(version_id__in={c.version_id for c in competences}),
        key=lambda level: level.number,
    )
    descriptors = {
        (item.competence_id, item.level_id): item
        for item in CompetenceLevelDescriptor.objects.filter(
            competence_id__in={c.pk for c in competences}
        )
    }
    return {
        competence.pk: [
            LevelChoice(
                number=level.number,
                level=level,
                descriptor=descriptors.get((competence.pk, level.pk)),
            )
            for level in levels
            if level.version_id == competence.version_id
        ]
        for competence in competences
    }


def claimed_competence_ids(*, contribution: Contribution) -> set[int]:
    return set(
        CompetenceClaim.objects.filter(contribution=contribution).values_list(
            "competence_id", flat=True
        )
    )


def level_names(*, competences: Iterable[Competence]) -> dict[tuple[int, int], str]:
    """``{(version id, level number): level name}`` for the versions of these competences."""
    version_ids = {competence.version_id for competence in competences}
    return {
        (level.version_id, level.number): level.name
        for level in ProficiencyLevel.objects.filter(version_id__in=version_ids)
    }


# --- What badges may show ---------------------------------------------------------


def contributions_with_public_evidence(
    *, contribution_ids: Iterable[int]
) -> list[tuple[Contribution, list[Evidence]]]:
    """These contributions (recorded ones only), oldest first, each with its **public**
    evidence only (``Visibility.PUBLIC``: what the volunteer shows to everyone they share
    their portfolio with). Private and endorsers-only evidence never leaves here. Two queries.
    """
    contributions = list(
        Contribution.objects.filter(
            pk__in=set(contribution_ids), status=ContributionStatus.RECORDED
        )
        .select_related("initiative")
        .order_by("started_on", "created_at", "pk")
    )
    public: dict[int, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(
        contribution__in=contributions, visibility=Visibility.PUBLIC
    ).order_by("created_at", "pk"):
        public.setdefault(evidence.contribution_id, []).append(evidence)
    return [(contribution, public.get(contribution.pk, [])) for contribution in contributions]
