"""The admin of orientations and attestations of volunteering: staff read them (lists and
pages, the signed credential pretty-printed); nobody adds, changes or deletes one there;
people without staff status (the person, the advisor, the leader) are sent to log in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from badges.models import Attestation
from badges.services.attestations import attestation_issue
from portfolios.models import Orientation, OrientationStatus
from portfolios.services.orientations import orientation_propose
from tests.badges.factories.issuers import IssuerFactory
from tests.community.factories.contributions import ContributionFactory
from tests.portfolios.factories.shares import plain_portfolio, share_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def orientation(volunteer, advisor, initiative) -> Orientation:
    share, _token = share_make(plain_portfolio(volunteer), recipient_email=advisor.email)
    return orientation_propose(
        share=share, advisor=advisor, initiative=initiative, message="ADVISOR-MESSAGE"
    )


@pytest.fixture
def attestation(volunteer, leader, initiative) -> Attestation:
    IssuerFactory(initiative=initiative)
    ContributionFactory(
        owner=volunteer, initiative=initiative, started_on=dt.date(2025, 3, 1), hours=Decimal(2)
    )
    return attestation_issue(
        initiative=initiative,
        person=volunteer,
        by=leader,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )


def _urls(model: str, pk: int) -> dict[str, str]:
    return {
        "list": reverse(f"admin:{model}_changelist"),
        "change": reverse(f"admin:{model}_change", args=[pk]),
        "add": reverse(f"admin:{model}_add"),
        "delete": reverse(f"admin:{model}_delete", args=[pk]),
    }


def test_staff_read_an_orientation_and_change_nothing(client, staff, orientation):
    urls = _urls("portfolios_orientation", orientation.pk)
    client.force_login(staff)
    listing = client.get(urls["list"], {"status__exact": "proposed"}).content.decode()
    assert str(orientation.uuid) in listing
    assert (
        str(orientation.uuid)
        not in client.get(urls["list"], {"status__exact": "ended"}).content.decode()
    )
    page = client.get(urls["change"]).content.decode()
    assert "ADVISOR-MESSAGE" in page
    for field in ("message", "status", "person", "advisor", "introduction_message"):
        assert f'name="{field}"' not in page, field
    assert client.get(urls["add"]).status_code == 403
    assert client.get(urls["delete"]).status_code == 403
    client.post(urls["change"], {"status": OrientationStatus.ENDED, "message": "changed"})
    orientation.refresh_from_db()
    assert (orientation.status, orientation.message) == ("proposed", "ADVISOR-MESSAGE")


def test_staff_read_an_attestation_and_change_nothing(client, staff, attestation):
    urls = _urls("badges_attestation", attestation.pk)
    client.force_login(staff)
    assert str(attestation.uuid) in client.get(urls["list"]).content.decode()
    page = client.get(urls["change"]).content.decode()
    assert "<pre" in page and attestation.credential["proof"][0]["proofValue"] in page
    for field in ("credential", "recipient", "revoked_at", "period_start"):
        assert f'name="{field}"' not in page, field
    assert client.get(urls["add"]).status_code == 403
    assert client.get(urls["delete"]).status_code == 403
    client.post(urls["change"], {"revocation_reason": "changed", "revoked_at": "2025-01-01"})
    attestation.refresh_from_db()
    assert attestation.revoked_at is None and attestation.revocation_reason == ""


@pytest.mark.parametrize("persona", ["volunteer", "advisor", "leader"])
def test_people_without_staff_status_are_sent_to_log_in(
    client, request, persona, orientation, attestation
):
    client.force_login(request.getfixturevalue(persona))
    for urls in (
        _urls("portfolios_orientation", orientation.pk),
        _urls("badges_attestation", attestation.pk),
    ):
        for url in (urls["list"], urls["change"]):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("admin:login"))
