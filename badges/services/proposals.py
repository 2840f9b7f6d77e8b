"""Writes on award proposals: the platform proposes, a leader confirms in one click.

When someone meets every rule of a badge class (``badges.rules``), holds no valid award
of it, had none revoked (revoking is deliberate: never undone automatically; an expired
award, on the other hand, is renewed) and was never proposed it: a badge class marked
``auto_award`` is awarded at once (``award_issue``, in the issuer's name); any other gets
a pending ``AwardProposal`` and the issuer's staff are notified. One proposal per badge class
and person, whatever its fate: a declined proposal is not made again.

``award_proposals_refresh`` looks at one person (after an endorsement, or when their
email is verified); ``badge_class_proposals_refresh`` at one badge class (created, or
its rules changed). Both are cheap when there is nothing new. The tasks in
``badges.tasks`` run them outside the request.

Deciding is for issuer staff, never on their own proposal: ``award_proposal_accept``
awards the badge (``award_issue`` settles the proposal), ``award_proposal_decline``
closes it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.api import NotificationKind, User, notification_send
from badges.models import Award, AwardProposal, BadgeClass, ProposalStatus
from badges.rules import users_meeting_rules
from badges.selectors.issuers import user_is_issuer_staff
from badges.selectors.proposals import (
    badge_classes_to_check,
    issuer_staff_users,
    rule_checks,
    users_to_check,
)
from badges.services.awards import award_issue

logger = logging.getLogger(__name__)

# Names listed in one "badge to confirm" notification; the rest are counted.
NAMES_IN_NOTIFICATION = 3


def person_name(user: User) -> str:
    return user.display_name or user.email


def _people(users: Sequence[User]) -> str:
    names = ", ".join(person_name(user) for user in users[:NAMES_IN_NOTIFICATION])
    more = len(users) - NAMES_IN_NOTIFICATION
    return f"{names} (+{more})" if more > 0 else names


def _staff_notify(*, badge_class: BadgeClass, users: Sequence[User]) -> None:
    """Tell the issuer's staff (except the people proposed) that badges wait for them."""
    proposed = {user.pk for user in users}
    for staff in issuer_staff_users(issuer=badge_class.issuer):
        if staff.pk in proposed:
            continue
        others = [user for user in users if user.pk != staff.pk]
        notification_send(
            recipient=staff,
            kind=NotificationKind.BADGE_PROPOSED,
            context={"badge": badge_class.name, "people": _people(others)},
            link=reverse("badges:proposal_list"),
        )


def _propose(*, badge_class: BadgeClass, user: User) -> AwardProposal | None:
    """A pending proposal, or None when one appeared meanwhile (the constraint says so)."""
    try:
        with transaction.atomic():
            return AwardProposal.objects.create(badge_class=badge_class, user=user)
    except IntegrityError:
        return None


def _auto_award(*, badge_class: BadgeClass, user: User) -> Award | None:
    """Award in the issuer's name; a failure (no signing key, say) is logged, not raised."""
    try:
        return award_issue(badge_class=badge_class, email=user.email, recipient=user)
    except Exception:
        logger.exception(
            "Automatic award of badge class %s to user %s failed", badge_class.uuid, user.pk
        )
        return None


def award_proposals_refresh(*, user: User) -> list[AwardProposal | Award]:
    """Propose (or award, for ``auto_award`` badge classes) what ``user`` now deserves.

    One query when there is nothing new; otherwise a constant number to evaluate the
    rules of every candidate badge class, plus the writes (atomic). Returns what was
    created.
    """
    if not user.is_active or not badge_classes_to_check(user=user).exists():
        return []
    return _award_proposals_refresh(user=user)


@transaction.atomic
def _award_proposals_refresh(*, user: User) -> list[AwardProposal | Award]:
    # Serialise refreshes of one person, then look again under the lock.
    User.objects.select_for_update().filter(pk=user.pk).first()
    candidates = list(badge_classes_to_check(user=user))
    checks = rule_checks(pairs=[(badge_class, user) for badge_class in candidates])
    created: list[AwardProposal | Award] = []
    for badge_class in candidates:
        if not checks[(badge_class.pk, user.pk)].met:
            continue
        if badge_class.auto_award:
            award = _auto_award(badge_class=badge_class, user=user)
            if award is not None:
                created.append(award)
            continue
        proposal = _propose(badge_class=badge_class, user=user)
        if proposal is not None:
            created.append(proposal)
            _staff_notify(badge_class=badge_class, users=[user])
    if created:
        logger.info("Award proposals refreshed for user %s: %d new", user.pk, len(created))
    return created


@transaction.atomic
def badge_class_proposals_refresh(*, badge_class: BadgeClass) -> list[AwardProposal | Award]:
    """Propose (or award) the badge class to everyone who now meets its rules.

    The issuer's staff get one notification for the whole batch.
    """
    badge_class = (
        BadgeClass.objects.select_for_update().select_related("issuer").get(pk=badge_class.pk)
    )
    meeting = users_meeting_rules(badge_class=badge_class)
    if not meeting:
        return []
    created: list[AwardProposal | Award] = []
    proposed: list[User] = []
    for user in users_to_check(badge_class=badge_class, user_ids=meeting):
        if badge_class.auto_award:
            award = _auto_award(badge_class=badge_class, user=user)
            if award is not None:
                created.append(award)
            continue
        proposal = _propose(badge_class=badge_class, user=user)
        if proposal is not None:
            created.append(proposal)
            proposed.append(user)
    if proposed:
        _staff_notify(badge_class=badge_class, users=proposed)
    if created:
        logger.info(
            "Award proposals refreshed for badge class %s: %d new", badge_class.uuid, len(created)
        )
    return created


def _decidable(*, proposal: AwardProposal, by: User) -> AwardProposal:
    """The proposal, locked; only issuer staff decide, never on their own proposal."""
    proposal = (
        AwardProposal.objects.select_for_update()
        .select_related("badge_class__issuer", "user")
        .get(pk=proposal.pk)
    )
    if (
        not by.is_active
        or proposal.user_id == by.pk
        or not user_is_issuer_staff(issuer=proposal.badge_class.issuer, user=by)
    ):
        raise PermissionDenied
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(
            _("This proposal has already been decided (%(status)s).")
            % {"status": proposal.get_status_display()},
            code="decided",
        )
    return proposal


@transaction.atomic
def award_proposal_accept(*, proposal: AwardProposal, by: User) -> AwardProposal:
    """Award the proposed badge to the person, in one click (the proposal is settled)."""
    proposal = _decidable(proposal=proposal, by=by)
    award_issue(
        badge_class=proposal.badge_class,
        email=proposal.user.email,
        recipient=proposal.user,
        awarded_by=by,
    )
    proposal.refresh_from_db()
    logger.info("Award proposal %s accepted by user %s", proposal.pk, by.pk)
    return proposal


@transaction.atomic
def award_proposal_decline(*, proposal: AwardProposal, by: User) -> AwardProposal:
    """Do not award: the proposal is closed, and not made again."""
    proposal = _decidable(proposal=proposal, by=by)
    proposal.status = ProposalStatus.DECLINED
    proposal.decided_at = timezone.now()
    proposal.decided_by = by
    proposal.save(update_fields=["status", "decided_at", "decided_by"])
    logger.info("Award proposal %s declined by user %s", proposal.pk, by.pk)
    return proposal
