"""Reads on partner organisations and their endorsements of badge classes.

Endorsements are public (they are embedded in badges and served as JSON). Who may
*endorse* in an organisation's name: its own staff only (``Issuer.staff``, active
accounts); stewards name the staff but do not speak for the organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from accounts.api import User
from badges.crypto.data_integrity import VerificationResult, verify
from badges.endorsements import EmbeddedEndorsement, embedded_endorsements
from badges.models import BadgeClass, BadgeClassEndorsement, Issuer, SigningKey

Viewer = User | AnonymousUser


def _active(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active)


def user_is_organisation_staff(*, organisation: Issuer, user: Viewer) -> bool:
    """Does this person act in the name of this partner organisation?"""
    return (
        organisation.is_organisation
        and _active(user)
        and organisation.staff.filter(pk=user.pk).exists()
    )


def user_can_manage_organisations(user: Viewer) -> bool:
    """Stewards (and platform staff) create partner organisations and name their staff."""
    return bool(_active(user) and (getattr(user, "is_steward", False) or user.is_staff))


def organisations_of(*, user: Viewer) -> QuerySet[Issuer]:
    """The partner organisations this person acts for, by name."""
    if not isinstance(user, User) or not user.is_active:
        return Issuer.objects.none()
    return Issuer.objects.filter(is_organisation=True, staff=user).order_by("name", "pk")


def organisation_staff(*, organisation: Issuer) -> list[User]:
    """The staff of an organisation, by name (for the stewards' pages)."""
    return list(organisation.staff.order_by("display_name", "email", "pk"))


def _in_force() -> QuerySet[BadgeClassEndorsement]:
    return BadgeClassEndorsement.objects.filter(withdrawn_at__isnull=True)


def badge_class_endorsements_in_force(*, badge_class: BadgeClass) -> list[BadgeClassEndorsement]:
    """The organisations' endorsements of a badge class in force, oldest first (one query)."""
    return list(
        _in_force()
        .filter(badge_class=badge_class)
        .select_related("endorser")
        .order_by("created_at", "pk")
    )


def organisation_endorsements_in_force(*, organisation: Issuer) -> list[BadgeClassEndorsement]:
    """What an organisation endorses now, by badge name (one query)."""
    return list(
        _in_force()
        .filter(endorser=organisation)
        .select_related("badge_class__issuer")
        .order_by("badge_class__name", "pk")
    )


def badge_class_endorsement_get(*, uuid: UUID | str) -> BadgeClassEndorsement | None:
    """One endorsement (in force or withdrawn), with its badge class and organisation."""
    return (
        BadgeClassEndorsement.objects.filter(uuid=uuid)
        .select_related("badge_class__issuer", "endorser")
        .first()
    )


def badge_class_endorsement_in_force(
    *, badge_class: BadgeClass, organisation: Issuer
) -> BadgeClassEndorsement | None:
    return _in_force().filter(badge_class=badge_class, endorser=organisation).first()


# --- What an award's credential may carry -------------------------------------------


def issuers_of_initiatives(*, initiative_ids: Iterable[int | None]) -> dict[int, Issuer]:
    """The issuers of these initiatives that can sign (an active key), by initiative id.

    The batch form of ``issuer_for_initiative``: one query, the initiative joined.
    """
    ids = {pk for pk in initiative_ids if pk is not None}
    if not ids:
        return {}
    issuers = (
        Issuer.objects.filter(initiative_id__in=ids)
        .filter(Exists(SigningKey.objects.filter(issuer=OuterRef("pk"), retired_at__isnull=True)))
        .select_related("initiative")
    )
    return {issuer.initiative_id: issuer for issuer in issuers if issuer.initiative_id}


# --- Checking the endorsements a credential embeds --------------------------------------


def local_key_resolver(issuer_id: str) -> Callable[[str], str | None]:
    """A ``resolve_key`` for ``badges.crypto.data_integrity.verify`` that answers only for
    the keys this platform published for the issuer ``issuer_id`` (retired ones included)."""

    def resolve(verification_method: str) -> str | None:
        base, _sep, fragment = verification_method.partition("#")
        if base != issuer_id or not fragment:
            return None
        key = (
            SigningKey.objects.filter(public_key_multibase=fragment)
            .select_related("issuer")
            .first()
        )
        if key is None or key.issuer.id_url != issuer_id:
            return None
        return key.public_key_multibase

    return resolve


def embedded_endorsements_verify(
    credential: dict[str, Any],
) -> list[tuple[EmbeddedEndorsement, VerificationResult]]:
    """Each ``EndorsementCredential`` embedded in ``credential``, verified on its own with
    its issuer's keys published here (an endorsement by an unknown issuer does not verify)."""
    return [
        (
            endorsement,
            verify(endorsement.document, resolve_key=local_key_resolver(endorsement.issuer_id)),
        )
        for endorsement in embedded_endorsements(credential)
    ]
