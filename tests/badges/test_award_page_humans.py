"""The public badge page for people first: the holder's name only when they allowed it (their
choice alone), the state in words, only public evidence, one "Download" button that gives the
image with the badge inside, "Add to my LinkedIn profile" for the holder, and every technical
document inside the "For specialists" block (also on the badge class page and "My badges")."""

from __future__ import annotations

import datetime as dt
import html as html_module
import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from badges.award_page import first_sentence, linkedin_add_url, status_list_urls
from badges.baking import unbake
from badges.documents import credential_json
from badges.models import Award
from badges.services.award_holder import award_set_name_visibility
from badges.services.awards import award_create
from badges.services.revocation import award_revoke
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.endorsements import (
    ENDORSERS_TEXT,
    PRIVATE_FILE_NAME,
    PRIVATE_FILE_TITLE,
    PRIVATE_LINK,
    PRIVATE_TEXT,
    PUBLIC_LINK,
    PUBLIC_TEXT,
    story,
)
from tests.badges.factories.revocation import award_add, setting

pytestmark = pytest.mark.django_db

HIDDEN = "Awarded to a person who has not chosen to show their name."
# What people outside the "For specialists" block must not read.
TECHNICAL_WORDS = re.compile(
    r"\b(JSON|SVG|Open Badges?|OB ?[23]\.0|assertion|credential|hosted|backpack|API|JWT)\b",
    re.IGNORECASE,
)
# Addresses of technical documents: OB 3.0 JSON, OB 2.0 documents, SVG images, status lists,
# JSON profiles.
TECHNICAL_PATH = re.compile(r"(\.json$|^/ob/v2/|\.svg$|/status/)")


@pytest.fixture
def s(english):
    setting_ = setting()
    for person in (setting_.member, setting_.leader):
        person.preferred_language = "en"  # signed-in pages follow the person's language
        person.save(update_fields=["preferred_language"])
    return setting_


@pytest.fixture
def award(s):
    award = award_add(s)
    assert award.recipient == s.member  # her verified address: the badge is on her account
    return award


def _path(award: Award) -> str:
    return reverse("badges:award_detail", kwargs={"uuid": award.uuid})


def _name_path(award: Award) -> str:
    return reverse("badges:award_name_visibility", kwargs={"uuid": award.uuid})


def _page(client, award: Award) -> str:
    response = client.get(_path(award))
    assert response.status_code == 200
    return response.content.decode()


class _Split(HTMLParser):
    """Links and visible text, told apart by whether they are in a ``data-specialists``
    block (the ``<details>``, whose nesting is followed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open <details> since the specialists block opened (0: outside)
        self.skip = 0  # inside <script>, <style> or <title>
        self.links: dict[bool, list[str]] = {True: [], False: []}
        self.text: dict[bool, list[str]] = {True: [], False: []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "details" and (self.depth or "data-specialists" in values):
            self.depth += 1
        if tag in {"script", "style", "title"}:
            self.skip += 1
        if tag == "a" and values.get("href"):
            self.links[self.depth > 0].append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self.depth:
            self.depth -= 1
        if tag in {"script", "style", "title"} and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text[self.depth > 0].append(data)


def _split(html: str) -> _Split:
    main = html[html.index("<main") : html.index("</main>")]
    parser = _Split()
    parser.feed(main)
    return parser


def _technical(links: list[str]) -> list[str]:
    return [
        link
        for link in links
        if TECHNICAL_PATH.search(urlsplit(link).path) or "format=json" in link
    ]


def _linkedin(html: str) -> str:
    found = re.search(r'<a [^>]*href="([^"]+)"[^>]*data-linkedin', html)
    return html_module.unescape(found.group(1)) if found else ""


def _download(html: str) -> str:
    found = re.search(r'<a [^>]*href="([^"]+)"[^>]*data-download', html)
    return html_module.unescape(found.group(1)) if found else ""


# --- The holder's name ---------------------------------------------------------------------


def test_the_name_is_hidden_by_default(client, s, award):
    assert award.holder_name_public is False
    html = _page(client, award)
    assert HIDDEN in html
    assert s.member.display_name not in html


def test_the_holder_shows_their_name_then_hides_it_and_the_badge_stays_as_signed(client, s, award):
    signed = dict(award.credential)
    client.force_login(s.member)
    response = client.post(_name_path(award), {"show_name": "on"})
    assert response.status_code == 302 and response["Location"] == _path(award)
    award.refresh_from_db()
    assert award.holder_name_public is True
    assert award.credential == signed  # only the page changes
    client.logout()
    html = _page(client, award)
    assert "Awarded to <strong>Amina</strong>" in html and HIDDEN not in html

    client.force_login(s.member)
    client.post(_name_path(award), {})  # the box unticked
    award.refresh_from_db()
    assert award.holder_name_public is False
    client.logout()
    assert "Amina" not in _page(client, award)


@pytest.mark.parametrize("who", ["owner", "peer", "outsider", "anonymous"])
def test_only_the_holder_changes_the_choice(client, s, award, who):
    if who == "owner":
        client.force_login(s.member)
    elif who == "peer":
        client.force_login(s.leader)  # her initiative's leader, and the issuer's staff
    elif who == "outsider":
        client.force_login(UserFactory(email="zoe@example.org", display_name="Zoé"))
    response = client.post(_name_path(award), {"show_name": "on"})
    award.refresh_from_db()
    if who == "owner":
        assert response.status_code == 302 and award.holder_name_public is True
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        assert award.holder_name_public is False
    else:
        assert response.status_code == 403 and award.holder_name_public is False


def test_the_choice_is_only_posted(client, s, award):
    client.force_login(s.member)
    assert client.get(_name_path(award)).status_code == 405


def test_the_service_refuses_anyone_but_the_holder(s, award):
    with pytest.raises(PermissionDenied):
        award_set_name_visibility(award=award, by=s.leader, visible=True)
    award_set_name_visibility(award=award, by=s.member, visible=True)
    award.refresh_from_db()
    assert award.holder_name_public is True


def test_an_award_to_an_address_without_an_account_has_no_holder_to_choose(client, s):
    award = award_create(badge_class=s.badge, by=s.leader, email="nobody@example.org")
    assert award.recipient is None
    assert HIDDEN in _page(client, award)
    client.force_login(s.leader)
    assert client.post(_name_path(award), {"show_name": "on"}).status_code == 403


def test_a_holder_without_a_display_name_is_told_to_add_one(client, s, award):
    s.member.display_name = ""
    s.member.preferred_language = "en"
    s.member.save(update_fields=["display_name", "preferred_language"])
    client.force_login(s.member)
    client.post(_name_path(award), {"show_name": "on"})
    html = _page(client, award)
    assert HIDDEN in html and s.member.email not in html.split("<main", 1)[1]
    assert "add one to your account" in html


# --- What only the holder sees: the choice and LinkedIn ------------------------------------


@pytest.mark.parametrize("who", ["owner", "peer", "outsider", "anonymous"])
def test_the_linkedin_link_and_the_choice_are_for_the_holder_only(client, s, award, who):
    if who == "owner":
        client.force_login(s.member)
    elif who == "peer":
        client.force_login(s.leader)
    elif who == "outsider":
        client.force_login(UserFactory(email="zoe@example.org"))
    html = _page(client, award)
    mine = who == "owner"
    assert bool(_linkedin(html)) is mine
    assert ("Add to my LinkedIn profile" in html) is mine
    assert (_name_path(award) in html) is mine


def test_the_linkedin_link_carries_the_certification_fields(client, s, award):
    client.force_login(s.member)
    url = urlsplit(_linkedin(_page(client, award)))
    assert (url.scheme, url.netloc, url.path) == ("https", "www.linkedin.com", "/profile/add")
    fields = {key: values[0] for key, values in parse_qs(url.query, strict_parsing=True).items()}
    issued = timezone.localtime(award.issued_at)
    expires = timezone.localtime(award.expires_at)
    assert fields == {
        "startTask": "CERTIFICATION_NAME",
        "name": s.badge.name,
        "organizationName": s.issuer.name,
        "issueYear": str(issued.year),
        "issueMonth": str(issued.month),
        "expirationYear": str(expires.year),
        "expirationMonth": str(expires.month),
        "certUrl": award.page_url,
        "certId": str(award.uuid),
    }


def test_a_revoked_badge_offers_no_linkedin_link(client, s, award):
    award_revoke(award=award, by=s.leader, reason="Erreur.")
    client.force_login(s.member)
    assert _linkedin(_page(client, award)) == ""


def test_linkedin_add_url_encodes_every_field():
    url = linkedin_add_url(
        name="Coopérer & animer — confirmé",
        organization_name="Repair Café de Chenôve",
        issued_at=dt.datetime(2026, 3, 9, tzinfo=dt.UTC),
        cert_url="https://jalons.example.org/badges/awards/1?x=1&y=2",
        cert_id="a0b1",
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    fields = parse_qs(parts.query, strict_parsing=True)
    assert fields == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Coopérer & animer — confirmé"],
        "organizationName": ["Repair Café de Chenôve"],
        "issueYear": ["2026"],
        "issueMonth": ["3"],
        "certUrl": ["https://jalons.example.org/badges/awards/1?x=1&y=2"],
        "certId": ["a0b1"],
    }
    assert "organizationId" not in url and "expiration" not in url


# --- What the badge means, in one sentence --------------------------------------------------


def test_the_page_says_what_the_badge_means_in_one_sentence(client, s, award):
    s.badge.description = "Accueille les visiteurs du lieu. Les oriente vers les ateliers."
    s.badge.save(update_fields=["description"])
    html = _page(client, award)
    assert '<p class="lead award-meaning">Accueille les visiteurs du lieu.</p>' in html


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Anime une équipe. Facilite ses décisions.",), "Anime une équipe."),
        (("Prête à aider ? Oui.",), "Prête à aider ?"),
        (("Pas de point final\n\nDeuxième paragraphe.",), "Pas de point final"),
        (("Version 2.0 du badge. Suite.",), "Version 2.0 du badge."),
        (("", "  ", "Les critères d'abord. Puis le reste."), "Les critères d'abord."),
        (("",), ""),
    ],
)
def test_first_sentence(texts, expected):
    assert first_sentence(*texts) == expected


def test_a_long_sentence_is_never_cut_inside_a_word():
    text = " ".join(["anticonstitutionnellement"] * 30) + "."
    sentence = first_sentence(text, limit=100)
    assert len(sentence) <= 100 and sentence.endswith("…")
    words = sentence.removesuffix("…").split(" ")
    assert set(words) == {"anticonstitutionnellement"}


def test_status_list_urls_reads_an_object_or_a_list():
    entry = {"statusListCredential": "https://x.example/status/revocation"}
    assert status_list_urls({"credentialStatus": entry}) == [entry["statusListCredential"]]
    assert status_list_urls({"credentialStatus": [entry, entry, {}]}) == [
        entry["statusListCredential"]
    ]
    assert status_list_urls({}) == []


# --- The state in words ----------------------------------------------------------------------


def test_a_valid_badge_says_so_with_its_issuer_and_dates(client, s, award):
    html = _page(client, award)
    assert "<strong>Valid</strong>" in html
    assert s.issuer.name in html
    day = date_format(timezone.localtime(award.issued_at), "DATE_FORMAT")
    assert f'Issued on</dt><dd class="award-issued">{day}</dd>' in html
    assert re.search(r"\d{4}-\d{2}-\d{2}", " ".join(_split(html).text[False])) is None


def test_a_revoked_badge_says_so_in_words_and_offers_no_download(client, s, award):
    award_revoke(award=award, by=s.leader, reason="Attribué par erreur.")
    html = _page(client, award)
    assert "<strong>Revoked</strong>" in html and "revoked by the issuer on" in html
    assert "Attribué par erreur." in html
    assert "<strong>Valid</strong>" not in html
    assert _download(html) == ""
    assert "no longer handed out as an image" in html


def test_an_expired_badge_says_so_in_words(client, award):
    with time_machine.travel(award.expires_at + dt.timedelta(days=1)):
        html = _page(client, award)
    assert "<strong>Expired</strong>" in html and "this badge was valid until" in html
    assert "<strong>Valid</strong>" not in html


# --- Evidence ------------------------------------------------------------------------------


def test_only_the_evidence_allowed_to_be_public_is_shown(client, english, default_framework):
    volunteer = UserFactory(email="amina@example.org", display_name="Amina")
    leader = UserFactory(email="sophie@example.org", display_name="Sophie")
    peer = UserFactory(email="paul@example.org", display_name="Paul")
    steward = UserFactory(email="territoire@example.org", is_steward=True)
    scene = story(version=default_framework, volunteer=volunteer, leader=leader, peer=peer)
    award = award_create(
        badge_class=scene.badge_class, by=steward, email=volunteer.email, recipient=volunteer
    )
    html = html_module.unescape(_page(client, award))
    assert "Atelier du samedi" in html and PUBLIC_TEXT in html
    assert f'href="{PUBLIC_LINK}"' in html
    for secret in (
        PRIVATE_TEXT,
        PRIVATE_LINK,
        PRIVATE_FILE_NAME,
        PRIVATE_FILE_TITLE,
        ENDORSERS_TEXT,
    ):
        assert secret not in html


# --- Download ------------------------------------------------------------------------------


def test_download_gives_the_image_with_the_badge_inside(client, award):
    html = _page(client, award)
    href = _download(html)
    assert ">Download<" in html
    assert href == reverse("badges:award_png", kwargs={"uuid": award.uuid})
    response = client.get(href)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    baked = unbake(response.content)
    assert baked is not None and baked.version == "ob3"
    award.refresh_from_db()
    assert baked.payload == credential_json(award)  # the text served, as stored
    assert json.loads(baked.payload) == award.credential


# --- Technical documents only for specialists -------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "anonymous"])
def test_technical_documents_are_only_in_the_specialists_block(client, s, award, who):
    if who == "owner":
        client.force_login(s.member)
    html = _page(client, award)
    assert html.count("data-specialists") == 1
    parts = _split(html)
    assert _technical(parts.links[False]) == []
    inside = parts.links[True]
    for wanted in (
        award.ob3_path,
        reverse("badges:award_svg", kwargs={"uuid": award.uuid}),
        reverse("badges:ob2_assertion", kwargs={"uuid": award.uuid}),
        reverse("badges:ob2_badge_class", kwargs={"uuid": s.badge.uuid}),
    ):
        assert wanted in inside, wanted
    assert any("/status/" in link for link in inside)
    outside = " ".join(parts.text[False])
    assert TECHNICAL_WORDS.findall(outside) == []
    assert TECHNICAL_WORDS.findall(" ".join(parts.text[True]))  # they are explained there


def test_the_badge_class_page_keeps_technical_documents_for_specialists(client, s):
    html = client.get(s.badge.get_absolute_url()).content.decode()
    parts = _split(html)
    assert _technical(parts.links[False]) == []
    assert reverse("badges:ob2_badge_class", kwargs={"uuid": s.badge.uuid}) in parts.links[True]
    assert TECHNICAL_WORDS.findall(" ".join(parts.text[False])) == []
    assert s.badge.id_url in " ".join(parts.text[True])


def test_my_badges_keeps_technical_words_for_specialists(client, s, award):
    client.force_login(s.member)
    html = client.get(reverse("badges:my_badges")).content.decode()
    parts = _split(html)
    assert _technical(parts.links[False]) == []
    assert award.ob3_url in parts.links[True] and award.svg_url in parts.links[True]
    assert award.png_url in parts.links[False]  # "Download": the image
    assert TECHNICAL_WORDS.findall(" ".join(parts.text[False])) == []
    assert "Your name is not shown on its public page." in html


# --- Cost --------------------------------------------------------------------------------------


def test_the_page_costs_a_constant_number_of_queries(
    client, english, count_queries, default_framework
):
    volunteer = UserFactory(email="amina@example.org", display_name="Amina")
    leader = UserFactory(email="sophie@example.org", display_name="Sophie")
    peer = UserFactory(email="paul@example.org", display_name="Paul")
    steward = UserFactory(email="territoire@example.org", is_steward=True)
    scene = story(version=default_framework, volunteer=volunteer, leader=leader, peer=peer)
    plain = award_create(badge_class=scene.badge_class, by=steward, email="nobody@example.org")
    assert "evidence" not in plain.credential
    baseline = count_queries(client, _path(plain))
    # A badge with evidence, endorsements and its holder's name costs the same.
    rich = award_create(
        badge_class=scene.badge_class, by=steward, email=volunteer.email, recipient=volunteer
    )
    assert rich.credential["evidence"] and rich.credential["endorsement"]
    award_set_name_visibility(award=rich, by=volunteer, visible=True)
    assert count_queries(client, _path(rich)) == baseline
    # Signed in, the holder's own view (their choice, LinkedIn) costs what anyone's does.
    client.force_login(peer)
    someone = count_queries(client, _path(rich))
    client.force_login(volunteer)
    assert count_queries(client, _path(rich)) == someone
