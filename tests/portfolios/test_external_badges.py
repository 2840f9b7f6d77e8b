"""Badges from elsewhere in portfolios: chosen in the editor, shown marked "issued by another
organisation" with their status (page, shared page, advisor workspace, PDF), wrapped unchanged
in the CLR, frozen in releases.

#17 acceptance 3: a baked PNG from another Jalons instance (a second issuer with its own keys,
signed and baked by this project's own code under another site address), an OB 2.0 baked PNG
from 1EdTech's examples (``tests/badges/vectors/ob2-simple-badge.png``, origin in that
folder's README) and a VC-JWT (EdDSA, did:key) are added to Amina's badges through
``external_credential_upsert``, shown with their status, included in a portfolio, and the CLR
attached to the PDF verifies with the independent JS verifier, each wrapped credential too.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from typing import Any

import jwt
import pypdf
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import badges.fetch
from badges.baking import unbake
from badges.crypto.multibase import ed25519_public_key_to_multikey
from badges.documents import issuer_documents
from badges.fetch import FetchError
from badges.models import CredentialFormat, ExternalCredential, ExternalVerification
from badges.selectors.baked_images import baked_png
from badges.services.awards import award_create
from badges.services.external_credentials import external_credential_upsert
from badges.services.revocation import status_list_credential_signed
from badges.verifier import CheckStatus
from badges.verifier.inputs import verify_document
from portfolios.clr import clr_credential, clr_problems
from portfolios.content import fingerprint
from portfolios.external import ENVELOPE, JWT_DATA_URL, NOT_IN_RECORD, record_form
from portfolios.models import PortfolioItem
from portfolios.models.portfolios import ItemKind
from portfolios.pdf import ATTACHMENT_NAME
from portfolios.pdf.summary import first_page
from portfolios.selectors.choices import portfolio_selection
from portfolios.selectors.portfolios import content_competences, portfolio_content
from portfolios.selectors.releases import release_check
from portfolios.services.portfolios import portfolio_create_default, portfolio_items_set
from portfolios.services.releases import portfolio_release_create
from tests.accounts.factories.users import UserFactory
from tests.badges.conftest import VECTORS, make_credential
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import IssuerFactory, image_upload
from tests.badges.test_js_verifier import _tamper, js_verify
from tests.community.factories.initiatives import InitiativeFactory
from tests.conftest import login
from tests.portfolios.factories.portfolios import PortfolioScene, build_portfolio_scene
from tests.portfolios.factories.shares import share_make

pytestmark = pytest.mark.django_db

OTHER_SITE = "https://jalons.autre-territoire.example"
ISSUED_ELSEWHERE = "Issued by another organisation"


@pytest.fixture
def sites(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """url → JSON document "the internet" answers (anything else is unreachable)."""
    documents: dict[str, Any] = {}

    def http_get(url: str, *, accept: str, max_bytes: int, deadline: float) -> Any:
        if url in documents:
            return 200, "application/json", json.dumps(documents[url]).encode(), None
        raise FetchError("unreachable in tests", code="dns")

    monkeypatch.setattr(badges.fetch, "_http_get", http_get)
    return documents


@dataclass
class Elsewhere:
    """Amina's three badges from elsewhere, and what a verifier needs for each."""

    baked: ExternalCredential  # from another Jalons instance (baked PNG)
    ob2: ExternalCredential  # 1EdTech's OB 2.0 baked PNG (hosted: cannot be checked offline)
    jwt: ExternalCredential  # a VC-JWT signed by a did:key issuer
    baked_documents: dict[str, Any]  # the other instance's issuer, key and status list


def other_jalons_baked_png(settings: Any) -> tuple[bytes, dict[str, Any]]:
    """A badge issued, signed and baked by this project's code running as another instance
    (another site address, its own issuer and keys), and the documents that site publishes."""
    here = settings.SITE_URL
    settings.SITE_URL = OTHER_SITE
    try:
        leader = UserFactory(email="claire@autre-territoire.example")
        initiative = InitiativeFactory(
            name="Fablab de Chenôve", slug="fablab-chenove", leader=leader
        )
        issuer = IssuerFactory(initiative=initiative, name="Fablab de Chenôve")
        badge_class = badge_class_add(
            issuer,
            name="Réparer un appareil",
            slug="reparer-un-appareil",
            description="Diagnostique et répare un petit appareil électrique.",
            image=image_upload(),
        )
        award = award_create(
            badge_class=badge_class, by=leader, email="amina.diallo@autre-territoire.example"
        )
        png = baked_png(badge_class, json.dumps(award.credential), version="ob3")
        documents = issuer_documents(issuer)
        status_list = award.status_entry.status_list
        documents[status_list.url] = status_list_credential_signed(status_list=status_list)
    finally:
        settings.SITE_URL = here
    return png, documents


def did_key_vc_jwt() -> tuple[str, str]:
    """A VC-JWT (OB 3.0 ``vc`` claim, EdDSA) of a did:key issuer: (token, credential id)."""
    private = ed25519.Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    key = ed25519_public_key_to_multikey(raw)
    did = f"did:key:{key}"
    credential = make_credential(did)
    credential["id"] = "urn:uuid:6f1d2a58-3c0e-4b7a-9d41-2e5f7a8b9c10"
    credential["issuer"]["name"] = "Les Compagnons du Numérique"
    credential["name"] = credential["credentialSubject"]["achievement"]["name"] = (
        "Accompagner au numérique"
    )
    claims = {"vc": credential, "iss": did, "jti": credential["id"], "nbf": 1795770000}
    token = jwt.encode(claims, private, algorithm="EdDSA", headers={"kid": f"{did}#{key}"})
    return token, credential["id"]


def add_elsewhere(owner: Any, settings: Any, sites: dict[str, Any]) -> Elsewhere:
    png, documents = other_jalons_baked_png(settings)
    sites.update(documents)
    unbaked = unbake(png)
    assert unbaked is not None
    baked, _ = external_credential_upsert(
        owner=owner,
        original=unbaked.payload,
        format=CredentialFormat.JSON,
        credential_id=json.loads(unbaked.payload)["id"],
    )
    ob2_unbaked = unbake((VECTORS / "ob2-simple-badge.png").read_bytes())
    assert ob2_unbaked is not None and ob2_unbaked.version == "ob2"
    # The badges side stores an OB 2.0 assertion with its own format once it has one.
    ob2_format = "ob2" if "ob2" in CredentialFormat.values else CredentialFormat.JSON
    ob2, _ = external_credential_upsert(
        owner=owner,
        original=ob2_unbaked.payload,
        format=ob2_format,
        credential_id=json.loads(ob2_unbaked.payload)["id"],
    )
    token, token_id = did_key_vc_jwt()
    signed, _ = external_credential_upsert(
        owner=owner, original=token, format=CredentialFormat.JWT, credential_id=token_id
    )
    return Elsewhere(baked=baked, ob2=ob2, jwt=signed, baked_documents=documents)


@pytest.fixture
def scene(default_framework, volunteer, leader) -> PortfolioScene:
    s = build_portfolio_scene(default_framework, owner=volunteer, leader=leader, language="en")
    s.portfolio.language = "en"
    s.portfolio.save(update_fields=["language"])
    return s


@pytest.fixture
def elsewhere(scene, settings, sites) -> Elsewhere:
    return add_elsewhere(scene.owner, settings, sites)


def _edit_url(scene: PortfolioScene) -> str:
    return reverse("portfolios:portfolio_edit", kwargs={"uuid": scene.portfolio.uuid})


def _choose(client: Any, scene: PortfolioScene, chosen: list[ExternalCredential]) -> Any:
    data: dict[str, str] = {
        "title": "My portfolio",
        "target": "",
        "statement": "",
        "language": "en",
    }
    for position, award in enumerate(scene.awards, start=1):
        data[f"award_{award.pk}"] = "on"
        data[f"award_{award.pk}_position"] = str(position)
    for position, held in enumerate(chosen, start=1):
        data[f"external_{held.pk}"] = "on"
        data[f"external_{held.pk}_position"] = str(position)
    return client.post(_edit_url(scene), data)


def _pdf_attachments(pdf: bytes) -> dict[str, bytes]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {name: data[0] for name, data in reader.attachments.items()}


# --- acceptance 3 -----------------------------------------------------------------------


@pytest.mark.js
def test_three_badges_from_elsewhere_go_in_the_portfolio_and_the_pdfs_clr_verifies(
    client, english, scene, elsewhere, tmp_path
):
    # Added to Amina's badges with their status: checked, or could not be checked (OB 2.0
    # hosted on a site that does not answer).
    assert elsewhere.baked.verification_status == ExternalVerification.VALID
    assert elsewhere.baked.issuer_name == "Fablab de Chenôve"
    assert elsewhere.jwt.verification_status == ExternalVerification.VALID
    assert elsewhere.ob2.verification_status == ExternalVerification.NOT_CHECKED

    # The editor offers them with their issuer and status; she includes the three.
    login(client, scene.owner)
    form = client.get(_edit_url(scene)).content.decode()
    assert "Badges from other organisations" in form
    assert "Fablab de Chenôve – Checked: valid" in form
    assert "Could not be checked" in form
    chosen = [elsewhere.baked, elsewhere.jwt, elsewhere.ob2]
    assert _choose(client, scene, chosen).status_code == 302
    assert portfolio_selection(portfolio=scene.portfolio)["external_badges"] == [
        held.pk for held in chosen
    ]

    # Her page marks each "issued by another organisation", with issuer and status.
    page = client.get(scene.portfolio.get_absolute_url()).content.decode()
    assert page.count(ISSUED_ELSEWHERE) == 3
    assert "Réparer un appareil" in page and "Accompagner au numérique" in page
    assert page.count("Checked: valid") == 2 and page.count("Could not be checked") == 1

    # The release: the PDF says it, the CLR is attached, the OB 2.0 original beside it.
    release = portfolio_release_create(portfolio=scene.portfolio)
    pdf = release.pdf.read()
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert text.count(ISSUED_ELSEWHERE) == 3
    assert "Fablab de Chenôve" in text and "Les Compagnons du Numérique" in text
    attachments = _pdf_attachments(pdf)
    assert set(attachments) == {ATTACHMENT_NAME, "badge-elsewhere-3.json"}
    assert attachments["badge-elsewhere-3.json"].decode() == elsewhere.ob2.original
    clr = json.loads(attachments[ATTACHMENT_NAME])
    assert clr == release.clr
    assert clr_problems(clr) == []

    # Wrapped unchanged: the Jalons badges, the other instance's credential as received, the
    # VC-JWT byte for byte in a VC 2.0 envelope; the OB 2.0 assertion is not a VC.
    wrapped = clr["credentialSubject"]["verifiableCredential"]
    assert wrapped[: len(scene.awards)] == [award.credential for award in scene.awards]
    baked, envelope = wrapped[len(scene.awards) :]
    assert baked == json.loads(elsewhere.baked.original)
    assert envelope == {
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": JWT_DATA_URL + elsewhere.jwt.original,
        "type": "EnvelopedVerifiableCredential",
    }

    # The independent JS verifier: the CLR, each wrapped credential; tampered copies fail.
    territory = issuer_documents(scene.territory)
    checks = [
        (clr, territory),
        (baked, elsewhere.baked_documents),
        (envelope, {}),
        (_tamper(clr, "Fablab de Chen", "Fablab de Chan"), territory),
        (_tamper(baked, "Fablab de Chen", "Fablab de Chan"), elsewhere.baked_documents),
        (_forged_envelope(envelope), {}),
    ]
    whole, inner, enveloped, *tampered = js_verify(checks, tmp_path)
    assert whole["verified"] is True, whole
    assert inner["verified"] is True, inner
    assert enveloped["verified"] is True, enveloped
    assert [answer["verified"] for answer in tampered] == [False, False, False], tampered

    # The project's own verifier reads the CLR too: each wrapped credential is checked.
    report = verify_document(clr)
    credential_checks = [check for check in report.checks if check.key.startswith("credential-")]
    assert len(credential_checks) == len(wrapped)
    assert {check.status for check in credential_checks} == {CheckStatus.PASSED}, [
        (check.label, check.detail) for check in credential_checks
    ]


def _forged_envelope(envelope: dict[str, Any]) -> dict[str, Any]:
    header, payload, signature = envelope["id"][len(JWT_DATA_URL) :].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["vc"]["name"] = "Autre badge"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return {**envelope, "id": f"{JWT_DATA_URL}{header}.{forged}.{signature}"}


# --- releases freeze what they showed ---------------------------------------------------


def test_a_release_keeps_the_original_after_she_removes_the_badge(scene, elsewhere):
    portfolio_items_set(
        portfolio=scene.portfolio,
        by=scene.owner,
        awards=scene.awards,
        external_badges=[elsewhere.baked, elsewhere.jwt],
    )
    release = portfolio_release_create(portfolio=scene.portfolio)
    frozen = json.dumps(release.clr, sort_keys=True)
    elsewhere.baked.delete()
    assert not PortfolioItem.objects.filter(kind=ItemKind.EXTERNAL, external_id=None).exists()
    assert [line.name for line in portfolio_content(portfolio=scene.portfolio).external_badges] == [
        "Accompagner au numérique"
    ]
    release.refresh_from_db()
    assert json.dumps(release.clr, sort_keys=True) == frozen
    assert (
        json.loads(elsewhere.baked.original)
        in release.clr["credentialSubject"]["verifiableCredential"]
    )
    check = release_check(release=release)
    assert check.ok and check.newer_exists
    # Its own badges are checked here; the two of other organisations are named apart.
    assert len(check.badges) == len(scene.awards) and check.elsewhere == 2


def test_the_content_changes_when_the_original_changes(scene, elsewhere):
    before = fingerprint(portfolio_content(portfolio=scene.portfolio))
    portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, external_badges=[elsewhere.jwt])
    chosen = fingerprint(portfolio_content(portfolio=scene.portfolio))
    assert chosen != before
    token, _ = did_key_vc_jwt()
    ExternalCredential.objects.filter(pk=elsewhere.jwt.pk).update(original=token)
    assert fingerprint(portfolio_content(portfolio=scene.portfolio)) != chosen


# --- what can be chosen -----------------------------------------------------------------


def test_an_invalid_badge_is_not_offered_and_refused(client, scene, elsewhere):
    ExternalCredential.objects.filter(pk=elsewhere.jwt.pk).update(
        verification_status=ExternalVerification.INVALID
    )
    login(client, scene.owner)
    form = client.get(_edit_url(scene)).content.decode()
    assert f'name="external_{elsewhere.jwt.pk}"' not in form
    assert f'name="external_{elsewhere.baked.pk}"' in form
    with pytest.raises(ValidationError):
        portfolio_items_set(
            portfolio=scene.portfolio, by=scene.owner, external_badges=[elsewhere.jwt]
        )


def test_a_badge_that_fails_a_later_check_is_shown_marked_and_left_out_of_the_clr(
    client, english, scene, elsewhere
):
    portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, external_badges=[elsewhere.jwt])
    ExternalCredential.objects.filter(pk=elsewhere.jwt.pk).update(
        verification_status=ExternalVerification.INVALID
    )
    content = portfolio_content(portfolio=scene.portfolio)
    [line] = content.external_badges
    assert line.status == "invalid" and line.record == NOT_IN_RECORD
    clr = clr_credential(
        content,
        competences=content_competences(content=content),
        issuer=scene.territory,
        credential_id="https://testserver/clr.json",
        recipient_email=scene.owner.email,
        salt="00",
    )
    assert JWT_DATA_URL not in json.dumps(clr)
    login(client, scene.owner)
    page = client.get(scene.portfolio.get_absolute_url()).content.decode()
    assert ISSUED_ELSEWHERE in page and "Checked: not valid" in page


def test_another_persons_badge_is_refused(scene, elsewhere, outsider):
    theirs, _ = external_credential_upsert(
        owner=outsider,
        original=elsewhere.jwt.original,
        format=CredentialFormat.JWT,
        credential_id=elsewhere.jwt.credential_id,
    )
    with pytest.raises(PermissionDenied):
        portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, external_badges=[theirs])
    # Even an item pointing to it shows nothing of it.
    PortfolioItem.objects.create(portfolio=scene.portfolio, kind=ItemKind.EXTERNAL, external=theirs)
    assert portfolio_content(portfolio=scene.portfolio).external_badges == []


def test_an_api_edit_that_does_not_name_them_keeps_them(scene, elsewhere):
    portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, external_badges=[elsewhere.jwt])
    portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, awards=scene.awards[:1])
    assert portfolio_selection(portfolio=scene.portfolio)["external_badges"] == [elsewhere.jwt.pk]


def test_the_api_reads_and_chooses_badges_from_elsewhere(client, scene, elsewhere, outsider):
    """``GET /api/v1/portfolios/<uuid>/`` lists them (items and content); ``PUT …/items/``
    with ``external_badges`` chooses them, in order; left out, they stay; one that failed
    its check, or someone else's, answers 400 naming it and changes nothing."""
    detail = reverse("portfolios_api:portfolio_detail", kwargs={"uuid": scene.portfolio.uuid})
    items = reverse("portfolios_api:portfolio_items", kwargs={"uuid": scene.portfolio.uuid})
    login(client, scene.owner)
    chosen = [str(elsewhere.jwt.uuid), str(elsewhere.baked.uuid)]
    response = client.put(items, {"external_badges": chosen}, content_type="application/json")
    assert response.status_code == 200
    body = client.get(detail).json()
    assert [item["uuid"] for item in body["items"] if item["kind"] == "external"] == chosen
    lines = body["content"]["external_badges"]
    assert [line["external_badge"] for line in lines] == chosen
    assert [line["in_record"] for line in lines] == [True, True]
    assert body["content"]["counts"]["external_badges"] == 2
    assert client.put(items, {"awards": []}, content_type="application/json").status_code == 200
    assert portfolio_selection(portfolio=scene.portfolio)["external_badges"] == [
        elsewhere.jwt.pk,
        elsewhere.baked.pk,
    ]
    ExternalCredential.objects.filter(pk=elsewhere.ob2.pk).update(
        verification_status=ExternalVerification.INVALID
    )
    theirs, _ = external_credential_upsert(
        owner=outsider,
        original=elsewhere.jwt.original,
        format=CredentialFormat.JWT,
        credential_id=elsewhere.jwt.credential_id,
    )
    for refused in (elsewhere.ob2, theirs):
        response = client.put(
            items, {"external_badges": [str(refused.uuid)]}, content_type="application/json"
        )
        assert response.status_code == 400
        assert str(refused.uuid) in response.json()["external_badges"][0]
    assert len(portfolio_selection(portfolio=scene.portfolio)["external_badges"]) == 2


def test_the_portfolio_proposed_in_one_click_takes_those_that_passed_their_check(scene, elsewhere):
    assert (elsewhere.baked.verification_status, elsewhere.jwt.verification_status) == (
        ExternalVerification.VALID,
        ExternalVerification.VALID,
    )
    assert elsewhere.ob2.verification_status == ExternalVerification.NOT_CHECKED
    portfolio = portfolio_create_default(owner=scene.owner)
    assert sorted(portfolio_selection(portfolio=portfolio)["external_badges"]) == sorted(
        [elsewhere.baked.pk, elsewhere.jwt.pk]
    )
    # The PDF's first page says there are two more, listed with the details.
    assert first_page(portfolio_content(portfolio=portfolio)).elsewhere == 2


def test_record_forms():
    token, _ = did_key_vc_jwt()
    assert record_form(original=token, format="jwt", status="valid") == ENVELOPE
    assert record_form(original=token, format="jwt", status="invalid") == NOT_IN_RECORD
    vc1 = json.dumps({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": "x"})
    assert record_form(original=vc1, format="json", status="valid") == NOT_IN_RECORD
    unknown = make_credential()
    unknown["@context"].append("https://example.org/unknown-context.json")
    assert record_form(original=json.dumps(unknown), format="json", status="valid") == ""


# --- owner / peer / outsider, shared page, workspace, query counts ------------------------


@pytest.mark.parametrize("persona", ["leader", "outsider", "advisor"])
def test_others_cannot_choose_her_badges(client, scene, elsewhere, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(_edit_url(scene)).status_code == 404
    assert _choose(client, scene, [elsewhere.jwt]).status_code == 404
    assert portfolio_selection(portfolio=scene.portfolio)["external_badges"] == []


def test_anonymous_is_sent_to_log_in(client, scene, elsewhere):
    response = _choose(client, scene, [elsewhere.jwt])
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert portfolio_selection(portfolio=scene.portfolio)["external_badges"] == []


def _many(owner: Any, count: int) -> list[ExternalCredential]:
    held = []
    for number in range(count):
        token, _ = did_key_vc_jwt()
        credential, _ = external_credential_upsert(
            owner=owner, original=token, format="jwt", credential_id=f"urn:uuid:many-{number}"
        )
        held.append(credential)
    return held


def test_shared_page_and_workspace_show_them_in_constant_queries(
    client, english, scene, advisor, count_queries, sites
):
    held = _many(scene.owner, 10)
    portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, external_badges=held[:1])
    share, token = share_make(scene.portfolio, recipient_email=advisor.email)
    shared = reverse("portfolios:shared_view", kwargs={"token": token})
    workspace = reverse("portfolios:advisor_workspace")
    advisor_page = reverse("portfolios:advisor_portfolio", kwargs={"uuid": share.uuid})
    page = client.get(shared).content.decode()
    assert page.count(ISSUED_ELSEWHERE) == 1 and "Checked: valid" in page
    login(client, advisor)
    assert "Also 1 badge issued by another organisation" in client.get(workspace).content.decode()
    assert client.get(advisor_page).content.decode().count(ISSUED_ELSEWHERE) == 1
    client.logout()
    login(client, scene.owner)
    own = scene.portfolio.get_absolute_url()
    one = {path: count_queries(client, path) for path in (own, _edit_url(scene))}
    client.logout()
    one[shared] = count_queries(client, shared)
    login(client, advisor)
    one[workspace] = count_queries(client, workspace)
    one[advisor_page] = count_queries(client, advisor_page)

    portfolio_items_set(portfolio=scene.portfolio, by=scene.owner, external_badges=held)
    client.logout()
    login(client, scene.owner)
    ten = {path: count_queries(client, path) for path in (own, _edit_url(scene))}
    assert client.get(own).content.decode().count(ISSUED_ELSEWHERE) == 10
    client.logout()
    ten[shared] = count_queries(client, shared)
    login(client, advisor)
    ten[workspace] = count_queries(client, workspace)
    ten[advisor_page] = count_queries(client, advisor_page)
    assert "Also 10 badges issued by other organisations" in client.get(workspace).content.decode()
    assert ten == one
