"""The layout of the portfolio PDF with WeasyPrint (see ``portfolios.pdf``)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from portfolios.content import (
    BadgeLine,
    ContributionLine,
    DomainBlock,
    EndorsementQuote,
    PortfolioContent,
)
from portfolios.pdf import ATTACHMENT_NAME, ATTACHMENT_TYPE
from portfolios.pdf.fetcher import LocalFetcher
from portfolios.pdf.fonts import STYLESHEET
from portfolios.pdf.graphics import domain_chart, qr_svg

TEMPLATE = "portfolios/pdf/portfolio.html"
KEY_BADGES = 4
PDF_OPTIONS: dict[str, Any] = {
    "pdf_variant": "pdf/ua-1",
    "pdf_tags": True,
    "pdf_identifier": True,  # derived from the content: same input, same ID
}


@dataclass(frozen=True)
class _Domain:
    domain: DomainBlock
    chart: SafeString


@dataclass(frozen=True)
class _Contribution:
    contribution: ContributionLine
    period: str
    hours: str


@dataclass(frozen=True)
class _Quote:
    quote: EndorsementQuote
    given_on: str


@dataclass(frozen=True)
class _Badge:
    badge: BadgeLine
    issued_on: str
    expires_on: str
    qr: SafeString


def _day(value: date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _css_string(text: str) -> str:
    """A CSS string literal (quotes, backslashes, line ends and ``<`` escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return '"' + escaped.replace("<", "\\3C ") + '"'


def _page_css(content: PortfolioContent, verification_url: str) -> str:
    """The footer of every page, in ``@page`` margin boxes, in the content's language."""
    left = _("Generated on %(date)s · Check this portfolio at %(url)s") % {
        "date": _day(content.generated_at.date()),
        "url": verification_url,
    }
    pages = []
    for part in re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s")):
        if part == "%(page)s":
            pages.append("counter(page)")
        elif part == "%(pages)s":
            pages.append("counter(pages)")
        elif part:
            pages.append(_css_string(part))
    return (
        f"@page {{ @bottom-left {{ content: {_css_string(left)}; }} "
        f"@bottom-right {{ content: {' '.join(pages)}; }} }}"
    )


def _period(line: ContributionLine) -> str:
    if line.ended_on is None:
        return _("since %(date)s") % {"date": _day(line.started_on)}
    if line.ended_on == line.started_on:
        return _day(line.started_on)
    period = _("%(start)s – %(end)s")  # noqa: RUF001 - a range of dates
    return period % {"start": _day(line.started_on), "end": _day(line.ended_on)}


def _hours(hours: float | None) -> str:
    if not hours:
        return ""
    number = formats.number_format(round(float(hours), 1), decimal_pos=None)
    number = number.rstrip("0").rstrip(",.") if "," in number or "." in number else number
    return ngettext("%(hours)s hour", "%(hours)s hours", max(1, int(float(hours)))) % {
        "hours": number
    }


def _summary(content: PortfolioContent) -> str:
    parts = [
        ngettext("%(count)s competence", "%(count)s competences", content.competence_count)
        % {"count": content.competence_count},
        ngettext("%(count)s contribution", "%(count)s contributions", len(content.contributions))
        % {"count": len(content.contributions)},
        ngettext("%(count)s endorsement", "%(count)s endorsements", len(content.endorsements))
        % {"count": len(content.endorsements)},
        ngettext("%(count)s badge", "%(count)s badges", len(content.badges))
        % {"count": len(content.badges)},
    ]
    return " · ".join(parts)


def _key_badges(badges: list[BadgeLine]) -> list[BadgeLine]:
    valid = [badge for badge in badges if badge.status == "valid"]
    return (valid or badges)[:KEY_BADGES]


def _utc(moment: datetime) -> datetime:
    """A naive UTC time, as WeasyPrint writes attachment dates (``D:…Z``)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None)


def _site_base() -> str:
    return settings.SITE_URL.rstrip("/") + "/"


def _static_base() -> str:
    """The address of the static files on this site (the fonts are found from there)."""
    return urljoin(_site_base(), urlsplit(settings.STATIC_URL).path or "/static/")


def _context(
    content: PortfolioContent, *, verification_url: str, has_attachment: bool
) -> dict[str, Any]:
    max_level = max(
        (line.max_level for block in content.domains for line in block.competences), default=4
    )
    return {
        "content": content,
        "document_title": _("Portfolio of %(name)s") % {"name": content.owner_name}
        + (f" — {content.title}" if content.title else ""),
        "description": content.target or content.title,
        "generated_iso": content.generated_at.isoformat(timespec="seconds"),
        "page_css": SafeString(_page_css(content, verification_url)),
        "summary": _summary(content),
        "domains": [_Domain(block, domain_chart(block)) for block in content.domains],
        "max_level": max_level,
        "key_badges": _key_badges(content.badges),
        "contributions": [
            _Contribution(line, _period(line), _hours(line.hours)) for line in content.contributions
        ],
        "endorsements": [_Quote(quote, _day(quote.given_on)) for quote in content.endorsements],
        "badges": [
            _Badge(
                badge,
                _day(badge.issued_on),
                _day(badge.expires_on),
                qr_svg(
                    badge.verification_url,
                    title=_("QR code to verify the badge %(name)s: %(url)s")
                    % {"name": badge.name, "url": badge.verification_url},
                ),
            )
            for badge in content.badges
        ],
        "verification_url": verification_url,
        "verification_qr": qr_svg(
            verification_url,
            title=_("QR code to check this portfolio: %(url)s") % {"url": verification_url},
        ),
        "has_attachment": has_attachment,
    }


def _associate_files(document: Any, pdf: pydyf.PDF) -> None:
    """Make the attached files PDF/A-3 style associated files of the document.

    WeasyPrint 70 writes ``/AFRelationship`` and the catalog's ``/AF`` only for its
    PDF/A-3 variants; the PDF/UA-1 variant gets them here, after rendering.
    """
    associated = pydyf.Array()
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, dict) and pdf_object.get("Type") == "/Filespec":
            pdf_object["AFRelationship"] = "/Data"
            associated.append(pdf_object.reference)  # type: ignore[attr-defined]
    if len(associated):
        pdf.catalog["AF"] = associated


def render_pdf(
    content: PortfolioContent, *, verification_url: str, clr_json: str | None = None
) -> bytes:
    """The portfolio as PDF bytes, in ``content.language``, with ``clr_json`` attached."""
    fetcher = LocalFetcher()
    fonts = FontConfiguration()
    with translation.override(content.language):
        attachment_description = _(
            "The portfolio as a signed Comprehensive Learner Record (CLR 2.0)"
        )
        html = render_to_string(
            TEMPLATE,
            _context(
                content, verification_url=verification_url, has_attachment=clr_json is not None
            ),
        )
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=_static_base(),
        url_fetcher=fetcher,
        font_config=fonts,
    )
    attachments = []
    if clr_json is not None:
        payload = base64.b64encode(clr_json.encode("utf-8")).decode("ascii")
        created = _utc(content.generated_at)
        attachments.append(
            Attachment(
                url=f"data:{ATTACHMENT_TYPE};base64,{payload}",
                url_fetcher=fetcher,
                name=ATTACHMENT_NAME,
                description=attachment_description,
                created=created,
                modified=created,
                relationship="Data",
            )
        )
    document = HTML(string=html, base_url=_site_base(), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        attachments=attachments,
        finisher=_associate_files,
        **PDF_OPTIONS,
    )
    return pdf
