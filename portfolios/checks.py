"""System checks of the portfolios app (registered in ``PortfoliosConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from portfolios.pdf.fonts import STYLESHEET, missing_font_files


def pdf_fonts_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``portfolios.W001``: a font declared by the PDF stylesheet is missing.

    Without it WeasyPrint falls back on whatever fonts the machine has, and the PDF no
    longer looks the same everywhere.
    """
    return [
        checks.Warning(
            f"The font file {name!r} declared in {STYLESHEET.name} is missing from the "
            "static files: portfolio PDFs will use another font.",
            hint="Restore it in static/fonts/ (see static/fonts/README.md).",
            obj=STYLESHEET.name,
            id="portfolios.W001",
        )
        for name in missing_font_files()
    ]
