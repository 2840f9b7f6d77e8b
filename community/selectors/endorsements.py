"""Reads on endorsement requests and endorsements, filtered by who is looking.

A request is seen by the volunteer who sent it and by the account it is
addressed to; a request sent by email to someone without an account is opened
with its link only. Whoever is asked sees the contribution and the evidence
its owner shows to endorsers (``community.selectors.contributions.
evidence_visible_to_endorsers``: "endorsers" or "public", never "private").
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.api import User
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Membership,
    Role,
)
from config.tokens import token_hash

Viewer = User | AnonymousUser


def _claims_prefetch() -> Prefetch[str, QuerySet[CompetenceClaim], str]:
    return Prefetch(
        "contribution__claims",
        queryset=CompetenceClaim.objects.select_related("competence__domain").order_by(
            "competence__domain__order", "competence__order", "pk"
        ),
    )


def _with_details(queryset: QuerySet[EndorsementRequest]) -> QuerySet[EndorsementRequest]:
    return queryset.select_related(
        "contribution__initiative", "contribution__owner", "requested_by", "endorser"
    )


def endorsement_request_get(*, uuid: UUID | str, viewer: Viewer) -> EndorsementRequest | None:
    """A request, for its volunteer or for the account it is addressed to."""
    if not viewer.is_authenticated:
        return None
    return (
        _with_details(EndorsementRequest.objects.filter(uuid=uuid))
        .filter(Q(requested_by=viewer) | Q(endorser=viewer))
        .first()
    )


def endorsement_request_get_by_token(*, token: str) -> EndorsementRequest | None:
    """The request of an emailed link, whatever its state (the page explains it)."""
    if not token or len(token) > 100:
        return None
    return (
        _with_details(EndorsementRequest.objects.filter(token_hash=token_hash(token)))
        .filter(endorser__isnull=True)
        .first()
    )


def _waiting() -> Q:
    return Q(status=EndorsementRequestStatus.PENDING, expires_at__gt=timezone.now())


def endorsement_request_sent_list(*, user: Viewer) -> QuerySet[EndorsementRequest]:
    """The requests a volunteer sent, newest first."""
    if not user.is_authenticated:
        return EndorsementRequest.objects.none()
    return _with_details(EndorsementRequest.objects.filter(requested_by=user)).order_by(
        "-created_at", "-pk"
    )


#: At most this many requests are shown as "just sent" (one sending asks a few people).
JUST_SENT_MAX = 20


def endorsement_request_just_sent(
    *, user: Viewer, uuids: Iterable[str]
) -> list[EndorsementRequest]:
    """The requests ``user`` sent among ``uuids`` (those they just sent): one query.

    Identifiers that are not UUIDs, or name requests sent by someone else, are ignored.
    """
    keys = []
    for value in list(uuids)[:JUST_SENT_MAX]:
        try:
            keys.append(UUID(str(value)))
        except ValueError:
            continue
    if not keys or not user.is_authenticated:
        return []
    return list(
        endorsement_request_sent_list(user=user).filter(uuid__in=keys).order_by("created_at", "pk")
    )


def endorsement_request_received_list(
    *, user: Viewer, waiting_only: bool = False
) -> QuerySet[EndorsementRequest]:
    """The requests addressed to someone's account, newest first."""
    if not user.is_authenticated:
        return EndorsementRequest.objects.none()
    queryset = EndorsementRequest.objects.filter(
        endorser=user, contribution__status=ContributionStatus.RECORDED
    )
    if waiting_only:
        queryset = queryset.filter(_waiting())
    return _with_details(queryset).order_by("-created_at", "-pk")


def endorsement_request_answered_list(*, user: Viewer) -> QuerySet[EndorsementRequest]:
    """The requests someone answered: they can come back and change their answer."""
    return endorsement_request_received_list(user=user).filter(
        status=EndorsementRequestStatus.ANSWERED
    )


def leader_review_queue(*, user: Viewer) -> QuerySet[EndorsementRequest]:
    """The leader's requests still waiting, across all the initiatives they lead, newest first.

    With the contribution, its initiative, its volunteer and its claims: a
    constant number of queries, however long the list.
    """
    if not user.is_authenticated:
        return EndorsementRequest.objects.none()
    leads = Membership.objects.filter(
        initiative=OuterRef("contribution__initiative"), user=user, role=Role.LEADER
    )
    return (
        EndorsementRequest.objects.filter(
            _waiting(),
            Exists(leads),
            endorser=user,
            kind=EndorserKind.LEADER,
            contribution__status=ContributionStatus.RECORDED,
        )
        .select_related("contribution__initiative", "contribution__owner")
        .prefetch_related(_claims_prefetch())
        .order_by("-created_at", "-pk")
    )


def contribution_claims(*, contribution: Contribution) -> list[CompetenceClaim]:
    """The claims of a contribution, in the framework's order."""
    return list(
        CompetenceClaim.objects.filter(contribution=contribution)
        .select_related("competence__domain")
        .order_by("competence__domain__order", "competence__order", "pk")
    )


def endorsement_peer_candidates(*, contribution: Contribution) -> QuerySet[User]:
    """Fellow members the volunteer may ask (leaders are asked anyway)."""
    if contribution.initiative_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__initiative_id=contribution.initiative_id,
            memberships__role=Role.MEMBER,
            is_active=True,
        )
        .exclude(pk=contribution.owner_id)
        .order_by("display_name", "email")
    )


def endorsement_leaders_to_ask(*, contribution: Contribution) -> QuerySet[User]:
    """The leaders who are asked automatically (never the volunteer themselves)."""
    if contribution.initiative_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__initiative_id=contribution.initiative_id,
            memberships__role=Role.LEADER,
            is_active=True,
        )
        .exclude(pk=contribution.owner_id)
        .order_by("display_name", "email")
    )


def contribution_for_asking(*, uuid: UUID | str, owner: Viewer) -> Contribution | None:
    """One of the owner's own contributions, to ask for endorsement on it."""
    if not owner.is_authenticated:
        return None
    return Contribution.objects.filter(uuid=uuid, owner=owner).select_related("initiative").first()


def endorsements_by_endorser(*, contribution_id: int, email: str) -> dict[int, Endorsement]:
    """Someone's endorsements on a contribution's claims, by claim id (to edit them)."""
    return {
        endorsement.claim_id: endorsement
        for endorsement in Endorsement.objects.filter(
            claim__contribution_id=contribution_id, endorser_email__iexact=email
        )
    }


def endorsements_of_request(*, request: EndorsementRequest) -> list[Endorsement]:
    """What the person asked answered, claim by claim (shown to the volunteer)."""
    return list(
        Endorsement.objects.filter(request=request)
        .select_related("claim__competence__domain")
        .order_by("claim__competence__domain__order", "claim__competence__order", "pk")
    )


def endorsement_list_for_owner(*, user: Viewer) -> QuerySet[Endorsement]:
    """The endorsements of a volunteer's claims, on their recorded contributions."""
    if not user.is_authenticated:
        return Endorsement.objects.none()
    return (
        Endorsement.objects.filter(
            claim__contribution__owner=user,
            claim__contribution__status=ContributionStatus.RECORDED,
        )
        .select_related("claim__competence", "claim__contribution", "initiative", "request")
        .order_by("-created_at", "-pk")
    )


def endorsement_list_given(*, user: Viewer) -> QuerySet[Endorsement]:
    """The endorsements someone gave with their account."""
    if not user.is_authenticated:
        return Endorsement.objects.none()
    return (
        Endorsement.objects.filter(endorser=user)
        .select_related("claim__competence", "claim__contribution", "initiative", "request")
        .order_by("-created_at", "-pk")
    )


def endorsement_get_for_viewer(*, uuid: UUID | str, viewer: Viewer) -> Endorsement | None:
    """An endorsement, for the volunteer whose claim it is or for its author."""
    if not viewer.is_authenticated:
        return None
    return (
        Endorsement.objects.filter(uuid=uuid)
        .filter(Q(claim__contribution__owner=viewer) | Q(endorser=viewer))
        .select_related("claim__competence", "claim__contribution", "initiative", "request")
        .first()
    )


def contribution_endorsements_for_owner(
    *, contribution: Contribution, viewer: Viewer
) -> tuple[list[EndorsementRequest], list[Endorsement]] | None:
    """The requests sent and the endorsements received on a contribution, for its owner only."""
    if not viewer.is_authenticated or contribution.owner_id != viewer.pk:
        return None
    requests = list(
        EndorsementRequest.objects.filter(contribution=contribution)
        .select_related("endorser")
        .order_by("-created_at", "-pk")
    )
    endorsements = list(
        Endorsement.objects.filter(claim__contribution=contribution)
        .select_related("claim__competence__domain", "initiative")
        .order_by("claim__competence__domain__order", "claim__competence__order", "-created_at")
    )
    return requests, endorsements


def endorsement_request_waiting_count(*, user: Viewer) -> int:
    """How many requests wait for this person's answer (one query, for the navigation)."""
    if not user.is_authenticated:
        return 0
    # Requests are only made on recorded contributions, which never go back to drafts
    # (``contribution_update``): no join on the contributions, the count reads one index.
    return EndorsementRequest.objects.filter(_waiting(), endorser=user).count()


# --- What counts towards recognition (badge rules) ---------------------------------------


def _not_self_endorsed() -> Q:
    """Endorsements a volunteer would have given on their own claims (by account or address):
    to leave out."""
    return Q(endorser_id=F("claim__contribution__owner_id")) | Q(
        endorser_lower=Lower("claim__contribution__owner__email")
    )


def _counting() -> QuerySet[Endorsement]:
    """Endorsements of claims on recorded contributions, never self-given."""
    return (
        Endorsement.objects.filter(claim__contribution__status=ContributionStatus.RECORDED)
        .annotate(endorser_lower=Lower("endorser_email"))
        .exclude(_not_self_endorsed())
    )


def endorsements_counting() -> QuerySet[Endorsement]:
    """Every endorsement that counts (recorded contributions, never self-given): the
    territorial indicators count them (``community.selectors.indicators``)."""
    return _counting()


def endorsements_that_count(
    *, owner_ids: Iterable[int], competence_ids: Iterable[int]
) -> list[Endorsement]:
    """The endorsements that count for these people's competences: of their claims of these
    competences on recorded contributions, never one they gave themselves; oldest first, with
    each claim's contribution and competence (one query)."""
    owners, competences = set(owner_ids), set(competence_ids)
    if not owners or not competences:
        return []
    return list(
        _counting()
        .filter(
            claim__contribution__owner_id__in=owners,
            claim__competence_id__in=competences,
        )
        .select_related("claim__contribution", "claim__competence")
        .order_by("created_at", "pk")
    )


def owners_endorsed(
    *, competence_ids: Iterable[int], min_level: int, min_endorsers: int, min_leaders: int
) -> set[int]:
    """The people whose claims of these competences (recorded contributions) were endorsed at
    ``min_level`` or above by at least ``min_endorsers`` distinct people (counted by address,
    case ignored), ``min_leaders`` of them initiative leaders; self-endorsements never count
    (one aggregate query)."""
    rows = (
        _counting()
        .filter(claim__competence_id__in=set(competence_ids), level__gte=min_level)
        .values("claim__contribution__owner_id")
        .annotate(
            endorsers=Count("endorser_lower", distinct=True),
            leaders=Count("endorser_lower", distinct=True, filter=Q(kind=EndorserKind.LEADER)),
        )
        .filter(endorsers__gte=min_endorsers, leaders__gte=min_leaders)
        .order_by()
    )
    return {row["claim__contribution__owner_id"] for row in rows}
