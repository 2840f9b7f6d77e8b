"""The territory's word on a badge's issuer, apart from cryptography (badges.trust): on the
verifier's report, /verify/, the award page, the portfolio (page, shared view, PDF content)
and a portfolio version's verification.

Acceptance 1 of #11: a volunteer impersonates a public office in four API calls; the badge
is never shown "authentic and valid" until a steward recognises the issuer, and says
"recognition withdrawn" with the reason once the steward suspends it.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from badges.crypto.data_integrity import sign
from badges.models import Award, Issuer, RecognitionStatus
from badges.services.issuers import issuer_sign
from badges.services.recognition import (
    recognition_suspend,
    recognition_withdraw,
)
from badges.standing import UNDETERMINED, UNKNOWN
from badges.trust import local_issuer
from badges.verification import credential_state
from badges.verifier import verify_credential
from portfolios.models import ItemKind, PortfolioItem
from portfolios.selectors.portfolios import portfolio_content
from tests.badges.conftest import VECTOR_KEY, VECTOR_SEED_HEX, load_vector, make_credential
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory, TerritoryIssuerFactory
from tests.badges.factories.proposals import bare_awards
from tests.badges.factories.revocation import award_add, setting
from tests.badges.fetch_server import no_dns
from tests.conftest import login
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db

VERIFY = "/verify/"
GREEN = "This badge is authentic and valid."
NOT_RECOGNISED = (
    "This badge was signed by its issuer and not changed, but its issuer is not recognised by "
    "Territoire de Dijon."
)
WITHDRAWN = (
    "This badge was signed by its issuer and not changed, but Territoire de Dijon has withdrawn "
    "its recognition of that issuer."
)
REASON = "Se fait passer pour France Travail."


@pytest.fixture(autouse=True)
def _english_pages(english):
    """Pages in English."""


@pytest.fixture
def territory(db):
    return TerritoryIssuerFactory()


# --- Acceptance 1: the four-call impersonation -----------------------------------------------


def _impersonate(client) -> Award:
    """The attack of #11, through the API: an initiative named like a public office, made an
    issuer, a badge class, and the badge awarded to oneself."""
    initiative = client.post(
        reverse("community_api:initiative_list"),
        {
            "name": "France Travail — Agence de Dijon",
            "kind": "association",
            "spheres": ["consume"],
            "description": "Agence pour l'emploi.",
            "commune": "Dijon",
            "postcode": "21000",
        },
        content_type="application/json",
    )
    assert initiative.status_code == 201, initiative.json()
    issuer = client.post(
        reverse("badges_api:issuer_list"),
        {
            "initiative": initiative.json()["slug"],
            "name": "France Travail — Agence de Dijon",
            "email": "contact@example.org",
        },
        content_type="application/json",
    )
    assert issuer.status_code == 201, issuer.json()
    badge = client.post(
        reverse("badges_api:badge_class_list", args=[issuer.json()["uuid"]]),
        {
            "name": "Prêt à l'emploi",
            "description": "Certifié par France Travail.",
            "criteria_narrative": "Aucun.",
            "rules": [],
        },
        content_type="application/json",
    )
    assert badge.status_code == 201, badge.json()
    award = client.post(
        reverse("badges_api:badge_class_awards", args=[badge.json()["uuid"]]),
        {"email": "amina@example.org"},
        content_type="application/json",
    )
    assert award.status_code == 201, award.json()
    return Award.objects.get(uuid=award.json()["uuid"])


def _pages(client, award: Award, shared: str) -> dict[str, str]:
    """What /verify/, the award page and the shared portfolio say, for anyone."""
    verify = client.post(VERIFY, {"url": award.ob3_url}).content.decode()
    page = client.get(award.page_url.removeprefix("http://testserver")).content.decode()
    portfolio = client.get(shared).content.decode()
    return {"verify": verify, "award": page, "portfolio": portfolio}


def test_the_four_call_impersonation_is_never_shown_authentic_until_recognised(
    client, territory, volunteer, steward, no_network
):
    assert volunteer.email == "amina@example.org"
    IssuerFactory(name="France Travail")  # the real one, recognised
    award = _impersonate(login(client, volunteer))
    issuer = award.badge_class.issuer
    assert issuer.recognition == RecognitionStatus.PENDING
    portfolio = plain_portfolio(volunteer, language="en")
    PortfolioItem.objects.create(portfolio=portfolio, kind=ItemKind.BADGE, award=award)
    _share, token = share_make(portfolio)
    shared = reverse("portfolios:shared_view", kwargs={"token": token})
    client.logout()

    pages = _pages(client, award, shared)
    assert 'data-verdict="not_recognised"' in pages["verify"]
    assert NOT_RECOGNISED in pages["verify"]
    assert GREEN not in pages["verify"]
    assert "verify-verdict--valid" not in pages["verify"]
    pending = "Not recognised by Territoire de Dijon: waiting for its decision."
    for name, html in pages.items():
        assert pending in html, name
    assert "award-status--valid" not in pages["award"]
    assert 'data-trust="pending"' in pages["portfolio"]
    # The checks of the signature all passed: cryptography and trust are told apart.
    assert 'data-check="proof"' in pages["verify"]
    assert "has not checked that France Travail — Agence de Dijon is who" in pages["verify"]

    # A steward recognises the issuer (from its decision page).
    decide = reverse("badges:issuer_recognition", args=[issuer.uuid])
    login(client, steward).post(decide, {"action": "grant", "note": "Agence rencontrée."})
    client.logout()
    pages = _pages(client, award, shared)
    assert 'data-verdict="valid"' in pages["verify"] and GREEN in pages["verify"]
    for name, html in pages.items():
        assert "Recognised by Territoire de Dijon since" in html, name
    assert "award-status--valid" in pages["award"]

    # … then suspends it, with a reason.
    login(client, steward).post(decide, {"action": "suspend", "note": REASON})
    client.logout()
    pages = _pages(client, award, shared)
    assert 'data-verdict="recognition_withdrawn"' in pages["verify"]
    assert WITHDRAWN in pages["verify"] and GREEN not in pages["verify"]
    for name, html in pages.items():
        assert "Recognition by Territoire de Dijon suspended on" in html, name
        assert REASON.replace("'", "&#x27;") in html, name


# --- The report ------------------------------------------------------------------------------


@pytest.fixture
def s(territory):
    return setting()


def test_a_recognised_issuers_badge_is_valid_and_says_since_when(s, no_network):
    report = verify_credential(award_add(s).credential)
    assert report.ok and report.trusted and report.verdict == "valid"
    assert report.trust.status == RecognitionStatus.RECOGNISED
    assert report.trust.headline.startswith("Recognised by Territoire de Dijon since ")
    assert "A steward of the territory checked that" in report.trust.explanation


def test_a_pending_issuers_badge_is_authentic_but_not_valid(s, no_network):
    Issuer.objects.filter(pk=s.issuer.pk).update(recognition=RecognitionStatus.PENDING)
    report = verify_credential(award_add(s).credential)
    assert report.ok and not report.trusted
    assert report.verdict == "not_recognised"
    assert report.verdict_text == NOT_RECOGNISED


@pytest.mark.parametrize("decide", [recognition_suspend, recognition_withdraw])
def test_a_withdrawn_recognition_says_when_why_and_whether_it_held_at_issue(
    s, steward, decide, no_network
):
    award = award_add(s)  # issued while recognised
    decide(issuer=s.issuer, by=steward, reason=REASON)
    report = verify_credential(award.credential)
    assert report.verdict == "recognition_withdrawn"
    assert report.trust.standing.note == REASON
    assert "no longer vouches for" in report.trust.explanation
    assert "When this badge was issued, on" in report.trust.explanation
    assert "the issuer was recognised." in report.trust.explanation


def test_a_badge_issued_while_suspended_is_not_said_recognised_at_issue(s, steward, no_network):
    recognition_suspend(issuer=s.issuer, by=steward, reason=REASON)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        award = award_add(s)
        report = verify_credential(award.credential)
    assert report.trust.recognised_at_issue is False
    assert "the issuer was recognised." not in report.trust.explanation


def test_a_forged_copy_is_undetermined_not_recognised(s, no_network):
    """Someone signs a badge naming a recognised issuer with their own key: the recognition
    of that issuer must not lend the forgery any credit."""
    forged = copy.deepcopy(award_add(s).credential)
    forged["credentialSubject"]["achievement"]["name"] = "Diplôme d'État"
    report = verify_credential(forged)
    assert report.verdict == "unverified"
    assert report.trust.status == UNDETERMINED
    assert "We cannot tell who issued it" in report.trust.headline


def test_another_issuers_key_does_not_borrow_the_recognition(s, no_network):
    """A credential that names a recognised issuer but is signed by another issuer's key."""
    other = IssuerFactory(name="Imposteur")
    credential = copy.deepcopy(award_add(s).credential)
    credential.pop("proof")
    signed = issuer_sign(issuer=other, document=credential)
    report = verify_credential(signed)
    assert report.status_of("issuer_key").value == "failed"
    assert report.trust.status == UNDETERMINED and not report.trusted


def test_a_did_key_issuer_from_elsewhere_is_unknown_here(territory, no_network):
    issuer = f"did:key:{VECTOR_KEY}"
    credential = sign(
        make_credential(issuer),
        private_key=bytes.fromhex(VECTOR_SEED_HEX),
        verification_method=f"{issuer}#{VECTOR_KEY}",
    )
    report = verify_credential(credential)
    assert report.ok  # signed by its issuer, unchanged…
    assert report.trust.status == UNKNOWN  # …but nobody here vouches for it
    assert report.verdict == "not_recognised"
    assert "vouches only for the issuers it has checked" in report.trust.explanation


def test_a_badge_whose_issuer_cannot_be_confirmed_is_undetermined(territory, monkeypatch):
    no_dns(monkeypatch)  # 1EdTech's example issuer cannot be reached
    report = verify_credential(load_vector("ob3-signed-credential.json"))
    assert report.status_of("issuer_key").value == "could_not_check"
    assert report.trust.status == UNDETERMINED and not report.trusted


def test_ob2_assertions_of_this_platform_carry_the_same_trust(s, steward, no_network):
    from badges.verifier import verify_url

    award = award_add(s)
    assert verify_url(award.ob2_url).verdict == "valid"
    recognition_withdraw(issuer=s.issuer, by=steward, reason=REASON)
    report = verify_url(award.ob2_url)
    assert report.trust.status == RecognitionStatus.WITHDRAWN
    assert report.verdict == "recognition_withdrawn"


@pytest.mark.parametrize(
    "suffix", ["", "/", "?x=1", "#key"], ids=["id", "slash", "query", "fragment"]
)
def test_local_issuer_reads_only_issuer_addresses(s, suffix):
    found = local_issuer(s.issuer.id_url + suffix)
    assert (found == s.issuer) is (suffix in ("", "/"))


def test_local_issuer_ignores_other_addresses(s):
    assert local_issuer(s.badge.id_url) is None
    assert local_issuer("https://elsewhere.example/issuers/" + str(s.issuer.uuid)) is None
    assert local_issuer(reverse("badges:ob2_issuer", args=[s.issuer.uuid])) is None  # relative


# --- Portfolio and portfolio versions --------------------------------------------------------


def test_the_portfolio_content_says_each_issuers_standing_in_its_language(s, steward):
    award = award_add(s)
    portfolio = plain_portfolio(s.member, language="fr")
    PortfolioItem.objects.create(portfolio=portfolio, kind=ItemKind.BADGE, award=award)
    line = portfolio_content(portfolio=portfolio).badges[0]
    assert line.issuer_standing == "recognised"
    assert line.issuer_standing_text.startswith("Reconnu par Territoire de Dijon depuis le ")
    recognition_suspend(issuer=s.issuer, by=steward, reason=REASON)
    line = portfolio_content(portfolio=portfolio).badges[0]
    assert line.issuer_standing == "suspended"
    assert line.issuer_standing_text.endswith(f"Motif\u00a0: {REASON}")


def test_portfolio_content_queries_do_not_grow_with_issuers(s):
    portfolio = plain_portfolio(s.member)

    def add_badge_of_a_new_issuer(position: int) -> None:
        badge = badge_class_add(IssuerFactory(), slug=f"b{position}")
        award = bare_awards(badge, s.member, 1)[0]
        PortfolioItem.objects.create(
            portfolio=portfolio, kind=ItemKind.BADGE, award=award, position=position
        )

    add_badge_of_a_new_issuer(0)
    with CaptureQueriesContext(connection) as one:
        portfolio_content(portfolio=portfolio)
    for position in range(1, 5):
        add_badge_of_a_new_issuer(position)
    with CaptureQueriesContext(connection) as five:
        content = portfolio_content(portfolio=portfolio)
    assert len(content.badges) == 5
    assert len(five) == len(one)


def test_a_wrapped_credentials_state_carries_the_standing(s, steward):
    award = award_add(s)
    assert credential_state(award.credential).standing.is_recognised
    recognition_suspend(issuer=s.issuer, by=steward, reason=REASON)
    state = credential_state(award.credential)
    assert state.state == "valid"  # the badge itself still holds…
    assert state.standing.is_withdrawn and state.standing.note == REASON  # …its issuer not
    tampered = copy.deepcopy(award.credential)
    tampered["name"] = "Autre"
    assert credential_state(tampered).standing.status == UNDETERMINED
