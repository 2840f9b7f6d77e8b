"""The ROME API: the owner's and the advisor's paths (same rules as the pages), job titles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolios.models import PortfolioTargetJob
from portfolios.models.portfolios import ShareLink
from tests.accounts.factories.users import UserFactory
from tests.conftest import login
from tests.portfolios.factories.shares import portfolio_with_competences, share_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(default_framework, rome, volunteer, advisor):
    portfolio = portfolio_with_competences(volunteer, default_framework, {"COOP.1": 2, "ORG.1": 3})
    share, _token = share_make(portfolio, recipient_email=advisor.email)
    return portfolio, share


def _urls(key) -> dict[str, str]:
    return {
        "reading": reverse("portfolios_api:rome_reading", kwargs={"uuid": key}),
        "targets": reverse("portfolios_api:rome_targets", kwargs={"uuid": key}),
        "jobs": reverse("portfolios_api:rome_jobs", kwargs={"uuid": key}),
    }


def _advisor_urls(key) -> dict[str, str]:
    return {
        "reading": reverse("portfolios_api:advisor_rome_reading", kwargs={"uuid": key}),
        "targets": reverse("portfolios_api:advisor_rome_targets", kwargs={"uuid": key}),
        "jobs": reverse("portfolios_api:advisor_rome_jobs", kwargs={"uuid": key}),
    }


def test_the_owner_adds_a_target_and_reads_the_gap(client, scene, volunteer):
    portfolio, _share = scene
    login(client, volunteer)
    urls = _urls(portfolio.uuid)
    [title] = [
        t
        for t in client.get(
            reverse("portfolios_api:rome_job_titles"), {"q": "agent accueil"}
        ).json()
        if t["label"] == "Agent / Agente d'accueil"
    ]
    assert title["sheet_code"] == "M1601"
    answer = client.post(urls["targets"], {"code": title["code"]}, content_type="application/json")
    assert answer.status_code == 201
    [gap] = answer.json()["targets"]
    assert gap["sheet_code"] == "M1601" and gap["asked_count"] == 3
    covered = {line["skill"]["code"] for line in gap["lines"] if line["covered"]}
    assert covered == {"300412", "300483"}  # COOP.1 → écoute, ORG.1 → organiser
    assert {s["code"] for s in answer.json()["skills"]} == {"300412", "300478", "300483"}
    jobs = client.get(urls["jobs"], {"domain": "M"}).json()
    assert jobs["count"] > 0 and all(j["grand_domain_code"] == "M" for j in jobs["results"])
    bad = client.post(urls["targets"], {"code": "nope"}, content_type="application/json")
    assert bad.status_code == 400
    target = reverse(
        "portfolios_api:rome_target_detail",
        kwargs={"uuid": portfolio.uuid, "target": gap["target_uuid"]},
    )
    assert client.delete(target).status_code == 204
    assert not PortfolioTargetJob.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("advisor", 404), ("outsider", 404), (None, 401)])
def test_nobody_else_reads_the_owner_s_paths(client, scene, persona, status, request):
    portfolio, _share = scene
    if persona:
        login(client, request.getfixturevalue(persona))
    for url in _urls(portfolio.uuid).values():
        assert client.get(url).status_code in (
            {status, 405} if url.endswith("targets/") else {status}
        )
    answer = client.post(
        _urls(portfolio.uuid)["targets"], {"code": "10372"}, content_type="application/json"
    )
    assert answer.status_code == status
    assert not PortfolioTargetJob.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("advisor", 200), ("volunteer", 403), ("other", 404), (None, 401)]
)
def test_the_advisor_s_paths_while_the_share_is_open(client, scene, persona, status, request):
    _portfolio, share = scene
    if persona == "other":
        login(client, UserFactory(email="other.advisor@example.org", is_advisor=True))
    elif persona:
        login(client, request.getfixturevalue(persona))
    urls = _advisor_urls(share.uuid)
    assert client.get(urls["reading"]).status_code == status
    assert client.get(urls["jobs"]).status_code == status
    answer = client.post(urls["targets"], {"code": "10372"}, content_type="application/json")
    assert answer.status_code == (201 if status == 200 else status)


def test_an_expired_share_answers_410(client, scene, advisor):
    _portfolio, share = scene
    ShareLink.objects.filter(pk=share.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    login(client, advisor)
    urls = _advisor_urls(share.uuid)
    assert client.get(urls["reading"]).status_code == 410
    assert (
        client.post(urls["targets"], {"code": "10372"}, content_type="application/json").status_code
        == 410
    )
    assert not PortfolioTargetJob.objects.exists()
