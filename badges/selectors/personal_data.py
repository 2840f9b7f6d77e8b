"""Everything badges holds about one person, for their "Mes données" page and export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from accounts.api import User, by_proved_address
from badges.models import (
    Award,
    AwardProposal,
    BadgeClass,
    BadgeClassEndorsement,
    BulkAward,
    ExternalCredential,
    Issuer,
    IssuerRecognition,
    WalletRegistration,
)


def _count(queryset: QuerySet[Any]) -> Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery (no GROUP BY: one row)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def counts_of(*, user: User, **querysets: QuerySet[Any]) -> dict[str, int]:
    """How many rows each queryset has, in one query (read beside the person's row)."""
    names = [f"count_{key}" for key in querysets]  # clear of the model's own fields
    annotations = {f"count_{key}": _count(queryset) for key, queryset in querysets.items()}
    row = User.objects.filter(pk=user.pk).annotate(**annotations).values_list(*names).get()
    return {key: int(value or 0) for key, value in zip(querysets, row, strict=True)}


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


def external_credentials_of(*, user: User) -> QuerySet[ExternalCredential]:
    """The credentials from elsewhere the person keeps here (added on "My badges" or sent by
    an app she connected), oldest first, with the app that sent each."""
    return (
        ExternalCredential.objects.filter(owner=user)
        .select_related("source_application")
        .order_by("created_at", "pk")
    )


@dataclass
class AppConnection:
    """An app (OAuth client) the person allowed to use her badges, from every token and
    code she gave it, live or not (never their values)."""

    application: Application
    registration: WalletRegistration | None
    first_at: datetime
    last_at: datetime
    scopes: set[str] = field(default_factory=set)
    connected: bool = False  # a token still usable now


def apps_connected(*, user: User) -> QuerySet[Application]:
    """The apps that hold (or held) a token or a code of the person's."""
    mine = [
        Exists(model.objects.filter(user=user, application=OuterRef("pk")))
        for model in (AccessToken, RefreshToken, Grant)
    ]
    return Application.objects.filter(mine[0] | mine[1] | mine[2])


def apps_connected_of(*, user: User) -> list[AppConnection]:
    """The apps the person connected, first connected first: three queries whatever their
    number (her access tokens, refresh tokens and authorisation codes, with their app)."""
    now = timezone.now()
    connections: dict[int, AppConnection] = {}
    related = "application__wallet_registration"
    rows: list[tuple[Application, datetime, str, bool]] = [
        *(
            (token.application, token.created, token.scope, token.expires > now)
            for token in AccessToken.objects.filter(user=user).select_related(related)
        ),
        *(
            (token.application, token.created, "", token.revoked is None)
            for token in RefreshToken.objects.filter(user=user).select_related(related)
        ),
        *(
            (grant.application, grant.created, grant.scope, False)
            for grant in Grant.objects.filter(user=user).select_related(related)
        ),
    ]
    for application, created, scope, live in rows:
        connection = connections.get(application.pk)
        if connection is None:
            connection = connections[application.pk] = AppConnection(
                application=application,
                registration=getattr(application, "wallet_registration", None),
                first_at=created,
                last_at=created,
            )
        connection.first_at = min(connection.first_at, created)
        connection.last_at = max(connection.last_at, created)
        connection.scopes.update(scope.split())
        connection.connected = connection.connected or live
    return sorted(connections.values(), key=lambda item: (item.first_at, item.application.pk))


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
