"""A portfolio release's CLR carries a status (#17): its owner withdraws a version, and the
CLR reads as revoked wherever it travelled — with the Python verifier and the independent JS
verifier — while the badges it wraps stay valid. Deleting the portfolio or closing the
account withdraws its versions; versions made before carry no status and stay as they were."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.services.users import user_delete
from badges.crypto.data_integrity import verify
from badges.documents import issuer_documents
from badges.models import StatusList, StatusListEntry
from badges.selectors.status import status_list_revoked_indices
from badges.services.issuers import issuer_sign
from badges.services.revocation import status_list_credential_signed
from badges.verifier import CheckStatus, verify_credential
from portfolios.clr import clr_json, clr_problems, clr_sha256
from portfolios.models import Portfolio, PortfolioRelease
from portfolios.selectors.releases import release_check
from portfolios.services.portfolios import portfolio_delete
from portfolios.services.releases import (
    portfolio_release_create,
    portfolio_release_current,
    portfolio_release_withdraw,
)
from tests.accounts.factories.users import UserFactory
from tests.badges.test_js_verifier import js_verify
from tests.conftest import login
from tests.portfolios.factories.portfolios import PortfolioScene
from tests.portfolios.test_clr import clr_scene, inner_documents, resolver
from tests.portfolios.test_releases import attachment, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(default_framework) -> PortfolioScene:
    return clr_scene(default_framework)


@pytest.fixture
def release(scene) -> PortfolioRelease:
    return portfolio_release_create(portfolio=scene.portfolio)


def _bit(release: PortfolioRelease) -> bool:
    entry = StatusListEntry.objects.select_related("status_list").get(
        reference=release.status_reference
    )
    return entry.index in status_list_revoked_indices(status_list=entry.status_list)


def _withdraw_url(release: PortfolioRelease) -> str:
    return reverse("portfolios:release_withdraw", kwargs={"uuid": release.uuid})


def _legacy(scene: PortfolioScene) -> PortfolioRelease:
    """A version generated before CLRs carried a status: signed without one."""
    release = portfolio_release_create(portfolio=scene.portfolio)
    StatusListEntry.objects.filter(reference=release.status_reference).delete()
    unsigned = {
        key: value for key, value in release.clr.items() if key not in ("proof", "credentialStatus")
    }
    release.clr = issuer_sign(issuer=scene.territory, document=unsigned)
    release.clr_sha256 = clr_sha256(release.clr)
    release.save(update_fields=["clr", "clr_sha256"])
    return release


def _change(portfolio: Portfolio, title: str) -> None:
    Portfolio.objects.filter(pk=portfolio.pk).update(title=title)
    portfolio.refresh_from_db()


# --- the status in the CLR -------------------------------------------------------------


def test_a_new_release_carries_a_status_in_the_territory_issuers_list(release, scene):
    status = release.clr["credentialStatus"]
    territory_list = StatusList.objects.get(issuer=scene.territory, purpose="revocation")
    entry = StatusListEntry.objects.get(reference=f"clr:{release.uuid}")
    assert entry.status_list == territory_list
    assert status == {
        "id": f"{territory_list.url}#{entry.index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(entry.index),
        "statusListCredential": territory_list.url,
    }
    assert clr_problems(release.clr) == []
    # signed with it (it cannot be taken out), and the PDF carries the same record
    assert verify(release.clr, resolve_key=resolver(scene.territory)).verified
    assert attachment(pdf_bytes(release)).decode() == clr_json(release.clr)
    assert _bit(release) is False
    second = portfolio_release_create(portfolio=scene.portfolio)
    assert second.clr["credentialStatus"]["statusListIndex"] != status["statusListIndex"]


def test_withdrawing_sets_the_bit_once_and_only_the_owner_may(release, scene, advisor):
    for someone in (scene.leader, advisor):
        with pytest.raises(PermissionDenied):
            portfolio_release_withdraw(release=release, by=someone)
    assert _bit(release) is False
    clr_before = release.clr
    portfolio_release_withdraw(release=release, by=scene.owner)
    assert _bit(release) is True
    portfolio_release_withdraw(release=release, by=scene.owner)  # twice: nothing changes
    assert _bit(release) is True
    release.refresh_from_db()
    assert release.clr == clr_before  # never signed again


def test_a_version_made_before_carries_no_status_and_stays_as_it_was(scene):
    legacy = _legacy(scene)
    with pytest.raises(ValidationError) as error:
        portfolio_release_withdraw(release=legacy, by=scene.owner)
    assert error.value.code == "no_status"
    legacy.refresh_from_db()
    assert "credentialStatus" not in legacy.clr
    assert verify(legacy.clr, resolve_key=resolver(scene.territory)).verified
    assert release_check(release=legacy).ok


def test_a_withdrawn_latest_version_is_replaced_on_the_next_download(release, scene):
    assert portfolio_release_current(portfolio=scene.portfolio) == release
    portfolio_release_withdraw(release=release, by=scene.owner)
    newer = portfolio_release_current(portfolio=scene.portfolio)
    assert newer != release
    assert _bit(newer) is False
    assert portfolio_release_current(portfolio=scene.portfolio) == newer


def test_deleting_the_portfolio_withdraws_its_versions(scene):
    first = portfolio_release_create(portfolio=scene.portfolio)
    _change(scene.portfolio, "Un autre titre")
    second = portfolio_release_create(portfolio=scene.portfolio)
    other = clr_scene_other_owner_release(scene)
    portfolio_delete(portfolio=scene.portfolio, by=scene.owner)
    assert not PortfolioRelease.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert _bit(first) is True and _bit(second) is True
    assert _bit(other) is False


def clr_scene_other_owner_release(scene: PortfolioScene) -> PortfolioRelease:
    """A release of another person's portfolio (signed by the same territory issuer)."""
    someone = UserFactory(email="lea@example.org", display_name="Léa")
    portfolio = Portfolio.objects.create(owner=someone, title="Portfolio de Léa", language="fr")
    return portfolio_release_create(portfolio=portfolio)


def test_closing_the_account_withdraws_her_versions(
    scene, release, django_capture_on_commit_callbacks
):
    other = clr_scene_other_owner_release(scene)
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=scene.owner, by=scene.owner, keep_badges=True)
    release.refresh_from_db()
    assert release.owner_left_at is not None and release.clr == {}
    assert _bit(release) is True
    assert _bit(other) is False


# --- pages ---------------------------------------------------------------------------------


def test_only_the_owner_withdraws_through_the_page(client, english, release, scene, advisor):
    stranger = UserFactory(email="other@example.org", display_name="Autre")
    url = _withdraw_url(release)
    for someone in (stranger, advisor, scene.leader):
        login(client, someone)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert _bit(release) is False
    scene.owner.preferred_language = "en"
    scene.owner.save(update_fields=["preferred_language"])
    login(client, scene.owner)
    page = client.get(url)
    assert page.status_code == 200
    assert "Withdraw this version" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"{scene.portfolio.get_absolute_url()}#versions"
    assert _bit(release) is True
    page = client.get(url).content.decode()
    assert 'data-state="withdrawn"' in page
    assert "button--danger" not in page  # no button any more


def test_the_portfolio_page_shows_each_versions_state_in_bounded_queries(
    client, english, scene, count_queries
):
    scene.owner.preferred_language = "en"
    scene.owner.save(update_fields=["preferred_language"])
    login(client, scene.owner)
    path = scene.portfolio.get_absolute_url()
    assert 'id="versions"' in client.get(path).content.decode()
    legacy = _legacy(scene)
    baseline = count_queries(client, path)
    withdrawn = portfolio_release_create(portfolio=scene.portfolio)
    portfolio_release_withdraw(release=withdrawn, by=scene.owner)
    for title in ("Deux", "Trois", "Quatre"):
        _change(scene.portfolio, title)
        latest = portfolio_release_create(portfolio=scene.portfolio)
    assert count_queries(client, path) == baseline  # five versions: as many queries as one
    html = client.get(path).content.decode()
    assert html.count('data-state="withdrawn"') == 1
    assert html.count('data-state="in-force"') == 3
    assert html.count('data-state="no-status"') == 1
    assert html.count(_withdraw_url(latest)) == 1
    assert _withdraw_url(withdrawn) not in html and _withdraw_url(legacy) not in html
    assert "latest version" in html


def test_a_withdrawn_version_is_still_served_and_its_page_says_so(client, english, release, scene):
    clr_url = reverse("portfolios:release_clr", kwargs={"uuid": release.uuid})
    verify_url = reverse("portfolios:release_verify", kwargs={"uuid": release.uuid})
    assert 'data-verdict="authentic"' in client.get(verify_url).content.decode()
    portfolio_release_withdraw(release=release, by=scene.owner)
    response = client.get(clr_url)
    assert response.status_code == 200  # verifiers can read it and say "withdrawn"
    assert response.content.decode() == clr_json(release.clr)
    html = client.get(verify_url).content.decode()
    assert 'data-verdict="withdrawn"' in html
    assert 'data-verdict="authentic"' not in html
    assert "Its owner withdrew this portfolio version" in html
    assert html.count('data-state="valid"') == 3  # its badges keep their own state


# --- verifiers -------------------------------------------------------------------------------


def test_the_python_verifier_reports_the_withdrawn_record_and_its_badges_stay_valid(release, scene):
    with translation.override("en"):
        before = verify_credential(release.clr)
        portfolio_release_withdraw(release=release, by=scene.owner)
        after = verify_credential(release.clr)
        texts = (before.verdict_text, after.verdict_text)
    # A record of several credentials is not "a badge".
    assert texts[0].startswith("This record is authentic and valid")
    assert texts[1].startswith("This record was withdrawn") and "This badge" not in texts[1]
    assert before.status_of("status") == CheckStatus.PASSED
    assert not before.revoked
    assert after.revoked and after.verdict == "revoked"
    assert after.status_of("status") == CheckStatus.FAILED
    assert "withdrawn" in (after.check("status").detail or "")
    assert after.status_of("proof") == CheckStatus.PASSED
    wrapped = [check for check in after.checks if check.key.startswith("credential-")]
    assert len(wrapped) == 3
    assert all(check.status == CheckStatus.PASSED for check in wrapped)
    assert all(
        not part.revoked and part.status_of("status") == CheckStatus.PASSED for part in after.parts
    )


@pytest.mark.js
def test_the_js_verifier_reports_the_withdrawn_record_and_its_badges_stay_valid(
    release, scene, tmp_path
):
    territory_list = StatusList.objects.get(issuer=scene.territory, purpose="revocation")

    def documents() -> dict[str, Any]:
        return {
            **issuer_documents(scene.territory),
            territory_list.url: status_list_credential_signed(status_list=territory_list),
        }

    clr = json.loads(attachment(pdf_bytes(release)))  # the copy that travelled with the PDF
    before = documents()
    portfolio_release_withdraw(release=release, by=scene.owner)
    after = documents()
    badges = [
        (credential, inner_documents(award))
        for credential, award in zip(
            clr["credentialSubject"]["verifiableCredential"], scene.awards, strict=True
        )
    ]
    in_force, withdrawn, *wrapped = js_verify([(clr, before), (clr, after), *badges], tmp_path)
    assert in_force["verified"] is True, in_force
    assert in_force["status"] == [
        {"type": "BitstringStatusListEntry", "checked": True, "purpose": "revocation", "set": False}
    ]
    assert withdrawn["verified"] is False
    assert withdrawn["status"][0]["set"] is True
    assert any("revocation" in error for error in withdrawn["errors"]), withdrawn
    assert len(wrapped) == 3
    for answer in wrapped:
        assert answer["verified"] is True, answer
        assert answer["status"][0]["set"] is False


def test_the_api_lists_each_versions_state_and_only_the_owner_withdraws(
    client, release, scene, advisor, count_queries
):
    """``GET …/releases/`` says which versions can be withdrawn and which were (one query
    for the page's statuses); ``POST /api/v1/portfolios/releases/<uuid>/withdraw/``: the
    owner only (404 for anyone else, 401 anonymous), 409 the second time, 400 for a version
    that carries no status."""
    listing = reverse("portfolios_api:release_list", kwargs={"uuid": scene.portfolio.uuid})
    url = reverse("portfolios_api:release_withdraw", kwargs={"uuid": release.uuid})
    assert client.post(url).status_code == 401
    stranger = UserFactory(email="other@example.org", display_name="Autre")
    for someone in (stranger, advisor, scene.leader):
        login(client, someone)
        assert client.post(url).status_code == 404
    assert _bit(release) is False
    login(client, scene.owner)
    [line] = client.get(listing).json()["results"]
    assert (line["withdrawable"], line["withdrawn_at"]) == (True, None)
    response = client.post(url)
    assert response.status_code == 200 and _bit(release) is True
    assert response.json()["withdrawable"] is False and response.json()["withdrawn_at"]
    again = client.post(url)
    assert again.status_code == 409 and again.json()["code"] == "already_withdrawn"
    legacy = _legacy(scene)
    refused = client.post(reverse("portfolios_api:release_withdraw", kwargs={"uuid": legacy.uuid}))
    assert refused.status_code == 400 and "non_field_errors" in refused.json()
    baseline = count_queries(client, listing)
    for title in ("Deux", "Trois", "Quatre"):
        _change(scene.portfolio, title)
        portfolio_release_create(portfolio=scene.portfolio)
    assert count_queries(client, listing) == baseline
    states = [
        (line["withdrawable"], line["withdrawn_at"] is not None)
        for line in client.get(listing).json()["results"]
    ]
    assert states == [(True, False)] * 3 + [(False, False), (False, True)]
