"""The verifier's report (badges.verifier): 1EdTech's vector, this platform's awards (valid,
revoked, expired, tampered, forged), recipients, endorsements, other issuers, OB 2.0."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from badges.crypto.data_integrity import sign
from badges.crypto.documents import controller_document
from badges.crypto.keys import generate_key_pair
from badges.endorsements import endorsement_credential
from badges.fetch import fetch_url
from badges.services.issuers import issuer_key_rotate, issuer_sign
from badges.services.revocation import award_revoke
from badges.status_lists import encode_bitstring
from badges.verifier import CheckStatus, VerifierInputError, verify_credential, verify_url
from tests.badges.conftest import VECTOR_KEY, VECTOR_SEED_HEX, load_vector, make_credential
from tests.badges.factories.issuers import IssuerFactory
from tests.badges.factories.revocation import award_add, setting
from tests.badges.fetch_server import Route, local_server, no_dns, treat_loopback_as_public

PASSED, FAILED = CheckStatus.PASSED, CheckStatus.FAILED
NOT_APPLICABLE, NOT_CHECKED = CheckStatus.NOT_APPLICABLE, CheckStatus.NOT_CHECKED
REASON = "Attribué par erreur."
# The report says whether the territory recognises the issuer: that reads the database.
pytestmark = pytest.mark.django_db


def statuses(report) -> dict[str, CheckStatus]:
    return {check.key: check.status for check in report.checks}


def detail(report, key: str) -> str:
    return report.check(key).detail


def unsigned(credential: dict) -> dict:
    return {name: value for name, value in credential.items() if name != "proof"}


# --- 1EdTech's signed test vector -----------------------------------------------------------


def test_the_1edtech_vector_is_reported_correctly_signed(monkeypatch):
    no_dns(monkeypatch)  # example.edu cannot be reached: no internet in tests
    report = verify_credential(load_vector("ob3-signed-credential.json"))
    assert [check.key for check in report.checks] == [
        "schema",
        "proof",
        "issuer_key",
        "status",
        "dates",
        "recipient",
    ]
    assert statuses(report) == {
        "schema": PASSED,
        "proof": PASSED,
        "issuer_key": NOT_CHECKED,
        "status": NOT_APPLICABLE,
        "dates": PASSED,
        "recipient": NOT_APPLICABLE,
    }
    assert "correctly signed" in detail(report, "proof")
    assert VECTOR_KEY in detail(report, "proof")
    # The vector writes its proof as one object (VC Data Integrity allows it): the schema,
    # which wants a list, reads it as a list of one (#17).
    # Its issuer's document cannot be loaded: the key's owner is not confirmed (not failed).
    assert "https://example.edu/issuers/565049" in detail(report, "issuer_key")
    assert "cannot confirm" in detail(report, "issuer_key")
    assert not report.ok and report.verdict == "unverified"
    assert report.summary.version == "ob3"
    assert report.summary.name == "Teamwork Badge"
    assert report.summary.issuer_name == "Example Corp"
    assert report.summary.valid_from == dt.datetime(2010, 1, 1, tzinfo=dt.UTC)


def test_the_vector_with_its_proof_in_a_list_follows_the_schema(monkeypatch, signed_vector):
    no_dns(monkeypatch)
    signed_vector["proof"] = [signed_vector["proof"]]
    report = verify_credential(signed_vector)
    assert statuses(report)["schema"] == PASSED
    assert statuses(report)["proof"] == PASSED


def test_a_tampered_copy_of_the_vector_is_rejected(monkeypatch, signed_vector):
    no_dns(monkeypatch)
    tampered = json.loads(json.dumps(signed_vector).replace("Teamwork Badge", "Teamwork Badgf"))
    report = verify_credential(tampered)
    assert statuses(report)["proof"] == FAILED
    assert "changed after signing" in detail(report, "proof")
    assert statuses(report)["issuer_key"] == NOT_CHECKED
    assert report.verdict == "unverified"


def test_a_credential_without_proof_fails_the_proof_check(monkeypatch, signed_vector):
    no_dns(monkeypatch)
    report = verify_credential(unsigned(signed_vector))
    assert statuses(report)["proof"] == FAILED
    assert "no proof" in detail(report, "proof")


# --- An award of this platform --------------------------------------------------------------


@pytest.fixture
def s(db):
    return setting()


@pytest.fixture
def award(s):
    return award_add(s)


def test_an_award_of_this_platform_passes_every_check(award, no_network):
    report = verify_credential(award.credential)
    assert statuses(report) == {
        "schema": PASSED,
        "proof": PASSED,
        "issuer_key": PASSED,
        "status": PASSED,
        "dates": PASSED,
        "recipient": NOT_APPLICABLE,
    }
    assert report.ok and report.verdict == "valid"
    assert report.verdict_text == "This badge is authentic and valid."
    assert award.badge_class.issuer.name in detail(report, "issuer_key")
    assert "not revoked" in detail(report, "status")
    summary = report.summary
    assert summary.name == award.badge_class.name
    assert summary.issuer_name == award.badge_class.issuer.name
    assert summary.issuer_id == award.badge_class.issuer.id_url
    assert summary.credential_id == award.ob3_url
    assert summary.image_url.startswith("http://testserver/badges/classes/")
    assert summary.valid_until == award.expires_at
    assert no_network == []  # this platform's documents come from the database


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("amina@example.org", PASSED),
        ("  Amina@Example.ORG ", PASSED),
        ("someone@example.org", FAILED),
        ("", NOT_APPLICABLE),
    ],
)
def test_the_recipient_is_checked_only_when_an_email_is_given(award, email, expected):
    report = verify_credential(award.credential, email=email)
    assert statuses(report)["recipient"] == expected
    if expected == FAILED:
        assert "not awarded to someone@example.org" in detail(report, "recipient")
        assert report.verdict == "other_recipient"
    else:
        assert report.ok


def test_a_revoked_award_fails_the_status_check_with_date_and_reason(s, award):
    award_revoke(award=award, by=s.leader, reason=REASON)
    report = verify_credential(award.credential)
    assert statuses(report)["status"] == FAILED
    assert statuses(report)["proof"] == PASSED  # the credential itself did not change
    award.refresh_from_db()
    assert REASON in detail(report, "status")
    assert "revoked by its issuer on" in detail(report, "status")
    assert report.revoked and report.verdict == "revoked"
    assert report.verdict_text == "This badge has been revoked by its issuer."


def test_an_expired_award_fails_the_dates_check(award):
    with time_machine.travel(award.expires_at + dt.timedelta(days=2)):
        report = verify_credential(award.credential)
    assert statuses(report)["dates"] == FAILED
    assert "expired on" in detail(report, "dates")
    assert statuses(report)["proof"] == PASSED and statuses(report)["status"] == PASSED
    assert report.verdict == "expired"
    # ``now`` can also be given.
    later = verify_credential(award.credential, now=award.expires_at + dt.timedelta(days=1))
    assert later.status_of("dates") == FAILED
    earlier = verify_credential(award.credential, now=award.issued_at - dt.timedelta(days=1))
    assert earlier.status_of("dates") == FAILED
    assert "only becomes valid" in earlier.check("dates").detail


def test_a_one_character_change_fails_the_proof(award):
    changed = json.loads(json.dumps(award.credential).replace("Trois ateliers", "Trois atelier"))
    report = verify_credential(changed)
    assert statuses(report)["proof"] == FAILED
    assert statuses(report)["schema"] == PASSED
    assert "changed after signing" in detail(report, "proof")
    assert not report.ok and report.verdict == "unverified"


def test_a_schema_failure_is_reported_apart_from_the_signature(s, award):
    broken = unsigned(award.credential)
    del broken["credentialSubject"]["achievement"]["criteria"]
    del broken["credentialSubject"]["achievement"]["description"]
    signed = issuer_sign(issuer=s.issuer, document=broken)
    report = verify_credential(signed)
    assert statuses(report)["schema"] == FAILED
    assert "“criteria” is missing" in detail(report, "schema")
    assert statuses(report)["proof"] == PASSED
    assert statuses(report)["issuer_key"] == PASSED
    assert report.verdict == "unverified"


def test_a_key_not_published_by_the_issuer_fails(s, award):
    seed, public = generate_key_pair()
    forged = sign(
        unsigned(award.credential),
        private_key=seed,
        verification_method=f"{s.issuer.id_url}#{public}",
    )
    report = verify_credential(forged)
    assert statuses(report)["proof"] == PASSED  # signed, but by whom?
    assert statuses(report)["issuer_key"] == FAILED
    assert "not one of the keys" in detail(report, "issuer_key")
    assert not report.ok


def test_a_retired_key_still_verifies(s, award):
    issuer_key_rotate(issuer=s.issuer, by=s.leader)
    assert verify_credential(award.credential).ok


def test_one_valid_proof_among_several_suffices(s, award):
    seed, public = generate_key_pair()
    both = sign(award.credential, private_key=seed, verification_method=f"urn:x#{public}")
    both["proof"][1]["proofValue"] = both["proof"][0]["proofValue"]  # a broken second proof
    report = verify_credential(both)
    assert statuses(report)["proof"] == PASSED
    assert statuses(report)["issuer_key"] == PASSED


# --- Endorsements ---------------------------------------------------------------------------


def _endorsed(s, award, *, tamper: bool = False):
    organisation = IssuerFactory(initiative=None, is_organisation=True, name="Mission locale")
    now = timezone.now().replace(microsecond=0)
    endorsement = issuer_sign(
        issuer=organisation,
        document=endorsement_credential(
            issuer=organisation,
            subject_id=award.credential["credentialSubject"]["achievement"]["id"],
            name="Recommandation",
            comment="Badge reconnu par la mission locale.",
            valid_from=now,
        ),
    )
    if tamper:
        endorsement["credentialSubject"]["endorsementComment"] = "Changé."
    credential = unsigned(award.credential)
    credential["credentialSubject"]["achievement"]["endorsement"] = [endorsement]
    credential["endorsement"] = [copy.deepcopy(endorsement)]
    return issuer_sign(issuer=s.issuer, document=credential)


def test_each_endorsement_is_checked_with_its_endorser(s, award):
    report = verify_credential(_endorsed(s, award))
    keys = [check.key for check in report.checks]
    assert keys[-2:] == ["endorsement-1", "endorsement-2"]
    endorsement = report.check("endorsement-1")
    assert endorsement.status == PASSED
    assert endorsement.label == "Endorsement by Mission locale"
    assert report.ok


def test_a_tampered_endorsement_fails_its_check_only(s, award):
    report = verify_credential(_endorsed(s, award, tamper=True))
    assert statuses(report)["proof"] == PASSED  # the outer badge was signed after
    assert statuses(report)["endorsement-1"] == FAILED
    assert "changed after signing" in detail(report, "endorsement-1")
    assert not report.ok


# --- Issuers of other sites (a local server plays the internet) -----------------------------


@pytest.fixture
def remote(monkeypatch):
    treat_loopback_as_public(monkeypatch)
    with local_server() as server:
        yield server


def _remote_badge(remote, *, index: int = 6, revoked=(5,), publish_key: bool = True):
    issuer = remote.url("/issuers/1")
    seed = bytes.fromhex(VECTOR_SEED_HEX)
    method = f"{issuer}#{VECTOR_KEY}"
    remote.json("/issuers/1", controller_document(issuer, [VECTOR_KEY] if publish_key else []))
    status_url = remote.url("/status/1")
    status_list = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": status_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{status_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(revoked, 131_072),
        },
    }
    remote.json("/status/1", sign(status_list, private_key=seed, verification_method=method))
    credential = make_credential(issuer, schema=True)
    credential["credentialStatus"] = {
        "id": f"{status_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": status_url,
    }
    return sign(credential, private_key=seed, verification_method=method)


NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def test_another_sites_issuer_key_and_status_list_are_fetched_and_checked(remote):
    report = verify_credential(_remote_badge(remote), now=NOW, email="a@example.com")
    assert statuses(report) == {
        "schema": PASSED,
        "proof": PASSED,
        "issuer_key": PASSED,
        "status": PASSED,
        "dates": PASSED,
        "recipient": PASSED,  # sha256("a@example.com" + "Kosher"), the OB 3.0 example
    }
    assert remote.url("/issuers/1") in detail(report, "issuer_key")
    assert report.ok


def test_another_sites_revoked_badge(remote):
    report = verify_credential(_remote_badge(remote, index=5), now=NOW)
    assert statuses(report)["status"] == FAILED
    assert report.verdict == "revoked"


def test_another_sites_key_not_in_the_issuer_document_fails(remote):
    report = verify_credential(_remote_badge(remote, publish_key=False), now=NOW)
    assert statuses(report)["proof"] == PASSED
    assert statuses(report)["issuer_key"] == FAILED
    # Nor is the status list signed by a key the issuer publishes.
    assert statuses(report)["status"] == FAILED


def test_an_unreachable_status_list_could_not_be_checked(remote):
    credential = _remote_badge(remote)
    del remote.routes["/status/1"]
    report = verify_credential(credential, now=NOW)
    assert statuses(report)["status"] == NOT_CHECKED
    assert not report.ok and report.verdict == "unverified"


# --- Open Badges 2.0 ------------------------------------------------------------------------


def test_an_ob2_hosted_assertion_of_this_platform(award, no_network):
    report = verify_url(award.ob2_url, email="amina@example.org")
    assert report.summary.version == "ob2"
    assert statuses(report) == {
        "hosted": PASSED,
        "badge_class": PASSED,
        "issuer": PASSED,
        "origin": PASSED,
        "status": PASSED,
        "dates": PASSED,
        "recipient": PASSED,
    }
    assert report.ok and report.summary.name == award.badge_class.name
    assert report.summary.issuer_name == award.badge_class.issuer.name


def test_a_revoked_ob2_assertion_answers_gone(s, award):
    award_revoke(award=award, by=s.leader, reason=REASON)
    report = verify_url(award.ob2_url)
    assert statuses(report)["status"] == FAILED
    assert REASON in detail(report, "status")
    assert report.verdict == "revoked"


def test_an_ob2_assertion_hosted_elsewhere_than_its_issuer_fails(award, remote):
    hosted = json.loads(fetch_url(award.ob2_url).body)
    copy_url = remote.url("/copy")
    hosted["id"] = copy_url
    remote.json("/copy", hosted)
    report = verify_url(copy_url)
    assert statuses(report)["origin"] == FAILED
    assert not report.ok


def test_an_address_that_is_not_http_is_refused():
    with pytest.raises(VerifierInputError) as error:
        verify_url("ftp://example.org/badge.json")
    assert error.value.code == "refused"


def test_a_web_page_elsewhere_is_not_a_badge(remote):
    remote.routes["/page"] = Route(body=b"<!DOCTYPE html><html></html>", content_type="text/html")
    with pytest.raises(VerifierInputError) as error:
        verify_url(remote.url("/page"))
    assert error.value.code == "web_page"
    assert "web page" in error.value.message


def test_a_badge_at_another_sites_address(remote):
    url = remote.json("/badge.json", _remote_badge(remote))
    report = verify_url(url, now=NOW)
    assert report.ok and report.summary.issuer_id == remote.url("/issuers/1")
