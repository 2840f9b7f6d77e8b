"""An outside referent without an account: the emailed single-use link, end to end."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Notification, NotificationKind
from community import emails
from community.models import (
    Endorsement,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
    Evidence,
    EvidenceKind,
    Visibility,
)
from community.services.endorsements import Referent, endorsement_request_create
from tests.community.factories.initiatives import image_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def link_in(message) -> str:
    match = re.search(r"http://testserver(/endorsements/link/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def answer_data(contribution, levels, **extra):
    data = {"relationship": "Je travaille avec elle à la mairie", "name": "Nora Petit", **extra}
    for claim, level in zip(contribution.claims.order_by("pk"), levels, strict=True):
        data[f"claim-{claim.uuid}-level"] = str(level)
    return data


@pytest.fixture
def ask_nora(client: Client, volunteer, claimed_contribution, django_capture_on_commit_callbacks):
    """Amina asks Nora, who has no account, through the page; returns the emailed link."""
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("community:endorsement_ask", args=[claimed_contribution.uuid]),
            {
                "referent_name": "Nora Petit",
                "referent_email": "Nora@Example.org",
                "message": "Merci",
            },
        )
    client.logout()
    [message] = [m for m in mail.outbox if m.to == ["nora@example.org"]]
    return link_in(message)


def test_a_referent_without_an_account_endorses_end_to_end(
    client: Client, ask_nora, volunteer, claimed_contribution, django_capture_on_commit_callbacks
):
    link = ask_nora
    message = next(m for m in mail.outbox if m.to == ["nora@example.org"])
    assert message.subject == "Amina asks you to confirm their competences on Jalons"
    assert "Hello Nora Petit," in message.body and "Merci" in message.body
    assert "The link works once, for 30 days." in message.body
    assert message.alternatives  # and an HTML part
    token = link.split("/")[3]
    assert len(token) >= 43  # 256 random bits, base64
    request = EndorsementRequest.objects.get(email="nora@example.org")
    assert request.endorser is None and request.kind == EndorserKind.OUTSIDE
    assert request.token_hash and token not in request.token_hash

    page = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Accueil du samedi" in html and "Le planning des bénévoles" in html
    assert "Mon carnet personnel" not in html
    form = page.context["form"]
    assert form["name"].initial == "Nora Petit" and "organisation" in form.fields

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link, answer_data(claimed_contribution, [2, 2], organisation="Mairie")
        )
    assert response.status_code == 200
    assert response.templates[0].name == "community/endorsements/thanks.html"
    endorsements = list(Endorsement.objects.order_by("claim__pk"))
    assert [e.level for e in endorsements] == [2, 2]
    for endorsement in endorsements:
        assert endorsement.endorser is None
        assert endorsement.endorser_email == "nora@example.org"
        assert endorsement.endorser_name == "Nora Petit"
        assert endorsement.endorser_organisation == "Mairie"
        assert endorsement.kind == EndorserKind.OUTSIDE and endorsement.initiative is None
    notification = Notification.objects.get(recipient=volunteer)
    assert notification.kind == NotificationKind.ENDORSEMENT_RECEIVED
    with translation.override("en"):
        assert notification.message == (
            "Nora Petit endorsed your competences on “Accueil du samedi”."
        )

    # The link works once.
    again = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 410
    assert "You have already answered" in again.content.decode()
    assert client.post(link, answer_data(claimed_contribution, [4, 4])).status_code == 410
    assert sorted(Endorsement.objects.values_list("level", flat=True)) == [2, 2]


def test_the_email_is_in_the_volunteers_language(
    volunteer, claimed_contribution, monkeypatch, django_capture_on_commit_callbacks
):

    sent = []
    monkeypatch.setattr(emails, "send_templated_email", lambda **kwargs: sent.append(kwargs))
    volunteer.preferred_language = "fr"
    volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        endorsement_request_create(
            contribution=claimed_contribution,
            by=volunteer,
            referents=[Referent(email="nora@example.org", name="Nora")],
        )
    [email] = [kwargs for kwargs in sent if kwargs["template"] == "endorsement-request"]
    assert email["to"] == "nora@example.org" and email["language"] == "fr"


def test_an_expired_link_answers_410(
    client: Client, link_request, claimed_contribution, time_machine
):
    link = reverse("community:endorsement_link", args=[link_request.token])
    assert client.get(link).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=31))
    response = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410
    assert "This request has expired" in response.content.decode()
    assert client.post(link, answer_data(claimed_contribution, [2, 3])).status_code == 410
    assert not Endorsement.objects.exists()


def test_a_cancelled_link_answers_410(client: Client, link_request):
    link_request.status = EndorsementRequestStatus.CANCELLED
    link_request.save()
    response = client.get(reverse("community:endorsement_link", args=[link_request.token]))
    assert response.status_code == 410


def test_an_unknown_link_answers_404(client: Client, link_request):
    assert client.get(reverse("community:endorsement_link", args=["x" * 43])).status_code == 404


def test_the_referent_gives_a_name(client: Client, link_request, claimed_contribution):
    link = reverse("community:endorsement_link", args=[link_request.token])
    response = client.post(link, answer_data(claimed_contribution, [2, 3], name=""))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Endorsement.objects.exists()


def test_the_referent_declines_through_the_link(
    client: Client, link_request, volunteer, django_capture_on_commit_callbacks
):
    decline = reverse("community:endorsement_link_decline", args=[link_request.token])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decline, {"reason": "Je ne la connais pas assez."})
    assert response.status_code == 200 and response.context["declined"]
    link_request.refresh_from_db()
    assert link_request.status == EndorsementRequestStatus.DECLINED
    notification = Notification.objects.get(recipient=volunteer)
    assert notification.kind == NotificationKind.ENDORSEMENT_DECLINED
    assert notification.params["endorser"] == "Nora Petit"
    link = reverse("community:endorsement_link", args=[link_request.token])
    assert client.get(link).status_code == 410
    assert client.post(decline, {"reason": "encore"}).status_code == 410


def test_files_shown_to_endorsers_open_with_the_link_only_while_it_works(
    client: Client, link_request, claimed_contribution
):
    shared, private = (
        Evidence.objects.create(
            contribution=claimed_contribution,
            kind=EvidenceKind.FILE,
            file=image_upload(f"{name}.png"),
            content_type="image/png",
            visibility=visibility,
        )
        for name, visibility in (("atelier", Visibility.ENDORSERS), ("perso", Visibility.PRIVATE))
    )

    def url(evidence):
        return reverse(
            "community:endorsement_link_evidence", args=[link_request.token, evidence.uuid]
        )

    response = client.get(url(shared))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(url(private)).status_code == 404
    page = client.get(reverse("community:endorsement_link", args=[link_request.token]))
    assert url(shared) in page.content.decode() and url(private) not in page.content.decode()
    link_request.status = EndorsementRequestStatus.ANSWERED
    link_request.save()
    assert client.get(url(shared)).status_code == 404


def test_answers_through_a_link_are_rate_limited_and_kept(
    client: Client, link_request, claimed_contribution, settings
):
    """Guessing at a link's form, or flooding it, stops at the limit; what was typed stays."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "referent_token": "3/h"}
    link = reverse("community:endorsement_link", args=[link_request.token])
    for _ in range(3):
        missing = client.post(link, answer_data(claimed_contribution, [2, 3], name=""))
        assert missing.status_code == 200
    refused = client.post(link, answer_data(claimed_contribution, [2, 3]))
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 3600
    html = refused.content.decode()
    assert "Trop de tentatives. Merci de réessayer dans" in html  # the link's page is French
    assert "Je travaille avec elle à la mairie" in html  # what was typed is kept
    decline = reverse("community:endorsement_link_decline", args=[link_request.token])
    assert client.post(decline, {"reason": "Non."}).status_code == 429
    assert not Endorsement.objects.exists()
    link_request.refresh_from_db()
    assert link_request.is_pending
    # reading the link stays possible
    assert client.get(link).status_code == 200


def test_answers_from_one_address_are_rate_limited(
    client: Client, link_request, claimed_contribution, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "referent_address": "2/h"}
    link = reverse("community:endorsement_link", args=[link_request.token])
    codes = [
        client.post(link, answer_data(claimed_contribution, [2, 3], name="")).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
