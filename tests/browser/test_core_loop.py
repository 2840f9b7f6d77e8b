"""The core loop on phones, through the pages only (acceptance item 5 of the contributions issue).

Amina, a member of the Repair Café that Sophie leads, logs in on her phone and records what she
did with a photo straight from her camera (maker, date and GPS position in its EXIF data). She
claims two competences of the default framework, one picked among the search box's
suggestions, one found with the search form, and asks for endorsement: Sophie, the leader, is
asked automatically. Sophie, on her own phone, follows the notification, confirms one level and
adjusts the other. Amina then finds both confirmed levels in her competence profile, apart from
her own assessment, in the chart and in its table. The stored photo has lost its metadata.

Every page is checked with axe-core as it loads (see tests/browser/conftest.py), must fit the
phone's width, and every control tapped must be big enough for a finger. Controls are found by
stable things (paths, names, codes), not by their French wording.

How long each of Amina's steps takes the browser, and how many taps, typed fields and pages it
needs, is printed and kept in the test report (``user_properties``): a measure of the "under two
minutes on a phone" goal, not an assertion.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.utils import timezone
from PIL import ExifTags, Image
from playwright.sync_api import Locator, Page, expect

from community.models import (
    CompetenceClaim,
    Contribution,
    Endorsement,
    EndorsementRequest,
    EndorserKind,
    Evidence,
    Role,
    Visibility,
)
from competences.models import Competence
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import BrowserPage
from tests.community.factories.initiatives import InitiativeFactory, MembershipFactory

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
PHONE: dict[str, Any] = {
    "viewport": {"width": PHONE_WIDTH, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
#: The project's rule for anything tapped (WCAG 2.2 asks for 24 px at least).
TAP_TARGET_PX = 44

TITLE = "Accueil des visiteurs au Repair Café"
# Amina's claims: (code, words she types, her own level). She types "reparation" without the
# accent. Sophie keeps the first level and lowers the second.
SUGGESTED = ("COOP.1", "accueil", 2)  # "Créer de bonnes relations"
SEARCHED = ("INNO.1", "reparation", 3)  # "Avoir des idées et créer"
ADJUSTED_LEVEL = 2


# --- Measuring the volunteer's effort ------------------------------------------------------


@dataclass
class Step:
    name: str
    seconds: float = 0.0
    taps: int = 0
    fields: int = 0
    pages: int = 0


@dataclass
class Effort:
    """Per step: the browser's time, and the taps, typed fields and pages it needs."""

    steps: list[Step] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.steps.append(Step(name))
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps[-1].seconds = round(time.perf_counter() - started, 2)

    def count(self, *, taps: int = 0, fields: int = 0, pages: int = 0) -> None:
        if self.steps:
            self.steps[-1].taps += taps
            self.steps[-1].fields += fields
            self.steps[-1].pages += pages

    def total(self) -> Step:
        return Step(
            "total",
            seconds=round(sum(s.seconds for s in self.steps), 2),
            taps=sum(s.taps for s in self.steps),
            fields=sum(s.fields for s in self.steps),
            pages=sum(s.pages for s in self.steps),
        )

    def report(self) -> str:
        lines = [f"{'step':<42} {'seconds':>7} {'taps':>4} {'fields':>6} {'pages':>5}"]
        for s in [*self.steps, self.total()]:
            lines.append(f"{s.name:<42} {s.seconds:>7.2f} {s.taps:>4} {s.fields:>6} {s.pages:>5}")
        return "\n".join(lines)


# --- A phone ---------------------------------------------------------------------------------


@dataclass
class Phone:
    """A tab on a phone: taps and typing; each new page is checked with axe and must fit."""

    tab: BrowserPage
    effort: Effort = field(default_factory=Effort)

    @property
    def page(self) -> Page:
        return self.tab.page

    @property
    def path(self) -> str:
        return self.tab.path

    def visit(self, path: str) -> Page:
        self.tab.visit(path)
        self.effort.count(pages=1)
        assert_fits(self.page)
        return self.page

    def tap(self, target: Locator) -> None:
        """Tap something that stays on the page: a radio button, a summary, a field."""
        assert_tappable(target)
        target.tap()
        self.effort.count(taps=1)

    def go(self, target: Locator) -> Page:
        """Tap a link or a button, wait for the next page and check it."""
        assert_tappable(target)
        assert_middle_is_active(target)
        with self.page.expect_navigation():
            target.tap()
        return self._arrived(taps=1)

    def menu(self, href: str) -> Locator:
        """A link of the main menu, after unfolding the menu (folded on phones)."""
        menu = self.page.locator("header details.site-menu")
        if menu.count() and menu.get_attribute("open") is None:
            self.tap(menu.locator("summary"))
        return self.page.locator(f'header nav a[href="{href}"]')

    def search_key(self, target: Locator) -> Page:
        """The keyboard's search key ("Enter") in a field, wait for the next page and check it."""
        with self.page.expect_navigation():
            target.press("Enter")
        return self._arrived(taps=1)

    def type(self, target: Locator, text: str) -> None:
        target.fill(text)
        self.effort.count(fields=1)

    def type_keys(self, target: Locator, text: str) -> None:
        """Key by key, like a person, so that the page's scripts see each key."""
        target.press_sequentially(text)
        self.effort.count(fields=1)

    def _arrived(self, *, taps: int) -> Page:
        self.tab.axe.check(self.page)
        self.effort.count(taps=taps, pages=1)
        assert_fits(self.page)
        return self.page


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} scrolls horizontally ({width} px wide)"


def assert_tappable(target: Locator) -> None:
    """Big enough for a finger: the control itself, or the label around it."""
    box = target.evaluate(
        """element => {
            const box = (element.closest("label") || element).getBoundingClientRect();
            return {width: box.width, height: box.height, html: element.outerHTML.slice(0, 200)};
        }"""
    )
    assert min(box["width"], box["height"]) >= TAP_TARGET_PX - 0.5, (
        f"too small to tap ({box['width']:.0f} x {box['height']:.0f} px): {box['html']}"
    )


def assert_middle_is_active(target: Locator) -> None:
    """A finger lands in the middle: a link or a button must be there, not plain text."""
    target.scroll_into_view_if_needed()
    hit = target.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            const active = hit && hit.closest("a[href], button, [role=option]");
            return active ? "" : (hit ? hit.outerHTML : "nothing").slice(0, 200);
        }"""
    )
    assert not hit, f"tapping the middle of {target} hits no link nor button, but: {hit}"


def log_in(phone: Phone, email: str) -> None:
    page = phone.visit("/accounts/login/")
    phone.type(page.locator("#id_username"), email)
    phone.type(page.locator("#id_password"), DEFAULT_PASSWORD)
    phone.go(page.locator("main form button[type=submit]"))
    assert phone.path == "/"  # "What is waiting for you"


def camera_photo(folder: Path) -> Path:
    """A small JPEG as a phone's camera writes it: maker, model, date and GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Fairphone"
    exif[ExifTags.Base.Model] = "FP4"
    exif[ExifTags.Base.DateTime] = "2025:10:04 10:12:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (47.0, 17.0, 58.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (5.0, 0.0, 26.0)
    image = Image.new("RGB", (640, 480), (180, 90, 40))
    for x in range(0, 640, 40):
        image.paste((240, 200, 120), (x, 0, x + 20, 480))
    path = folder / "IMG_20251004_101200.jpg"
    image.save(path, "JPEG", exif=exif, quality=85)
    with Image.open(path) as written:  # the premise: the photo does carry a position
        assert written.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    return path


def assert_image_shown(image: Locator) -> None:
    image.scroll_into_view_if_needed()
    expect(image).to_be_visible()
    image.page.wait_for_function(
        "image => image.complete && image.naturalWidth === 640", arg=image.element_handle()
    )


def chart_bars(page: Page) -> dict[str, tuple[float, float]]:
    """Per competence code in the chart: the drawn widths of the confirmed and own-level bars."""
    rows: list[list[Any]] = page.locator("main svg.levels-chart .levels-chart__row").evaluate_all(
        """rows => rows.map(row => [
            row.querySelector("text").textContent.split(" ")[0],
            [...row.querySelectorAll("rect")].map(rect => rect.getBBox().width),
        ])"""
    )
    return {code: (widths[0], widths[1]) for code, widths in rows}


def choose_level_and_say_why(phone: Phone, level: int, sentence: str) -> None:
    """On a claim's form: tap one's level, write the sentence, add the competence."""
    page = phone.page
    phone.tap(page.locator(f'input[name=self_level][value="{level}"]'))
    phone.type(page.locator("#id_statement"), sentence)
    phone.go(page.locator("main form button[type=submit]"))
    expect(page.locator(".message--success")).to_have_count(1)


# --- The test ----------------------------------------------------------------------------------


def test_the_core_loop_on_phones_through_the_pages(
    open_page: Any,
    live_server: Any,
    settings: LazySettings,
    default_framework: Any,
    tmp_path: Path,
    record_property: Any,
) -> None:
    settings.SITE_URL = live_server.url
    sophie = UserFactory(email="sophie@example.org", display_name="Sophie Martin")
    amina = UserFactory(email="amina@example.org", display_name="Amina Benali")
    initiative = InitiativeFactory(name="Repair Café de Chenôve", leader=sophie)
    MembershipFactory(initiative=initiative, user=amina, role=Role.MEMBER)
    competences = {
        code: Competence.objects.get(version=default_framework, code=code)
        for code in (SUGGESTED[0], SEARCHED[0])
    }
    photo = camera_photo(tmp_path)

    # --- Amina, on her phone ----------------------------------------------------------------
    volunteer = Phone(open_page(**PHONE))
    effort = volunteer.effort
    with effort.step("log in"):
        log_in(volunteer, "amina@example.org")

    with effort.step("open the form (menu, then the button)"):
        page = volunteer.go(volunteer.menu("/contributions/"))
        volunteer.go(page.locator('main a[href="/contributions/new/"]'))

    with effort.step("record it, with a photo"):
        # Sensible defaults: her only initiative, today, the photo shown to endorsers.
        expect(page.locator("#id_initiative")).to_have_value(str(initiative.pk))
        expect(page.locator("#id_started_on")).to_have_value(timezone.localdate().isoformat())
        visibility = page.locator("input[name=file_visibility]:checked")
        expect(visibility).to_have_value(Visibility.ENDORSERS)
        volunteer.type(page.locator("#id_title"), TITLE)
        volunteer.type(page.locator("#id_hours"), "3,5")
        with page.expect_file_chooser() as chooser:  # the phone offers its camera or gallery
            volunteer.tap(page.locator("#id_file"))
        chooser.value.set_files(photo)
        volunteer.go(page.locator('main form button[name=action][value="record"]'))
        contribution = Contribution.objects.get(owner=amina)
        assert volunteer.path == f"/contributions/{contribution.uuid}/"
        expect(page.locator(".message--success")).to_have_count(1)
        assert_image_shown(page.locator("main img.evidence-image"))

    claims_page = f"/contributions/{contribution.uuid}/claims/new/"
    code, words, level = SUGGESTED
    with effort.step(f"claim {code}: a suggestion"):
        volunteer.go(page.locator(f'main a[href="{claims_page}"]'))
        search = page.locator("#competence-search-q")
        expect(search).to_have_attribute("role", "combobox")  # the suggestions script runs
        volunteer.tap(search)
        volunteer.type_keys(search, words)
        expect(search).to_have_attribute("aria-expanded", "true")
        volunteer.go(page.locator("#competence-search-listbox [role=option]").filter(has_text=code))
        assert volunteer.path == f"{claims_page}{competences[code].uuid}/"
        choose_level_and_say_why(volunteer, level, "J'ai accueilli et orienté 25 visiteurs.")

    code, words, level = SEARCHED
    with effort.step(f"claim {code}: the search results"):
        volunteer.go(page.locator(f'main a[href="{claims_page}"]'))
        search = page.locator("#competence-search-q")
        volunteer.tap(search)
        volunteer.type_keys(search, words)
        # The suggestions open under the box; she uses her keyboard's search key instead.
        expect(search).to_have_attribute("aria-expanded", "true")
        volunteer.search_key(search)
        assert volunteer.path == f"{claims_page}?q={words}"
        # Each result is a card that she can tap anywhere (here: its middle, the description).
        result = page.locator("main .competence-choice").filter(has_text=code)
        expect(result).to_have_count(1)
        volunteer.go(result)
        assert volunteer.path == f"{claims_page}{competences[code].uuid}/"
        choose_level_and_say_why(volunteer, level, "J'ai réparé une lampe avec son propriétaire.")

    with effort.step("ask for endorsement"):
        volunteer.go(page.locator(f'main a[href="/endorsements/ask/{contribution.uuid}/"]'))
        expect(page.locator("main")).to_contain_text("Sophie Martin")  # asked automatically
        volunteer.go(page.locator("main form button[type=submit]"))
        assert volunteer.path.startswith("/endorsements/?sent=")
        expect(page.locator(".message--success")).to_contain_text("Sophie Martin")

    print(f"\nAmina on a phone, browser time per step:\n{effort.report()}")
    record_property("volunteer_steps", [asdict(step) for step in [*effort.steps, effort.total()]])

    endorsement_request = EndorsementRequest.objects.get(contribution=contribution)
    assert endorsement_request.endorser == sophie
    assert endorsement_request.kind == EndorserKind.LEADER
    suggested, searched = (
        CompetenceClaim.objects.get(contribution=contribution, competence=competences[code])
        for code in (SUGGESTED[0], SEARCHED[0])
    )
    assert (suggested.self_level, searched.self_level) == (SUGGESTED[2], SEARCHED[2])

    # The photo is stored without its metadata: no maker, no date, no position.
    evidence = Evidence.objects.get(contribution=contribution)
    assert evidence.visibility == Visibility.ENDORSERS
    with evidence.file.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
        assert (image.format, image.size) == ("JPEG", (640, 480))
        assert not image.getexif(), f"EXIF data left in the stored photo: {dict(image.getexif())}"
        assert "exif" not in image.info

    # --- Sophie, on her phone: the notification leads to the request ------------------------
    leader = Phone(open_page(**PHONE))
    log_in(leader, "sophie@example.org")
    page = leader.page
    expect(page.locator('header nav a[href="/endorsements/queue/"]')).to_contain_text("1")
    leader.go(leader.menu("/notifications/"))
    notification = page.locator("main .notification").filter(has_text=TITLE)
    leader.go(notification.locator('a[href^="/notifications/"]'))
    assert leader.path == f"/endorsements/requests/{endorsement_request.uuid}/"

    # She sees what Amina did, and the photo: it is shown to endorsers.
    expect(page.locator("main")).to_contain_text(TITLE)
    assert_image_shown(page.locator("main img.endorse-evidence-image"))

    # Amina's own levels are preselected: Sophie keeps the first and lowers the second.
    def level_choice(claim: CompetenceClaim, level: int) -> Locator:
        return page.locator(f'input[name="claim-{claim.uuid}-level"][value="{level}"]')

    expect(level_choice(suggested, SUGGESTED[2])).to_be_checked()
    expect(level_choice(searched, SEARCHED[2])).to_be_checked()
    leader.tap(level_choice(searched, ADJUSTED_LEVEL))
    expect(level_choice(searched, ADJUSTED_LEVEL)).to_be_checked()
    leader.tap(page.locator("main form.endorse-form details.endorse-more summary").nth(1))
    leader.type(
        page.locator(f'textarea[name="claim-{searched.uuid}-comment"]'),
        "Elle répare seule ; elle n'encadre pas encore l'atelier.",
    )
    expect(page.locator("#id_relationship")).not_to_have_value("")  # suggested from her role
    leader.go(page.locator("main form.endorse-form button[type=submit]"))
    assert leader.path == "/endorsements/queue/"
    expect(page.locator(".message--success")).to_have_count(1)
    expect(page.locator(".queue-item")).to_have_count(0)

    endorsements = list(Endorsement.objects.all())
    assert {e.claim_id: e.level for e in endorsements} == {
        suggested.pk: SUGGESTED[2],
        searched.pk: ADJUSTED_LEVEL,
    }
    assert all(e.is_leader for e in endorsements)

    # --- Amina opens her competence profile ----------------------------------------------------
    page = volunteer.go(volunteer.menu("/profile/competences/"))
    expected = {  # code: (confirmed, her own)
        SUGGESTED[0]: (SUGGESTED[2], SUGGESTED[2]),
        SEARCHED[0]: (ADJUSTED_LEVEL, SEARCHED[2]),
    }

    # The table, right under the chart: confirmed levels in one column, hers in the next.
    rows = page.locator("main table.levels-table tbody tr:has(th[scope=row])")
    expect(rows).to_have_count(2)
    for code, (confirmed, own) in expected.items():
        cells = rows.filter(has=page.locator(".code", has_text=code)).locator("td")
        expect(cells.nth(0)).to_contain_text(str(confirmed))
        expect(cells.nth(1)).to_contain_text(str(own))
        # The details: the confirmed level, then her own assessment, apart.
        card = page.locator(f'main .profile-competence[id="competence-{code}"]')
        expect(card.locator(".profile-endorsed .level-number")).to_have_text(str(confirmed))
        expect(card.locator(".profile-self")).to_contain_text(str(own))

    # The chart draws a bar per confirmed level and a thinner one per own level, to scale.
    expect(page.locator('main svg.levels-chart[role="img"]')).to_have_count(1)
    bars = chart_bars(page)
    assert set(bars) == set(expected)
    unit = bars[SUGGESTED[0]][0] / SUGGESTED[2]
    assert unit > 0, f"the bars are not drawn: {bars}"
    for code, (confirmed, own) in expected.items():
        assert bars[code] == (pytest.approx(unit * confirmed), pytest.approx(unit * own))
