"""Revoking an award: who may, the reason, and what verifiers (Python and JS) then report."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from badges.crypto.data_integrity import verify
from badges.documents import issuer_documents
from badges.models import Award
from badges.services.revocation import award_revoke, status_list_credential_signed
from badges.verification import credential_status_check
from tests.badges.factories.issuers import other_initiative_leader
from tests.badges.factories.revocation import award_add, key_resolver, setting
from tests.badges.test_js_verifier import VERIFIER, _node

pytestmark = pytest.mark.django_db

REASON = "Attribué par erreur."


@pytest.fixture(autouse=True)
def english():
    """The status check's messages are compared in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def s():
    return setting()


@pytest.fixture
def award(s):
    return award_add(s)


def test_issuer_staff_revoke_with_a_reason(s, award):
    award_revoke(award=award, by=s.leader, reason=f"  {REASON} ")
    award.refresh_from_db()
    assert award.is_revoked and award.revocation_reason == REASON


@pytest.mark.parametrize("who", ["other_leader", "member"])
def test_others_may_not_revoke(s, award, who):
    user = other_initiative_leader() if who == "other_leader" else s.member
    with pytest.raises(PermissionDenied):
        award_revoke(award=award, by=user, reason=REASON)
    assert not Award.objects.get(pk=award.pk).is_revoked


def test_the_reason_is_required_and_revoking_twice_is_refused(s, award):
    with pytest.raises(ValidationError) as error:
        award_revoke(award=award, by=s.leader, reason="   ")
    assert "reason" in error.value.message_dict
    award_revoke(award=award, by=s.leader, reason=REASON)
    first = Award.objects.get(pk=award.pk).revoked_at
    with pytest.raises(ValidationError) as error:
        award_revoke(award=Award.objects.get(pk=award.pk), by=s.leader, reason="Encore.")
    assert error.value.code == "already_revoked"
    again = Award.objects.get(pk=award.pk)
    assert again.revoked_at == first and again.revocation_reason == REASON


def test_the_revoke_page(client, s, award):
    url = f"/badges/awards/{award.uuid}/revoke/"
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(s.member)
    assert client.post(url, {"reason": REASON}).status_code == 403
    client.force_login(other_initiative_leader())
    assert client.get(url).status_code == 403
    client.force_login(s.leader)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200
    assert not Award.objects.get(pk=award.pk).is_revoked
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == f"/badges/awards/{award.uuid}"
    assert Award.objects.get(pk=award.pk).revocation_reason == REASON
    again = client.post(url, {"reason": REASON})
    assert again.status_code == 200
    assert "déjà été révoqué" in again.content.decode()  # French, the default language
    assert (
        client.get("/badges/awards/00000000-0000-0000-0000-000000000000/revoke/").status_code == 404
    )


def test_the_json_keeps_serving_the_credential_after_revocation(client, s, award):
    award_revoke(award=award, by=s.leader, reason=REASON)
    response = client.get(award.ob3_path)
    assert response.status_code == 200
    assert response.json()["id"] == award.ob3_url


def test_python_verify_and_status_check_report_revoked(s, award):
    credential = award.credential
    assert verify(credential, resolve_key=key_resolver(s.issuer)).verified
    assert credential_status_check(credential) == (True, "The badge has not been revoked.")
    award_revoke(award=award, by=s.leader, reason=REASON)
    # The proof still verifies (the credential did not change); its status does not.
    assert verify(credential, resolve_key=key_resolver(s.issuer)).verified
    ok, message = credential_status_check(credential)
    assert not ok and "revoked" in message


def test_the_status_check_only_trusts_this_platform(s, award):
    foreign = json.loads(
        json.dumps(award.credential).replace("http://testserver/", "https://evil.example/")
    )
    ok, message = credential_status_check(foreign)
    assert not ok and "platform" in message
    without = {k: v for k, v in award.credential.items() if k != "credentialStatus"}
    assert credential_status_check(without)[0] is True
    other_type = {**award.credential, "credentialStatus": {"id": "x", "type": "Other"}}
    assert credential_status_check(other_type)[0] is False
    # A credential naming another issuer than the list's is refused.
    stranger = {**award.credential, "issuer": {"id": "https://elsewhere.example/i"}}
    ok, message = credential_status_check(stranger)
    assert not ok and "issuer" in message


@pytest.mark.js
def test_the_js_verifier_reports_revoked_after_revocation(s, award, tmp_path):
    node = _node()
    status_list = award.status_entry.status_list
    documents = issuer_documents(s.issuer)
    before = {
        **documents,
        status_list.url: status_list_credential_signed(status_list=status_list),
    }
    award_revoke(award=award, by=s.leader, reason=REASON)
    after = {
        **documents,
        status_list.url: status_list_credential_signed(status_list=status_list),
    }
    batch = tmp_path / "checks.json"
    batch.write_text(
        json.dumps(
            [
                {"credential": award.credential, "documents": before},
                {"credential": award.credential, "documents": after},
            ]
        ),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [node, str(VERIFIER), "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    valid, revoked = json.loads(completed.stdout)
    assert valid["verified"] is True, valid
    assert valid["status"][0] == {
        "type": "BitstringStatusListEntry",
        "checked": True,
        "purpose": "revocation",
        "set": False,
    }
    assert revoked["verified"] is False
    assert any("revocation" in error for error in revoked["errors"]), revoked
