"""Writes on orientations: an advisor proposes an initiative, the person answers or ends it.

- ``orientation_propose``: only the advisor a share link is addressed to (their verified
  address, the link open) may propose, to the portfolio's owner; the person is notified.
- ``orientation_accept``: the person accepts; the initiative's leaders receive an
  introduction with her name, her message if she wrote one, and a link to her portfolio
  only if she chose to give it (a share link of hers, made for the initiative, that she
  can withdraw like any other); the advisor is told.
- ``orientation_decline``: the person declines; the advisor is told.
- ``orientation_end``: the person ends it, at any time; the link made for the initiative
  is withdrawn and the advisor no longer sees anything of the pathway.

Keyword-only, typed, atomic; permissions are checked here (``PermissionDenied``) and rules
broken raise ``ValidationError`` with a message for the person concerned.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import NotificationKind, User, notification_send
from community.api import Initiative, initiative_leaders
from portfolios.models import Orientation, OrientationStatus, ShareLink
from portfolios.selectors.portfolios import owner_name
from portfolios.selectors.shares import advisor_share_get
from portfolios.services.shares import share_link_create, share_link_revoke

#: How long the link to the portfolio made for an initiative's leaders stays open.
INTRODUCTION_SHARE_DAYS = 30


def _person_link(orientation: Orientation) -> str:
    return reverse("portfolios:orientation_detail", kwargs={"uuid": orientation.uuid})


def _advisor_link(orientation: Orientation) -> str:
    return reverse("portfolios:advisor_portfolio", kwargs={"uuid": orientation.share.uuid})


def _lock(orientation: Orientation) -> Orientation:
    """The orientation's row, locked (only its own: PostgreSQL cannot lock the nullable side
    of the outer join to an advisor who may have left)."""
    return (
        Orientation.objects.select_for_update(of=("self",))
        .select_related("share__portfolio", "initiative", "advisor", "person")
        .get(pk=orientation.pk)
    )


@transaction.atomic
def orientation_propose(
    *, share: ShareLink, advisor: User, initiative: Initiative, message: str = ""
) -> Orientation:
    """The advisor proposes ``initiative`` to the owner of the portfolio shared with them."""
    if advisor_share_get(uuid=share.uuid, advisor=advisor) is None:
        raise PermissionDenied
    if not share.is_open():
        raise ValidationError(
            _("This portfolio is no longer shared with you: you cannot propose anything."),
            code="closed",
        )
    person = share.portfolio.owner
    if not person.is_active:
        raise ValidationError(_("This person no longer has an account."), code="inactive")
    orientation = Orientation(
        share=share,
        advisor=advisor,
        person=person,
        initiative=initiative,
        message=message.strip(),
    )
    orientation.full_clean()
    orientation.save()
    notification_send(
        recipient=person,
        kind=NotificationKind.ORIENTATION_PROPOSED,
        context={"advisor": str(advisor), "initiative": initiative.name},
        link=_person_link(orientation),
    )
    return orientation


def _require_person(orientation: Orientation, user: User) -> None:
    if orientation.person_id != user.pk or not user.is_active:
        raise PermissionDenied


def _require_waiting(orientation: Orientation) -> None:
    if not orientation.is_waiting:
        raise ValidationError(_("You already answered this proposal."), code="answered")


@transaction.atomic
def orientation_accept(
    *,
    orientation: Orientation,
    user: User,
    share_portfolio: bool = False,
    introduction_message: str = "",
) -> Orientation:
    """The person accepts: the initiative's leaders receive her introduction, with only
    what she chose to give."""
    _require_person(orientation, user)
    orientation = _lock(orientation)
    _require_waiting(orientation)
    orientation.status = OrientationStatus.ACCEPTED
    orientation.answered_at = timezone.now()
    orientation.introduction_message = introduction_message.strip()
    if share_portfolio:
        share, _token = share_link_create(
            portfolio=orientation.share.portfolio,
            by=user,
            recipient_name=str(_("The leaders of the initiative")),
            recipient_organisation=orientation.initiative.name[:150],
            expires_in_days=INTRODUCTION_SHARE_DAYS,
        )
        orientation.introduction_share = share
    orientation.full_clean()
    orientation.save()
    link = reverse("portfolios:introduction_detail", kwargs={"uuid": orientation.uuid})
    context = {
        "advisor": orientation.advisor_name,
        "person": owner_name(user),
        "initiative": orientation.initiative.name,
    }
    for leader in initiative_leaders(initiative_id=orientation.initiative_id):
        notification_send(
            recipient=leader,
            kind=NotificationKind.ORIENTATION_INTRODUCTION,
            context=context,
            link=link,
        )
    _tell_advisor(orientation)
    return orientation


def _tell_advisor(orientation: Orientation) -> None:
    if orientation.advisor is not None and orientation.share.is_open():
        notification_send(
            recipient=orientation.advisor,
            kind=NotificationKind.ORIENTATION_ANSWERED,
            context={
                "person": owner_name(orientation.person),
                "initiative": orientation.initiative.name,
            },
            link=_advisor_link(orientation),
        )


@transaction.atomic
def orientation_decline(*, orientation: Orientation, user: User) -> Orientation:
    _require_person(orientation, user)
    orientation = _lock(orientation)
    _require_waiting(orientation)
    orientation.status = OrientationStatus.DECLINED
    orientation.answered_at = timezone.now()
    orientation.save(update_fields=["status", "answered_at"])
    _tell_advisor(orientation)
    return orientation


@transaction.atomic
def orientation_end(*, orientation: Orientation, user: User) -> Orientation:
    """The person ends the orientation: the advisor sees nothing more of it, and the link
    to her portfolio made for the initiative (if any) is withdrawn."""
    _require_person(orientation, user)
    orientation = _lock(orientation)
    if orientation.status == OrientationStatus.ENDED:
        return orientation
    orientation.status = OrientationStatus.ENDED
    orientation.ended_at = timezone.now()
    orientation.save(update_fields=["status", "ended_at"])
    share = orientation.introduction_share
    if share is not None and not share.is_revoked:
        share_link_revoke(share=share, by=user)
    return orientation
