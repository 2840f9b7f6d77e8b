"""The attestation of volunteering as a PDF (WeasyPrint), from what its signed credential
states (``badges.api.attestation_reading``): A4, tagged (PDF/UA-1, like the portfolio's
PDF: ``portfolios.pdf``), in the attestation's language, with the credential attached
(``attestation.json``, ``application/ld+json``) and the public page's address in every
page's footer. A builder: it receives its data and queries nothing.

Imported lazily (``portfolios.pdf.render_attestation_pdf``): WeasyPrint is slow to import.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from badges.api import AttestationReading
from config import typography
from portfolios.pdf import ATTACHMENT_TYPE
from portfolios.pdf.fetcher import LocalFetcher
from portfolios.pdf.fonts import STYLESHEET
from portfolios.pdf.graphics import qr_svg
from portfolios.pdf.render import (
    PDF_OPTIONS,
    _associate_files,
    _css_string,
    _site_base,
    _static_base,
    _utc,
)

TEMPLATE = "portfolios/pdf/attestation.html"
ATTESTATION_ATTACHMENT = "attestation.json"


@dataclass(frozen=True)
class AttestationDocument:
    """What the PDF shows: the credential's statement and its state."""

    reading: AttestationReading
    language: str
    issued_at: datetime
    page_url: str
    revoked_at: datetime | None = None
    credential_json: str = ""


def _hours(value: str) -> str:
    """Hours as the language writes numbers (``12,5`` in French)."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return formats.number_format(number.normalize(), use_l10n=True)


def render_attestation_pdf(document: AttestationDocument) -> bytes:
    fetcher = LocalFetcher()
    fonts = FontConfiguration()
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=_static_base(),
        url_fetcher=fetcher,
        font_config=fonts,
    )
    reading = document.reading
    with translation.override(document.language):
        footer = _("Check this attestation at %(url)s") % {"url": document.page_url}
        context = {
            "reading": reading,
            "document": document,
            "hours": [(year, _hours(value)) for year, value in reading.hours_by_year],
            "page_css": SafeString(
                f"@page {{ @bottom-left {{ content: {_css_string(footer)}; }} }}"
            ),
            "qr": qr_svg(
                document.page_url,
                title=_("QR code to check this attestation: %(url)s") % {"url": document.page_url},
            ),
            "issued_iso": document.issued_at.isoformat(timespec="seconds"),
        }
        html: str = render_to_string(TEMPLATE, context)
        description = _("The attestation as a signed record that software can read")
    html = str(typography.finish_html(html, document.language))
    attachments = []
    if document.credential_json:
        payload = base64.b64encode(document.credential_json.encode("utf-8")).decode("ascii")
        created = _utc(document.issued_at)
        attachments.append(
            Attachment(
                url=f"data:{ATTACHMENT_TYPE};base64,{payload}",
                url_fetcher=fetcher,
                name=ATTESTATION_ATTACHMENT,
                description=description,
                created=created,
                modified=created,
                relationship="Data",
            )
        )
    options = {**PDF_OPTIONS, "attachments": attachments}
    laid = HTML(string=html, base_url=_site_base(), url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=fonts, **options
    )
    pdf: bytes = laid.write_pdf(finisher=_associate_files, **options)
    return pdf
