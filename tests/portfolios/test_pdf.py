"""The portfolio PDF: content, tags, attachment, QR codes, footer, offline rendering, fonts."""

from __future__ import annotations

import io
import json
import socket
from typing import Any

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.core import checks

from portfolios.checks import pdf_fonts_check
from portfolios.pdf import ATTACHMENT_NAME, ATTACHMENT_TYPE, render_pdf
from portfolios.pdf.fetcher import LocalFetcher, RefusedURL, local_resource
from portfolios.pdf.fonts import declared_font_files
from tests.portfolios.factories.pdf import OWNER, PRIVATE_NOTE, QUOTES, hand_content, site_url

VERIFY = "http://testserver/portfolios/releases/5b0c7e52-1111-4a2b-9c3d-0e0f1a2b3c4d/verify/"
CLR = json.dumps(
    {"type": ["VerifiableCredential", "ClrCredential"], "name": "Portfolio — Amina"},
    ensure_ascii=False,
)


def _reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def _catalog(reader: pypdf.PdfReader) -> Any:
    return reader.trailer["/Root"]


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in _reader(pdf).pages]


def _qr_codes(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        found = []
        for page in document:
            image = page.render(scale=200 / 72).to_pil()
            found += [result.text for result in zxingcpp.read_barcodes(image)]
        return found
    finally:
        document.close()


def _struct_tags(reader: pypdf.PdfReader) -> tuple[set[str], list[str]]:
    """The structure types used in the tag tree, and the alt texts of its figures."""
    tags, alts = set(), []
    stack = [_catalog(reader)["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(node)
            continue
        if not isinstance(node, pypdf.generic.DictionaryObject):
            continue
        if "/S" in node:
            tags.add(str(node["/S"]))
            if node["/S"] == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
        if "/K" in node:
            stack.append(node["/K"])
    return tags, alts


@pytest.fixture
def content(db):
    return hand_content()


def test_text_has_who_competences_quotes_and_badges(content):
    text = "\n".join(_text(render_pdf(content, verification_url=VERIFY)))
    assert OWNER in text
    assert "Job in logistics" in text
    assert "three years at the repair café" in text
    for block in content.domains:
        assert block.title in text
        for line in block.competences:
            assert line.title in text
    for quote in QUOTES:
        assert quote in text
    assert "Sophie Martin, Initiative leader, Repair Café de Chenôve" in text
    for badge in content.badges:
        assert badge.name in text
    # whether the territory vouches for each badge's issuer (text may wrap across lines)
    assert "Recognised by Territoire de Dijon since 3 March 2025." in " ".join(text.split())
    assert "Repair workshop #1" in text and "Welcome and planning" in text
    assert PRIVATE_NOTE not in text


def test_first_page_tells_who_what_and_key_badges(db):
    first = " ".join(
        _text(render_pdf(hand_content(contributions=6), verification_url=VERIFY))[0].split()
    )
    assert OWNER in first and "What I can do" in first and "Key badges" in first
    assert "Repairer badge 1" in first
    assert "Contributions" not in first  # they start on the next page


def test_pdf_is_tagged_with_language_title_and_alt_texts(content):
    reader = _reader(render_pdf(content, verification_url=VERIFY))
    root = _catalog(reader)
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == pypdf.generic.BooleanObject(True)
    assert reader.metadata.title == f"Portfolio of {OWNER} — Repair and reuse"
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    assert reader.pdf_header == "%PDF-1.7"
    tags, alts = _struct_tags(reader)
    assert {"/H1", "/H2", "/H3", "/L", "/LI", "/BlockQuote", "/Figure", "/Link"} <= tags
    assert {"/Table", "/TR", "/TH", "/TD"} <= tags  # competences and levels, as text (#13)
    assert "Badge image: Repairer badge 1" in alts
    assert any(alt.startswith("QR code to verify the badge Repairer badge 2") for alt in alts)


def test_french_portfolio_is_in_french(db):
    pdf = render_pdf(hand_content(language="fr"), verification_url=VERIFY)
    reader = _reader(pdf)
    assert _catalog(reader)["/Lang"] == "fr"
    text = "\n".join(_text(pdf))
    assert "12 mars 2025" in text  # the generation date, in French


def test_clr_is_an_associated_file(content):
    pdf = render_pdf(content, verification_url=VERIFY, clr_json=CLR)
    reader = _reader(pdf)
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    (data,) = reader.attachments[ATTACHMENT_NAME]
    assert json.loads(data) == json.loads(CLR)
    root = _catalog(reader)
    (filespec,) = [ref.get_object() for ref in root["/AF"]]
    assert filespec["/UF"] == ATTACHMENT_NAME
    assert filespec["/AFRelationship"] == "/Data"
    assert filespec["/EF"]["/F"].get_object()["/Subtype"] == "/" + ATTACHMENT_TYPE
    assert "(clr.json," in "\n".join(_text(pdf))  # the last page says it is attached


def test_no_attachment_without_clr(content):
    reader = _reader(render_pdf(content, verification_url=VERIFY))
    assert not reader.attachments
    assert "/AF" not in _catalog(reader)


def test_qr_codes_decode_to_the_verification_urls(db):
    content = hand_content(badges=3)
    codes = _qr_codes(render_pdf(content, verification_url=VERIFY))
    assert sorted(codes) == sorted([badge.verification_url for badge in content.badges] + [VERIFY])


def test_footer_on_every_page(db):
    pages = _text(render_pdf(hand_content(contributions=8, badges=4), verification_url=VERIFY))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert VERIFY in text.replace("\n", "")
        assert "Generated on 12 March 2025" in text


def test_page_count_grows_with_content(db):
    small = len(
        _reader(
            render_pdf(
                hand_content(domains=1, contributions=1, endorsements=1, badges=1),
                verification_url=VERIFY,
            )
        ).pages
    )
    large = len(
        _reader(
            render_pdf(
                hand_content(domains=5, contributions=12, endorsements=8, badges=8),
                verification_url=VERIFY,
            )
        ).pages
    )
    assert small <= 2
    assert large > small + 2


def test_same_content_same_bytes(content):
    assert render_pdf(content, verification_url=VERIFY, clr_json=CLR) == render_pdf(
        content, verification_url=VERIFY, clr_json=CLR
    )


def test_renders_without_network_and_refuses_outside_images(db, monkeypatch, caplog):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    content = hand_content(badges=2, image_url="https://images.example.org/badge.png")
    pdf = render_pdf(content, verification_url=VERIFY, clr_json=CLR)
    text = "\n".join(_text(pdf))
    assert "Repairer badge 2" in text
    assert "images.example.org" in caplog.text  # refused and logged, not fetched


@pytest.mark.parametrize(
    "url",
    [
        "https://images.example.org/badge.png",
        "file:///etc/passwd",
        "http://testserver/media/../../../etc/passwd",
        "http://testserver/media/%2e%2e/%2e%2e/etc/passwd",
        "http://testserver/static/../config/settings.py",
        "http://testserver/accounts/login/",
        "http://other.example/static/fonts/DejaVuSans.ttf",
    ],
)
def test_fetcher_refuses_what_is_not_a_local_file(db, url):
    with pytest.raises(RefusedURL):
        LocalFetcher().fetch(url)


def test_fetcher_serves_static_media_and_data(db):
    data, media_type = local_resource(site_url("/static/fonts/DejaVuSans.ttf"))
    assert data[:4] == b"\x00\x01\x00\x00" and media_type == "font/ttf"
    image_url = hand_content(badges=1).badges[0].image_url
    data, media_type = local_resource(image_url)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and media_type == "image/png"
    response = LocalFetcher().fetch("data:text/plain;base64,SmFsb25z")
    assert response.read() == b"Jalons"


def test_fonts_are_shipped_and_embedded(content):
    assert declared_font_files() == [
        "fonts/DejaVuSans.ttf",
        "fonts/DejaVuSans-Bold.ttf",
        "fonts/DejaVuSans-Oblique.ttf",
    ]
    assert pdf_fonts_check() == []
    reader = _reader(render_pdf(content, verification_url=VERIFY))
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    # Only the shipped faces (named after the @font-face family), no font of the machine.
    assert fonts == {"Jalons-Sans", "Jalons-Sans-Bold", "Jalons-Sans-Italic"}


def test_fonts_check_warns_when_a_font_file_is_missing(settings, tmp_path):
    settings.STATICFILES_DIRS = [tmp_path / "static"]
    settings.STATIC_ROOT = tmp_path / "collected"
    (tmp_path / "static" / "fonts").mkdir(parents=True)
    (tmp_path / "static" / "fonts" / "DejaVuSans.ttf").write_bytes(b"font")
    warnings = [message for message in checks.run_checks() if message.id == "portfolios.W001"]
    assert len(warnings) == 2
    assert all(message.level == checks.WARNING for message in warnings)
    assert "DejaVuSans-Bold.ttf" in warnings[0].msg
    assert "DejaVuSans-Oblique.ttf" in warnings[1].msg


def _image_count(reader: pypdf.PdfReader) -> int:
    count = 0
    for page in reader.pages:
        resources: Any = page["/Resources"]
        objects = resources.get("/XObject", {})
        count += sum(1 for ref in objects.values() if ref.get_object()["/Subtype"] == "/Image")
    return count


def test_real_portfolio_content(default_framework, caplog):
    from portfolios.selectors.portfolios import portfolio_content
    from tests.portfolios.factories.portfolios import (
        LEADER_WORDS,
        PEER_WORDS,
        build_portfolio_scene,
    )

    scene = build_portfolio_scene(default_framework)
    content = portfolio_content(portfolio=scene.portfolio)
    pdf = render_pdf(content, verification_url=VERIFY, clr_json=CLR)
    reader = _reader(pdf)
    text = " ".join(" ".join(_text(pdf)).split())
    assert scene.owner.display_name in text
    lines = [line for block in content.domains for line in block.competences]
    assert len(lines) == len(scene.competences)
    for line in lines:  # titles in the portfolio's language
        assert line.title in text
    assert LEADER_WORDS in text and PEER_WORDS in text
    for badge in scene.badges:
        assert badge.name in text
    assert PRIVATE_NOTE not in text
    assert scene.owner.email not in text
    assert _catalog(reader)["/Lang"] == content.language
    # The badge images (award_png URLs) are read locally: nothing refused, all drawn.
    assert "Not a local file" not in caplog.text
    assert _image_count(reader) >= 2 * len(scene.awards)  # key badges + badge list
    assert sorted(_qr_codes(pdf)) == sorted([award.page_url for award in scene.awards] + [VERIFY])
