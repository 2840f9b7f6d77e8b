"""The layout of the portfolio PDF with WeasyPrint (see ``portfolios.pdf``)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML, Attachment
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from config import typography
from portfolios.content import (
    BadgeLine,
    ContributionLine,
    EndorsementQuote,
    ExternalBadgeLine,
    PortfolioContent,
)
from portfolios.external import NOT_IN_RECORD
from portfolios.pdf import ATTACHMENT_NAME, ATTACHMENT_TYPE
from portfolios.pdf.fetcher import LocalFetcher
from portfolios.pdf.fonts import STYLESHEET
from portfolios.pdf.graphics import qr_svg
from portfolios.pdf.summary import (
    HIGHLIGHTS,
    contribution_period,
    day,
    first_page,
    hours_text,
)

TEMPLATE = "portfolios/pdf/portfolio.html"
PDF_OPTIONS: dict[str, Any] = {
    "pdf_variant": "pdf/ua-1",
    "pdf_tags": True,
    "pdf_identifier": True,  # derived from the content: same input, same ID
}


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


def _css_string(text: str) -> str:
    """A CSS string literal (quotes, backslashes, line ends and ``<`` escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return '"' + escaped.replace("<", "\\3C ") + '"'


def _css_content(message: str, counters: dict[str, str]) -> str:
    """A translated ``message`` as a CSS ``content`` value, its ``%(name)s`` placeholders
    replaced by the CSS counters given (``counter(page)``, ``target-counter(…)``)."""
    parts = []
    for part in re.split(r"(%\(\w+\)s)", message):
        name = re.fullmatch(r"%\((\w+)\)s", part)
        if name and name.group(1) in counters:
            parts.append(counters[name.group(1)])
        elif part:
            parts.append(_css_string(part))
    return " ".join(parts)


def _page_css(content: PortfolioContent, verification_url: str) -> str:
    """The footer of every page (``@page`` margin boxes) and the "see page N" pointers, in
    the content's language: page numbers are known to the layout only."""
    left = _("Generated on %(date)s – Check this portfolio at %(url)s") % {
        "date": day(content.generated_at.date()),
        "url": verification_url,
    }
    pages = _css_content(
        _("Page %(page)s of %(pages)s"), {"page": "counter(page)", "pages": "counter(pages)"}
    )
    target = {"page": "target-counter(attr(href url), page)"}
    continued = _css_content(_("(continued on page %(page)s)"), target)
    see_page = _css_content(_("see page %(page)s"), target)
    return (
        f"@page {{ @bottom-left {{ content: {_css_string(left)}; }} "
        f"@bottom-right {{ content: {pages}; }} }} "
        f".continued::after {{ content: {continued}; }} "
        f".see-page::after {{ content: {see_page}; }}"
    )


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


@dataclass(frozen=True)
class _External:
    badge: ExternalBadgeLine
    issued_on: str
    checked_on: str
    attachment: str  # the name of the file attached as received, "" when none


def attached_originals(content: PortfolioContent) -> list[tuple[ExternalBadgeLine, str]]:
    """The badges from elsewhere that the signed record cannot carry (an OB 2.0 badge...),
    with the name of the file that holds each as received: attached to the PDF instead.
    One that did not pass its check is not attached."""
    attached = []
    for number, line in enumerate(content.external_badges, start=1):
        if line.record == NOT_IN_RECORD and line.status != "invalid":
            suffix = "json" if line.original.lstrip().startswith("{") else "jwt"
            attached.append((line, f"badge-elsewhere-{number}.{suffix}"))
    return attached


def _context(
    content: PortfolioContent, *, verification_url: str, has_attachment: bool, highlights: int
) -> dict[str, Any]:
    # Named only when the originals are attached (with the record).
    attached = attached_originals(content) if has_attachment else []
    files = {line.uuid: name for line, name in attached}
    return {
        "content": content,
        "document_title": _("Portfolio of %(name)s") % {"name": content.owner_name}
        + (f" — {content.title}" if content.title else ""),
        "description": content.target or content.title,
        "generated_iso": content.generated_at.isoformat(timespec="seconds"),
        "page_css": SafeString(_page_css(content, verification_url)),
        "first": first_page(content, highlights=highlights),
        "contributions": [
            _Contribution(line, contribution_period(line), hours_text(line.hours))
            for line in content.contributions
        ],
        "endorsements": [_Quote(quote, day(quote.given_on)) for quote in content.endorsements],
        "badges": [
            _Badge(
                badge,
                day(badge.issued_on),
                day(badge.expires_on),
                qr_svg(
                    badge.verification_url,
                    title=_("QR code to verify the badge %(name)s: %(url)s")
                    % {"name": badge.name, "url": badge.verification_url},
                ),
            )
            for badge in content.badges
        ],
        "external_badges": [
            _External(
                line,
                day(line.issued_on) if line.issued_on else "",
                day(line.checked_on),
                files.get(line.uuid, ""),
            )
            for line in content.external_badges
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


@dataclass(frozen=True)
class Laid:
    """A portfolio laid out in pages (``document.pages``: WeasyPrint's boxes, which tests
    measure), ready to be written as PDF bytes with ``pdf()``."""

    document: Document
    options: dict[str, Any]

    def pdf(self) -> bytes:
        pdf: bytes = self.document.write_pdf(finisher=_associate_files, **self.options)
        return pdf


def _highlights_on_first_page(document: Document) -> int:
    """How many of the endorsers' quotes shown on page 1 (``highlight-<n>``) start there."""
    return sum(1 for name in document.pages[0].anchors if name.startswith("highlight-"))


def layout(
    content: PortfolioContent, *, verification_url: str, clr_json: str | None = None
) -> Laid:
    """The portfolio laid out in pages, in ``content.language``, ``clr_json`` to attach.

    The endorsers' quotes of page 1 belong to page 1 only: when some of them do not fit
    there (a long summary), the portfolio is laid out again without them, rather than
    leaving them alone on page 2 before the details (a second layout, in that case only).
    """
    fetcher = LocalFetcher()
    fonts = FontConfiguration()
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=_static_base(),
        url_fetcher=fetcher,
        font_config=fonts,
    )
    with translation.override(content.language):
        attachment_description = _("The portfolio as a signed record that software can read")
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
    for line, name in attached_originals(content) if clr_json is not None else []:
        media = "application/json" if name.endswith(".json") else "application/jwt"
        payload = base64.b64encode(line.original.encode("utf-8")).decode("ascii")
        created = _utc(content.generated_at)
        with translation.override(content.language):
            description = _("A badge issued by another organisation, as received: %(name)s") % {
                "name": line.name
            }
        attachments.append(
            Attachment(
                url=f"data:{media};base64,{payload}",
                url_fetcher=fetcher,
                name=name,
                description=description,
                created=created,
                modified=created,
                relationship="Data",
            )
        )
    options = {**PDF_OPTIONS, "attachments": attachments}

    def laid_out(highlights: int) -> Document:
        with translation.override(content.language):
            html: str = render_to_string(
                TEMPLATE,
                _context(
                    content,
                    verification_url=verification_url,
                    has_attachment=clr_json is not None,
                    highlights=highlights,
                ),
            )
        # French typography once names and quotes are in (config/typography.py).
        html = typography.finish_html(html, content.language)
        return HTML(string=html, base_url=_site_base(), url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=fonts, **options
        )

    wanted = min(HIGHLIGHTS, len(content.endorsements))
    document = laid_out(wanted)
    fitting = _highlights_on_first_page(document)
    if fitting < wanted:
        document = laid_out(fitting)
    return Laid(document=document, options=options)


def render_pdf(
    content: PortfolioContent, *, verification_url: str, clr_json: str | None = None
) -> bytes:
    """The portfolio as PDF bytes, in ``content.language``, with ``clr_json`` attached."""
    return layout(content, verification_url=verification_url, clr_json=clr_json).pdf()
