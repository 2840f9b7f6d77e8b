"""What is waiting for someone: their home page after sign-in, one section per role.

The home gathers what every app holds for the person, so it lives in the last app and reads
the others through their ``api.py``. Each section is already limited to what the person may
see (their own requests, proposals and badges; the initiatives they lead; the portfolios
shared with their address; the territory's queues for stewards) and is ``None`` when the
role does not apply. The whole page costs a constant number of queries, however many items
wait.

- Everyone (``VolunteerSection``): whether they noted anything yet, their endorsement
  requests still waiting for an answer, their badges proposed or received lately, the
  badges they are closest to (``badges.api.badges_within_reach``), and the initiatives an
  advisor proposed to them, waiting for their answer.
- Leaders of an initiative and issuer staff (``LeaderSection``): the endorsement requests
  waiting for their answer, the badges to confirm, the requests to join their initiatives.
- Employment advisors (``AdvisorSection``): the portfolios shared with them, soonest expiry
  first, marked *new* (never opened) or *updated* (changed since they last opened it). What
  they opened is the share link's access log (``ShareAccess`` with them as viewer): opening
  the portfolio from the workspace, its PDF or its share link records it already.
- Stewards and staff (``StewardSection``): the issuers waiting for the territory's
  recognition and the framework versions in draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.api import User
from badges.api import (
    Award,
    AwardProposal,
    BadgeProgress,
    award_list_valid_for_recipient,
    badges_within_reach,
    my_pending_proposals,
    proposal_to_decide_count,
    recognition_pending_count,
    user_can_manage_recognition,
    user_may_decide_proposals,
)
from community.api import (
    EndorsementRequest,
    LedInitiative,
    contribution_exists_for_owner,
    endorsement_request_received_list,
    endorsement_request_sent_waiting_count,
    endorsement_request_waiting_count,
    initiatives_led_with_join_requests,
)
from competences.api import FrameworkVersion, framework_drafts
from portfolios.models import Orientation
from portfolios.models.portfolios import AccessWhat, ShareAccess, ShareLink
from portfolios.selectors.orientations import orientation_waiting_for_person
from portfolios.selectors.portfolios import owner_name
from portfolios.selectors.shares import advisor_shares

#: Badges received within this many days are shown as "received lately".
RECENT_AWARD_DAYS = 30
#: How many items a section lists before "see all".
LIST_LIMIT = 5
#: How many badges within reach the home shows.
WITHIN_REACH_LIMIT = 3
#: How many shared portfolios the advisor's section lists (the workspace has them all).
SHARED_LIMIT = 10
#: Accesses that mean the advisor read the portfolio.
READ_ACCESSES = (AccessWhat.PAGE, AccessWhat.PDF, AccessWhat.CLR)


@dataclass(frozen=True)
class VolunteerSection:
    has_contributions: bool
    requests_waiting: int  # their endorsement requests still waiting for an answer
    proposals: list[AwardProposal]  # their badges proposed, waiting for an issuer
    recent_awards: list[Award]  # valid badges received in the last RECENT_AWARD_DAYS days
    within_reach: list[BadgeProgress]
    orientations: list[Orientation]  # initiatives proposed by an advisor, waiting for an answer


@dataclass(frozen=True)
class LeaderSection:
    leads: bool  # leads at least one initiative
    may_decide: bool  # manages an issuer: proposals may wait for them
    to_endorse_count: int  # endorsement requests waiting for their answer
    to_endorse: list[EndorsementRequest]  # the newest LIST_LIMIT of them
    badges_to_confirm: int
    join_requests: list[LedInitiative]  # initiatives they lead with requests to join waiting

    @property
    def join_requests_count(self) -> int:
        return sum(led.join_requests_waiting for led in self.join_requests)


@dataclass(frozen=True)
class SharedPortfolio:
    share: ShareLink
    owner_name: str
    title: str
    news: str  # "new" (never opened), "updated" (changed since last opened) or ""
    last_opened_at: datetime | None

    @property
    def expires_at(self) -> datetime:
        return self.share.expires_at


@dataclass(frozen=True)
class AdvisorSection:
    portfolios: list[SharedPortfolio]  # open shares, soonest expiry first (SHARED_LIMIT)
    open_count: int  # every open share
    unread_count: int  # open shares new or updated since last opened

    @property
    def more(self) -> int:
        return self.open_count - len(self.portfolios)


@dataclass(frozen=True)
class StewardSection:
    issuers_to_recognise: int
    drafts: list[FrameworkVersion]


@dataclass(frozen=True)
class Home:
    volunteer: VolunteerSection
    leader: LeaderSection | None
    advisor: AdvisorSection | None
    steward: StewardSection | None


def _volunteer(user: User) -> VolunteerSection:
    since = timezone.now() - timedelta(days=RECENT_AWARD_DAYS)
    return VolunteerSection(
        has_contributions=contribution_exists_for_owner(owner=user),
        requests_waiting=endorsement_request_sent_waiting_count(user=user),
        proposals=my_pending_proposals(user=user),
        recent_awards=list(award_list_valid_for_recipient(user=user).filter(issued_at__gte=since)),
        within_reach=badges_within_reach(user=user, limit=WITHIN_REACH_LIMIT),
        orientations=orientation_waiting_for_person(user=user, limit=LIST_LIMIT),
    )


def _leader(user: User) -> LeaderSection | None:
    led = initiatives_led_with_join_requests(user=user)
    may_decide = user_may_decide_proposals(user=user)
    to_endorse_count = endorsement_request_waiting_count(user=user)
    if not (led or may_decide or to_endorse_count):
        return None
    return LeaderSection(
        leads=bool(led),
        may_decide=may_decide,
        to_endorse_count=to_endorse_count,
        to_endorse=list(
            endorsement_request_received_list(user=user, waiting_only=True)[:LIST_LIMIT]
        )
        if to_endorse_count
        else [],
        badges_to_confirm=proposal_to_decide_count(user=user) if may_decide else 0,
        join_requests=[initiative for initiative in led if initiative.join_requests_waiting],
    )


def _news(share: ShareLink, last_opened_at: datetime | None) -> str:
    if last_opened_at is None:
        return "new"
    return "updated" if share.portfolio.updated_at > last_opened_at else ""


def _advisor(user: User) -> AdvisorSection | None:
    if not (user.is_active and user.is_advisor):
        return None
    now = timezone.now()
    shares = [share for share in advisor_shares(advisor=user) if share.is_open(at=now)]
    opened = dict(
        ShareAccess.objects.filter(
            share__in=[share.pk for share in shares], viewer=user, what__in=READ_ACCESSES
        )
        .values("share_id")
        .annotate(last=Max("at"))
        .values_list("share_id", "last")
    )
    entries = [
        SharedPortfolio(
            share=share,
            owner_name=owner_name(share.portfolio.owner),
            title=share.portfolio.title,
            news=_news(share, opened.get(share.pk)),
            last_opened_at=opened.get(share.pk),
        )
        for share in shares
    ]
    entries.sort(key=lambda entry: (entry.share.expires_at, entry.share.pk))
    return AdvisorSection(
        portfolios=entries[:SHARED_LIMIT],
        open_count=len(entries),
        unread_count=sum(1 for entry in entries if entry.news),
    )


def _steward(user: User) -> StewardSection | None:
    recognises = user_can_manage_recognition(user)
    if not (recognises or user.can_curate_framework):
        return None
    return StewardSection(
        issuers_to_recognise=recognition_pending_count() if recognises else 0,
        drafts=framework_drafts(viewer=user),
    )


def home_for(*, user: User) -> Home:
    """What waits for this signed-in person, section by section (constant queries)."""
    return Home(
        volunteer=_volunteer(user),
        leader=_leader(user),
        advisor=_advisor(user),
        steward=_steward(user),
    )
