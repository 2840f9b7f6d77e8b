"""The badges admin: read-only where a signed document depends on it; organisation staff and
the account an award is shown to are the only things it changes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.models import Award, Issuer
from badges.services.awards import award_create, award_issue
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add, competences
from tests.badges.factories.issuers import IssuerFactory, initiative_with_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def issuer(leader, volunteer):
    return IssuerFactory(initiative=initiative_with_members(leader=leader, member=volunteer))


@pytest.fixture
def badge(issuer, default_framework):
    [competence] = competences(default_framework, 1)
    return badge_class_add(issuer, rules=({"competence": competence, "min_level": 3},))


@pytest.fixture
def award(badge, leader):
    return award_create(badge_class=badge, by=leader, email="amina@example.org", narrative="Bravo")


def test_the_award_page_shows_the_credential_read_only(client, staff, award):
    client.force_login(staff)
    page = client.get(reverse("admin:badges_award_change", args=[award.pk])).content.decode()
    assert "<pre" in page
    assert "&quot;OpenBadgeCredential&quot;" in page  # pretty-printed, escaped
    assert award.credential["proof"][0]["proofValue"] in page
    for field in ("credential", "recipient_email", "narrative", "revoked_at", "badge_class"):
        assert f'name="{field}"' not in page
    assert 'name="recipient"' in page


def test_the_admin_changes_only_the_account_of_an_award(client, staff, award, volunteer):
    issued = award.credential
    client.force_login(staff)
    url = reverse("admin:badges_award_change", args=[award.pk])
    response = client.post(
        url,
        {
            "recipient": volunteer.pk,
            "recipient_email": "other@example.org",
            "narrative": "Changed",
            "credential": "{}",
            "revoked_at_0": "2026-01-01",
            "revoked_at_1": "10:00",
        },
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.recipient == volunteer
    assert (award.recipient_email, award.narrative) == ("amina@example.org", "Bravo")
    assert award.credential == issued
    assert award.revoked_at is None
    assert client.get(reverse("admin:badges_award_add")).status_code == 403
    assert client.get(reverse("admin:badges_award_delete", args=[award.pk])).status_code == 403


def test_awards_filter_by_issuer_and_revocation(client, staff, award, badge, leader):
    other = badge_class_add(IssuerFactory(), slug="autre")
    kept = award_create(badge_class=badge, by=leader, email="marc@example.org")
    Award.objects.filter(pk=award.pk).update(revoked_at=timezone.now(), revocation_reason="x")
    elsewhere = award_issue(badge_class=other, email="zoe@example.org")
    client.force_login(staff)
    url = reverse("admin:badges_award_changelist")
    revoked = client.get(url, {"revoked": "yes"}).content.decode()
    assert "amina@example.org" in revoked and "marc@example.org" not in revoked
    valid = client.get(url, {"revoked": "no"}).content.decode()
    assert "marc@example.org" in valid and "amina@example.org" not in valid
    by_issuer = client.get(url, {"badge_class__issuer__id__exact": badge.issuer.pk})
    assert by_issuer.status_code == 200
    assert str(kept.uuid) in by_issuer.content.decode()
    assert str(elsewhere.uuid) not in by_issuer.content.decode()


def test_the_badge_class_page_shows_its_rules(client, staff, badge):
    client.force_login(staff)
    page = client.get(reverse("admin:badges_badgeclass_change", args=[badge.pk])).content.decode()
    rule = badge.rules.get()
    assert str(rule.competence) in page
    assert 'name="name"' not in page  # read-only: the pages change badge classes


def test_organisation_staff_are_editable_other_issuers_are_not(client, staff, issuer):
    organisation = IssuerFactory(initiative=None, is_organisation=True, name="France Travail")
    person = UserFactory(email="conseil@example.org")
    client.force_login(staff)
    listing = client.get(reverse("admin:badges_issuer_changelist"), {"is_organisation__exact": 1})
    assert "France Travail" in listing.content.decode()
    url = reverse("admin:badges_issuer_change", args=[organisation.pk])
    assert 'name="staff"' in client.get(url).content.decode()
    form = {
        "staff": [person.pk],
        "name": "Renamed",  # read-only: ignored
        "signing_keys-TOTAL_FORMS": "0",
        "signing_keys-INITIAL_FORMS": "1",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert list(organisation.staff.all()) == [person]
    assert organisation.name == "France Travail"
    initiative_page = client.get(reverse("admin:badges_issuer_change", args=[issuer.pk]))
    assert 'name="staff"' not in initiative_page.content.decode()
    assert client.get(reverse("admin:badges_issuer_add")).status_code == 403
    assert Issuer.objects.count() == 2
