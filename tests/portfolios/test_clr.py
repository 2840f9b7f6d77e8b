"""The CLR 2.0 ClrCredential of a portfolio: its shape, the badges it wraps unchanged, its
achievements and associations; signed, it verifies with the Python verifier and the
independent JS verifier (as does 1EdTech's CLR test vector); one changed character fails."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from badges.crypto.data_integrity import key_from_verification_method, verify
from badges.crypto.documents import verifier_documents
from badges.crypto.loader import bundled_contexts
from badges.documents import issuer_documents
from badges.models import Award, SigningKey
from badges.services.awards import award_create
from badges.services.issuers import issuer_sign
from badges.services.revocation import award_revoke, status_list_credential_signed
from competences.exchange.case_common import case_uri
from portfolios.clr import CLR_CONTEXT, clr_credential, clr_problems
from portfolios.models import PortfolioItem
from portfolios.models.portfolios import ItemKind
from portfolios.selectors.portfolios import content_competences, portfolio_content
from tests.badges.conftest import VECTOR_ISSUER, VECTOR_KEY, load_vector
from tests.badges.factories.badge_classes import badge_class_add
from tests.badges.factories.issuers import image_upload
from tests.badges.test_js_verifier import _tamper, js_verify
from tests.portfolios.factories.portfolios import PortfolioScene, build_portfolio_scene

CLR_ID = "http://testserver/portfolios/releases/3f1c2b9e-8d41-4f7e-a0c2-5b6d7e8f9a01/clr.json"
SALT = "0123456789abcdef"


def clr_scene(version: Any) -> PortfolioScene:
    """P1's portfolio scene plus a third badge whose rule is the first competence."""
    s = build_portfolio_scene(version)
    ruled = badge_class_add(
        s.issuer,
        name="Accueillir avec méthode",
        slug=f"accueillir-methode-{s.owner.pk}",
        description="Accueille le public avec méthode.",
        image=image_upload(),
        rules=({"competence": s.competences[0], "min_level": 2},),
    )
    award = award_create(badge_class=ruled, by=s.leader, email=s.owner.email, recipient=s.owner)
    PortfolioItem.objects.create(
        portfolio=s.portfolio, kind=ItemKind.BADGE, award=award, position=len(s.awards)
    )
    s.badges.append(ruled)
    s.awards.append(award)
    return s


def resolver(*issuers: Any):
    keys = {
        key.verification_method_id: key.public_key_multibase
        for key in SigningKey.objects.filter(issuer__in=issuers).select_related("issuer")
    }
    return keys.get


def inner_documents(award: Award) -> dict[str, Any]:
    """What the JS verifier needs for a badge: its issuer's documents and its status list."""
    documents = issuer_documents(award.badge_class.issuer)
    status_list = award.status_entry.status_list
    documents[status_list.url] = status_list_credential_signed(status_list=status_list)
    return documents


@pytest.fixture
def scene(default_framework) -> PortfolioScene:
    return clr_scene(default_framework)


@pytest.fixture
def unsigned(scene) -> dict[str, Any]:
    content = portfolio_content(portfolio=scene.portfolio)
    return clr_credential(
        content,
        competences=content_competences(content=content),
        issuer=scene.territory,
        credential_id=CLR_ID,
        recipient_email=scene.owner.email,
        salt=SALT,
    )


# --- the CLR context and the test vector ----------------------------------------------


def test_the_clr_context_is_bundled_from_the_shared_standards():
    assert CLR_CONTEXT in bundled_contexts()
    assert "ClrSubject" in bundled_contexts()[CLR_CONTEXT]["@context"]


def test_the_clr_vector_verifies_in_python():
    clr = load_vector("clr2-signed-credential.json")
    assert verify(clr, resolve_key=key_from_verification_method).verified
    tampered = _tamper(clr, "Sample Transcript", "Sample Transcripts")
    assert not verify(tampered, resolve_key=key_from_verification_method).verified


@pytest.mark.js
def test_the_clr_vector_and_its_inner_credential_verify_with_the_js_verifier(tmp_path):
    clr = load_vector("clr2-signed-credential.json")
    documents = verifier_documents(VECTOR_ISSUER, [VECTOR_KEY])
    [inner] = clr["credentialSubject"]["verifiableCredential"]
    whole, wrapped, tampered = js_verify(
        [
            (clr, documents),
            (inner, documents),
            (_tamper(clr, "Sample Transcript", "Sample Transcripts"), documents),
        ],
        tmp_path,
    )
    assert whole["verified"] is True, whole
    assert wrapped["verified"] is True, wrapped
    assert tampered["verified"] is False


# --- the unsigned document -------------------------------------------------------------


def test_shape_required_fields_and_partial(unsigned, scene):
    assert clr_problems(unsigned) == []
    assert unsigned["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        CLR_CONTEXT,
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]
    assert unsigned["id"] == CLR_ID
    assert unsigned["type"] == ["VerifiableCredential", "ClrCredential"]
    assert unsigned["issuer"]["id"] == scene.territory.id_url
    assert unsigned["issuer"]["type"] == ["Profile"]
    assert unsigned["name"] == scene.portfolio.title
    assert unsigned["description"] == scene.portfolio.target
    assert unsigned["partial"] is True
    # The official CLR 2.0 schema, by its address (#17).
    assert unsigned["credentialSchema"] == [
        {
            "id": "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/"
            "clr_v2p0_clrcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]


def test_the_owner_is_identified_by_a_salted_hash_only(unsigned, scene):
    [identity] = unsigned["credentialSubject"]["identifier"]
    digest = hashlib.sha256(f"{scene.owner.email}{SALT}".encode()).hexdigest()
    assert identity == {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": SALT,
    }
    assert scene.owner.email not in json.dumps(unsigned)
    assert unsigned["credentialSubject"]["type"] == ["ClrSubject"]


def test_badges_are_wrapped_byte_for_byte(unsigned, scene):
    wrapped = unsigned["credentialSubject"]["verifiableCredential"]
    assert len(wrapped) == 3
    for credential, award in zip(wrapped, scene.awards, strict=True):
        award.refresh_from_db()
        assert json.dumps(credential, sort_keys=True) == json.dumps(
            award.credential, sort_keys=True
        )
        assert credential == award.credential


def test_a_revoked_badge_is_left_out(scene):
    award_revoke(award=scene.awards[0], by=scene.leader, reason="Erreur de saisie.")
    content = portfolio_content(portfolio=scene.portfolio)
    document = clr_credential(
        content,
        competences=content_competences(content=content),
        issuer=scene.territory,
        credential_id=CLR_ID,
        recipient_email=scene.owner.email,
        salt=SALT,
    )
    ids = [c["id"] for c in document["credentialSubject"]["verifiableCredential"]]
    assert scene.awards[0].ob3_url not in ids
    assert ids == [scene.awards[1].ob3_url, scene.awards[2].ob3_url]


def test_one_competency_achievement_per_competence_and_one_per_domain(unsigned, scene):
    achievements = unsigned["credentialSubject"]["achievement"]
    competences = [a for a in achievements if a["achievementType"] == "Competency"]
    domains = [a for a in achievements if a["achievementType"] == "ext:CompetenceDomain"]
    assert len(competences) == 3 and len(domains) == 2
    first = scene.competences[0]
    node = next(a for a in competences if a["humanCode"] == first.code)
    assert node["id"] == f"http://testserver{first.get_absolute_url()}"
    assert node["type"] == ["Achievement"]
    assert node["name"] == (first.title_fr or first.title_en)
    # the leader endorsed it at level 3
    assert "3" in node["description"] and "3" in node["criteria"]["narrative"]
    cfitem, *external = node["alignment"]
    assert cfitem["targetType"] == "CFItem"
    assert cfitem["targetCode"] == str(first.uuid)
    assert cfitem["targetUrl"] == f"http://testserver/ims/case/v1p1/CFItems/{first.uuid}"
    esco = [a for a in external if a["targetUrl"].startswith("http://data.europa.eu/esco/")]
    assert esco and esco[0]["targetType"] == "ext:ESCOSkill"
    domain_ids = {d["id"] for d in domains}
    assert case_uri("CFItems", first.domain.uuid) in domain_ids


def test_associations_child_of_domains_and_badges_related_to_competences(unsigned, scene):
    associations = unsigned["credentialSubject"]["association"]
    children = [a for a in associations if a["associationType"] == "isChildOf"]
    assert len(children) == 3
    first = scene.competences[0]
    competence_id = f"http://testserver{first.get_absolute_url()}"
    assert {
        "type": "Association",
        "associationType": "isChildOf",
        "sourceId": competence_id,
        "targetId": case_uri("CFItems", first.domain.uuid),
    } in children
    related = [a for a in associations if a["associationType"] == "isRelatedTo"]
    assert related == [
        {
            "type": "Association",
            "associationType": "isRelatedTo",
            "sourceId": scene.badges[2].id_url,
            "targetId": competence_id,
        }
    ]


def test_texts_follow_the_portfolio_language(default_framework):
    s = build_portfolio_scene(default_framework, language="en")
    content = portfolio_content(portfolio=s.portfolio)
    document = clr_credential(
        content,
        competences=content_competences(content=content),
        issuer=s.territory,
        credential_id=CLR_ID,
        recipient_email="a@b.org",
        salt=SALT,
    )
    competence = next(
        a
        for a in document["credentialSubject"]["achievement"]
        if a["humanCode"] == s.competences[0].code
    )
    assert competence["name"] == (s.competences[0].title_en or s.competences[0].title_fr)
    assert "Endorsed level" in competence["criteria"]["narrative"]


def test_clr_problems_reports_what_is_missing(unsigned):
    broken = json.loads(json.dumps(unsigned))
    del broken["validFrom"]
    broken["credentialSubject"]["association"][0]["targetId"] = "urn:nowhere"
    problems = clr_problems(broken)
    assert "missing validFrom" in problems
    assert any("urn:nowhere" in problem for problem in problems)


# --- signed -----------------------------------------------------------------------------


@pytest.fixture
def signed(unsigned, scene) -> dict[str, Any]:
    return issuer_sign(issuer=scene.territory, document=unsigned)


def test_signed_by_the_territory_it_verifies_in_python_and_a_changed_character_fails(signed, scene):
    assert verify(signed, resolve_key=resolver(scene.territory)).verified
    tampered = _tamper(signed, scene.portfolio.target, scene.portfolio.target + "!")
    result = verify(tampered, resolve_key=resolver(scene.territory))
    assert not result.verified
    # each wrapped credential keeps its own proof
    for credential in signed["credentialSubject"]["verifiableCredential"]:
        assert verify(credential, resolve_key=resolver(scene.issuer)).verified


@pytest.mark.js
def test_signed_it_verifies_with_the_js_verifier_and_so_does_each_badge(signed, scene, tmp_path):
    documents = issuer_documents(scene.territory)
    checks = [(signed, documents)]
    for award in scene.awards:
        award.refresh_from_db()
        checks.append((award.credential, inner_documents(award)))
    checks.append((_tamper(signed, scene.portfolio.title, scene.portfolio.title + "."), documents))
    *answers, tampered = js_verify(checks, tmp_path)
    for answer in answers:
        assert answer["verified"] is True, answer
    assert tampered["verified"] is False
