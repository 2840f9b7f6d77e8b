"""Everything community holds about one person, for their "Mes données" page and export.

Not filtered by a viewer: the only caller is the person themselves (``community.
personal_data``). What is about someone else (the contribution they endorsed, the person who
asked them) comes with the related rows, and the export keeps only what the person saw.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from accounts.api import User, by_proved_address
from community.models import (
    CompetenceClaim,
    Contribution,
    Endorsement,
    EndorsementRequest,
    Evidence,
    Initiative,
    Invitation,
    JoinRequest,
    Membership,
)


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("initiative")
        .order_by("joined_at", "pk")
    )


def join_requests_of(*, user: User) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(user=user)
        .select_related("initiative")
        .order_by("created_at", "pk")
    )


def invitations_to(*, user: User) -> QuerySet[Invitation]:
    """The invitations sent to the person's (proved) address, accepted or not."""
    return (
        Invitation.objects.filter(by_proved_address(user, "email") | Q(accepted_by=user))
        .select_related("initiative")
        .order_by("created_at", "pk")
    )


def invitations_sent_by(*, user: User) -> QuerySet[Invitation]:
    """The invitations the person sent as a leader (to the addresses they typed)."""
    return (
        Invitation.objects.filter(invited_by=user)
        .select_related("initiative")
        .order_by("created_at", "pk")
    )


def join_requests_decided_by(*, user: User) -> QuerySet[JoinRequest]:
    """Other people's requests to join an initiative that the person accepted or refused."""
    return (
        JoinRequest.objects.filter(decided_by=user)
        .exclude(user=user)
        .select_related("initiative", "user")
        .order_by("decided_at", "pk")
    )


def initiatives_created_or_verified_by(*, user: User) -> QuerySet[Initiative]:
    """The initiatives the person created, or verified for the territory."""
    return Initiative.objects.filter(Q(created_by=user) | Q(verified_by=user)).order_by(
        "created_at", "pk"
    )


def contributions_of(*, user: User) -> QuerySet[Contribution]:
    """The person's contributions, drafts included, with their tags, claims and evidence."""
    claims = CompetenceClaim.objects.select_related("competence").order_by(
        "competence__domain__order", "competence__order", "pk"
    )
    return (
        Contribution.objects.filter(owner=user)
        .select_related("initiative")
        .prefetch_related(  # type: ignore[misc]
            "tags",
            Prefetch("claims", queryset=claims),
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at", "pk")),
        )
        .order_by("started_on", "created_at", "pk")
    )


def evidence_of(*, user: User) -> QuerySet[Evidence]:
    return Evidence.objects.filter(contribution__owner=user)


def claims_of(*, user: User) -> QuerySet[CompetenceClaim]:
    return CompetenceClaim.objects.filter(contribution__owner=user)


def endorsement_requests_sent_by(*, user: User) -> QuerySet[EndorsementRequest]:
    return (
        EndorsementRequest.objects.filter(requested_by=user)
        .select_related("contribution", "endorser")
        .order_by("created_at", "pk")
    )


def endorsement_requests_sent_to(*, user: User) -> QuerySet[EndorsementRequest]:
    """The requests addressed to the person: to their account, or, as an outside referent,
    to their (proved) address, before or after they had an account."""
    return (
        EndorsementRequest.objects.filter(
            Q(endorser=user) | (Q(endorser__isnull=True) & by_proved_address(user, "email"))
        )
        .select_related("contribution__initiative", "requested_by")
        .order_by("created_at", "pk")
    )


def endorsements_received_by(*, user: User) -> QuerySet[Endorsement]:
    """The endorsements of the person's claims, whatever the state of the contribution."""
    return (
        Endorsement.objects.filter(claim__contribution__owner=user)
        .select_related("claim__competence", "claim__contribution", "initiative")
        .order_by("created_at", "pk")
    )


def endorsements_given_by(*, user: User) -> QuerySet[Endorsement]:
    """The endorsements the person gave: with their account, or through an emailed link to
    their (proved) address before they had one."""
    return (
        Endorsement.objects.filter(
            Q(endorser=user)
            | (Q(endorser__isnull=True) & by_proved_address(user, "endorser_email"))
        )
        .select_related("claim__competence", "claim__contribution__owner", "initiative")
        .order_by("created_at", "pk")
    )
