"""Everything badges holds about one person, for their "Mes données" page and export."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.api import User, by_proved_address
from badges.models import (
    Award,
    AwardProposal,
    BadgeClass,
    BadgeClassEndorsement,
    BulkAward,
    Issuer,
    IssuerRecognition,
)


def awards_of(*, user: User) -> QuerySet[Award]:
    """The badges awarded to the person: to their account, or to their (proved) address
    before it was attached to the account (revoked and expired ones included), oldest
    first."""
    return (
        Award.objects.filter(
            Q(recipient=user)
            | (Q(recipient__isnull=True) & by_proved_address(user, "recipient_email"))
        )
        .select_related("badge_class__issuer")
        .order_by("issued_at", "pk")
    )


def proposals_for(*, user: User) -> QuerySet[AwardProposal]:
    """The badges the platform proposed for the person (awarded, declined or waiting)."""
    return (
        AwardProposal.objects.filter(user=user)
        .select_related("badge_class__issuer", "award")
        .order_by("created_at", "pk")
    )


# --- What the person did for issuers ---------------------------------------------------------


def issuer_roles_of(*, user: User) -> QuerySet[Issuer]:
    """The issuers the person is tied to: the partner organisations whose staff they are
    (``is_staff``), those they created, and those whose public address is theirs. (Leading
    an initiative, which makes someone its issuer's staff, is a membership.)"""
    staff = Issuer.staff.through.objects.filter(issuer_id=OuterRef("pk"), user_id=user.pk)
    return (
        Issuer.objects.annotate(is_staff=Exists(staff))
        .filter(Q(is_staff=True) | Q(created_by=user) | by_proved_address(user, "email"))
        .order_by("name", "pk")
    )


def awards_given_by(*, user: User) -> QuerySet[Award]:
    """The badges the person awarded (by hand, from a proposal or from a file)."""
    return (
        Award.objects.filter(awarded_by=user)
        .select_related("badge_class__issuer", "recipient")
        .order_by("issued_at", "pk")
    )


def bulk_awards_by(*, user: User) -> QuerySet[BulkAward]:
    """The files of recipients the person uploaded (without their rows: the addresses are
    in the person's own file)."""
    return (
        BulkAward.objects.filter(created_by=user)
        .select_related("badge_class__issuer")
        .defer("rows")
        .order_by("created_at", "pk")
    )


def proposals_decided_by(*, user: User) -> QuerySet[AwardProposal]:
    """Badges proposed for other people that the person confirmed or declined."""
    return (
        AwardProposal.objects.filter(decided_by=user)
        .exclude(user=user)
        .select_related("badge_class__issuer", "user")
        .order_by("decided_at", "pk")
    )


def badge_classes_created_by(*, user: User) -> QuerySet[BadgeClass]:
    return (
        BadgeClass.objects.filter(created_by=user)
        .select_related("issuer")
        .order_by("created_at", "pk")
    )


def badge_class_endorsements_by(*, user: User) -> QuerySet[BadgeClassEndorsement]:
    """The endorsements of badge classes the person made in an organisation's name."""
    return (
        BadgeClassEndorsement.objects.filter(created_by=user)
        .select_related("badge_class__issuer", "endorser")
        .defer("credential")
        .order_by("created_at", "pk")
    )


def recognitions_decided_by(*, user: User) -> QuerySet[IssuerRecognition]:
    """The territory's decisions about issuers that the person took (as a steward)."""
    return IssuerRecognition.objects.filter(by=user).select_related("issuer").order_by("at", "pk")
