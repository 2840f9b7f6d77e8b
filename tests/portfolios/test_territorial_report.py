"""The annual territorial report: made in the background for a steward, tagged, in French,
with the same figures as the indicators page (portfolios/views/reports.py)."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pytest
from django.urls import reverse
from django.utils import translation

from community.api import Line, figure_text, indicator_publication, key_figures
from portfolios.models import ReportQuote, ReportStatus, TerritorialReport
from tests.community.indicator_data import YEAR, territory_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(default_framework):
    return territory_activity(version=default_framework)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


def test_a_steward_gets_a_tagged_french_report_with_the_figures_of_the_page(
    as_persona, territory, steward, django_capture_on_commit_callbacks
):
    client = as_persona("steward")
    ReportQuote.objects.create(
        year=YEAR, text="On répare et on apprend ensemble.", author="Marc", author_agreed=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolios:report_list"), {"year": YEAR})
    assert response.status_code == 302
    report = TerritorialReport.objects.get()
    assert report.status == ReportStatus.READY, report.error
    pdf = client.get(reverse("portfolios:report_pdf", kwargs={"uuid": report.uuid}))
    assert pdf["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    catalog: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "fr"
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    # Every key figure of the page (territory, whole year), as the page writes it in French.
    publication = indicator_publication(YEAR)
    with translation.override("fr"):
        expected = [
            (str(indicator.label), _flat(figure_text(Line("", (shown,)), publication.threshold)))
            for indicator, shown in key_figures(publication, ("territory", ""), 0)
        ]
    assert len(expected) >= 6
    for label, value in expected:
        assert f"{_flat(label)} {value}" in text, (label, value)
    volunteers = publication.figure("volunteers", "territory", "", 0).value
    assert f"{volunteers}" in text and volunteers > 30
    assert "On répare et on apprend ensemble." in text
    assert "Chenove Repair" in text  # the initiatives' table


@pytest.mark.parametrize(("persona", "status"), [(None, 302), ("outsider", 403), ("leader", 403)])
def test_only_stewards_make_and_read_reports(as_persona, territory, persona, status):
    client = as_persona(persona)
    assert client.get(reverse("portfolios:report_list")).status_code == status
    assert client.post(reverse("portfolios:report_list"), {"year": YEAR}).status_code == status
    assert not TerritorialReport.objects.exists()
    report = TerritorialReport.objects.create(year=YEAR, status=ReportStatus.READY)
    assert (
        client.get(reverse("portfolios:report_pdf", kwargs={"uuid": report.uuid})).status_code
        == status
    )


def test_a_quote_needs_its_authors_agreement(as_persona, territory, english):
    client = as_persona("steward")
    response = client.post(
        reverse("portfolios:report_list"),
        {"add_quote": "1", "year": YEAR, "text": "Merci !", "author": "Nadia"},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ReportQuote.objects.exists()
    response = client.post(
        reverse("portfolios:report_list"),
        {
            "add_quote": "1",
            "year": YEAR,
            "text": "Merci !",
            "author": "Nadia",
            "author_agreed": "on",
        },
    )
    assert response.status_code == 302
    assert ReportQuote.objects.get().author == "Nadia"
