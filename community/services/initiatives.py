"""Writes on initiatives and memberships (joining one: ``community.services.joining``).

Keyword-only, typed, atomic; models are checked with ``full_clean()``; emails
leave once the transaction commits. Services check permissions themselves
(``PermissionDenied``) so that views and the API cannot forget; broken rules
raise ``ValidationError`` with a message for the person concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.api import (
    AuditAction,
    User,
    audit_record,
)
from community.models import (
    Commune,
    Initiative,
    InitiativeSphere,
    Membership,
    Role,
    Sphere,
)
from community.selectors.initiatives import (
    leader_count,
    user_can_create_initiative,
    user_can_verify_initiatives,
)
from config.images import CleanImage, file_replace

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


def initiative_leader_check(*, initiative: Initiative, user: User) -> Membership:
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
    initiative_leader_check(initiative=initiative, user=by)
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


def _last_leader_error(message: str | StrPromise) -> ValidationError:
    return ValidationError(message, code="last_leader")


@transaction.atomic
def membership_change_role(*, membership: Membership, by: User, role: str) -> Membership:
    """Leaders make a member a leader, or a leader a member (never the last leader)."""
    initiative = _lock(membership.initiative)
    initiative_leader_check(initiative=initiative, user=by)
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
    initiative_leader_check(initiative=initiative, user=by)
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
