"""Stewards and staff grant the advisor role; nobody else can."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

ADVISORS = reverse("accounts:advisors")


def test_anonymous_is_sent_to_login(client: Client):
    assert client.get(ADVISORS).url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["volunteer", "advisor", "outsider"])
def test_others_get_403(client: Client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(ADVISORS).status_code == 403
    assert client.post(ADVISORS, {"email": "x@example.org"}).status_code == 403


def test_steward_grants_the_role(
    steward_client: Client, steward, volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = steward_client.post(
            ADVISORS, {"email": volunteer.email.upper(), "organisation": "France Travail"}
        )
    assert response.url == ADVISORS
    volunteer.refresh_from_db()
    assert volunteer.is_advisor
    assert volunteer.advisor_granted_by == steward
    assert volunteer.advisor_organisation == "France Travail"
    assert mail.outbox[0].to == [volunteer.email]


def test_staff_grants_the_role(client: Client, staff, volunteer):
    client.force_login(staff)
    client.post(ADVISORS, {"email": volunteer.email})
    assert User.objects.get(pk=volunteer.pk).is_advisor


def test_unknown_email_is_explained_and_kept(steward_client: Client):
    response = steward_client.post(ADVISORS, {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert b"nobody@example.org" in response.content
    assert response.context["form"].errors["email"]


def test_list_of_advisors_has_bounded_queries(
    steward_client: Client, steward, django_assert_max_num_queries
):
    for n in range(5):
        User.objects.create_user(
            email=f"a{n}@example.org", is_advisor=True, advisor_granted_by=steward
        )
    # 7: the stewards' navigation also counts the issuers waiting for recognition.
    with django_assert_max_num_queries(7):
        response = steward_client.get(ADVISORS)
    assert response.status_code == 200
    assert len(response.context["advisors"]) == 5


def test_steward_revokes_the_role(steward_client: Client, advisor):
    response = steward_client.post(reverse("accounts:advisor_revoke", args=[advisor.pk]))
    assert response.url == ADVISORS
    assert User.objects.get(pk=advisor.pk).is_advisor is False


def test_revoke_is_post_only_and_for_stewards(client: Client, advisor, volunteer):
    url = reverse("accounts:advisor_revoke", args=[advisor.pk])
    client.force_login(volunteer)
    assert client.post(url).status_code == 403
    assert User.objects.get(pk=advisor.pk).is_advisor


def test_revoke_of_a_non_advisor_is_404(steward_client: Client, volunteer):
    url = reverse("accounts:advisor_revoke", args=[volunteer.pk])
    assert steward_client.post(url).status_code == 404
