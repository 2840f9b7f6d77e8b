"""Partner organisations: stewards create them and name their staff; their staff endorse
badge classes (signed EndorsementCredentials), withdraw them; anyone reads the JSON."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from badges.crypto.data_integrity import verify
from badges.models import BadgeClassEndorsement, Issuer, SigningKey
from badges.selectors.endorsements import embedded_endorsements_verify
from badges.selectors.issuers import user_is_issuer_staff
from badges.services.endorsements import badge_class_endorse, badge_class_endorsement_withdraw
from badges.services.issuers import organisation_issuer_create, organisation_staff_update
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.endorsements import organisation_add
from tests.badges.factories.issuers import TerritoryIssuerFactory
from tests.badges.test_endorsement_credentials import _endorsement_schema_errors
from tests.conftest import login

pytestmark = pytest.mark.django_db

WORDS = "Nous reconnaissons ce badge dans nos accompagnements."


@pytest.fixture
def organisation(advisor):
    return organisation_add(staff=(advisor,))


@pytest.fixture
def other_staff(db):
    """Staff of another organisation (a "peer" of the advisor)."""
    user = UserFactory(email="cap@example.org", display_name="Cap emploi")
    organisation_add(name="Cap emploi", staff=(user,))
    return user


@pytest.fixture
def badge_class(db):
    return badge_class_add(TerritoryIssuerFactory())


@pytest.fixture
def endorsement(badge_class, organisation, advisor):
    return badge_class_endorse(
        badge_class=badge_class, organisation=organisation, by=advisor, comment=WORDS
    )


def _create_data(**overrides):
    data = {
        "name": "Mission locale de Dijon",
        "email": "contact@ml.example.org",
        "url": "https://ml.example.org",
        "description": "Accompagne les jeunes.",
        "staff_emails": "karim@example.org",
    }
    data.update(overrides)
    return data


# --- Services ---------------------------------------------------------------------------


def test_a_steward_creates_an_organisation_with_staff_and_a_key(steward, advisor):
    issuer = organisation_issuer_create(
        by=steward,
        name="Mission locale",
        url="",
        email="contact@ml.example.org",
        description="",
        staff_emails=["KARIM@example.org", " "],
    )
    assert issuer.is_organisation and not issuer.is_territory and issuer.initiative is None
    assert list(issuer.staff.all()) == [advisor]
    assert SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).count() == 1


def test_unknown_emails_are_each_named(steward, advisor):
    with pytest.raises(ValidationError) as caught:
        organisation_issuer_create(
            by=steward,
            name="Mission locale",
            url="",
            email="contact@ml.example.org",
            description="",
            staff_emails=["karim@example.org", "nobody@example.org", "ghost@example.org"],
        )
    messages = caught.value.message_dict["staff_emails"]
    assert any("nobody@example.org" in message for message in messages)
    assert any("ghost@example.org" in message for message in messages)
    assert not Issuer.objects.filter(is_organisation=True).exists()


@pytest.mark.parametrize("persona", ["advisor", "leader", "outsider"])
def test_only_stewards_create_organisations(request, persona):
    with pytest.raises(PermissionDenied):
        organisation_issuer_create(
            by=request.getfixturevalue(persona),
            name="X",
            url="",
            email="x@example.org",
            description="",
            staff_emails=[],
        )


def test_staff_of_an_organisation_manage_it_and_stewards_too(
    organisation, advisor, steward, outsider, other_staff
):
    from django.contrib.auth.models import AnonymousUser

    assert user_is_issuer_staff(issuer=organisation, user=advisor)
    assert user_is_issuer_staff(issuer=organisation, user=steward)
    assert not user_is_issuer_staff(issuer=organisation, user=other_staff)
    assert not user_is_issuer_staff(issuer=organisation, user=outsider)
    assert not user_is_issuer_staff(issuer=organisation, user=AnonymousUser())
    advisor.is_active = False
    assert not user_is_issuer_staff(issuer=organisation, user=advisor)


def test_the_steward_changes_the_staff(organisation, steward, advisor, outsider):
    organisation_staff_update(
        issuer=organisation, by=steward, staff_emails=["outsider@example.org"]
    )
    assert list(organisation.staff.all()) == [outsider]
    with pytest.raises(PermissionDenied):
        organisation_staff_update(issuer=organisation, by=outsider, staff_emails=[])


def test_the_endorsement_is_a_signed_credential_about_the_achievement(
    endorsement, badge_class, organisation
):
    document = endorsement.credential
    assert document["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert document["id"].endswith(f"/badges/endorsements/{endorsement.uuid}.json")
    assert document["credentialSubject"] == {
        "id": badge_class.id_url,
        "type": ["EndorsementSubject"],
        "endorsementComment": WORDS,
    }
    assert document["name"] == (f"Soutien du badge {badge_class.name} par {organisation.name}")
    assert _endorsement_schema_errors(document) == []
    [(_, result)] = embedded_endorsements_verify({"endorsement": [document]})
    assert result.verified, result.errors
    key = SigningKey.objects.get(issuer=organisation)
    assert verify(document, public_key_multibase=key.public_key_multibase).verified


def test_endorsing_again_replaces_the_endorsement_in_force(
    endorsement, badge_class, organisation, advisor
):
    badge_class_endorse(
        badge_class=badge_class, organisation=organisation, by=advisor, comment="Autres mots."
    )
    in_force = BadgeClassEndorsement.objects.filter(withdrawn_at__isnull=True)
    assert [item.comment for item in in_force] == ["Autres mots."]
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is not None


@pytest.mark.parametrize("persona", ["steward", "other_staff", "outsider"])
def test_only_the_organisations_staff_endorse_and_withdraw(
    request, persona, badge_class, organisation, endorsement
):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        badge_class_endorse(
            badge_class=badge_class, organisation=organisation, by=user, comment=WORDS
        )
    with pytest.raises(PermissionDenied):
        badge_class_endorsement_withdraw(endorsement=endorsement, by=user)


def test_an_empty_comment_is_refused(badge_class, organisation, advisor):
    with pytest.raises(ValidationError):
        badge_class_endorse(
            badge_class=badge_class, organisation=organisation, by=advisor, comment=" "
        )


# --- organisation_create ------------------------------------------------------------------

CREATE = "/issuers/new/organisation/"


def test_organisation_create_page_for_stewards(client, english, steward):
    login(client, steward)
    html = client.get(CREATE).content.decode()
    assert "Add a partner organisation" in html and 'name="staff_emails"' in html


@pytest.mark.parametrize("persona", ["advisor", "leader", "outsider"])
def test_organisation_create_is_forbidden_to_others(client, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _create_data()).status_code == 403
    assert not Issuer.objects.filter(is_organisation=True).exists()


def test_organisation_create_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(CREATE)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_organisation_create_creates_it(client, steward, advisor):
    login(client, steward)
    response = client.post(CREATE, _create_data())
    issuer = Issuer.objects.get(is_organisation=True)
    assert response.status_code == 302 and response["Location"] == issuer.get_absolute_url()
    assert list(issuer.staff.all()) == [advisor]


def test_unknown_staff_email_shows_an_error_and_keeps_the_input(client, english, steward, advisor):
    login(client, steward)
    data = _create_data(staff_emails="karim@example.org\nnobody@example.org")
    response = client.post(CREATE, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No active account uses the address nobody@example.org." in html
    assert "error-summary" in html
    assert "Mission locale de Dijon" in html and "nobody@example.org" in html
    assert not Issuer.objects.filter(is_organisation=True).exists()


def test_an_invalid_staff_email_is_refused_by_the_form(client, english, steward):
    login(client, steward)
    html = client.post(CREATE, _create_data(staff_emails="pas-une-adresse")).content.decode()
    assert "pas-une-adresse is not a valid email address." in html


# --- organisation_staff_edit --------------------------------------------------------------


def _staff_url(organisation):
    return f"/issuers/{organisation.uuid}/staff/"


def test_staff_edit_for_stewards(client, english, steward, organisation, outsider):
    login(client, steward)
    html = client.get(_staff_url(organisation)).content.decode()
    assert "karim@example.org" in html
    response = client.post(_staff_url(organisation), {"staff_emails": "outsider@example.org"})
    assert response.status_code == 302
    assert list(organisation.staff.all()) == [outsider]


@pytest.mark.parametrize("persona", ["advisor", "other_staff", "outsider"])
def test_staff_edit_is_forbidden_to_others(client, request, persona, organisation):
    login(client, request.getfixturevalue(persona))
    assert client.get(_staff_url(organisation)).status_code == 403
    assert client.post(_staff_url(organisation), {"staff_emails": ""}).status_code == 403


def test_staff_edit_anonymous_and_not_an_organisation(client, steward, badge_class):
    assert client.get(f"/issuers/{badge_class.issuer.uuid}/staff/").status_code == 302
    login(client, steward)
    assert client.get(f"/issuers/{badge_class.issuer.uuid}/staff/").status_code == 404


# --- badge_class_endorse ------------------------------------------------------------------


def _endorse_url(badge_class):
    return f"/badges/classes/{badge_class.uuid}/endorse/"


def test_the_organisations_staff_endorse_a_badge(
    client, english, advisor, badge_class, organisation
):
    login(client, advisor)
    html = client.get(_endorse_url(badge_class)).content.decode()
    assert "Why your organisation endorses this badge" in html
    response = client.post(
        _endorse_url(badge_class), {"organisation": organisation.pk, "comment": WORDS}
    )
    assert response.status_code == 302
    endorsement = BadgeClassEndorsement.objects.get()
    assert endorsement.endorser == organisation and endorsement.comment == WORDS
    assert endorsement.credential["proof"][0]["verificationMethod"].startswith(organisation.id_url)


def test_an_empty_comment_keeps_the_form(client, english, advisor, badge_class, organisation):
    login(client, advisor)
    response = client.post(
        _endorse_url(badge_class), {"organisation": organisation.pk, "comment": ""}
    )
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not BadgeClassEndorsement.objects.exists()


def test_staff_cannot_endorse_for_another_organisation(
    client, other_staff, badge_class, organisation
):
    login(client, other_staff)
    response = client.post(
        _endorse_url(badge_class), {"organisation": organisation.pk, "comment": WORDS}
    )
    assert response.status_code == 200  # not one of their organisations: a form error
    assert not BadgeClassEndorsement.objects.exists()


@pytest.mark.parametrize("persona", ["steward", "leader", "outsider"])
def test_endorse_is_forbidden_to_others(client, request, persona, badge_class, organisation):
    login(client, request.getfixturevalue(persona))
    assert client.get(_endorse_url(badge_class)).status_code == 403
    response = client.post(
        _endorse_url(badge_class), {"organisation": organisation.pk, "comment": WORDS}
    )
    assert response.status_code == 403
    assert not BadgeClassEndorsement.objects.exists()


def test_endorse_asks_anonymous_visitors_to_sign_in(client, badge_class):
    assert client.get(_endorse_url(badge_class)).status_code == 302


# --- badge_class_endorsement_withdraw -------------------------------------------------------


def _withdraw_url(endorsement):
    return f"/badges/endorsements/{endorsement.uuid}/withdraw/"


def test_the_staff_withdraw_the_endorsement(client, advisor, endorsement):
    login(client, advisor)
    assert client.get(_withdraw_url(endorsement)).status_code == 405
    assert client.post(_withdraw_url(endorsement)).status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is not None


@pytest.mark.parametrize("persona", ["steward", "other_staff", "outsider"])
def test_withdraw_is_forbidden_to_others(client, request, persona, endorsement):
    login(client, request.getfixturevalue(persona))
    assert client.post(_withdraw_url(endorsement)).status_code == 403
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is None


def test_withdraw_anonymous(client, endorsement):
    assert client.post(_withdraw_url(endorsement)).status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is None


# --- badge_class_endorsement_json -------------------------------------------------------------


@pytest.mark.parametrize("persona", [None, "advisor", "outsider"])
def test_anyone_reads_the_endorsement_json(client, request, persona, endorsement):
    if persona:
        login(client, request.getfixturevalue(persona))
    response = client.get(f"/badges/endorsements/{endorsement.uuid}.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == endorsement.credential


def test_a_withdrawn_endorsement_is_gone(client, advisor, endorsement):
    badge_class_endorsement_withdraw(endorsement=endorsement, by=advisor)
    response = client.get(f"/badges/endorsements/{endorsement.uuid}.json")
    assert response.status_code == 410 and response.json()["withdrawn"] is True
    unknown = "/badges/endorsements/00000000-0000-0000-0000-000000000000.json"
    assert client.get(unknown).status_code == 404


# --- Pages ------------------------------------------------------------------------------------


def test_the_badge_page_shows_the_endorsements(client, english, badge_class, endorsement):
    html = client.get(badge_class.get_absolute_url()).content.decode()
    assert "Endorsed by" in html and "Mission locale de Dijon" in html and WORDS in html
    assert "Endorse this badge" not in html and "/withdraw/" not in html


def test_the_badge_page_offers_staff_to_endorse_and_withdraw(
    client, english, advisor, badge_class, endorsement, other_staff
):
    login(client, advisor)
    html = client.get(badge_class.get_absolute_url()).content.decode()
    assert "Endorse this badge" in html and _withdraw_url(endorsement) in html
    other_staff.preferred_language = "en"
    other_staff.save(update_fields=["preferred_language"])
    login(client, other_staff)
    html = client.get(badge_class.get_absolute_url()).content.decode()
    assert "Endorse this badge" in html and _withdraw_url(endorsement) not in html


def test_the_issuer_pages_present_organisations(
    client, english, steward, organisation, endorsement, badge_class, django_assert_max_num_queries
):
    organisation_add(name="Pôle emploi")
    with django_assert_max_num_queries(12):
        html = client.get("/issuers/").content.decode()
    assert "Partner organisation: endorses badges" in html
    assert "Add a partner organisation" not in html
    login(client, steward)
    assert "Add a partner organisation" in client.get("/issuers/").content.decode()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Partner organisation" in html and badge_class.name in html
    assert _staff_url(organisation) in html
    client.logout()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert _staff_url(organisation) not in html


def test_an_organisation_endorses_badge_classes_but_makes_none(client, organisation, advisor):
    from django.urls import reverse

    from badges.services.badge_classes import badge_class_create

    login(client, advisor)
    create = reverse("badges:badge_class_create", args=[organisation.uuid])
    assert client.get(create).status_code == 403
    listing = client.get(reverse("badges:badge_class_list", args=[organisation.uuid]))
    assert create not in listing.content.decode()
    with pytest.raises(PermissionDenied):
        badge_class_create(
            issuer=organisation,
            by=advisor,
            name="Badge",
            description="Description",
            criteria_narrative="Critères",
        )
