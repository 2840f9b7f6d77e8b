"""Portfolio releases: the signed CLR inside the PDF (acceptance 1), the public check of a
whole portfolio version, reuse of an up-to-date release, and who may download what."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft201909Validator
from pypdf import PdfReader

from badges.api import credential_state
from badges.crypto.data_integrity import verify
from badges.documents import issuer_documents
from badges.ob3 import SCHEMA_FILE
from badges.services.recognition import recognition_suspend
from badges.services.revocation import award_revoke
from portfolios.clr import clr_json, clr_problems
from portfolios.content import fingerprint
from portfolios.models import Portfolio, PortfolioRelease
from portfolios.selectors.portfolios import portfolio_content
from portfolios.selectors.releases import release_check, wrapped_credentials
from portfolios.services.releases import portfolio_release_create, portfolio_release_current
from tests.accounts.factories.users import UserFactory
from tests.badges.test_js_verifier import js_verify
from tests.conftest import login
from tests.portfolios.factories.portfolios import PortfolioScene
from tests.portfolios.test_clr import clr_scene, inner_documents, resolver

NO_ISSUER = (
    "The platform cannot sign portfolios yet: its territory issuer is missing; tell a steward."
)


@pytest.fixture
def scene(default_framework) -> PortfolioScene:
    return clr_scene(default_framework)


@pytest.fixture
def release(scene) -> PortfolioRelease:
    return portfolio_release_create(portfolio=scene.portfolio)


def pdf_bytes(release: PortfolioRelease) -> bytes:
    with release.pdf.open("rb") as file:
        return file.read()


def attachment(data: bytes) -> bytes:
    attachments = PdfReader(io.BytesIO(data)).attachments
    assert list(attachments) == ["clr.json"]
    [payload] = attachments["clr.json"]
    return payload


def schema_errors(credential: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return [error.message for error in Draft201909Validator(schema).iter_errors(credential)]


def _change(portfolio: Portfolio, title: str = "Mon portfolio pour la logistique") -> None:
    Portfolio.objects.filter(pk=portfolio.pk).update(title=title)
    portfolio.refresh_from_db()


# --- the release ------------------------------------------------------------------------


def test_a_release_stores_the_signed_clr_the_pdf_and_their_hashes(release, scene):
    content = portfolio_content(portfolio=scene.portfolio)
    assert release.content_sha256 == fingerprint(content)
    assert release.language == scene.portfolio.language
    assert release.clr_sha256 == hashlib.sha256(clr_json(release.clr).encode()).hexdigest()
    data = pdf_bytes(release)
    assert data.startswith(b"%PDF-")
    assert release.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert str(release.uuid) not in release.pdf.name  # a random name, never listed
    assert release.clr["id"] == f"http://testserver/portfolios/releases/{release.uuid}/clr.json"
    assert release.clr["issuer"]["id"] == scene.territory.id_url
    assert verify(release.clr, resolve_key=resolver(scene.territory)).verified


def test_the_embedded_clr_parses_validates_and_verifies_in_python(release, scene):
    """Acceptance 1 (Python side): the attachment is the signed CLR, valid, verifying."""
    payload = attachment(pdf_bytes(release))
    assert payload.decode("utf-8") == clr_json(release.clr)
    assert hashlib.sha256(payload).hexdigest() == release.clr_sha256
    clr = json.loads(payload)
    assert clr_problems(clr) == []
    assert verify(clr, resolve_key=resolver(scene.territory)).verified
    wrapped = clr["credentialSubject"]["verifiableCredential"]
    assert len(wrapped) == 3
    for credential in wrapped:
        assert schema_errors(credential) == []
        assert verify(credential, resolve_key=resolver(scene.issuer)).verified
    tampered = json.loads(payload.decode().replace(scene.portfolio.title, "Mon portfolio!", 1))
    assert not verify(tampered, resolve_key=resolver(scene.territory)).verified


@pytest.mark.js
def test_the_embedded_clr_and_each_wrapped_badge_verify_with_the_js_verifier(
    release, scene, tmp_path
):
    """Acceptance 1 (independent verifier): the CLR proof and each badge's own proof."""
    clr = json.loads(attachment(pdf_bytes(release)))
    checks = [(clr, issuer_documents(scene.territory))]
    for credential, award in zip(
        clr["credentialSubject"]["verifiableCredential"], scene.awards, strict=True
    ):
        checks.append((credential, inner_documents(award)))
    one_character = json.loads(json.dumps(clr).replace("Mon portfolio", "Mon portfolia", 1))
    checks.append((one_character, issuer_documents(scene.territory)))
    *answers, tampered = js_verify(checks, tmp_path)
    assert len(answers) == 4
    for answer in answers:
        assert answer["verified"] is True, answer
    assert tampered["verified"] is False


@pytest.fixture
def no_territory(monkeypatch) -> None:
    """The platform without a territory issuer (keys protect a real issuer from deletion)."""
    import portfolios.services.releases

    monkeypatch.setattr(portfolios.services.releases, "territory_issuer", lambda: None)


def test_without_a_territory_issuer_the_owner_gets_a_clear_error(scene, no_territory):
    with pytest.raises(ValidationError) as error:
        portfolio_release_create(portfolio=scene.portfolio)
    assert error.value.messages == [NO_ISSUER]
    assert not PortfolioRelease.objects.exists()


def test_release_current_reuses_an_up_to_date_release_and_makes_a_new_one_after_a_change(
    scene,
):
    first = portfolio_release_current(portfolio=scene.portfolio)
    again = portfolio_release_current(portfolio=scene.portfolio)
    assert again.pk == first.pk
    assert PortfolioRelease.objects.count() == 1
    _change(scene.portfolio)
    newer = portfolio_release_current(portfolio=scene.portfolio)
    assert newer.pk != first.pk
    assert PortfolioRelease.objects.count() == 2
    assert newer.clr["name"] == "Mon portfolio pour la logistique"


# --- the check of a release --------------------------------------------------------------


def test_release_check_of_a_fresh_release(release):
    check = release_check(release=release)
    assert check.ok and check.authentic and check.unchanged
    assert check.is_latest
    assert check.owner_name == "Amina Diallo"
    assert [badge.state for badge in check.badges] == ["valid", "valid", "valid"]


def test_one_changed_character_in_the_stored_clr_fails_the_check(release, client):
    clr = json.loads(json.dumps(release.clr).replace("Mon portfolio", "Mon portfolia", 1))
    PortfolioRelease.objects.filter(pk=release.pk).update(clr=clr)
    release.refresh_from_db()
    check = release_check(release=release)
    assert not check.authentic
    assert not check.unchanged
    assert not check.ok
    page = client.get(reverse("portfolios:release_verify", kwargs={"uuid": release.uuid}))
    assert 'data-verdict="not-verified"' in page.content.decode()


def test_a_clr_signed_by_another_issuer_is_not_authentic(release, scene):
    from badges.services.issuers import issuer_sign

    unsigned = {key: value for key, value in release.clr.items() if key != "proof"}
    resigned = issuer_sign(issuer=scene.issuer, document=unsigned)
    PortfolioRelease.objects.filter(pk=release.pk).update(
        clr=resigned, clr_sha256=hashlib.sha256(clr_json(resigned).encode()).hexdigest()
    )
    release.refresh_from_db()
    assert not release_check(release=release).authentic


# --- the public verification page ---------------------------------------------------------


def _verify_page(client, release: PortfolioRelease):
    return client.get(reverse("portfolios:release_verify", kwargs={"uuid": release.uuid}))


def test_the_verification_page_of_a_fresh_release(client, english, release, scene):
    response = _verify_page(client, release)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'data-verdict="authentic"' in html
    assert "Authentic and unchanged." in html
    assert "Amina Diallo" in html
    assert scene.owner.email not in html
    assert 'data-newer="no"' in html
    assert html.count('data-state="valid"') == 3
    for award in scene.awards:
        assert award.page_url in html
    assert reverse("portfolios:release_clr", kwargs={"uuid": release.uuid}) in html


def test_a_revoked_badge_shows_revoked_on_the_release_page(client, english, release, scene):
    award_revoke(award=scene.awards[1], by=scene.leader, reason="Attribué par erreur.")
    html = _verify_page(client, release).content.decode()
    assert html.count('data-state="revoked"') == 1
    assert html.count('data-state="valid"') == 2
    assert "Revoked" in html
    # the record itself is still authentic: the badge's state is told separately
    assert 'data-verdict="authentic"' in html


def test_a_suspended_issuer_is_said_on_the_release_page(client, english, release, scene, steward):
    issuer = scene.awards[0].badge_class.issuer
    html = _verify_page(client, release).content.decode()
    assert html.count("standing--recognised") == 3
    recognition_suspend(issuer=issuer, by=steward, reason="Usurpation signalée.")
    html = _verify_page(client, release).content.decode()
    assert "suspended on" in html and "Usurpation signalée." in html
    # the record is still authentic, the badges still valid: the issuer's standing is apart
    assert 'data-verdict="authentic"' in html
    assert html.count('data-state="valid"') == 3


def test_after_a_portfolio_change_the_page_says_a_newer_version_exists(
    client, english, release, scene
):
    _change(scene.portfolio)
    html = _verify_page(client, release).content.decode()
    assert 'data-newer="yes"' in html
    assert "A newer version of this portfolio exists." in html
    newer = portfolio_release_current(portfolio=scene.portfolio)
    assert 'data-newer="yes"' in _verify_page(client, release).content.decode()
    assert 'data-newer="no"' in _verify_page(client, newer).content.decode()


def test_unknown_releases_are_404(client, db):
    unknown = "6f0e4c1a-7d2b-4c3e-9a8f-1b2c3d4e5f60"
    assert client.get(reverse("portfolios:release_verify", args=[unknown])).status_code == 404
    assert client.get(reverse("portfolios:release_clr", args=[unknown])).status_code == 404


def test_the_public_clr_is_the_signed_record(client, release):
    response = client.get(reverse("portfolios:release_clr", kwargs={"uuid": release.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response.content.decode() == clr_json(release.clr)


# --- owner downloads and permissions --------------------------------------------------------


def _downloads(portfolio: Portfolio) -> list[str]:
    return [
        reverse("portfolios:portfolio_pdf", kwargs={"uuid": portfolio.uuid}),
        reverse("portfolios:portfolio_clr", kwargs={"uuid": portfolio.uuid}),
    ]


def test_the_owner_downloads_the_pdf_and_the_clr_of_the_current_release(client, scene):
    login(client, scene.owner)
    pdf_url, clr_url = _downloads(scene.portfolio)
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert 'filename="portfolio-mon-portfolio-' in pdf["Content-Disposition"]
    assert pdf["Cache-Control"] == "private, no-store"
    data = b"".join(pdf.streaming_content)
    release = PortfolioRelease.objects.get()
    assert hashlib.sha256(data).hexdigest() == release.pdf_sha256
    clr = client.get(clr_url)
    assert clr.status_code == 200
    assert clr["Content-Type"] == "application/ld+json; charset=utf-8"
    assert clr["Content-Disposition"].startswith("attachment;")
    assert clr.content.decode() == clr_json(release.clr)
    assert PortfolioRelease.objects.count() == 1  # the second download reused it


def test_others_get_404_and_anonymous_visitors_are_sent_to_log_in(client, scene, advisor):
    other_volunteer = UserFactory(email="other@example.org", display_name="Autre")
    for user in (other_volunteer, advisor, scene.leader):
        login(client, user)
        for url in _downloads(scene.portfolio):
            assert client.get(url).status_code == 404, (user, url)
    client.logout()
    for url in _downloads(scene.portfolio):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not PortfolioRelease.objects.exists()


def test_the_public_pages_answer_everyone(client, release, scene, advisor):
    urls = [
        reverse("portfolios:release_verify", kwargs={"uuid": release.uuid}),
        reverse("portfolios:release_clr", kwargs={"uuid": release.uuid}),
    ]
    for user in (None, scene.owner, advisor):
        client.logout()
        if user is not None:
            login(client, user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_the_owner_without_a_territory_issuer_sees_the_message(
    client, english, scene, no_territory
):
    scene.owner.preferred_language = "en"
    scene.owner.save(update_fields=["preferred_language"])
    login(client, scene.owner)
    pdf_url, _clr_url = _downloads(scene.portfolio)
    response = client.get(pdf_url, follow=True)
    assert response.redirect_chain[0][0] == scene.portfolio.get_absolute_url()
    assert NO_ISSUER in response.content.decode()


def test_badge_states_expired_and_invalid(release):
    credentials = wrapped_credentials(release.clr)
    later = timezone.now() + timedelta(days=400)
    assert [credential_state(c, at=later).state for c in credentials] == [
        "expired",
        "valid",
        "valid",
    ]
    changed = json.loads(json.dumps(credentials[1]).replace("Animer", "Animez", 1))
    assert credential_state(changed).state == "invalid"
