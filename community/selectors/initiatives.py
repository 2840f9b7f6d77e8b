"""Reads on initiatives, memberships and notifications, filtered by what the viewer may see."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from accounts.api import User
from community.models import (
    Initiative,
    InitiativeSphere,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
)
from config.tokens import token_hash

Viewer = User | AnonymousUser


def user_can_verify_initiatives(user: Viewer) -> bool:
    """Stewards of the territory and staff mark initiatives as verified."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_steward))


def user_can_create_initiative(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active and user.email_verified)


def user_exists_with_email(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def _with_public_details(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Spheres and leaders prefetched, members counted: a constant number of queries."""
    leaders = Membership.objects.filter(role=Role.LEADER).select_related("user")
    return queryset.annotate(member_count=Count("memberships", distinct=True)).prefetch_related(
        "spheres", Prefetch("memberships", queryset=leaders, to_attr="leader_memberships")
    )


def initiative_details_attach(initiatives: Sequence[Initiative]) -> None:
    """Give a page of initiatives what ``_with_public_details`` gives one: spheres, leaders
    (``leader_memberships``) and ``member_count``, counting only these initiatives' members
    (three queries, whatever the page's and the list's length)."""
    rows = list(initiatives)
    if not rows:
        return
    leaders = Membership.objects.filter(role=Role.LEADER).select_related("user")
    prefetch_related_objects(
        rows, "spheres", Prefetch("memberships", queryset=leaders, to_attr="leader_memberships")
    )
    counts = dict(
        Membership.objects.filter(initiative_id__in=[row.pk for row in rows])
        .values("initiative_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("initiative_id", "count")
    )
    for row in rows:
        row.member_count = counts.get(row.pk, 0)  # type: ignore[attr-defined]


def initiative_list(*, kind: str = "", sphere: str = "") -> QuerySet[Initiative]:
    """Every initiative is public; filter by kind and sphere. Nothing is counted or
    prefetched: give the page's rows ``initiative_details_attach``."""
    queryset = Initiative.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    if sphere:
        queryset = queryset.filter(
            Exists(InitiativeSphere.objects.filter(initiative=OuterRef("pk"), sphere=sphere))
        )
    return queryset.order_by("name", "pk")


def initiative_list_for_member(*, user: Viewer) -> QuerySet[Initiative]:
    """The initiatives someone belongs to, with their role as ``viewer_role``."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    mine = Membership.objects.filter(initiative=OuterRef("pk"), user=user)
    return (
        Initiative.objects.filter(Exists(mine))
        .annotate(viewer_role=mine.values("role")[:1])
        .order_by("name", "pk")
    )


def membership_roles(*, user: Viewer) -> dict[int, str]:
    """Someone's role in each initiative they belong to, by initiative id (one query)."""
    if not user.is_authenticated:
        return {}
    return dict(Membership.objects.filter(user=user).values_list("initiative_id", "role"))


def initiative_get(*, slug: str) -> Initiative | None:
    return _with_public_details(Initiative.objects.filter(slug=slug)).first()


def membership_get(*, initiative: Initiative, user: Viewer) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(initiative=initiative, user=user).first()


def member_list(*, initiative: Initiative, viewer: Viewer) -> QuerySet[Membership]:
    """The members of an initiative, for its members only (names are not public)."""
    if not viewer.is_authenticated or not initiative.memberships.filter(user=viewer).exists():
        return Membership.objects.none()
    return (
        Membership.objects.filter(initiative=initiative)
        .select_related("user")
        .order_by("role", "user__display_name", "user__email")
    )


def member_get(*, initiative: Initiative, pk: int) -> Membership | None:
    """One membership of the initiative, with its person."""
    return Membership.objects.filter(initiative=initiative, pk=pk).select_related("user").first()


def leader_count(*, initiative: Initiative) -> int:
    return Membership.objects.filter(initiative=initiative, role=Role.LEADER).count()


def _pending_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        accepted_at__isnull=True,
        declined_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """Any invitation with this token, whatever its state (the page explains it)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("initiative", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_pending_for_user(*, initiative: Initiative, user: Viewer) -> Invitation | None:
    """The invitation waiting for this signed-in person, matched on their verified address."""
    if not user.is_authenticated or not user.email_verified:
        return None
    return (
        _pending_invitations()
        .filter(initiative=initiative, email__iexact=user.email)
        .select_related("invited_by")
        .first()
    )


def invitation_pending_list(*, initiative: Initiative, viewer: Viewer) -> QuerySet[Invitation]:
    """Invitations still waiting, for the initiative's leaders."""
    if not user_leads_initiative(user=viewer, initiative_id=initiative.pk):
        return Invitation.objects.none()
    return _pending_invitations().filter(initiative=initiative).select_related("invited_by")


def join_request_pending_for_user(*, initiative: Initiative, user: Viewer) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(
        initiative=initiative, user=user, status=JoinRequestStatus.PENDING
    ).first()


def join_request_pending_list(*, initiative: Initiative, viewer: Viewer) -> QuerySet[JoinRequest]:
    """Requests to join waiting for an answer, for the initiative's leaders."""
    if not user_leads_initiative(user=viewer, initiative_id=initiative.pk):
        return JoinRequest.objects.none()
    return JoinRequest.objects.filter(
        initiative=initiative, status=JoinRequestStatus.PENDING
    ).select_related("user")


def user_leads_initiative(*, user: Viewer, initiative_id: int | None) -> bool:
    """Is this person, signed in with an active account, a leader of the initiative?"""
    if initiative_id is None or not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(
        initiative_id=initiative_id, user_id=user.pk, role=Role.LEADER
    ).exists()


def initiatives_led_by(*, user: Viewer) -> QuerySet[Initiative]:
    """The initiatives this person leads (none for anonymous people or inactive accounts).

    Lazy: other apps use it as a subquery (``initiative__in=``) without an extra query.
    """
    if not (user.is_authenticated and user.is_active):
        return Initiative.objects.none()
    return Initiative.objects.filter(
        memberships__user_id=user.pk, memberships__role=Role.LEADER
    ).order_by("pk")


def initiative_leaders(*, initiative_id: int) -> QuerySet[User]:
    """The active leaders of an initiative, oldest accounts first."""
    return User.objects.filter(
        memberships__initiative_id=initiative_id, memberships__role=Role.LEADER, is_active=True
    ).order_by("pk")
