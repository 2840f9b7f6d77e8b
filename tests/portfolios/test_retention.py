"""Retention rule ``closed_share_links`` (issue #12, acceptance 3): a share link and its access
log go N days after the link expired or was revoked (the first of the two); open links,
portfolios, their released versions and the audit log stay."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest

from accounts.models import AuditAction, AuditEvent
from portfolios.models import Portfolio, PortfolioRelease
from portfolios.models.portfolios import AccessWhat, ShareAccess, ShareLink
from portfolios.services.shares import share_access_record, share_link_revoke
from tests.accounts.retention import apply_retention, purged
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db

SHARED = dt.datetime(2026, 4, 1, 14, 0, tzinfo=dt.UTC)
YEAR = timedelta(days=365)  # RETENTION_DAYS["closed_share_links"] by default


@pytest.fixture
def links(volunteer, time_machine):
    """Links of Amina's portfolio, each opened once: one expiring after 10 days, one revoked
    on day 2, one revoked on day 12 (after it expired on day 10), one open for a year."""
    time_machine.move_to(SHARED, tick=False)
    portfolio = plain_portfolio(volunteer)
    PortfolioRelease.objects.create(
        portfolio=portfolio, language="fr", content_sha256="a" * 64, clr_sha256="b" * 64
    )
    made = {
        "expired": share_make(portfolio, expires_in_days=10, recipient_name="Karim")[0],
        "revoked": share_make(portfolio, recipient_name="Mission locale")[0],
        "revoked_late": share_make(portfolio, expires_in_days=10, recipient_name="Agence")[0],
        "open": share_make(portfolio, expires_in_days=365, recipient_name="Avenir")[0],
    }
    for share in made.values():
        share_access_record(share=share, what=AccessWhat.PAGE)
    time_machine.move_to(SHARED + timedelta(days=2), tick=False)
    share_link_revoke(share=made["revoked"], by=volunteer)
    time_machine.move_to(SHARED + timedelta(days=12), tick=False)
    share_link_revoke(share=made["revoked_late"], by=volunteer)
    return made


def _remaining() -> set[str]:
    return set(ShareLink.objects.values_list("recipient_name", flat=True))


def _logged() -> set[str]:
    return set(ShareAccess.objects.values_list("share__recipient_name", flat=True))


def test_links_and_their_log_go_a_year_after_they_closed_and_nothing_else(links, time_machine):
    audit = AuditEvent.objects.filter(
        action__in=[AuditAction.SHARE_CREATE, AuditAction.SHARE_REVOKE]
    ).count()
    everyone = {"Karim", "Mission locale", "Agence", "Avenir"}
    steps = [
        # (when, the links (and logs) still there afterwards)
        (SHARED + timedelta(days=2) + YEAR - timedelta(seconds=1), everyone),
        (SHARED + timedelta(days=2) + YEAR, everyone - {"Mission locale"}),
        (SHARED + timedelta(days=10) + YEAR - timedelta(seconds=1), {"Karim", "Agence", "Avenir"}),
        # "Agence" closed when it expired (day 10), not when it was revoked afterwards (day 12).
        (SHARED + timedelta(days=10) + YEAR, {"Avenir"}),
        (SHARED + 2 * YEAR - timedelta(seconds=1), {"Avenir"}),
        (SHARED + 2 * YEAR, set()),
    ]
    gone = 0
    for when, remaining in steps:
        time_machine.move_to(when, tick=False)
        count = purged(apply_retention())["closed_share_links"]
        assert _remaining() == remaining, when
        assert _logged() == remaining, when
        assert count == len(everyone) - len(remaining) - gone, when
        gone += count
    # The portfolio, its released version and the audit log stay.
    assert Portfolio.objects.count() == 1 and PortfolioRelease.objects.count() == 1
    assert (
        AuditEvent.objects.filter(
            action__in=[AuditAction.SHARE_CREATE, AuditAction.SHARE_REVOKE]
        ).count()
        == audit
        == 6
    )


def test_the_period_is_the_setting(links, settings, time_machine):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "closed_share_links": 0}
    time_machine.move_to(SHARED + timedelta(days=10), tick=False)
    document = apply_retention("--only", "closed_share_links")
    assert document["rules"][0]["days"] == 0
    assert purged(document)["closed_share_links"] == 3
    assert _remaining() == _logged() == {"Avenir"}


def test_a_dry_run_deletes_nothing(links, time_machine):
    time_machine.move_to(SHARED + 3 * YEAR, tick=False)
    assert purged(apply_retention("--dry-run"))["closed_share_links"] == 4
    assert len(_remaining()) == 4 and ShareAccess.objects.count() == 4
