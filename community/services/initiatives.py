"""Writes on initiatives, memberships, invitations and notifications.

Keyword-only, typed, atomic; models are checked with ``full_clean()``; emails
leave once the transaction commits. Services check permissions themselves
(``PermissionDenied``) so that views and the API cannot forget; broken rules
raise ``ValidationError`` with a message for the person concerned.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.api import (
    AuditAction,
    NotificationKind,
    User,
    audit_record,
    notification_send,
    user_sign_up,
)
from community import emails
from community.models import (
    Commune,
    Initiative,
    InitiativeSphere,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
    Sphere,
)
from community.selectors.initiatives import (
    join_request_pending_for_user,
    leader_count,
    user_can_create_initiative,
    user_can_verify_initiatives,
)
from config.images import CleanImage, file_replace
from config.tokens import token_hash

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Paths under /initiatives/ that a slug must not take.
RESERVED_SLUGS = frozenset({"new"})


# --- Initiatives ------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "initiative"
    candidate, number = base, 1
    while candidate in RESERVED_SLUGS or Initiative.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _clean_spheres(spheres: Iterable[str]) -> list[str]:
    chosen = set(spheres)
    if not chosen or not chosen <= set(Sphere.values):
        raise ValidationError(
            {"spheres": _("Choose at least one of the four spheres.")}, code="spheres"
        )
    return [value for value in Sphere.values if value in chosen]


def _set_spheres(initiative: Initiative, spheres: list[str]) -> None:
    InitiativeSphere.objects.filter(initiative=initiative).exclude(sphere__in=spheres).delete()
    existing = set(initiative.spheres.values_list("sphere", flat=True))
    InitiativeSphere.objects.bulk_create(
        [InitiativeSphere(initiative=initiative, sphere=s) for s in spheres if s not in existing]
    )


def _require_leader(*, initiative: Initiative, user: User) -> Membership:
    membership = Membership.objects.filter(
        initiative=initiative, user=user, role=Role.LEADER
    ).first()
    if membership is None or not user.is_active:
        raise PermissionDenied
    return membership


def _set_place(
    initiative: Initiative,
    *,
    commune: str,
    postcode: str,
    place: Commune | None,
    latitude: float | None,
    longitude: float | None,
) -> None:
    """The typed town and postcode, kept consistent with the chosen commune; the point
    typed or placed on the map, else the commune's centre (followed when the commune
    changes and the point was the old commune's centre)."""
    previous = initiative.place if initiative.place_id else None
    initiative.place = place
    initiative.commune = commune.strip()
    initiative.postcode = postcode.strip()
    if place is not None:
        initiative.commune = place.name
        if initiative.postcode not in place.postcodes and place.postcodes:
            initiative.postcode = place.main_postcode
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            {"latitude": _("Give both the latitude and the longitude, or neither.")},
            code="point_incomplete",
        )
    was_centre = previous is not None and (latitude, longitude) == (
        previous.latitude,
        previous.longitude,
    )
    if (latitude is None or was_centre) and place is not None and place.has_centre:
        latitude, longitude = place.latitude, place.longitude
    initiative.latitude, initiative.longitude = latitude, longitude


def _set_visit(initiative: Initiative, visit: dict[str, object]) -> None:
    """Opening hours, access, welcome and listing (``VISIT_FIELDS``), as given."""
    for name, value in visit.items():
        if name not in VISIT_FIELDS:
            raise TypeError(f"unexpected argument {name!r}")
        setattr(initiative, name, value.strip() if isinstance(value, str) else value)


# How to come and whether newcomers are welcome: optional arguments of create and update.
VISIT_FIELDS = frozenset(
    {
        "address",
        "opening_hours",
        "access_transport",
        "step_free_access",
        "welcomes_newcomers",
        "first_visit",
        "in_directory",
        "impact_public",
    }
)


@transaction.atomic
def initiative_create(
    *,
    by: User,
    name: str,
    kind: str,
    spheres: Iterable[str],
    commune: str,
    postcode: str,
    description: str = "",
    website: str = "",
    logo: CleanImage | None = None,
    place: Commune | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    opening_hours: str = "",
    access_transport: str = "",
    step_free_access: bool | None = None,
    welcomes_newcomers: bool = False,
    first_visit: str = "",
    in_directory: bool = True,
    impact_public: bool = False,
) -> Initiative:
    """Create an initiative; its creator becomes its first leader."""
    if not user_can_create_initiative(by):
        raise PermissionDenied
    sphere_values = _clean_spheres(spheres)
    initiative = Initiative(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        description=description.strip(),
        website=website.strip(),
        created_by=by,
    )
    _set_place(
        initiative,
        commune=commune,
        postcode=postcode,
        place=place,
        latitude=latitude,
        longitude=longitude,
    )
    _set_visit(
        initiative,
        {
            "address": address,
            "opening_hours": opening_hours,
            "access_transport": access_transport,
            "step_free_access": step_free_access,
            "welcomes_newcomers": welcomes_newcomers,
            "first_visit": first_visit,
            "in_directory": in_directory,
            "impact_public": impact_public,
        },
    )
    initiative.full_clean(exclude=["logo"])
    file_replace(initiative.logo, logo.as_file() if logo else None, remove=False)
    initiative.save()
    _set_spheres(initiative, sphere_values)
    Membership.objects.create(initiative=initiative, user=by, role=Role.LEADER)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    by: User,
    name: str,
    kind: str,
    spheres: Iterable[str],
    commune: str,
    postcode: str,
    description: str = "",
    website: str = "",
    logo: CleanImage | None = None,
    remove_logo: bool = False,
    place: Commune | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    **visit: str | bool | None,
) -> Initiative:
    """Leaders edit their initiative. A new name needs a new check by a steward.

    ``visit``: the ``VISIT_FIELDS`` to change (address, opening hours, access, welcome,
    listing); those not given stay as they are."""
    _require_leader(initiative=initiative, user=by)
    sphere_values = _clean_spheres(spheres)
    if name.strip() != initiative.name:
        initiative.verified, initiative.verified_by, initiative.verified_at = False, None, None
    initiative.name = name.strip()
    initiative.kind = kind
    _set_place(
        initiative,
        commune=commune,
        postcode=postcode,
        place=place,
        latitude=latitude,
        longitude=longitude,
    )
    _set_visit(initiative, dict(visit))
    initiative.description = description.strip()
    initiative.website = website.strip()
    initiative.full_clean(exclude=["logo"])
    file_replace(initiative.logo, logo.as_file() if logo else None, remove=remove_logo)
    initiative.save()
    _set_spheres(initiative, sphere_values)
    return initiative


@transaction.atomic
def initiative_set_verified(*, initiative: Initiative, by: User, verified: bool) -> Initiative:
    """A steward (or staff) marks an initiative as verified, or takes the mark back."""
    if not user_can_verify_initiatives(by):
        raise PermissionDenied
    initiative.verified = verified
    initiative.verified_by = by if verified else None
    initiative.verified_at = timezone.now() if verified else None
    initiative.full_clean(exclude=["logo"])
    initiative.save(update_fields=["verified", "verified_by", "verified_at", "updated_at"])
    return initiative


def _lock(initiative: Initiative) -> Initiative:
    """Lock the initiative's row: membership changes of one initiative happen one at a time."""
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


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


def _last_leader_error(message: str | StrPromise) -> ValidationError:
    return ValidationError(message, code="last_leader")


@transaction.atomic
def membership_change_role(*, membership: Membership, by: User, role: str) -> Membership:
    """Leaders make a member a leader, or a leader a member (never the last leader)."""
    initiative = _lock(membership.initiative)
    _require_leader(initiative=initiative, user=by)
    membership.refresh_from_db()
    if role not in Role.values:
        raise ValidationError(_("Choose a role: leader or member."), code="role")
    demoting = membership.role == Role.LEADER and role != Role.LEADER
    if demoting and leader_count(initiative=initiative) <= 1:
        raise _last_leader_error(
            _("%(name)s is the last leader of this initiative. Make another member a leader first.")
            % {"name": membership.user}
        )
    promoting = membership.role != Role.LEADER and role == Role.LEADER
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    if promoting or demoting:
        audit_record(
            action=AuditAction.ROLE_GRANT if promoting else AuditAction.ROLE_REVOKE,
            actor=by,
            target_type="user",
            target_id=membership.user_id,
            target_path=initiative.get_absolute_url(),
            details={"role": Role.LEADER.value, "initiative": initiative.name},
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Leaders remove a member (never the last leader)."""
    initiative = _lock(membership.initiative)
    _require_leader(initiative=initiative, user=by)
    membership.refresh_from_db()
    if membership.role == Role.LEADER and leader_count(initiative=initiative) <= 1:
        raise _last_leader_error(
            _(
                "%(name)s is the last leader of this initiative and cannot be removed. "
                "Make another member a leader first."
            )
            % {"name": membership.user}
        )
    membership.delete()


@transaction.atomic
def membership_leave(*, initiative: Initiative, user: User) -> None:
    """Members leave when they want; the last leader must first hand over."""
    initiative = _lock(initiative)
    membership = Membership.objects.filter(initiative=initiative, user=user).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this initiative."), code="not_member")
    if membership.role == Role.LEADER and leader_count(initiative=initiative) <= 1:
        raise _last_leader_error(
            _(
                "You are the last leader of this initiative, so you cannot leave it yet. "
                "First make another member a leader."
            )
        )
    membership.delete()


@transaction.atomic
def invitation_create(*, initiative: Initiative, by: User, email: str, role: str) -> Invitation:
    """A leader invites someone by email, as a member or a leader.

    Someone who already has an account gets a notification (in the app, and by
    email unless they turned it off) and answers on the initiative's page once
    logged in. Anyone else gets a single-use link by email, in the leader's
    language, that lets them create their account. Inviting the same address
    again replaces the previous link.
    """
    _require_leader(initiative=initiative, user=by)
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
    _require_leader(initiative=invitation.initiative, user=by)
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
    _require_leader(initiative=join_request.initiative, user=by)
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
    _require_leader(initiative=join_request.initiative, user=by)
    join_request = _lock_pending_request(join_request)
    join_request.status = JoinRequestStatus.REFUSED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    return join_request
