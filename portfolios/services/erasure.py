"""What portfolios erases when someone closes their account (``accounts.data_rights``).

- Their portfolios, with their items, share links and the access log of those links.
- Each **version** they generated stays, emptied: its signed record (which names them) and
  its PDF (from storage) go; its date and fingerprints (SHA-256 of the record and of the
  PDF) stay, so that its public page — the address printed in every PDF already handed
  out — still tells an advisor that a copy is genuine, and that its owner has since closed
  their account (``portfolios.selectors.releases.release_check``). Its CLR is withdrawn:
  its bit is set in the territory issuer's revocation list, so copies of it read as
  revoked wherever they travelled (``portfolio_releases_withdraw``).
- Other people's share links addressed to them (their proved address) keep no trace of
  them: address, name and organisation are blanked.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import ngettext

from accounts.api import Erasure, User, by_proved_address
from config.files import files_delete_on_commit
from portfolios.models import Portfolio, PortfolioRelease, ShareLink
from portfolios.services.releases import portfolio_releases_withdraw


def personal_data_erase(*, user: User, erasure: Erasure) -> None:
    """Erase what portfolios holds about ``user``."""
    theirs = Portfolio.objects.filter(owner=user)
    releases = PortfolioRelease.objects.filter(portfolio__in=theirs)
    files_delete_on_commit(release.pdf for release in releases.only("pdf"))
    portfolio_releases_withdraw(releases=releases)
    releases.update(portfolio=None, clr={}, pdf="", owner_left_at=timezone.now())
    theirs.delete()
    ShareLink.objects.filter(by_proved_address(user, "recipient_email")).update(
        recipient_email="", recipient_name="", recipient_organisation=""
    )


def erasure_consequences(user: User) -> list[str]:
    """What closing the account does to portfolios' data (the confirmation page)."""
    portfolios = Portfolio.objects.filter(owner=user).count()
    shares = ShareLink.objects.filter(portfolio__owner=user).count()
    releases = PortfolioRelease.objects.filter(portfolio__owner=user).count()
    lines = []
    if portfolios:
        lines.append(
            ngettext(
                "Your portfolio is deleted, with its share links (%(shares)s) and their "
                "access log: advisors can no longer open them.",
                "Your %(count)s portfolios are deleted, with their share links (%(shares)s) "
                "and their access log: advisors can no longer open them.",
                portfolios,
            )
            % {"count": portfolios, "shares": shares}
        )
    if releases:
        lines.append(
            ngettext(
                "The PDF you generated keeps its verification page, without your name: it "
                "says that the document is genuine and that you closed your account. Its "
                "record is withdrawn: verifiers report it as no longer valid.",
                "The %(count)s PDFs you generated keep their verification page, without your "
                "name: it says that the document is genuine and that you closed your account. "
                "Their records are withdrawn: verifiers report them as no longer valid.",
                releases,
            )
            % {"count": releases}
        )
    return lines
