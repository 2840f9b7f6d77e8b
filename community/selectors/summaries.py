"""What waits for someone in the community, counted for their home page and the navigation:
whether they recorded anything yet, their requests still waiting for an answer, and the
requests to join the initiatives they lead. Each function is one query."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils import timezone

from accounts.api import User
from community.models import (
    Contribution,
    EndorsementRequest,
    EndorsementRequestStatus,
    Initiative,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
)

Viewer = User | AnonymousUser


def contribution_exists_for_owner(*, owner: Viewer) -> bool:
    """Has this person noted any contribution yet, draft or recorded?"""
    if not owner.is_authenticated:
        return False
    return Contribution.objects.filter(owner=owner).exists()


def endorsement_request_sent_waiting_count(*, user: Viewer) -> int:
    """How many of the requests this person sent still wait for an answer."""
    if not user.is_authenticated:
        return 0
    return EndorsementRequest.objects.filter(
        requested_by=user,
        status=EndorsementRequestStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).count()


@dataclass(frozen=True)
class LedInitiative:
    """An initiative someone leads, and how many requests to join wait for an answer."""

    initiative: Initiative
    join_requests_waiting: int


def initiatives_led_with_join_requests(*, user: Viewer) -> list[LedInitiative]:
    """The initiatives this person leads, by name, with their requests to join waiting for
    an answer (none for inactive accounts)."""
    if not (user.is_authenticated and user.is_active):
        return []
    initiatives = (
        Initiative.objects.filter(memberships__user_id=user.pk, memberships__role=Role.LEADER)
        .annotate(
            waiting=Count(
                "join_requests",
                filter=Q(join_requests__status=JoinRequestStatus.PENDING),
                distinct=True,
            )
        )
        .order_by("name", "pk")
    )
    return [
        LedInitiative(initiative=initiative, join_requests_waiting=initiative.waiting)
        for initiative in initiatives
    ]


def user_leads_any_initiative(*, user: Viewer) -> bool:
    """Does this person, signed in with an active account, lead at least one initiative?"""
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(user_id=user.pk, role=Role.LEADER).exists()


def join_request_waiting_count(*, user: Viewer) -> int:
    """Requests to join the initiatives this person leads, waiting for an answer."""
    if not (user.is_authenticated and user.is_active):
        return 0
    return JoinRequest.objects.filter(
        status=JoinRequestStatus.PENDING,
        initiative__memberships__user_id=user.pk,
        initiative__memberships__role=Role.LEADER,
    ).count()
