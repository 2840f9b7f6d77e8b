"""Orientation to an initiative: Karim (advisor) proposes the Repair Café to Nadia from the
portfolio she shared with him; she accepts or declines; Sophie (its leader) reads the
introduction with only what Nadia chose to give; Karim follows the steps computed from the
data, only while the share is open and the orientation not ended (owner / advisor /
leader / other advisor / outsider)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Notification, NotificationKind
from badges.services.awards import award_create
from community.models import CompetenceClaim, Role
from competences.models import Competence
from portfolios.models import ItemKind, Orientation, OrientationStatus, PortfolioItem
from portfolios.selectors.orientations import (
    orientation_list_for_advisor,
    orientation_list_for_advisor_share,
    pathways,
)
from portfolios.services.orientations import (
    orientation_accept,
    orientation_decline,
    orientation_end,
    orientation_propose,
)
from portfolios.services.shares import share_link_revoke
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory
from tests.community.factories.contributions import ContributionFactory
from tests.community.factories.endorsements import endorse
from tests.community.factories.initiatives import MembershipFactory
from tests.conftest import login
from tests.portfolios.factories.shares import portfolio_with_competences, share_make

pytestmark = pytest.mark.django_db

PROPOSE = "/advisor/orientations/new/"
PATHWAYS = "/advisor/orientations/"


@pytest.fixture
def nadia(db):
    return UserFactory(email="nadia@example.org", display_name="Nadia")


@pytest.fixture
def other_advisor(db):
    return UserFactory(email="lea@example.org", display_name="Léa", is_advisor=True)


@pytest.fixture
def shared(nadia, advisor, default_framework):
    """Nadia's portfolio (COOP.1 endorsed at 2 elsewhere) shared with Karim."""
    portfolio = portfolio_with_competences(nadia, default_framework, {"COOP.1": 2})
    share, _ = share_make(portfolio, recipient_email="karim@example.org")
    return share


@pytest.fixture
def proposed(shared, advisor, initiative):
    return orientation_propose(
        share=shared, advisor=advisor, initiative=initiative, message="Ils cherchent du monde."
    )


@pytest.fixture
def accepted(proposed, nadia):
    return orientation_accept(
        orientation=proposed, user=nadia, share_portfolio=True, introduction_message="Le samedi."
    )


def _detail(orientation: Orientation) -> str:
    return reverse("portfolios:orientation_detail", kwargs={"uuid": orientation.uuid})


def _introduction(orientation: Orientation) -> str:
    return reverse("portfolios:introduction_detail", kwargs={"uuid": orientation.uuid})


def _steps(orientation: Orientation) -> dict[str, bool]:
    (line,) = pathways([orientation])
    return {step.key: step.reached for step in line.steps}


# --- Proposing -------------------------------------------------------------------------


def test_the_advisor_proposes_from_the_shared_portfolio(client, advisor, shared, initiative):
    login(client, advisor)
    page = client.get(reverse("portfolios:advisor_portfolio", kwargs={"uuid": shared.uuid}))
    assert f"{PROPOSE}?share={shared.uuid}" in page.content.decode()
    form = client.get(PROPOSE, {"share": str(shared.uuid), "initiative": initiative.slug})
    assert form.status_code == 200 and "Nadia" in form.content.decode()
    response = client.post(
        PROPOSE,
        {"share": str(shared.uuid), "initiative": initiative.slug, "message": "Essayez !"},
    )
    assert response.status_code == 302 and response["Location"] == PATHWAYS
    orientation = Orientation.objects.get()
    assert (orientation.person, orientation.initiative, orientation.status) == (
        shared.portfolio.owner,
        initiative,
        OrientationStatus.PROPOSED,
    )
    notification = Notification.objects.get(kind=NotificationKind.ORIENTATION_PROPOSED)
    assert notification.recipient == shared.portfolio.owner
    assert notification.link == _detail(orientation)


def test_an_advisor_proposes_from_an_initiative_page_of_the_directory(
    client, advisor, shared, initiative, leader, volunteer, english
):
    """The directory leads to the initiative's page; there, an advisor (and only an advisor)
    finds "propose this initiative to a person", the form opens with the initiative chosen."""
    page = reverse("community:initiative_detail", kwargs={"slug": initiative.slug})
    link = f'href="{PROPOSE}?initiative={initiative.slug}"'
    login(client, advisor)
    html = client.get(page).content.decode()
    assert link in html and "Propose this initiative to a person you advise" in html
    form = client.get(PROPOSE, {"initiative": initiative.slug}).content.decode()
    assert f'<option value="{initiative.slug}" selected>' in form
    assert f'<option value="{shared.uuid}">' in form and "Nadia" in form
    for someone in (leader, volunteer):  # a leader or a volunteer is not an advisor
        login(client, someone)
        assert link not in client.get(page).content.decode()
    client.logout()
    assert link not in client.get(page).content.decode()


def test_only_the_addressee_of_an_open_share_may_propose(
    client, shared, initiative, other_advisor, nadia, outsider
):
    with pytest.raises(PermissionDenied):
        orientation_propose(share=shared, advisor=other_advisor, initiative=initiative)
    login(client, other_advisor)
    refused = client.post(PROPOSE, {"share": str(shared.uuid), "initiative": initiative.slug})
    assert refused.status_code == 200 and "share" in refused.context["form"].errors
    for person in (nadia, outsider):  # not advisors
        login(client, person)
        assert client.get(PROPOSE).status_code == 403
    assert not Orientation.objects.exists()


def test_a_withdrawn_share_cannot_be_used_to_propose(shared, advisor, initiative, nadia):
    share_link_revoke(share=shared, by=nadia)
    with pytest.raises(PermissionDenied):
        orientation_propose(share=shared, advisor=advisor, initiative=initiative)


def test_the_same_initiative_is_proposed_once_per_share(proposed, shared, advisor, initiative):
    with pytest.raises(ValidationError):
        orientation_propose(share=shared, advisor=advisor, initiative=initiative)


# --- The person answers ----------------------------------------------------------------


def test_the_person_sees_the_proposal_at_home_and_answers_it(
    client, proposed, nadia, leader, django_capture_on_commit_callbacks
):
    login(client, nadia)
    home = client.get("/").content.decode()
    assert 'data-home-item="orientation"' in home and _detail(proposed) in home
    assert "Ils cherchent du monde." in client.get(_detail(proposed)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_detail(proposed), {"introduction_message": "Disponible le samedi."})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == OrientationStatus.ACCEPTED and proposed.introduction_share is None
    page = client.get(_detail(proposed)).content.decode()
    join = reverse("community:join_request_create", kwargs={"slug": proposed.initiative.slug})
    assert join in page
    introduction = Notification.objects.get(kind=NotificationKind.ORIENTATION_INTRODUCTION)
    assert introduction.recipient == leader and introduction.link == _introduction(proposed)
    assert Notification.objects.filter(
        kind=NotificationKind.ORIENTATION_ANSWERED, recipient=proposed.advisor
    ).exists()
    assert 'data-home-item="orientation"' not in client.get("/").content.decode()


def test_the_person_declines(client, proposed, nadia):
    login(client, nadia)
    url = reverse("portfolios:orientation_decline", kwargs={"uuid": proposed.uuid})
    assert client.post(url).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == OrientationStatus.DECLINED
    with pytest.raises(ValidationError):
        orientation_accept(orientation=proposed, user=nadia)
    assert _steps(proposed) == {"proposed": True}


def test_nobody_else_answers_or_sees_the_proposal(client, proposed, advisor, leader, outsider):
    for person in (advisor, leader, outsider):
        login(client, person)
        assert client.get(_detail(proposed)).status_code == 404
        assert client.post(_detail(proposed), {}).status_code == 404
        end = reverse("portfolios:orientation_end", kwargs={"uuid": proposed.uuid})
        assert client.post(end).status_code == 404
    with pytest.raises(PermissionDenied):
        orientation_accept(orientation=proposed, user=outsider)
    proposed.refresh_from_db()
    assert proposed.status == OrientationStatus.PROPOSED


# --- The introduction ------------------------------------------------------------------


def test_the_leader_reads_only_what_the_person_gave(client, accepted, leader):
    login(client, leader)
    page = client.get(_introduction(accepted))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nadia" in text and "Le samedi." in text and "data-portfolio-link" in text
    assert "nadia@example.org" not in text
    # The link made for the initiative opens her portfolio.
    link = page.context["portfolio_url"]
    assert client.get(link.replace("http://testserver", "")).status_code == 200


def test_without_her_consent_the_leader_gets_no_portfolio_link(client, proposed, nadia, leader):
    orientation_accept(orientation=proposed, user=nadia, share_portfolio=False)
    login(client, leader)
    text = client.get(_introduction(proposed)).content.decode()
    assert "Nadia" in text and "data-portfolio-link" not in text


def test_the_introduction_is_for_the_leaders_only(
    client, accepted, nadia, advisor, other_leader, outsider
):
    for person in (nadia, advisor, other_leader, outsider):
        login(client, person)
        assert client.get(_introduction(accepted)).status_code == 404


# --- The advisor follows the steps -----------------------------------------------------


def test_the_steps_come_from_the_data_with_only_what_the_share_shows(
    client, accepted, nadia, initiative, advisor, default_framework, leader
):
    assert _steps(accepted) == {
        "proposed": True,
        "accepted": True,
        "joined": False,
        "first_contribution": False,
        "competences_confirmed": False,
        "badge": False,
    }
    MembershipFactory(initiative=initiative, user=nadia, role=Role.MEMBER)
    assert _steps(accepted)["joined"] and not _steps(accepted)["first_contribution"]
    contribution = ContributionFactory(owner=nadia, initiative=initiative, title="Accueil")
    assert _steps(accepted)["first_contribution"]
    shown = Competence.objects.get(version=default_framework, code="COOP.1")
    hidden = Competence.objects.get(version=default_framework, code="ORG.1")
    for competence in (shown, hidden):
        claim = CompetenceClaim.objects.create(
            contribution=contribution, competence=competence, self_level=2
        )
        endorse(claim, endorser=leader, level=2)
    (line,) = pathways([accepted])
    confirmed = next(step for step in line.steps if step.key == "competences_confirmed")
    assert confirmed.reached and confirmed.details == (shown.title,)  # ORG.1 is not shared
    issuer = IssuerFactory(initiative=initiative)
    badge = badge_class_add(issuer, name="Accueillir au Repair Café")
    award = award_create(badge_class=badge, by=leader, email=nadia.email, narrative="Accueil.")
    (line,) = pathways([accepted])
    step = line.steps[-1]
    assert step.key == "badge" and step.reached and step.details == ()  # not in the portfolio
    PortfolioItem.objects.create(
        portfolio=accepted.share.portfolio, kind=ItemKind.BADGE, award=award, position=9
    )
    (line,) = pathways([accepted])
    assert line.steps[-1].details == ("Accueillir au Repair Café",)
    login(client, advisor)
    page = client.get(PATHWAYS).content.decode()
    assert 'data-step="joined" data-reached="yes"' in page
    assert 'data-step="first_contribution" data-reached="yes"' in page


def test_once_she_ends_it_the_advisor_sees_nothing_more(client, accepted, nadia, advisor):
    login(client, advisor)
    assert str(accepted.uuid) in client.get(PATHWAYS).content.decode()
    login(client, nadia)
    url = reverse("portfolios:orientation_end", kwargs={"uuid": accepted.uuid})
    assert client.post(url).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == OrientationStatus.ENDED
    assert accepted.introduction_share is not None and accepted.introduction_share.is_revoked
    assert orientation_list_for_advisor(advisor=advisor) == []
    login(client, advisor)
    assert str(accepted.uuid) not in client.get(PATHWAYS).content.decode()
    page = client.get(reverse("portfolios:advisor_portfolio", kwargs={"uuid": accepted.share.uuid}))
    assert str(accepted.uuid) not in page.content.decode()


def test_once_she_withdraws_the_share_the_advisor_sees_nothing_more(
    client, accepted, nadia, advisor
):
    share_link_revoke(share=accepted.share, by=nadia)
    assert orientation_list_for_advisor(advisor=advisor) == []
    assert orientation_list_for_advisor_share(share=accepted.share, advisor=advisor) == []
    login(client, advisor)
    assert str(accepted.uuid) not in client.get(PATHWAYS).content.decode()


def test_another_advisor_sees_no_pathway(client, accepted, other_advisor):
    assert orientation_list_for_advisor(advisor=other_advisor) == []
    assert orientation_list_for_advisor_share(share=accepted.share, advisor=other_advisor) == []
    login(client, other_advisor)
    assert str(accepted.uuid) not in client.get(PATHWAYS).content.decode()


def test_ending_twice_changes_nothing_and_only_she_may(accepted, nadia, advisor):
    orientation_end(orientation=accepted, user=nadia)
    ended_at = Orientation.objects.get(pk=accepted.pk).ended_at
    orientation_end(orientation=accepted, user=nadia)
    assert Orientation.objects.get(pk=accepted.pk).ended_at == ended_at
    with pytest.raises(PermissionDenied):
        orientation_decline(orientation=accepted, user=advisor)


# --- Lists cost a constant number of queries -------------------------------------------


def _more_people(advisor, initiative, default_framework, count: int) -> None:
    for number in range(count):
        person = UserFactory(email=f"p{number}@example.org", display_name=f"P{number}")
        portfolio = portfolio_with_competences(
            person, default_framework, {"ORG.1": 2}, title=f"Portfolio {number}"
        )
        share, _ = share_make(portfolio, recipient_email="karim@example.org")
        orientation = orientation_propose(share=share, advisor=advisor, initiative=initiative)
        orientation_accept(orientation=orientation, user=person, share_portfolio=number % 2 == 0)
        MembershipFactory(initiative=initiative, user=person, role=Role.MEMBER)
        ContributionFactory(owner=person, initiative=initiative)


def test_the_lists_cost_a_constant_number_of_queries(
    client, accepted, advisor, nadia, initiative, default_framework, count_queries
):
    login(client, advisor)
    advisor_few = count_queries(client, PATHWAYS)
    login(client, nadia)
    person_few = count_queries(client, "/orientations/")
    _more_people(advisor, initiative, default_framework, 4)
    for index in range(3):
        other = orientation_propose(
            share=accepted.share,
            advisor=advisor,
            initiative=MembershipFactory(
                user=UserFactory(email=f"l{index}@example.org"), role=Role.LEADER
            ).initiative,
        )
        assert other.person == nadia
    login(client, advisor)
    assert len(client.get(PATHWAYS).context["pathways"]) == 8
    assert count_queries(client, PATHWAYS) == advisor_few
    login(client, nadia)
    assert count_queries(client, "/orientations/") == person_few


def test_when_the_advisor_closes_their_account_the_person_keeps_her_orientation(
    client, accepted, advisor, nadia, leader, english
):
    """The orientation is part of her path: it stays, without the advisor (who gets nothing
    more), for her and for the initiative's leaders; she can still end it."""
    from accounts.services.users import user_delete

    user_delete(user=advisor, by=advisor)
    accepted.refresh_from_db()
    assert accepted.advisor is None and accepted.status == OrientationStatus.ACCEPTED
    gone = "an advisor who has since closed their account"
    nadia.preferred_language = "en"
    nadia.save(update_fields=["preferred_language"])
    login(client, nadia)
    page = client.get(_detail(accepted))
    assert page.status_code == 200 and gone in page.content.decode()
    api = client.get(reverse("portfolios_api:orientation_list")).json()["results"]
    assert [line["advisor_name"] for line in api] == [gone]
    login(client, leader)
    introduction = reverse("portfolios:introduction_detail", kwargs={"uuid": accepted.uuid})
    assert gone in client.get(introduction).content.decode()
    orientation_end(orientation=accepted, user=nadia)
    accepted.refresh_from_db()
    assert accepted.status == OrientationStatus.ENDED
