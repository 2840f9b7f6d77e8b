"""Issue 6, acceptance items 1 and 2, on the PDF a volunteer really downloads (a release).

What an advisor reads is there (competences, endorsers' quotes, badge names), private
evidence is not; the PDF is tagged; every QR code decodes to a verification URL that
works (this site answers it); the embedded CLR is checked by ``test_releases.py``.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pypdf
import pytest

from portfolios.selectors.portfolios import portfolio_content
from portfolios.services.releases import portfolio_release_create
from tests.portfolios.factories.portfolios import (
    ENDORSERS_NOTE,
    LEADER_WORDS,
    PEER_WORDS,
    PRIVATE_NOTE,
    build_portfolio_scene,
)
from tests.portfolios.test_pdf import _catalog, _qr_codes

pytestmark = pytest.mark.django_db


def test_the_downloaded_pdf_says_what_an_advisor_needs_and_its_qr_codes_work(
    client, default_framework
):
    scene = build_portfolio_scene(default_framework)
    release = portfolio_release_create(portfolio=scene.portfolio)
    with release.pdf.open("rb") as handle:
        pdf = handle.read()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    content = portfolio_content(portfolio=scene.portfolio)
    for domain in content.domains:
        for line in domain.competences:
            assert line.title in text
    assert LEADER_WORDS in text and PEER_WORDS in text
    for badge in content.badges:
        assert badge.name in text
    assert PRIVATE_NOTE not in text and ENDORSERS_NOTE not in text

    catalog = _catalog(reader)
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]

    codes = _qr_codes(pdf)
    expected = {award.page_url for award in scene.awards}
    expected.add(f"http://testserver{release.get_absolute_url()}")
    assert set(codes) == expected
    for url in codes:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
