"""The annual territorial report as a PDF (WeasyPrint): A4, tagged (PDF/UA-1, like the
portfolio's PDF: ``portfolios.pdf``), in the report's language, offline. A builder: it
receives a ``ReportContent`` (``portfolios.report_content``) and queries nothing.

Imported lazily (``portfolios.pdf.render_report_pdf``): WeasyPrint is slow to import.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from config import typography
from portfolios.pdf.fetcher import LocalFetcher
from portfolios.pdf.fonts import STYLESHEET
from portfolios.pdf.render import PDF_OPTIONS, _css_string, _site_base, _static_base
from portfolios.report_content import ReportContent

TEMPLATE = "portfolios/pdf/report.html"


def render_report_pdf(content: ReportContent) -> bytes:
    fetcher = LocalFetcher()
    fonts = FontConfiguration()
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=_static_base(),
        url_fetcher=fetcher,
        font_config=fonts,
    )
    with translation.override(content.language):
        footer = _("%(territory)s – annual report %(year)s") % {
            "territory": content.territory,
            "year": content.year,
        }
        html: str = render_to_string(
            TEMPLATE,
            {
                "content": content,
                "page_css": SafeString(
                    f"@page {{ @bottom-left {{ content: {_css_string(footer)}; }} }}"
                ),
                "generated_iso": content.generated_at.isoformat(timespec="seconds"),
            },
        )
    html = str(typography.finish_html(html, content.language))
    laid = HTML(string=html, base_url=_site_base(), url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=fonts, **PDF_OPTIONS
    )
    pdf: bytes = laid.write_pdf(**PDF_OPTIONS)
    return pdf
