"""The badge designer: deterministic, readable SVG badges (wrapping, contrast, pictograms),
the badge class form's "Design an image" with its preview, the demo badges, and baking."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from badges.baking import unbake
from badges.demo import CAFE_BADGE, DEMO_BADGE_CLASSES
from badges.designer import (
    MIN_CONTRAST,
    PALETTE,
    PICTOGRAMS,
    BadgeDesign,
    badge_png,
    badge_svg,
    contrast_ratio,
    design_from_svg,
    domain_colour,
    text_safe,
)
from badges.designer.pictograms import FOLDER
from badges.designer.text import fit, text_width, words
from badges.models import BadgeClass
from badges.svg_sanitise import svg_sanitise
from badges.verification import credential_proof_verify
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import competences
from tests.badges.factories.issuers import IssuerFactory, initiative_with_members
from tests.badges.factories.ob2 import award_add, setting
from tests.badges.test_badge_classes_pages import form_data

FRENCH_NAMES = [
    "Inclure, accompagner, apprendre — confirmé",
    "Conseil et accompagnement d'autres initiatives de l'économie sociale et solidaire",
    "Animation d'équipe et de collectif dans un tiers-lieu intercommunautaire",
    "Expérimentation",
    "Anticonstitutionnellement transmissible aux établissements périurbains",
    "Mobilisation d'une communauté d'habitantes et d'habitants du quartier prioritaire "
    "des Grésilles, autour d'une cantine solidaire et d'un jardin partagé",
]


def design(**overrides) -> BadgeDesign:
    values = {
        "name": "Coopérer et animer — confirmé",
        "colour": "#1e6b3a",
        "pictogram": "handshake",
        "level": 2,
        "level_label": "En autonomie",
    }
    values.update(overrides)
    return BadgeDesign(**values)


def test_the_same_design_gives_the_same_bytes_and_another_design_others():
    assert badge_svg(design()) == badge_svg(design())
    assert badge_png(badge_svg(design())) == badge_png(badge_svg(design()))
    variants = {
        badge_svg(design(pictogram="sprout")),
        badge_svg(design(level=3)),
        badge_svg(design(colour="#1d4f91")),
        badge_svg(design(name="Autre badge")),
        badge_svg(design()),
    }
    assert len(variants) == 5


@pytest.mark.parametrize("level", [0, 1, 2, 3, 4])
def test_each_level_has_its_own_shape_and_dots(level):
    svg = badge_svg(design(level=level, level_label="Niveau" if level else ""))
    assert len(re.findall(r'<circle cx="[0-9.]+" cy="350" r="5"', svg)) == level
    shapes = {badge_svg(design(level=n)).split("<path d=")[1][:40] for n in (1, 2, 3, 4)}
    assert len(shapes) == 4


@pytest.mark.parametrize("name", FRENCH_NAMES)
def test_long_french_names_wrap_between_words_on_three_lines_at_most(name):
    size, lines = fit(name, width=250)
    assert 1 <= len(lines) <= 3
    assert " ".join(lines).split(" ") == words(name)  # every word, whole, in order
    for line in lines:
        assert text_width(line, size) <= 250


def test_long_names_shrink_and_short_ones_stay_large():
    short_size, short_lines = fit("Expérimentation", width=250)
    long_size, _ = fit(FRENCH_NAMES[-1], width=250)
    assert short_lines == ["Expérimentation"]
    assert long_size < short_size


def test_a_non_breaking_space_keeps_words_together():
    _, lines = fit("Pilier du Repair\u00a0Café de Chenôve", width=150)
    assert any("Repair\u00a0Café" in line for line in lines)


@pytest.mark.parametrize("colour", [colour.hex for colour in PALETTE])
def test_white_text_on_every_palette_colour_reaches_aa(colour):
    assert contrast_ratio(colour, "#ffffff") >= MIN_CONTRAST
    assert text_safe(colour) == colour  # kept as it is


@pytest.mark.parametrize("light", ["#ffeb3b", "#9ad0ff", "#fafafa", "#f0a030"])
def test_a_light_colour_is_darkened_until_white_text_reads(light):
    safe = text_safe(light)
    assert contrast_ratio(safe, "#ffffff") >= MIN_CONTRAST
    svg = badge_svg(design(colour=light))
    assert f'fill="{safe}"' in svg
    assert f'fill="{light}"' not in svg


def test_domains_get_stable_palette_colours():
    codes = ["ORG", "COOP", "COM", "INNO", "INCL"]
    assert len({domain_colour(code).key for code in codes}) == 5
    assert domain_colour("LOCAL-7") == domain_colour("local-7")
    assert domain_colour("LOCAL-7") in PALETTE


@pytest.mark.parametrize("pictogram", [pictogram.key for pictogram in PICTOGRAMS])
def test_every_pictogram_renders_and_survives_the_sanitiser_unchanged(pictogram):
    svg = badge_svg(design(pictogram=pictogram, name=FRENCH_NAMES[1], level=4, level_label="x"))
    assert svg_sanitise(svg.encode()).svg == svg.encode()
    assert design_from_svg(svg) == (pictogram, 4, "#1e6b3a")
    with Image.open(io.BytesIO(badge_png(svg, side=128))) as image:
        assert image.size == (128, 128)
        pixels = image.convert("RGBA")
        # The pictogram's white strokes sit in the upper middle, on the domain colour.
        top = [tuple(pixel) for pixel in pixels.crop((48, 22, 80, 48)).get_flattened_data()]
    assert any(pixel[:3] == (255, 255, 255) for pixel in top)
    assert any(pixel[:3] != (255, 255, 255) and pixel[3] == 255 for pixel in top)


def test_the_pictograms_ship_with_their_licence_and_sources():
    files = {path.stem for path in FOLDER.glob("*.svg")}
    assert files == {pictogram.key for pictogram in PICTOGRAMS}
    assert 20 <= len(files) <= 30
    licence = (FOLDER / "LICENSE").read_text()
    assert "ISC License" in licence
    sources = (FOLDER / "SOURCES.md").read_text()
    assert "lucide-static" in sources and "1.87.0" in sources and "ISC" in sources
    for key in files:
        assert f"`{key}.svg`" in sources
        assert "@license lucide-static v1.87.0 - ISC" in (FOLDER / f"{key}.svg").read_text()


def test_the_title_names_the_badge_and_its_level_and_escapes_markup():
    svg = badge_svg(design(name="Réparer <vite> & bien", level_label="En autonomie"))
    assert "<title>Réparer &lt;vite&gt; &amp; bien — En autonomie</title>" in svg
    assert svg_sanitise(svg.encode()).svg == svg.encode()


# --- The badge class form ---


def _create_url(issuer) -> str:
    return reverse("badges:badge_class_create", kwargs={"uuid": issuer.uuid})


def _design_data(comps, **overrides):
    data = form_data(
        comps,
        **{
            "design-image_source": "design",
            "design-pictogram": "sprout",
            "design-colour": "domain",
            "design-level": "rule",
        },
    )
    data.update(overrides)
    return data


@pytest.fixture
def issuer_and_comps(db, default_framework, english):
    leader = UserFactory(email="sophie@example.org", display_name="Sophie", preferred_language="en")
    member = UserFactory(email="amina@example.org", display_name="Amina", preferred_language="en")
    issuer = IssuerFactory(initiative=initiative_with_members(leader=leader, member=member))
    return issuer, competences(default_framework, 3), leader, member


def test_the_form_offers_the_designer_to_the_issuer_staff(client, issuer_and_comps):
    issuer, _comps, leader, _member = issuer_and_comps
    client.force_login(leader)
    page = client.get(_create_url(issuer)).content.decode()
    assert 'value="design"' in page and "Design an image" in page
    assert "Upload my own image" in page
    for pictogram in PICTOGRAMS:
        assert f'<option value="{pictogram.key}"' in page
    assert "Seedling" in page and "Preview the designed image" in page


def test_preview_keeps_what_was_typed_and_saves_nothing(client, issuer_and_comps):
    issuer, comps, leader, _member = issuer_and_comps
    client.force_login(leader)
    data = _design_data(comps, preview="1", description="", **{"design-pictogram": "lightbulb"})
    response = client.post(_create_url(issuer), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert not BadgeClass.objects.exists()
    assert "Please correct" not in page  # no error for the empty description
    match = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    assert match is not None
    svg = base64.b64decode(match.group(1)).decode()
    domain = comps[0].domain.code
    assert design_from_svg(svg) == ("lightbulb", 2, domain_colour(domain).hex)
    assert "Réparer avec d&#x27;autres" in page or "Réparer avec d'autres" in page
    assert "Trois ateliers animés." in page
    assert '<option value="lightbulb" selected>' in page
    assert f'<option value="{comps[0].pk}" selected>' in page


def test_saving_a_designed_badge_stores_the_svg_and_its_png(client, issuer_and_comps):
    issuer, comps, leader, _member = issuer_and_comps
    client.force_login(leader)
    data = _design_data(comps, **{"design-colour": "teal", "design-level": "4"})
    response = client.post(_create_url(issuer), data)

    assert response.status_code == 302
    badge = BadgeClass.objects.get()
    svg = badge.image_svg.read()
    assert design_from_svg(svg) == ("sprout", 4, "#0f5f66")
    assert b"<title>R\xc3\xa9parer avec d'autres" in svg
    with Image.open(badge.image.open("rb")) as png:
        assert png.format == "PNG" and png.size == (512, 512)
    # Editing shows the choices again.
    edit = client.get(reverse("badges:badge_class_edit", kwargs={"uuid": badge.uuid}))
    page = edit.content.decode()
    assert '<option value="sprout" selected>' in page
    assert '<option value="teal" selected>' in page
    assert 'value="keep"' in page


@pytest.mark.parametrize("persona", ["peer", "member", None])
def test_others_may_neither_see_nor_preview_the_designer(
    client, request, issuer_and_comps, persona
):
    issuer, comps, _leader, member = issuer_and_comps
    if persona == "peer":  # Olivier, who leads another initiative
        client.force_login(request.getfixturevalue("other_leader"))
    elif persona == "member":
        client.force_login(member)
    url = _create_url(issuer)
    get = client.get(url)
    post = client.post(url, _design_data(comps, preview="1"))
    if persona is None:
        assert get.status_code == post.status_code == 302
        assert "/login" in get["Location"] or "login" in get["Location"]
    else:
        assert get.status_code == post.status_code == 403
    assert b"data:image/svg+xml" not in post.content
    assert not BadgeClass.objects.exists()


# --- Demo badges and baking ---


def test_the_demo_badges_get_designed_images(default_framework):
    call_command("demo_data", "--quiet-logins")
    names = [demo.name for demo in DEMO_BADGE_CLASSES] + [CAFE_BADGE]
    badges = list(BadgeClass.objects.filter(name__in=names).prefetch_related("rules__competence"))
    assert len(badges) == len(names)
    designs = {badge.pk: design_from_svg(badge.image_svg.read()) for badge in badges}
    for badge in badges:
        found = designs[badge.pk]
        assert found is not None, badge.name
        _pictogram, level, colour = found
        competence = badge.rules.all()[0].competence
        assert (level, colour) == (2, domain_colour(competence.domain.code).hex)
        assert badge.image.name.endswith(".png")
    assert len(set(designs.values())) == len(badges)  # each one its own


@pytest.mark.parametrize(
    ("image", "version"), [("png_url", "ob3"), ("ob2_png_url", "ob2"), ("svg_url", "ob3")]
)
def test_a_designed_badge_bakes_into_a_verifiable_download(
    client, db, default_framework, image, version
):
    s = setting(framework=default_framework, image=False)
    svg = badge_svg(design(name=s.badge.name))
    s.badge.image.save("designed.png", ContentFile(badge_png(svg)))
    s.badge.image_svg.save("designed.svg", ContentFile(svg.encode()))
    award = award_add(s)

    response = client.get(getattr(award, image).removeprefix("http://testserver"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    unbaked = unbake(body)
    assert unbaked is not None and unbaked.version == version
    if version == "ob3":
        document = json.loads(unbaked.payload)
        assert document == award.credential
        assert credential_proof_verify(document, issuer_id=document["issuer"]["id"]).verified
    else:
        assert json.loads(unbaked.payload)["id"] == award.ob2_url
    if image == "svg_url":
        assert design_from_svg(body) is not None  # the designed drawing, baked
