"""Reads on issuers and their public keys.

Issuers are public (their profile is what verifiers read), so the lists are not
filtered; what is filtered is who may *manage* an issuer ("issuer staff"):

- an initiative's issuer: the active leaders of that initiative;
- the territory's issuer: active stewards and staff;
- a partner organisation: its ``staff`` (active accounts), and active stewards and staff.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.api import User
from badges.models import Award, Issuer, SigningKey
from community.api import Initiative, initiatives_led_by, user_leads_initiative

Viewer = User | AnonymousUser


def _is_territory_staff(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_steward or user.is_staff))


def user_is_issuer_staff(*, issuer: Issuer, user: Viewer) -> bool:
    """May this person edit the issuer, rotate its keys and (later) award its badges?"""
    if issuer.is_territory:
        return _is_territory_staff(user)
    if issuer.is_organisation:
        # A partner organisation: the stewards who named its staff, and that staff.
        return _is_territory_staff(user) or bool(
            user.is_authenticated and user.is_active and issuer.staff.filter(pk=user.pk).exists()
        )
    if issuer.initiative_id is None:
        return False
    return user_leads_initiative(user=user, initiative_id=issuer.initiative_id)


def user_can_create_territory_issuer(user: Viewer) -> bool:
    return _is_territory_staff(user)


def user_can_create_initiative_issuer(*, initiative: Initiative, user: Viewer) -> bool:
    return user_leads_initiative(user=user, initiative_id=initiative.pk)


def _with_public_details(queryset: QuerySet[Issuer]) -> QuerySet[Issuer]:
    """The initiative joined and the keys prefetched: a constant number of queries."""
    keys = SigningKey.objects.order_by("created_at", "pk")
    return queryset.select_related("initiative").prefetch_related(
        Prefetch("signing_keys", queryset=keys)
    )


def issuer_list() -> QuerySet[Issuer]:
    """Every issuer (they are public), the territory first, then by name."""
    return _with_public_details(Issuer.objects.all()).order_by("-is_territory", "name", "pk")


def issuer_list_managed_by(*, user: Viewer) -> QuerySet[Issuer]:
    """The issuers this person manages (the territory's too for stewards and staff)."""
    if not user.is_authenticated or not user.is_active:
        return Issuer.objects.none()
    condition = Q(initiative__in=initiatives_led_by(user=user))
    condition |= Q(Exists(Issuer.staff.through.objects.filter(issuer=OuterRef("pk"), user=user)))
    if _is_territory_staff(user):
        condition |= Q(is_territory=True) | Q(is_organisation=True)
    return (
        Issuer.objects.filter(condition)
        .select_related("initiative")
        .order_by("-is_territory", "name", "pk")
    )


def issuer_get(*, uuid: UUID | str) -> Issuer | None:
    return _with_public_details(Issuer.objects.filter(uuid=uuid)).first()


def issuer_for_initiative(*, initiative: Initiative) -> Issuer | None:
    return Issuer.objects.filter(initiative=initiative).first()


def territory_issuer() -> Issuer | None:
    return Issuer.objects.filter(is_territory=True).first()


def signing_key_list(*, issuer: Issuer) -> list[SigningKey]:
    """Every key of the issuer, oldest first, retired ones included (uses the prefetch)."""
    return sorted(issuer.signing_keys.all(), key=lambda key: (key.created_at, key.pk))


def signing_key_active(*, issuer: Issuer) -> SigningKey | None:
    """The key that signs new credentials (uses the prefetch when present)."""
    return next((key for key in signing_key_list(issuer=issuer) if key.is_active), None)


def ob2_revoked_assertions(*, issuer: Issuer) -> list[dict[str, str]]:
    """The issuer's revoked OB 2.0 assertions, as ``{"id", "revocationReason"}``."""
    revoked = Award.objects.filter(badge_class__issuer=issuer, revoked_at__isnull=False)
    entries = []
    for award in revoked.order_by("revoked_at", "pk"):
        entry = {"id": award.ob2_url}
        if award.revocation_reason:
            entry["revocationReason"] = award.revocation_reason
        entries.append(entry)
    return entries
