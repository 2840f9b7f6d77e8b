"""The "Mes données" page (#12): what Jalons holds about the signed-in person, grouped in plain
words, with how many and where to see, change or remove each part; the export button. Owner
only (it is always the signed-in person's own data), constant cost whatever the amount of
data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditAction, DataExport
from accounts.services.audit import audit_record
from badges.models import Issuer
from community.models import Evidence, EvidenceKind, Visibility
from portfolios.models import AccessWhat, ShareAccess
from tests.accounts.factories.notifications import NotificationFactory
from tests.community.factories.contributions import ContributionFactory
from tests.community.factories.endorsements import bulk_contributions, endorse
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:my_data")


def counts(response) -> dict[str, int]:
    """``{title: count}`` of every line of the page, across the groups."""
    return {
        str(part.title): part.count for group in response.context["groups"] for part in group.parts
    }


@pytest.fixture
def aminas_data(volunteer, claimed_contribution, leader, leader_request, fellow_request, fellow):
    """Amina: a membership, one contribution with two claims and three pieces of evidence, two
    requests sent, one endorsement received from Sophie, one given to Bastien, two
    notifications, one audit entry about her account."""
    endorse(claimed_contribution.claims.first(), endorser=leader, kind="leader")
    theirs = ContributionFactory(owner=fellow, initiative=claimed_contribution.initiative)
    claim = theirs.claims.create(
        competence=claimed_contribution.claims.first().competence, self_level=2
    )
    endorse(claim, endorser=volunteer)
    NotificationFactory.create_batch(2, recipient=volunteer)
    audit_record(
        action=AuditAction.ROLE_GRANT,
        actor=leader,
        target_type="user",
        target_id=volunteer.pk,
        details={"role": "advisor"},
    )
    return volunteer


def test_the_owner_sees_each_part_and_how_many(client, aminas_data, english):
    client.force_login(aminas_data)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert [group.key for group in response.context["groups"]] == [
        "accounts",
        "community",
        "badges",
        "portfolios",
    ]
    assert counts(response) == {
        "Your profile": 1,
        "Notifications": 2,
        "Entries of the audit log about you": 1,
        "Exports of your data": 0,
        "Initiatives you are a member of": 1,
        "Contributions": 1,
        "Evidence": 3,
        "Competences you claimed": 2,
        "Endorsement requests you sent": 2,
        "Endorsement requests sent to you": 0,
        "Endorsements you received": 1,
        "Endorsements you gave": 1,
        "Badges awarded to you": 0,
        "Badges proposed for you": 0,
        "Portfolios": 0,
        "Versions of your portfolios (PDF)": 0,
        "Share links": 0,
        "Openings of your share links": 0,
        "Badges from elsewhere": 0,
        "Connected apps": 0,
        "Attestations of volunteering": 0,
        "Initiatives proposed to you": 0,
    }
    page = response.content.decode()
    assert "Contributions: 1" in page
    for url in (
        reverse("accounts:profile"),
        reverse("accounts:notification_list"),
        reverse("community:contribution_list"),
        reverse("community:endorsement_list"),
        reverse("community:competence_profile"),
        reverse("badges:my_badges"),
        reverse("portfolios:portfolio_list"),
    ):
        assert f'href="{url}"' in page, url
    # The export button posts to the export, with the CSRF token.
    assert f'action="{reverse("accounts:data_export_create")}"' in page
    assert "csrfmiddlewaretoken" in page


def test_another_signed_in_person_sees_their_own_data_not_aminas(
    client, aminas_data, leader, english
):
    client.force_login(leader)
    response = client.get(PAGE)
    assert response.status_code == 200
    mine = counts(response)
    assert mine["Contributions"] == 0
    assert mine["Evidence"] == 0
    assert mine["Endorsements you gave"] == 1  # Sophie's own, to Amina
    assert mine["Endorsement requests sent to you"] == 1
    assert "Amina" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert client.post(reverse("accounts:data_export_create")).status_code == 302
    assert not DataExport.objects.exists()


def test_the_page_costs_the_same_whatever_the_amount_of_data(
    client, aminas_data, leader, fellow, default_framework, count_queries
):
    client.force_login(aminas_data)
    few = count_queries(client, PAGE)
    bulk_contributions(
        owner=aminas_data,
        version=default_framework,
        initiative=aminas_data.memberships.first().initiative,
        leader=leader,
        peer=fellow,
        count=30,
    )
    contribution = aminas_data.contributions.first()
    Evidence.objects.bulk_create(
        Evidence(
            contribution=contribution,
            kind=EvidenceKind.TEXT,
            text=f"n°{i}",
            visibility=Visibility.PRIVATE,
        )
        for i in range(20)
    )
    NotificationFactory.create_batch(15, recipient=aminas_data)
    many = count_queries(client, PAGE)
    assert many == few
    assert few <= 30


def test_an_advisor_sees_what_was_shared_with_him_at_the_same_cost_whatever_its_amount(
    client, advisor, volunteer, outsider, count_queries, english
):
    """Karim: the portfolios shared with his address (and his openings), the organisation
    he acts for; a volunteer with none of it sees none of these lines."""
    client.force_login(advisor)
    assert counts(client.get(PAGE))["Portfolios shared with you"] == 0  # said to advisors
    few = count_queries(client, PAGE)
    for owner in (volunteer, outsider):
        portfolio = plain_portfolio(owner, title=f"Portfolio de {owner.display_name}")
        for _ in range(3):
            share, _token = share_make(portfolio, recipient_email=advisor.email)
            ShareAccess.objects.create(share=share, what=AccessWhat.PAGE, viewer=advisor)
    share_make(portfolio, recipient_email="someone.else@example.org")  # not his
    organisation = Issuer.objects.create(
        is_organisation=True, name="Mission locale", email="contact@ml.example.org"
    )
    organisation.staff.add(advisor)
    many = count_queries(client, PAGE)
    assert many == few
    mine = counts(client.get(PAGE))
    assert mine["Portfolios shared with you"] == 6
    assert mine["Issuers you act for"] == 1
    assert "Badges you awarded" not in mine

    client.force_login(volunteer)
    theirs = counts(client.get(PAGE))
    for line in ("Portfolios shared with you", "Issuers you act for", "Badges you awarded"):
        assert line not in theirs, line


def test_the_page_is_linked_from_the_account_page_and_the_menu(client, volunteer):
    client.force_login(volunteer)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert profile.count(f'href="{PAGE}"') == 2  # the menu and the account page
    page = client.get(PAGE).content.decode()
    assert f'href="{PAGE}" aria-current="page"' in page


def test_the_page_lists_recent_exports_and_the_one_in_progress(client, volunteer, english):
    client.force_login(volunteer)
    client.post(reverse("accounts:data_export_create"))  # waits for a commit that never comes
    export = DataExport.objects.get()
    page = client.get(PAGE).content.decode()
    assert export.get_absolute_url() in page
    assert "Your data is being prepared." in page
    assert f'action="{reverse("accounts:data_export_create")}"' not in page
