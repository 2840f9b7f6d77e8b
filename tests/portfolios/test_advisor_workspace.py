"""The advisor workspace: an advisor sees only the portfolios shared with their verified
email address (owner / advisor / other advisor / anonymous), filters them, and opens them
without the access code (signed in as the named recipient); every opening is logged."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portfolios.models.portfolios import AccessWhat, ShareAccess
from portfolios.selectors.shares import advisor_workspace
from portfolios.services.shares import share_link_revoke
from tests.accounts.factories.users import UserFactory
from tests.conftest import login
from tests.portfolios.factories.shares import (
    plain_portfolio,
    portfolio_with_competences,
    share_make,
)

pytestmark = pytest.mark.django_db

WORKSPACE = "/advisor/portfolios/"


@pytest.fixture
def other_advisor(db):
    return UserFactory(email="lea@example.org", display_name="Léa", is_advisor=True)


@pytest.fixture
def shared(volunteer, advisor, default_framework):
    """Amina's portfolio shared with Karim (with a code), ORG.1 level 3 and COOP.1 level 2."""
    portfolio = portfolio_with_competences(
        volunteer, default_framework, {"ORG.1": 3, "COOP.1": 2}, title="Vers la logistique"
    )
    share, _ = share_make(portfolio, recipient_email="Karim@example.org", access_code="jalons")
    return share


@pytest.fixture
def marc_shared(advisor, default_framework):
    """Marc's portfolio shared with Karim too: COM.1 level 1, ORG.2 not endorsed."""
    marc = UserFactory(email="marc@example.org", display_name="Marc")
    portfolio = portfolio_with_competences(
        marc, default_framework, {"COM.1": 1, "ORG.2": None}, title="Fabrication numérique"
    )
    share, _ = share_make(portfolio, recipient_email="karim@example.org")
    return share


def test_the_workspace_is_for_advisors(client, volunteer, advisor, outsider):
    anonymous = client.get(WORKSPACE)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    login(client, volunteer)
    assert client.get(WORKSPACE).status_code == 403
    login(client, outsider)
    assert client.get(WORKSPACE).status_code == 403
    login(client, advisor)
    response = client.get(WORKSPACE)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_advisor_sees_only_what_was_shared_with_them(
    client, shared, volunteer, advisor, other_advisor, english
):
    _for_lea, _ = share_make(
        plain_portfolio(volunteer, title="Pour Léa"), recipient_email=other_advisor.email
    )
    _not_addressed, _ = share_make(plain_portfolio(volunteer, title="Sans destinataire"))
    login(client, advisor)
    text = client.get(WORKSPACE).content.decode()
    assert "Vers la logistique" in text and "Amina" in text
    assert "Pour Léa" not in text and "Sans destinataire" not in text
    assert volunteer.email not in text  # nothing else about the volunteer
    login(client, other_advisor)
    text = client.get(WORKSPACE).content.decode()
    assert "Pour Léa" in text and "Vers la logistique" not in text


def test_opening_from_the_workspace(client, shared, advisor, other_advisor, volunteer, english):
    url = reverse("portfolios:advisor_portfolio", kwargs={"uuid": shared.uuid})
    login(client, advisor)
    page = client.get(url)
    assert page.status_code == 200  # no access code for the named recipient, signed in
    text = page.content.decode()
    assert "Vers la logistique" in text and 'name="code"' not in text
    assert page["X-Robots-Tag"] == "noindex, nofollow" and page["Referrer-Policy"] == "no-referrer"
    access = ShareAccess.objects.get(share=shared)
    assert access.what == AccessWhat.PAGE and access.viewer == advisor
    # The other advisor, the owner (not an advisor) and anonymous visitors cannot.
    login(client, other_advisor)
    assert client.get(url).status_code == 404
    login(client, volunteer)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert ShareAccess.objects.filter(share=shared).count() == 1


def test_an_unverified_address_sees_nothing(client, shared, advisor, english):
    advisor.email_verified_at = None
    advisor.save(update_fields=["email_verified_at"])
    login(client, advisor)
    text = client.get(WORKSPACE).content.decode()
    assert "Vers la logistique" not in text and "Confirm your email address first" in text
    url = reverse("portfolios:advisor_portfolio", kwargs={"uuid": shared.uuid})
    assert client.get(url).status_code == 404


def test_withdrawn_links_leave_the_workspace_and_expired_ones_close(
    client, shared, marc_shared, advisor, volunteer, english
):
    share_link_revoke(share=shared, by=volunteer)
    login(client, advisor)
    text = client.get(WORKSPACE).content.decode()
    assert "Vers la logistique" not in text and "Fabrication numérique" in text
    withdrawn = reverse("portfolios:advisor_portfolio", kwargs={"uuid": shared.uuid})
    assert client.get(withdrawn).status_code == 404
    with time_machine.travel(marc_shared.expires_at + dt.timedelta(minutes=1)):
        login(client, advisor)  # a new session: the old one expired meanwhile
        text = client.get(WORKSPACE).content.decode()
        assert "Expired on" in text and "Fabrication numérique" in text
        url = reverse("portfolios:advisor_portfolio", kwargs={"uuid": marc_shared.uuid})
        assert url not in text
        assert client.get(url).status_code == 410
    assert ShareAccess.objects.get(share=marc_shared).what == AccessWhat.CLOSED


def test_newest_first(client, shared, marc_shared, advisor):
    login(client, advisor)
    text = client.get(WORKSPACE).content.decode()
    assert text.index("Fabrication numérique") < text.index("Vers la logistique")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({}, {"Vers la logistique", "Fabrication numérique"}),
        ({"competence": "ORG.1"}, {"Vers la logistique"}),
        ({"competence": "ORG.2"}, {"Fabrication numérique"}),
        ({"domain": "COOP"}, {"Vers la logistique"}),
        ({"domain": "ORG"}, {"Vers la logistique", "Fabrication numérique"}),
        ({"min_level": "2"}, {"Vers la logistique"}),
        ({"min_level": "1"}, {"Vers la logistique", "Fabrication numérique"}),
        ({"domain": "COOP", "min_level": "3"}, set()),  # COOP.1 is endorsed at level 2 only
        ({"domain": "ORG", "min_level": "3"}, {"Vers la logistique"}),
        ({"competence": "ORG.2", "min_level": "1"}, set()),  # not endorsed yet
        ({"competence": "UNKNOWN"}, set()),
        ({"min_level": "nonsense"}, {"Vers la logistique", "Fabrication numérique"}),
    ],
)
def test_filters(client, shared, marc_shared, advisor, query, titles, english):
    login(client, advisor)
    response = client.get(WORKSPACE, query)
    assert response.status_code == 200
    text = response.content.decode()
    section = text.split('id="shared-title"', 1)[1].split('id="expired-title"', 1)[0]
    assert {t for t in ("Vers la logistique", "Fabrication numérique") if t in section} == titles
    if not titles:
        assert "No shared portfolio matches these filters." in text


def test_filter_choices_come_from_the_shared_portfolios(client, shared, marc_shared, advisor):
    login(client, advisor)
    text = client.get(WORKSPACE, {"competence": "ORG.1"}).content.decode()
    assert '<option value="ORG.1" selected>' in text
    assert 'value="COM.1"' in text and 'value="INCL.3"' not in text
    assert 'value="COOP"' in text and 'value="INCL"' not in text


def test_the_levels_agree_with_the_portfolio_content(shared, advisor):
    from portfolios.selectors.portfolios import portfolio_content

    content = portfolio_content(portfolio=shared.portfolio)
    expected = {line.code: line.level for block in content.domains for line in block.competences}
    [entry] = advisor_workspace(advisor=advisor).entries
    assert {line.code: line.level for line in entry.competences} == expected


def test_workspace_queries_do_not_grow(client, advisor, default_framework, count_queries):
    def share_one(number):
        owner = UserFactory(email=f"volunteer{number}@example.org")
        portfolio = portfolio_with_competences(
            owner, default_framework, {"ORG.1": 2, "COM.2": 3}, title=f"Portfolio {number}"
        )
        share_make(portfolio, recipient_email=advisor.email)

    share_one(0)
    login(client, advisor)
    first = count_queries(client, WORKSPACE, {"min_level": "2"})
    for number in range(1, 5):
        share_one(number)
    with time_machine.travel(timezone.now() - dt.timedelta(days=60)):
        share_make(plain_portfolio(advisor, title="Expired"), recipient_email=advisor.email)
    assert count_queries(client, WORKSPACE, {"min_level": "2"}) == first


def test_the_nav_shows_the_workspace_to_advisors_only(client, advisor, volunteer):
    login(client, advisor)
    assert f'href="{WORKSPACE}"' in client.get(reverse("accounts:profile")).content.decode()
    login(client, volunteer)
    assert f'href="{WORKSPACE}"' not in client.get(reverse("accounts:profile")).content.decode()


def test_downloads_from_the_workspace_are_for_the_recipient(client, shared, other_advisor):
    for name in ("advisor_portfolio_pdf", "advisor_portfolio_clr"):
        login(client, other_advisor)
        assert (
            client.get(reverse(f"portfolios:{name}", kwargs={"uuid": shared.uuid})).status_code
            == 404
        )
    assert not ShareAccess.objects.exists()
