"""The signed-in home, "What is waiting for you": one section per role, whose counts are those
of the database, never another person's items; visitors keep the presentation page; signing
in lands on it; and it costs a constant number of queries.

The world: Sophie leads the Repair Café where Amina is a member. Amina recorded a
contribution claiming two competences and asked Sophie to endorse it; a fellow member
endorsed the first one. The Repair Café awards "Accueillir" (first competence, level 1,
two endorsers of whom one leader): Amina is one leader's endorsement away. "Réparer" was
proposed to her; "Animer" was awarded to her a few days ago. The outsider asked to join.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from badges.models import Award, AwardProposal, BadgeClass, Issuer, RecognitionStatus
from community.models import (
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    JoinRequest,
    JoinRequestStatus,
)
from competences.models import FrameworkVersion, Status
from portfolios.models.portfolios import AccessWhat, ShareAccess
from portfolios.selectors.home import home_for
from portfolios.services.shares import share_access_record
from tests.accounts.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory
from tests.badges.factories.proposals import bare_awards, proposal_add
from tests.community.factories.endorsements import (
    EndorsementRequestFactory,
    contribution_with_claims,
    endorse,
)
from tests.community.factories.initiatives import JoinRequestFactory
from tests.competences.factories.frameworks import FrameworkFactory, FrameworkVersionFactory
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture
def world(volunteer, leader, fellow, outsider, initiative, default_framework, english):
    contribution = contribution_with_claims(
        owner=volunteer, initiative=initiative, version=default_framework
    )
    first, second = contribution.claims.order_by("pk")
    request = EndorsementRequestFactory(contribution=contribution, endorser=leader)
    endorse(first, endorser=fellow, kind=EndorserKind.PEER, level=2)
    issuer = IssuerFactory(initiative=initiative)
    welcoming = badge_class_add(
        issuer,
        name="Accueillir",
        slug="accueillir",
        rules=(
            {"competence": first.competence, "min_level": 1, "min_endorsers": 2, "min_leaders": 1},
        ),
    )
    repairing = badge_class_add(issuer, name="Réparer", slug="reparer")
    proposal_add(repairing, volunteer)
    leading = badge_class_add(issuer, name="Animer", slug="animer")
    [award] = bare_awards(leading, volunteer, 1)
    JoinRequestFactory(initiative=initiative, user=outsider)
    return {
        "contribution": contribution,
        "request": request,
        "issuer": issuer,
        "welcoming": welcoming,
        "award": award,
        "second": second,
    }


def html_of(client: Client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


# --- Visitors and sign-in ------------------------------------------------------------------


def test_visitors_get_the_presentation_page(client: Client):
    response = client.get(HOME)
    assert next(t.name for t in response.templates) == "home.html"
    assert reverse("accounts:signup").encode() in response.content


def test_signing_in_lands_on_the_home(client: Client, volunteer, english):
    response = client.post(
        reverse("accounts:login"), {"username": volunteer.email, "password": DEFAULT_PASSWORD}
    )
    assert response.url == reverse("home")
    home = client.get(response.url)
    assert next(t.name for t in home.templates) == "home/home.html"
    assert "What is waiting for you" in home.content.decode()


# --- Volunteer ---------------------------------------------------------------------------


def test_a_volunteer_with_nothing_noted_sees_the_button_and_what_to_do_first(
    as_persona, outsider, english
):
    html = html_of(as_persona("outsider"))
    assert 'data-home-item="note"' in html
    assert reverse("community:contribution_create") in html
    assert "data-home-first-step" in html
    assert 'id="home-path-title"' not in html  # nothing else waits


def test_the_volunteer_sees_her_requests_badges_and_what_is_close(as_persona, world, volunteer):
    html = html_of(as_persona("volunteer"))
    assert "data-home-first-step" not in html
    waiting = EndorsementRequest.objects.filter(
        requested_by=volunteer, status=EndorsementRequestStatus.PENDING
    ).count()
    assert waiting == 1
    assert (
        f'<span class="home__count" data-count>{waiting}</span>\n      '
        "<span>request for endorsement waiting for an answer</span>"
    ) in html
    proposals = AwardProposal.objects.filter(user=volunteer, status="pending")
    assert html.count('data-home-item="proposal"') == proposals.count() == 1
    assert "Réparer: waiting for the confirmation of" in html
    assert html.count('data-home-item="award"') == 1
    assert reverse("badges:award_detail", args=[world["award"].uuid]) in html
    # One endorser of two, no leader yet: one leader's endorsement is missing.
    assert "1 more endorsement for Accueillir" in html
    assert "(from an initiative leader)" in html


def test_badges_within_reach_follow_the_endorsements(as_persona, world, volunteer, leader):
    first = world["contribution"].claims.order_by("pk").first()
    endorse(first, endorser=leader, kind=EndorserKind.LEADER, level=1)
    assert "Accueillir" not in html_of(as_persona("volunteer"))  # met: not "close" any more
    within_reach = home_for(user=User.objects.get(pk=volunteer.pk)).volunteer.within_reach
    assert world["welcoming"].pk not in {item.badge_class.pk for item in within_reach}


def test_old_badges_are_not_shown_as_received_lately(as_persona, world):
    Award.objects.filter(pk=world["award"].pk).update(issued_at=timezone.now() - timedelta(days=40))
    assert 'data-home-item="award"' not in html_of(as_persona("volunteer"))


# --- Leader --------------------------------------------------------------------------------


def test_the_leader_sees_what_waits_for_her_answer(as_persona, world, leader, initiative):
    html = html_of(as_persona("leader"))
    to_endorse = EndorsementRequest.objects.filter(
        endorser=leader, status=EndorsementRequestStatus.PENDING
    ).count()
    assert f'<span class="home__count" data-count>{to_endorse}</span>' in html
    assert "endorsement to give" in html
    detail = reverse("community:endorsement_request_detail", args=[world["request"].uuid])
    assert f'href="{detail}"' in html
    joins = JoinRequest.objects.filter(
        initiative=initiative, status=JoinRequestStatus.PENDING
    ).count()
    assert joins == 1
    assert f"request to join {initiative.name}" in html
    assert reverse("community:member_list", args=[initiative.slug]) in html
    # The proposal for Amina waits for Sophie, who manages the Repair Café's issuer.
    proposals = AwardProposal.objects.filter(
        badge_class__issuer__initiative=initiative, status="pending"
    ).count()
    assert 'data-home-item="badges-to-confirm"' in html
    assert f"{proposals}</span>\n      <span>badge to confirm" in html


def test_the_counts_follow_the_database(as_persona, world, leader, initiative, volunteer):
    more = contribution_with_claims(
        owner=volunteer,
        initiative=initiative,
        version=FrameworkVersion.objects.get(status=Status.PUBLISHED),
        title="Un autre samedi",
    )
    EndorsementRequestFactory(contribution=more, endorser=leader)
    for index in range(2):
        JoinRequestFactory(initiative=initiative, user=UserFactory(email=f"j{index}@example.org"))
    html = html_of(as_persona("leader"))
    assert '<span class="home__count" data-count>2</span>\n      <span>endorsements to give' in html
    assert f"3</span>\n      <span>requests to join {initiative.name}" in html
    assert html.count('data-home-item="endorsement-request"') == 2


def test_nobody_sees_another_persons_items(as_persona, world, volunteer, fellow, outsider):
    request_url = reverse("community:endorsement_request_detail", args=[world["request"].uuid])
    for persona in ("fellow", "outsider"):
        html = html_of(as_persona(persona))
        assert request_url not in html
        assert "Réparer" not in html and "Accueillir" not in html
        assert 'data-home-item="to-endorse"' not in html
        assert 'data-home-item="join-requests"' not in html
        assert 'id="home-advising-title"' not in html
        assert 'id="home-territory-title"' not in html
    # Amina, a member, sees her own request (as sent), never the leader's queue.
    html = html_of(as_persona("volunteer"))
    assert 'data-home-item="to-endorse"' not in html
    assert 'data-home-item="join-requests"' not in html


# --- Advisor -------------------------------------------------------------------------------


def test_the_advisor_sees_new_and_updated_portfolios_soonest_expiry_first(
    as_persona, advisor, volunteer, english
):
    marc = UserFactory(email="marc@example.org", display_name="Marc")
    late, _ = share_make(
        plain_portfolio(volunteer, title="Vers la logistique"),
        recipient_email="karim@example.org",
        expires_in_days=60,
    )
    soon, _ = share_make(
        plain_portfolio(marc, title="Fabrication numérique"),
        recipient_email="karim@example.org",
        expires_in_days=7,
    )
    share_make(plain_portfolio(marc, title="Pour quelqu'un d'autre"), recipient_email="x@a.org")
    html = html_of(as_persona("advisor"))
    assert html.count('data-home-item="shared-portfolio"') == 2
    assert html.index("Fabrication numérique") < html.index("Vers la logistique")
    assert "Pour quelqu" not in html
    assert html.count("data-unread") == 2
    assert "2 shared portfolios are new or updated" in html

    # Karim opens Marc's portfolio from his home: it is read; then Marc updates it.
    opened = as_persona("advisor").get(reverse("portfolios:advisor_portfolio", args=[soon.uuid]))
    assert opened.status_code == 200
    assert ShareAccess.objects.filter(share=soon, viewer=advisor, what=AccessWhat.PAGE).exists()
    html = html_of(as_persona("advisor"))
    assert html.count("data-unread") == 1
    assert "1 shared portfolio is new or updated" in html
    soon.portfolio.__class__.objects.filter(pk=soon.portfolio_id).update(
        updated_at=timezone.now() + timedelta(seconds=1)
    )
    html = html_of(as_persona("advisor"))
    assert html.count("data-unread") == 2
    assert ">Updated</span>" in html
    assert late.expires_at.date() > soon.expires_at.date()


def test_an_opening_by_someone_else_leaves_the_portfolio_unread(as_persona, advisor, volunteer):
    share, _ = share_make(plain_portfolio(volunteer), recipient_email="karim@example.org")
    share_access_record(share=share, what=AccessWhat.PAGE, viewer=None)
    entry = home_for(user=advisor).advisor
    assert entry is not None and entry.unread_count == 1


def test_only_advisors_have_the_advising_section(as_persona, volunteer, advisor, english):
    assert 'id="home-advising-title"' in html_of(as_persona("advisor"))
    assert 'id="home-advising-title"' not in html_of(as_persona("volunteer"))


# --- Steward -------------------------------------------------------------------------------


def test_the_steward_sees_the_territorys_queues(as_persona, steward, world, english):
    IssuerFactory(name="Mission locale", recognised=False)
    framework = FrameworkFactory(slug="numerique", name_en="Digital", name_fr="Numérique")
    FrameworkVersionFactory(framework=framework, label="0.1", status=Status.DRAFT)
    html = html_of(as_persona("steward"))
    pending = Issuer.objects.filter(recognition=RecognitionStatus.PENDING).count()
    assert pending == 1
    assert f"{pending}</span>\n      <span>issuer waiting for recognition" in html
    assert reverse("badges:recognition_queue") in html
    drafts = FrameworkVersion.objects.filter(status=Status.DRAFT)
    assert html.count('data-home-item="framework-draft"') == drafts.count() == 1
    assert reverse("competences:draft_detail", args=["numerique"]) in html
    for persona in ("volunteer", "leader", "advisor"):
        assert 'id="home-territory-title"' not in html_of(as_persona(persona))


# --- Navigation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("volunteer", {"menu-path", "menu-account"}, {"menu-advising", "menu-territory"}),
        ("leader", {"menu-path", "menu-initiatives"}, {"menu-advising", "menu-territory"}),
        ("advisor", {"menu-advising"}, {"menu-initiatives", "menu-territory"}),
        ("steward", {"menu-territory"}, {"menu-advising", "menu-initiatives"}),
    ],
)
def test_the_menu_groups_follow_the_roles(
    as_persona, world, advisor, steward, persona, shown, hidden
):
    html = html_of(as_persona(persona))
    for group in shown:
        assert f'<h2 class="site-menu__heading" id="{group}">' in html
    for group in hidden:
        assert f'id="{group}"' not in html
    assert 'aria-current="page">What is waiting for you</a>' in html


def test_the_leaders_menu_counts_requests_to_join(as_persona, world, initiative):
    html = html_of(as_persona("leader"))
    assert "Requests to join (1)" in html
    assert "To endorse (1)" in html


# --- Cost ----------------------------------------------------------------------------------


def test_the_home_costs_a_constant_number_of_queries(
    as_persona, world, volunteer, leader, initiative, count_queries
):
    version = FrameworkVersion.objects.get(status=Status.PUBLISHED)
    client = as_persona("leader")
    few_leader = count_queries(client, HOME)
    client = as_persona("volunteer")
    few_volunteer = count_queries(client, HOME)
    for index in range(4):
        contribution = contribution_with_claims(
            owner=volunteer, initiative=initiative, version=version, title=f"Samedi {index}"
        )
        EndorsementRequestFactory(contribution=contribution, endorser=leader)
        JoinRequestFactory(initiative=initiative, user=UserFactory(email=f"q{index}@example.org"))
        badge = badge_class_add(
            world["issuer"],
            name=f"Badge {index}",
            slug=f"badge-{index}",
            rules=(
                {
                    "competence": world["second"].competence,
                    "min_level": 1,
                    "min_endorsers": 3,
                    "min_leaders": 0,
                },
            ),
        )
        endorse(contribution.claims.last(), endorser=UserFactory(), level=3)
        proposal_add(
            badge_class_add(world["issuer"], name=f"P{index}", slug=f"p-{index}"), volunteer
        )
        bare_awards(BadgeClass.objects.get(pk=badge.pk), volunteer, 1)
    assert count_queries(as_persona("volunteer"), HOME) == few_volunteer <= 25
    assert count_queries(as_persona("leader"), HOME) == few_leader <= 30
