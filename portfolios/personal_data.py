"""What portfolios holds about a person: their portfolios and the versions made of them
(the signed CLR record and the PDF), their share links and who opened them; and, for an
advisor (or anyone a portfolio was shared with), the links addressed to them and when they
opened someone's portfolio (the ``portfolios`` section of ``accounts.data_rights``,
registered in ``PortfoliosConfig.ready``).

Files: ``portfolios/<portfolio>/<release>.pdf`` and ``portfolios/<portfolio>/<release>-clr.json``
(the PDF and the signed CLR credential, byte for byte those handed out).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import DataPart, ExportWriter, IndexLink, User
from config.http import absolute_url
from portfolios.clr import clr_json
from portfolios.models import Portfolio, PortfolioItem, PortfolioRelease, ShareAccess, ShareLink
from portfolios.selectors import personal_data as selectors
from portfolios.selectors.portfolios import owner_name

TITLE = gettext_lazy("Your portfolios")


def summary(user: User) -> list[DataPart]:
    portfolios = reverse("portfolios:portfolio_list")
    # Asked for everyone (a constant cost); said to advisors, and to anyone it concerns.
    shared = selectors.shares_addressed_to(user=user).count()
    return [
        DataPart(
            title=_("Portfolios"),
            count=selectors.portfolios_of(user=user).count(),
            description=_("What you chose to show, your target and your own words."),
            url=portfolios,
            action=_("See, change or delete them"),
        ),
        DataPart(
            title=_("Versions of your portfolios (PDF)"),
            count=selectors.releases_of(user=user).count(),
            description=_(
                "Each PDF you downloaded, with its signed record, so that anyone you give it "
                "to can check it."
            ),
            url=portfolios,
            action=_("See my portfolios"),
        ),
        DataPart(
            title=_("Share links"),
            count=selectors.share_links_of(user=user).count(),
            description=_(
                "Who you shared a portfolio with, and until when. You can revoke a link from "
                "its portfolio's page."
            ),
            url=portfolios,
            action=_("See my portfolios"),
        ),
        DataPart(
            title=_("Openings of your share links"),
            count=selectors.share_accesses_of(user=user).count(),
            description=_("When each link was opened, and what was looked at."),
            url=portfolios,
            action=_("See my portfolios"),
        ),
        *(
            [
                DataPart(
                    title=_("Portfolios shared with you"),
                    count=shared,
                    description=_(
                        "The links people addressed to your email address (who, which "
                        "portfolio, until when), and when you opened their portfolios."
                    ),
                    url=reverse("portfolios:advisor_workspace") if user.is_advisor else "",
                    action=_("See them"),
                )
            ]
            if shared or user.is_advisor
            else []
        ),
    ]


def _item(item: PortfolioItem) -> dict[str, Any]:
    target = item.competence or item.contribution or item.endorsement or item.award
    return {
        "kind": item.kind,
        "position": item.position,
        "uuid": str(target.uuid) if target is not None else None,
    }


def release_paths(portfolio: Portfolio, release: PortfolioRelease) -> dict[str, str]:
    stem = f"portfolios/{portfolio.uuid}/{release.uuid}"
    return {"clr": f"{stem}-clr.json", "pdf": f"{stem}.pdf" if release.pdf else ""}


def _release(
    portfolio: Portfolio, release: PortfolioRelease, writer: ExportWriter
) -> dict[str, Any]:
    paths = release_paths(portfolio, release)
    writer.add_file(paths["clr"], clr_json(release.clr).encode("utf-8"))
    if paths["pdf"]:
        try:
            with release.pdf.open("rb") as stored:
                writer.add_file(paths["pdf"], stored.read())
        except (FileNotFoundError, ValueError):
            paths["pdf"] = ""
    return {
        "uuid": str(release.uuid),
        "created_at": release.created_at,
        "language": release.language,
        "content_sha256": release.content_sha256,
        "clr_sha256": release.clr_sha256,
        "pdf_sha256": release.pdf_sha256,
        "verify_page": absolute_url(release.get_absolute_url()),
        "files": paths,
    }


def _portfolio(portfolio: Portfolio, writer: ExportWriter) -> dict[str, Any]:
    return {
        "uuid": str(portfolio.uuid),
        "title": portfolio.title,
        "target": portfolio.target,
        "statement": portfolio.statement,
        "language": portfolio.language,
        "created_at": portfolio.created_at,
        "updated_at": portfolio.updated_at,
        "page": absolute_url(portfolio.get_absolute_url()),
        "items": [_item(item) for item in portfolio.items.all()],
        "releases": [_release(portfolio, release, writer) for release in portfolio.releases.all()],
    }


def _access(access: ShareAccess, user: User) -> dict[str, Any]:
    return {"at": access.at, "what": access.what, "by_you": access.viewer_id == user.pk}


def _share(share: ShareLink, user: User) -> dict[str, Any]:
    # The recipient as the person typed it; the token and the access code are never kept in
    # clear, so they are not here either.
    return {
        "uuid": str(share.uuid),
        "portfolio": str(share.portfolio.uuid),
        "recipient_name": share.recipient_name,
        "recipient_organisation": share.recipient_organisation,
        "recipient_email": share.recipient_email,
        "with_access_code": share.has_access_code,
        "created_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "state": share.state(),
        "accesses": [_access(access, user) for access in share.accesses.all()],
    }


def _shared_with_you(share: ShareLink) -> dict[str, Any]:
    # What the advisor workspace shows of it: whose, which portfolio, until when; the name
    # and organisation the owner typed for the person. Never the token nor the access code.
    return {
        "uuid": str(share.uuid),
        "owner": owner_name(share.portfolio.owner),
        "portfolio_title": share.portfolio.title,
        "recipient_name": share.recipient_name,
        "recipient_organisation": share.recipient_organisation,
        "with_access_code": share.has_access_code,
        "shared_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "state": share.state(),
    }


def _opening(access: ShareAccess) -> dict[str, Any]:
    portfolio = access.share.portfolio
    return {
        "at": access.at,
        "what": access.what,
        "share": str(access.share.uuid),
        "owner": owner_name(portfolio.owner),
        "portfolio_title": portfolio.title,
    }


def export(user: User, writer: ExportWriter) -> None:
    portfolios = [_portfolio(portfolio, writer) for portfolio in selectors.portfolios_of(user=user)]
    shares = [_share(share, user) for share in selectors.share_links_of(user=user)]
    shared = [_shared_with_you(share) for share in selectors.shares_addressed_to(user=user)]
    openings = [_opening(access) for access in selectors.openings_by(user=user)]
    writer.add_data("portfolios", portfolios)
    writer.add_data("share_links", shares)
    writer.add_data("portfolios_shared_with_you", shared)
    writer.add_data("portfolio_openings", openings)
    lines: list[str | IndexLink] = [
        IndexLink(
            _("Your portfolios, with their versions: %(count)s") % {"count": len(portfolios)},
            "portfolios.json",
        ),
        IndexLink(
            _("Share links and their access log: %(count)s") % {"count": len(shares)},
            "share_links.json",
        ),
    ]
    if shared or openings:
        lines += [
            IndexLink(
                _("Portfolios shared with you: %(count)s") % {"count": len(shared)},
                "portfolios_shared_with_you.json",
            ),
            IndexLink(
                _("When you opened a portfolio shared with you: %(count)s")
                % {"count": len(openings)},
                "portfolio_openings.json",
            ),
        ]
    for portfolio in portfolios:
        for release in portfolio["releases"]:
            when = date_format(timezone.localtime(release["created_at"]), "SHORT_DATETIME_FORMAT")
            names = {"title": portfolio["title"], "date": when}
            if release["files"]["pdf"]:
                lines.append(
                    IndexLink(_("“%(title)s”, PDF of %(date)s") % names, release["files"]["pdf"])
                )
            lines.append(
                IndexLink(
                    _("“%(title)s”, signed record of %(date)s, for other software") % names,
                    release["files"]["clr"],
                )
            )
    writer.add_index(TITLE, lines)
