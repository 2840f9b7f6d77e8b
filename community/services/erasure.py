"""What community erases when someone closes their account (``accounts.data_rights``).

- Their contributions, with their claims, evidence (the **files** leave the storage once the
  transaction commits), the endorsement requests they sent and the endorsements they
  received; their memberships, join requests, and invitations sent to their address.
- Endorsements they **gave** stay: they belong to the people endorsed (and may already be
  signed inside their badges). Their name, address and organisation are erased and pages
  say "a former member" (``Endorsement.endorser_shown``).
- Requests addressed to them (as a member, or as an outside referent by address) go.

``deletion_blockers`` says what must be settled first: the last leader of an initiative
that has other members must name another leader.
"""

from __future__ import annotations

import uuid

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.api import Erasure, User, by_proved_address
from community.models import (
    Contribution,
    Endorsement,
    EndorsementRequest,
    Evidence,
    Initiative,
    Invitation,
    JoinRequest,
    Membership,
    Role,
)
from config.files import files_delete_on_commit


def deletion_blockers(user: User) -> list[str]:
    """Why ``user`` cannot close their account yet (empty: they can)."""
    led = Membership.objects.filter(user=user, role=Role.LEADER).values("initiative_id")
    alone = (
        Initiative.objects.filter(pk__in=led)
        .annotate(
            leaders=Count("memberships", filter=Q(memberships__role=Role.LEADER), distinct=True),
            members=Count("memberships", distinct=True),
        )
        .filter(leaders=1, members__gt=1)
        .order_by("name")
    )
    return [
        _(
            "You are the only leader of %(initiative)s: make another member a leader first, "
            "so that the initiative keeps someone to look after it."
        )
        % {"initiative": initiative.name}
        for initiative in alone
    ]


def _erased_address() -> str:
    """A unique address that reaches nobody (``.invalid`` is reserved), so that the
    one-endorsement-per-endorser rule still holds between erased endorsers."""
    return f"erased-{uuid.uuid4().hex}@erased.invalid"


def _given(user: User) -> Q:
    """Endorsements they gave: from their account, or from their proved address."""
    return Q(endorser=user) | by_proved_address(user, "endorser_email")


def endorser_names(user: User) -> set[str]:
    """The names they endorsed under (a name changed since stays in others' records)."""
    return set(
        Endorsement.objects.filter(_given(user)).values_list("endorser_name", flat=True)
    ) | set(EndorsementRequest.objects.filter(endorser=user).values_list("name", flat=True))


def _endorsements_given_erase(*, user: User) -> int:
    given = Endorsement.objects.filter(_given(user)).exclude(claim__contribution__owner=user)
    count = 0
    now = timezone.now()
    for endorsement in given.only("pk"):
        Endorsement.objects.filter(pk=endorsement.pk).update(
            endorser=None,
            endorser_name="",
            endorser_email=_erased_address(),
            endorser_organisation="",
            endorser_erased_at=now,
        )
        count += 1
    return count


def _requests_to_them_erase(*, user: User) -> None:
    """Requests addressed to them (by account or, as an outside referent, by their proved
    address) go: a request names whom it asks. The endorsements they gave stay (above)."""
    to_them = Q(endorser=user) | by_proved_address(user, "email")
    EndorsementRequest.objects.filter(to_them).delete()


def personal_data_erase(*, user: User, erasure: Erasure) -> None:
    """Erase what community holds about ``user``."""
    mine = Contribution.objects.filter(owner=user)
    files_delete_on_commit(
        evidence.file for evidence in Evidence.objects.filter(contribution__in=mine).only("file")
    )
    _endorsements_given_erase(user=user)
    _requests_to_them_erase(user=user)
    EndorsementRequest.objects.filter(requested_by=user).delete()
    mine.delete()
    Invitation.objects.filter(by_proved_address(user, "email")).delete()
    JoinRequest.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()


def erasure_consequences(user: User) -> list[str]:
    """What closing the account does to community's data (the confirmation page)."""
    contributions = Contribution.objects.filter(owner=user).count()
    given = Endorsement.objects.filter(endorser=user).count()
    memberships = Membership.objects.filter(user=user).count()
    lines = []
    if contributions:
        lines.append(
            ngettext(
                "Your contribution is deleted, with its evidence and its files, the competences "
                "you claimed and the endorsements you received for them.",
                "Your %(count)s contributions are deleted, with their evidence and their files, "
                "the competences you claimed and the endorsements you received.",
                contributions,
            )
            % {"count": contributions}
        )
    if given:
        lines.append(
            ngettext(
                "The endorsement you gave stays with the person you endorsed (it is theirs "
                "now), but your name is replaced by “a former member”.",
                "The %(count)s endorsements you gave stay with the people you endorsed (they "
                "are theirs now), but your name is replaced by “a former member”.",
                given,
            )
            % {"count": given}
        )
    if memberships:
        lines.append(
            ngettext(
                "You leave your initiative.",
                "You leave your %(count)s initiatives.",
                memberships,
            )
            % {"count": memberships}
        )
    return lines
