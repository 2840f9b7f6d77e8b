"""The portfolio as a PDF: A4, tagged for accessibility, with the CLR record attached.

``render_pdf(content, verification_url=..., clr_json=...)`` lays out a
``PortfolioContent`` (``portfolios.content``) with WeasyPrint, from the template
``portfolios/pdf/portfolio.html`` and the print stylesheet ``portfolio.css`` of this
package (independent of the web CSS). The first page is a summary that fills the page
(``portfolios.pdf.summary``): who the volunteer is and what they seek, since when and how
many hours, their initiatives, their competences by domain with their endorsed levels,
their key badges (a grid with their images) and two endorsers' quotes; then come
contributions, endorsers' quotes, badges with a QR code to each one's verification page,
how to check the whole portfolio, and a last "For specialists" block (the only place that
names the attached record's format). Nothing is shortened inside a word. Every page's
footer gives the generation date, "page X of Y" and the portfolio's verification URL.

Output choices (WeasyPrint 70):

- ``pdf_variant="pdf/ua-1"``: PDF 1.7, tagged (structure tree, ``/MarkInfo``, ``/Lang``,
  document title shown, alt text on images and drawings) and identified as PDF/UA-1 in
  its XMP metadata. WeasyPrint writes one identification only, so the PDF does not also
  claim PDF/A-3 (which we cannot validate here); but the CLR JSON is attached the PDF/A-3
  way all the same (``render._associate_files``): an embedded file ``clr.json`` of type
  ``application/ld+json``, ``/AFRelationship /Data``, listed in the catalog's ``/AF``.
- Offline and deterministic: the fonts are shipped (``static/fonts/``), every resource
  goes through ``LocalFetcher`` (this site's files only, never the network), and all
  dates in the file come from ``content.generated_at``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portfolios.content import PortfolioContent
    from portfolios.pdf.attestation import AttestationDocument
    from portfolios.report_content import ReportContent

__all__ = [
    "ATTACHMENT_NAME",
    "ATTACHMENT_TYPE",
    "render_attestation_pdf",
    "render_pdf",
    "render_report_pdf",
]

ATTACHMENT_NAME = "clr.json"
ATTACHMENT_TYPE = "application/ld+json"


def render_pdf(
    content: PortfolioContent, *, verification_url: str, clr_json: str | None = None
) -> bytes:
    """The portfolio as PDF bytes, in ``content.language``, with ``clr_json`` attached.

    WeasyPrint is imported on first use only (``portfolios.pdf.render``): importing this
    package, or running the system checks, stays cheap.
    """
    # lazy: WeasyPrint takes about 0.7 s to import; only rendering a PDF pays it.
    from portfolios.pdf.render import render_pdf as render

    return render(content, verification_url=verification_url, clr_json=clr_json)


def render_attestation_pdf(document: AttestationDocument) -> bytes:
    """An attestation of volunteering as PDF bytes (``portfolios.pdf.attestation``)."""
    # lazy: WeasyPrint takes about 0.7 s to import; only rendering a PDF pays it.
    from portfolios.pdf.attestation import render_attestation_pdf as render

    return render(document)


def render_report_pdf(content: ReportContent) -> bytes:
    """The annual territorial report as PDF bytes (``portfolios.pdf.report``)."""
    # lazy: WeasyPrint takes about 0.7 s to import; only rendering a PDF pays it.
    from portfolios.pdf.report import render_report_pdf as render

    return render(content)
