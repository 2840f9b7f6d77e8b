"""The audit log (accounts.models.audit): an entry for each sensitive action, append-only
from the application's side, read by stewards and staff only.

Acceptance 7 of #11: entries for recognition, suspension, key rotation, revocation, role
changes, share-link creation and revocation, bulk awards and account deletion; stewards see
them, volunteers do not.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import AppendOnlyError, AuditAction, AuditEvent
from accounts.services.audit import audit_record
from accounts.services.users import user_delete, user_grant_advisor, user_revoke_advisor
from badges.services.bulk import bulk_award_start
from badges.services.issuers import (
    issuer_key_rotate,
    organisation_issuer_create,
    organisation_staff_update,
)
from badges.services.recognition import (
    recognition_grant,
    recognition_suspend,
    recognition_withdraw,
)
from badges.services.revocation import award_revoke
from community.models import Membership, Role
from community.services.initiatives import membership_change_role
from portfolios.services.shares import share_link_revoke
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.bulk import csv_bytes, people, upload
from tests.badges.factories.issuers import IssuerFactory, TerritoryIssuerFactory
from tests.badges.factories.revocation import award_add, setting
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db

AUDIT = reverse("accounts:audit_log")
PERSONAS = ["steward", "staff", "advisor", "leader", "volunteer", "outsider", None]


def _last() -> AuditEvent:
    return AuditEvent.objects.order_by("-pk").first()


def _entries(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- Each sensitive action leaves an entry --------------------------------------------------


@pytest.fixture
def territory(db):
    return TerritoryIssuerFactory()


@pytest.fixture
def pending(territory):
    return IssuerFactory(name="France Travail — Agence de Dijon", recognised=False)


def test_recognition_decisions_are_logged(pending, steward):
    recognition_grant(issuer=pending, by=steward, note="Agence rencontrée.")
    recognition_suspend(issuer=pending, by=steward, reason="Plainte.")
    recognition_withdraw(issuer=pending, by=steward, reason="Usurpation avérée.")
    entries = list(AuditEvent.objects.order_by("pk"))
    assert [entry.action for entry in entries] == [
        AuditAction.RECOGNITION_GRANT,
        AuditAction.RECOGNITION_SUSPEND,
        AuditAction.RECOGNITION_WITHDRAW,
    ]
    assert {entry.actor for entry in entries} == {steward}
    assert {entry.target_id for entry in entries} == {str(pending.uuid)}
    assert entries[0].target_label == "France Travail — Agence de Dijon"
    assert entries[0].target_path == pending.get_absolute_url()
    assert entries[0].details == {"note": "Agence rencontrée."}
    assert entries[2].details == {"reason": "Usurpation avérée."}


def test_a_refused_decision_leaves_no_entry(pending, volunteer):
    with pytest.raises(PermissionDenied):
        recognition_grant(issuer=pending, by=volunteer, note="Moi.")
    assert not AuditEvent.objects.exists()


def test_key_rotation_is_logged(initiative, leader):
    issuer = IssuerFactory(initiative=initiative)
    old = issuer.signing_keys.get()
    new = issuer_key_rotate(issuer=issuer, by=leader)
    entry = _last()
    assert entry.action == AuditAction.KEY_ROTATE and entry.actor == leader
    assert entry.details == {
        "key": new.public_key_multibase,
        "retired_key": old.public_key_multibase,
    }


def test_revocation_and_bulk_awards_are_logged(territory):
    s = setting()
    award = award_add(s)
    award_revoke(award=award, by=s.leader, reason="Attribué par erreur.")
    entry = _last()
    assert entry.action == AuditAction.AWARD_REVOKE
    assert entry.target_id == str(award.uuid) and entry.target_path == award.page_url
    assert entry.details == {"reason": "Attribué par erreur."}
    rows = [*people(3), ("not-an-email", "X", "", "")]
    bulk_award_start(badge_class=s.badge, by=s.leader, upload=upload(csv_bytes(rows)))
    entry = _last()
    assert entry.action == AuditAction.AWARD_BULK and entry.actor == s.leader
    assert entry.target_label == s.badge.name
    assert entry.details == {"rows": 4, "refused": 1}


def test_role_changes_are_logged(steward, staff, volunteer, leader, initiative):
    user_grant_advisor(user=volunteer, granted_by=steward, organisation="Mission locale")
    user_grant_advisor(user=volunteer, granted_by=steward, organisation="Autre")  # no change
    user_revoke_advisor(user=volunteer, revoked_by=steward)
    membership = Membership.objects.get(initiative=initiative, user=volunteer)
    membership_change_role(membership=membership, by=leader, role=Role.LEADER)
    membership_change_role(membership=membership, by=leader, role=Role.MEMBER)
    organisation = organisation_issuer_create(
        by=steward,
        name="Mission locale de Dijon",
        url="https://ml.example.org",
        email="ml@example.org",
        description="",
        staff_emails=[volunteer.email],
    )
    organisation_staff_update(issuer=organisation, by=steward, staff_emails=[leader.email])
    seen = [
        (entry.action, entry.actor, entry.target_id, entry.details.get("role"))
        for entry in AuditEvent.objects.order_by("pk")
    ]
    grant, revoke = AuditAction.ROLE_GRANT, AuditAction.ROLE_REVOKE
    amina, sophie = str(volunteer.pk), str(leader.pk)
    assert seen == [
        (grant, steward, amina, "advisor"),
        (revoke, steward, amina, "advisor"),
        (grant, leader, amina, "leader"),
        (revoke, leader, amina, "leader"),
        (grant, steward, amina, "organisation_staff"),
        (grant, steward, sophie, "organisation_staff"),
        (revoke, steward, amina, "organisation_staff"),
    ]
    # a person is kept by account number, never by name
    assert all(entry.target_label == "" for entry in AuditEvent.objects.filter(target_type="user"))


def test_role_flags_changed_in_the_admin_are_logged(client, staff, volunteer):
    client.force_login(staff)
    change = reverse("admin:accounts_user_change", args=[volunteer.pk])
    form = client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update({"is_steward": "on", "is_active": "on", "date_joined_0": "", "last_login_0": ""})
    data["email_verified_at"] = ""
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = _last()
    assert entry.action == AuditAction.ROLE_GRANT and entry.actor == staff
    assert entry.details == {"role": "steward"}


def test_share_links_are_logged_without_saying_what_or_to_whom(volunteer):
    portfolio = plain_portfolio(volunteer, title="Vers la logistique")
    share, _token = share_make(portfolio, recipient_email="karim@example.org", access_code="1234")
    created = _last()
    assert created.action == AuditAction.SHARE_CREATE and created.actor == volunteer
    assert created.target_id == str(share.uuid) and created.target_label == ""
    assert created.details["with_code"] is True and created.details["to_a_recipient"] is True
    assert "karim" not in str(created.details) and "logistique" not in str(created.details)
    share_link_revoke(share=share, by=volunteer)
    share_link_revoke(share=share, by=volunteer)  # twice: one entry
    assert len(_entries(AuditAction.SHARE_REVOKE)) == 1


def test_account_deletion_is_logged_and_the_entry_outlives_the_account(steward, outsider):
    number = outsider.pk
    user_delete(user=outsider, by=steward)
    entry = _last()
    assert entry.action == AuditAction.ACCOUNT_DELETE and entry.actor == steward
    assert entry.target_id == str(number)
    themselves = UserFactory(email="gone@example.org")
    gone = themselves.pk
    user_delete(user=themselves, by=themselves)
    entry = _last()
    assert entry.actor is None and entry.details == {"by_themselves": True}
    assert entry.target_id == str(gone)


def test_deleting_an_account_in_the_admin_is_logged(client, staff, outsider):
    client.force_login(staff)
    delete = reverse("admin:accounts_user_delete", args=[outsider.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    entry = _last()
    assert entry.action == AuditAction.ACCOUNT_DELETE and entry.actor == staff


def test_an_actors_deleted_account_keeps_its_entries(steward, outsider, pending):
    recognition_grant(issuer=pending, by=steward, note="Vu.")
    user_delete(user=steward, by=outsider)
    entry = AuditEvent.objects.get(action=AuditAction.RECOGNITION_GRANT)
    assert entry.actor_id is not None  # the account number stays
    assert AuditEvent.objects.select_related("actor").get(pk=entry.pk).actor is None


# --- Append-only -----------------------------------------------------------------------------


@pytest.fixture
def entry(steward):
    return audit_record(
        action=AuditAction.ROLE_GRANT,
        actor=steward,
        target_type="user",
        target_id=1,
        details={"role": "advisor"},
    )


def test_an_entry_cannot_be_changed_or_removed(entry):
    entry.target_id = "2"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=entry.pk).update(target_id="3")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    stored = AuditEvent.objects.get(pk=entry.pk)
    assert stored.target_id == "1"


def test_the_admin_shows_entries_read_only(client, staff, entry):
    client.force_login(staff)
    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
    change = reverse("admin:accounts_auditevent_change", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200 and b'type="submit"' not in page.content.split(b"<form")[-1]
    client.post(change, {"target_id": "9"})
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:accounts_auditevent_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.get(pk=entry.pk).target_id == "1"


# --- The page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_stewards_and_staff_read_the_log(as_persona, persona, entry):
    response = as_persona(persona).get(AUDIT)
    expected = {"steward": 200, "staff": 200, None: 302}.get(persona, 403)
    assert response.status_code == expected
    if persona is not None:
        home = as_persona(persona).get(reverse("home")).content.decode()
        assert (AUDIT in home) is (expected == 200)


def test_the_page_says_who_did_what_on_what(client, english, steward, pending, volunteer):
    recognition_grant(issuer=pending, by=steward, note="Agence rencontrée.")
    user_grant_advisor(user=volunteer, granted_by=steward, organisation="Mission locale")
    gone = UserFactory(email="gone@example.org")
    user_grant_advisor(user=gone, granted_by=steward)
    number = gone.pk
    user_delete(user=gone, by=steward)
    client.force_login(steward)
    html = client.get(AUDIT).content.decode()
    assert "Issuer recognised" in html and "France Travail — Agence de Dijon" in html
    assert pending.get_absolute_url() in html and "Agence rencontrée." in html
    assert "Role granted" in html and "account — Amina" in html and "advisor" in html
    assert f"account — deleted account #{number}" in html
    assert "Account deleted" in html
    filtered = client.get(AUDIT, {"action": AuditAction.RECOGNITION_GRANT}).content.decode()
    assert 'data-action="recognition.grant"' in filtered
    assert 'data-action="role.grant"' not in filtered


def test_a_bad_filter_shows_everything_with_an_error(client, english, steward, entry):
    client.force_login(steward)
    response = client.get(AUDIT, {"action": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert 'data-action="role.grant"' in response.content.decode()


def test_the_page_costs_the_same_whatever_it_holds(client, steward, count_queries):
    client.force_login(steward)

    def add(count: int) -> None:
        for _ in range(count):
            person = UserFactory()
            user_grant_advisor(user=person, granted_by=steward)

    add(1)
    few = count_queries(client, AUDIT)
    add(12)
    assert count_queries(client, AUDIT) == few
