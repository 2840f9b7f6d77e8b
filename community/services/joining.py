"""Joining an initiative: invitations (a leader invites someone by email) and requests to join
(someone asks, a leader answers), with their notifications and emails.

Keyword-only, typed, atomic, as ``community.services.initiatives`` (split from it): services
check permissions themselves (``PermissionDenied``); broken rules raise ``ValidationError``
with a message for the person concerned.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import (
    NotificationKind,
    User,
    notification_send,
    user_sign_up,
)
from community import emails
from community.models import (
    Initiative,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
)
from community.selectors.initiatives import join_request_pending_for_user
from community.services.initiatives import initiative_leader_check
from config.tokens import token_hash


def _membership_add(*, initiative: Initiative, user: User, role: str) -> Membership:
    """Add someone, or give them the leader role when they are invited as a leader."""
    membership = Membership.objects.filter(initiative=initiative, user=user).first()
    if membership is None:
        membership = Membership(initiative=initiative, user=user, role=role)
        membership.full_clean()
        membership.save()
    elif role == Role.LEADER and membership.role != Role.LEADER:
        membership.role = Role.LEADER
        membership.save(update_fields=["role"])
    # A request to join that was still waiting has its answer now.
    JoinRequest.objects.filter(
        initiative=initiative, user=user, status=JoinRequestStatus.PENDING
    ).update(status=JoinRequestStatus.ACCEPTED, decided_at=timezone.now())
    return membership


@transaction.atomic
def invitation_create(*, initiative: Initiative, by: User, email: str, role: str) -> Invitation:
    """A leader invites someone by email, as a member or a leader.

    Someone who already has an account gets a notification (in the app, and by
    email unless they turned it off) and answers on the initiative's page once
    logged in. Anyone else gets a single-use link by email, in the leader's
    language, that lets them create their account. Inviting the same address
    again replaces the previous link.
    """
    initiative_leader_check(initiative=initiative, user=by)
    email = User.objects.normalize_email(email.strip()).lower()
    if Membership.objects.filter(initiative=initiative, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of this initiative.")},
            code="already_member",
        )
    now = timezone.now()
    Invitation.objects.filter(
        initiative=initiative,
        email__iexact=email,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    invitee = User.objects.filter(email__iexact=email).first()
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        initiative=initiative,
        email=email,
        role=role,
        language=invitee.preferred_language if invitee else by.preferred_language,
        token_hash=token_hash(token),
        invited_by=by,
    )
    invitation.full_clean()
    invitation.save()
    if invitee is not None:
        notification_send(
            recipient=invitee,
            kind=NotificationKind.INVITATION,
            context={"inviter": by.display_name or by.email, "initiative": initiative.name},
            link=initiative.get_absolute_url(),
        )
    else:
        transaction.on_commit(lambda: emails.invitation(invitation=invitation, token=token))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    initiative_leader_check(initiative=invitation.initiative, user=by)
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _lock_pending(invitation: Invitation) -> Invitation:
    """Lock the invitation and check that it is still waiting: a link works once."""
    locked = (
        Invitation.objects.select_for_update().select_related("initiative").get(pk=invitation.pk)
    )
    if not locked.is_pending:
        raise ValidationError(
            _("This invitation can no longer be used (%(status)s).")
            % {"status": locked.status.label},
            code=str(locked.status),
        )
    return locked


def invitation_is_for(*, invitation: Invitation, user: User) -> bool:
    """The invitation was sent to this person's address, and they proved they own it."""
    return user.email_verified and user.email.lower() == invitation.email.lower()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = _lock_pending(invitation)
    if not invitation_is_for(invitation=invitation, user=user):
        raise PermissionDenied
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return _membership_add(initiative=invitation.initiative, user=user, role=invitation.role)


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    invitation = _lock_pending(invitation)
    if not invitation_is_for(invitation=invitation, user=user):
        raise PermissionDenied
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    return invitation


@transaction.atomic
def invitation_accept_with_sign_up(
    *, invitation: Invitation, password: str, display_name: str, preferred_language: str
) -> tuple[User, Membership]:
    """Create the account of someone invited who had none, and make them a member.

    The link reached their mailbox, which proves the address: the account is
    verified at once.
    """
    invitation = _lock_pending(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account already uses this address. Log in to answer the invitation."),
            code="account_exists",
        )
    user = user_sign_up(
        email=invitation.email,
        password=password,
        display_name=display_name,
        preferred_language=preferred_language,
        email_verified=True,
    )
    assert user is not None  # the address had no account: checked above, under the lock
    return user, invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def join_request_create(*, initiative: Initiative, user: User, message: str = "") -> JoinRequest:
    """Ask to join; the leaders are notified."""
    if not user.is_active or not user.email_verified:
        raise PermissionDenied
    if Membership.objects.filter(initiative=initiative, user=user).exists():
        raise ValidationError(_("You are already a member of this initiative."), code="member")
    if join_request_pending_for_user(initiative=initiative, user=user):
        raise ValidationError(
            _("You already asked to join this initiative. A leader will answer you."),
            code="pending",
        )
    join_request = JoinRequest(initiative=initiative, user=user, message=message.strip())
    join_request.full_clean()
    join_request.save()
    link = _members_link(initiative)
    for leader in Membership.objects.filter(initiative=initiative, role=Role.LEADER).select_related(
        "user"
    ):
        notification_send(
            recipient=leader.user,
            kind=NotificationKind.JOIN_REQUEST,
            context={"person": str(user), "initiative": initiative.name},
            link=link,
        )
    return join_request


def _members_link(initiative: Initiative) -> str:
    return reverse("community:member_list", kwargs={"slug": initiative.slug})


def _lock_pending_request(join_request: JoinRequest) -> JoinRequest:
    locked = (
        JoinRequest.objects.select_for_update()
        .select_related("initiative", "user")
        .get(pk=join_request.pk)
    )
    if locked.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."), code="answered")
    return locked


@transaction.atomic
def join_request_accept(*, join_request: JoinRequest, by: User) -> Membership:
    initiative_leader_check(initiative=join_request.initiative, user=by)
    join_request = _lock_pending_request(join_request)
    join_request.status = JoinRequestStatus.ACCEPTED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    initiative = join_request.initiative
    membership = _membership_add(initiative=initiative, user=join_request.user, role=Role.MEMBER)
    notification_send(
        recipient=join_request.user,
        kind=NotificationKind.JOIN_ACCEPTED,
        context={"initiative": initiative.name},
        link=initiative.get_absolute_url(),
    )
    return membership


@transaction.atomic
def join_request_refuse(*, join_request: JoinRequest, by: User) -> JoinRequest:
    initiative_leader_check(initiative=join_request.initiative, user=by)
    join_request = _lock_pending_request(join_request)
    join_request.status = JoinRequestStatus.REFUSED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    return join_request
