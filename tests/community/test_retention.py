"""Retention rule ``referent_tokens`` (issue #12, acceptance 3): the secret of the link emailed
to an outside referent goes N days after the request was answered or expired; the request,
its answer and their pages stay, and a cleared token never opens anything again."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Endorsement, EndorsementRequest, EndorsementRequestStatus
from community.models.initiatives import Invitation
from community.selectors.endorsements import endorsement_request_get_by_token
from community.services.endorsements import (
    ClaimAnswer,
    endorsement_answer,
    endorsement_request_cancel,
)
from config.tokens import token_hash
from tests.accounts.retention import apply_retention, purged
from tests.community.factories.endorsements import EndorsementRequestFactory

pytestmark = pytest.mark.django_db

ASKED = dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC)
VALID = timedelta(days=30)  # ENDORSEMENT_REQUEST_VALID_DAYS


def _answer(contribution, levels=(2, 3)):
    data = {"relationship": "Je travaille avec elle à la mairie", "name": "Nora Petit"}
    for claim, level in zip(contribution.claims.order_by("pk"), levels, strict=True):
        data[f"claim-{claim.uuid}-level"] = str(level)
    return data


def _link(request) -> str:
    return reverse("community:endorsement_link", args=[request.token])


@pytest.fixture
def requests(client: Client, claimed_contribution, volunteer, leader, initiative, time_machine):
    """Four requests by link, answered, declined, cancelled and left waiting; one to Sophie's
    account; and an invitation (another kind of link, with its own token)."""
    time_machine.move_to(ASKED, tick=False)

    def by_link(email: str):
        return EndorsementRequestFactory(
            contribution=claimed_contribution, kind="outside", endorser=None, email=email
        )

    made = {
        "answered": by_link("nora@example.org"),
        "declined": by_link("leo@example.org"),
        "cancelled": by_link("zoe@example.org"),
        "waiting": by_link("yann@example.org"),
        "account": EndorsementRequestFactory(
            contribution=claimed_contribution, endorser=leader, kind="leader"
        ),
    }
    made["invitation"] = Invitation.objects.create(
        initiative=initiative, email="new@example.org", token_hash=token_hash("invitation")
    )
    time_machine.move_to(ASKED + timedelta(days=1), tick=False)
    assert client.post(_link(made["answered"]), _answer(claimed_contribution)).status_code in (
        200,
        302,
    )
    endorsement_request_cancel(request=made["cancelled"], by=volunteer)
    endorsement_answer(
        request=made["account"],
        by=leader,
        answers=[ClaimAnswer(claim=claim, level=2) for claim in claimed_contribution.claims.all()],
        relationship="Je coordonne l'atelier.",
    )
    time_machine.move_to(ASKED + timedelta(days=2), tick=False)
    decline = reverse("community:endorsement_link_decline", args=[made["declined"].token])
    client.post(decline, {"reason": "Je ne la connais pas assez."})
    for request in made.values():
        request.refresh_from_db()
    assert made["answered"].status == EndorsementRequestStatus.ANSWERED
    assert made["declined"].status == EndorsementRequestStatus.DECLINED
    return made


def _with_token() -> set[str]:
    return set(
        EndorsementRequest.objects.filter(token_hash__isnull=False).values_list("email", flat=True)
    )


def test_tokens_go_n_days_after_the_answer_or_the_expiry_and_nothing_else(
    requests, settings, time_machine
):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "referent_tokens": 5}
    everything = {
        name: (r.status, r.answered_at, r.decline_reason, r.expires_at)
        for name, r in requests.items()
        if isinstance(r, EndorsementRequest)
    }
    endorsements = set(Endorsement.objects.values_list("pk", "level", "endorser_name"))
    all_links = {"nora@example.org", "leo@example.org", "zoe@example.org", "yann@example.org"}
    assert _with_token() == all_links

    steps = [
        # (when, the links whose token is still there afterwards)
        (ASKED + timedelta(days=6) - timedelta(seconds=1), all_links),
        (ASKED + timedelta(days=6), all_links - {"nora@example.org"}),
        (ASKED + timedelta(days=7), {"zoe@example.org", "yann@example.org"}),
        (
            ASKED + VALID + timedelta(days=5) - timedelta(seconds=1),
            {"zoe@example.org", "yann@example.org"},
        ),
        (ASKED + VALID + timedelta(days=5), set()),
    ]
    cleared = 0
    for when, remaining in steps:
        time_machine.move_to(when, tick=False)
        count = purged(apply_retention())["referent_tokens"]
        assert _with_token() == remaining, when
        assert count == len(all_links) - len(remaining) - cleared, when
        cleared += count

    # Only the secret went: requests, answers and the invitation's own token are untouched.
    for name, request in requests.items():
        request.refresh_from_db()
        if isinstance(request, EndorsementRequest):
            assert (
                request.status,
                request.answered_at,
                request.decline_reason,
                request.expires_at,
            ) == everything[name]
    assert set(Endorsement.objects.values_list("pk", "level", "endorser_name")) == endorsements
    assert requests["invitation"].token_hash == token_hash("invitation")


def test_by_default_a_token_goes_at_the_first_run_after_the_answer(requests, time_machine):
    time_machine.move_to(ASKED + timedelta(days=2, minutes=5), tick=False)
    assert purged(apply_retention())["referent_tokens"] == 2  # answered and declined
    assert _with_token() == {"zoe@example.org", "yann@example.org"}
    time_machine.move_to(ASKED + VALID, tick=False)
    assert purged(apply_retention())["referent_tokens"] == 2  # cancelled and waiting: expired
    assert _with_token() == set()


def test_a_dry_run_clears_nothing(requests, time_machine):
    time_machine.move_to(ASKED + VALID + timedelta(days=1), tick=False)
    assert purged(apply_retention("--dry-run"))["referent_tokens"] == 4
    assert len(_with_token()) == 4


def test_a_cleared_token_never_opens_anything_and_the_pages_still_work(
    client: Client, requests, volunteer, time_machine
):
    answered, waiting = requests["answered"], requests["waiting"]
    time_machine.move_to(ASKED + VALID, tick=False)
    apply_retention("--only", "referent_tokens")
    assert endorsement_request_get_by_token(token=answered.token) is None
    assert client.get(_link(answered)).status_code == 404
    assert client.get(_link(waiting)).status_code == 404
    evidence = reverse(
        "community:endorsement_link_evidence",
        args=[answered.token, "00000000-0000-4000-8000-000000000000"],
    )
    assert client.get(evidence).status_code == 404
    # The volunteer still sees who answered, and what.
    client.force_login(volunteer)
    for request in (answered, requests["declined"], waiting):
        page = client.get(reverse("community:endorsement_request_detail", args=[request.uuid]))
        assert page.status_code == 200
    assert (
        "Je ne la connais pas assez."
        in client.get(
            reverse("community:endorsement_request_detail", args=[requests["declined"].uuid])
        ).content.decode()
    )
    assert client.get(reverse("community:endorsement_list")).status_code == 200
