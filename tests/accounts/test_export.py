"""The export of a person's data (#12, acceptance 1): one click prepares a ZIP in the
background, emailed when ready, downloaded by its owner only until its link expires, then
purged; also through the API.

The end-to-end test exports Amina's data (``tests/accounts/factories/personal_data.py``): the
ZIP holds each part, every badge in it verifies with the independent JavaScript verifier, and
nothing about another person is in it beyond what Amina saw (an endorser's public name).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import data_rights
from accounts.data_rights import DataPart, retention_rules
from accounts.models import DataExport, ExportStatus, User
from accounts.services.export_run import data_export_build, data_export_run
from accounts.services.exports import data_export_purge, data_export_request
from badges.baking import unbake
from badges.documents import issuer_documents
from badges.models import AwardProposal
from badges.ob2 import ob2_assertion_json
from badges.services.badge_classes import badge_class_create
from badges.services.bulk import bulk_award_start
from badges.services.endorsements import badge_class_endorse
from badges.services.issuers import organisation_issuer_create
from badges.services.proposals import award_proposal_decline
from badges.services.recognition import recognition_grant
from community.models import EndorsementRequest, Initiative, Role
from community.services.joining import (
    invitation_create,
    join_request_create,
    join_request_refuse,
)
from competences.services.versions import version_create_draft
from portfolios.clr import clr_json
from portfolios.services.shares import share_link_create, share_link_revoke
from tests.accounts.factories.personal_data import (
    AMINA_FILE,
    AMINA_WORDS,
    BASTIEN_FILE,
    BASTIEN_NARRATIVE,
    BASTIEN_PRIVATE,
    NORA_EMAIL,
    AminaData,
    build_amina_data,
)
from tests.accounts.factories.users import UserFactory
from tests.badges.factories.bulk import csv_bytes, upload
from tests.badges.test_js_verifier import js_verify
from tests.portfolios.factories.portfolios import PRIVATE_NOTE
from tests.portfolios.test_clr import inner_documents

pytestmark = pytest.mark.django_db

CREATE = reverse("accounts:data_export_create")
API_CREATE = reverse("accounts_api:data_export_create")
KEYS = {
    "format",
    "format_version",
    "generated_at",
    "site",
    "language",
    "account",
    "notifications",
    "notification_settings",
    "audit_entries",
    "memberships",
    "join_requests",
    "invitations",
    "contributions",
    "endorsement_requests_sent",
    "endorsement_requests_received",
    "endorsements_received",
    "endorsements_given",
    "badges",
    "badge_proposals",
    "portfolios",
    "share_links",
    # What Jalons holds about the person beyond their own records (#12, completeness).
    "data_exports",
    "framework_versions",
    "invitations_sent",
    "join_requests_decided",
    "initiatives_created_or_verified",
    "issuer_roles",
    "awards_given",
    "bulk_awards",
    "badge_proposals_decided",
    "badge_classes_created",
    "badge_class_endorsements",
    "issuer_recognitions",
    "portfolios_shared_with_you",
    "portfolio_openings",
    # What #16 and #17 added (tests/accounts/test_personal_data_recent_parts.py).
    "credentials_from_elsewhere",
    "connected_apps",
    "attestations",
    "attestations_issued",
    "orientations",
    "orientations_proposed",
}


def ask(client: Client, capture) -> DataExport:
    """Ask for an export as the signed-in client; the task runs once the request commits."""
    with capture(execute=True):
        response = client.post(CREATE)
    export = DataExport.objects.order_by("-pk").first()
    assert export is not None
    assert response.status_code == 302
    assert response.url == export.get_absolute_url()
    export.refresh_from_db()
    return export


def downloaded(client: Client, export: DataExport) -> tuple[Any, bytes]:
    response = client.get(export.download_path)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def files_of(archive: zipfile.ZipFile) -> dict[str, bytes]:
    return {name: archive.read(name) for name in archive.namelist()}


# --- End to end: Amina's export ------------------------------------------------------------


@pytest.fixture
def amina(default_framework, volunteer, leader, advisor) -> AminaData:
    return build_amina_data(default_framework, amina=volunteer, sophie=leader, karim=advisor)


@pytest.mark.js
def test_aminas_export_holds_every_part_verifies_and_shows_nobody_else(
    client,
    amina,
    volunteer,
    leader,
    advisor,
    other_leader,
    outsider,
    steward,
    staff,
    mailoutbox,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    """Acceptance 1: each listed part, every badge verified (JS), nobody else's data."""
    scene = amina.scene
    client.force_login(volunteer)
    export = ask(client, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.READY, export.error
    response, body = downloaded(client, export)

    # The download: an attachment nobody caches, the bytes the row describes.
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="jalons-my-data-')
    assert response["Cache-Control"] == "private, no-store"
    assert len(body) == export.size
    assert hashlib.sha256(body).hexdigest() == export.sha256

    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    files = files_of(archive)
    data = json.loads(files["data.json"])
    assert set(data) == KEYS
    assert data["format"] == "jalons-personal-data"
    assert data["format_version"] == 1
    assert data["language"] == volunteer.preferred_language
    for key in KEYS - {"format", "format_version", "generated_at", "site", "language"}:
        assert json.loads(files[f"{key}.json"]) == data[key], key

    # The account, the notifications and the audit entry of the share link.
    assert data["account"]["email"] == volunteer.email
    assert data["account"]["display_name"] == "Amina"
    assert "password" not in json.dumps(data["account"])
    assert data["notifications"]
    assert {entry["action"] for entry in data["audit_entries"]} == {"share.create"}
    assert data["audit_entries"][0]["by"] == "you"

    # Memberships, contributions with their claims and evidence, the evidence file itself.
    assert [m["initiative"]["name"] for m in data["memberships"]] == [scene.initiative.name]
    contributions = {c["uuid"]: c for c in data["contributions"]}
    assert set(contributions) == {str(c.uuid) for c in scene.contributions}
    first = contributions[str(scene.contributions[0].uuid)]
    assert len(first["claims"]) == 2
    texts = [e.get("text", "") for e in first["evidence"]]
    assert any(PRIVATE_NOTE in text for text in texts)  # her own private note: hers
    [with_file] = [e for e in first["evidence"] if e["kind"] == "file"]
    assert with_file["file"]["original_name"] == "attestation été.pdf"
    with amina.evidence_file.file.open("rb") as stored:
        assert files[with_file["file"]["path"]] == stored.read()
    assert AMINA_FILE.encode() in files[with_file["file"]["path"]]

    # Endorsement requests asked, endorsements received (public names) and given.
    sent = data["endorsement_requests_sent"]
    assert {r["endorser"] for r in sent} >= {"Sophie", "Bastien", "Nora Petit"}
    [to_nora] = [r for r in sent if r["kind"] == "outside"]
    assert to_nora["endorser_email"] == NORA_EMAIL  # the address she typed herself
    assert {e["endorser"] for e in data["endorsements_received"]} == {"Sophie", "Bastien"}
    assert len(data["endorsements_received"]) == len(scene.endorsements)
    [given] = data["endorsements_given"]
    assert given["comment"] == AMINA_WORDS
    assert given["for"] == "Bastien"
    assert given["contribution_title"] == amina.bastien_contribution.title
    [asked] = data["endorsement_requests_received"]
    assert asked["asked_by"] == "Bastien"

    # Badges: the signed credential and the OB 2.0 assertion as served, and the baked PNGs.
    assert [b["uuid"] for b in data["badges"]] == [str(a.uuid) for a in scene.awards]
    for award, badge in zip(scene.awards, data["badges"], strict=True):
        paths = badge["files"]
        assert json.loads(files[paths["credential"]]) == award.credential
        assert files[paths["ob2_assertion"]].decode() == ob2_assertion_json(award)
        assert unbake(files[paths["image"]]).payload == files[paths["credential"]].decode()
        assert unbake(files[paths["ob2_image"]]).payload == ob2_assertion_json(award)

    # The portfolio, its release (the signed CLR and the PDF), the share link and its log.
    [portfolio] = data["portfolios"]
    assert portfolio["uuid"] == str(scene.portfolio.uuid)
    assert len(portfolio["items"]) == scene.portfolio.items.count()
    [release] = portfolio["releases"]
    assert release["uuid"] == str(amina.release.uuid)
    assert files[release["files"]["clr"]].decode() == clr_json(amina.release.clr)
    pdf = files[release["files"]["pdf"]]
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == amina.release.pdf_sha256
    [share] = data["share_links"]
    assert share["uuid"] == str(amina.share.uuid)
    assert [access["what"] for access in share["accesses"]] == ["page", "page"]
    assert not any(access["by_you"] for access in share["accesses"])

    # The index: in Amina's language, self-contained, linking every file of the ZIP.
    index = files["index.html"].decode()
    assert f'<html lang="{volunteer.preferred_language}">' in index
    assert not re.search(r"<script|<link|<img|\bsrc=|url\(|@import", index, re.IGNORECASE)
    links = {unquote(link) for link in re.findall(r'href="([^"]+)"', index)}
    assert all(not link.startswith(("http:", "https:", "/", "//")) for link in links)
    assert links <= set(files)
    assert set(files) - links == {"index.html"}

    # Every badge verifies with the independent verifier: its JSON and the one baked in its
    # image; the portfolio's signed record too.
    checks = []
    for award, badge in zip(scene.awards, data["badges"], strict=True):
        documents = inner_documents(award)
        checks.append((json.loads(files[badge["files"]["credential"]]), documents))
        baked = unbake(files[badge["files"]["image"]])
        checks.append((json.loads(baked.payload), documents))
    checks.append((json.loads(files[release["files"]["clr"]]), issuer_documents(scene.territory)))
    answers = js_verify(checks, tmp_path)
    assert len(answers) == 2 * len(scene.awards) + 1
    for answer in answers:
        assert answer["verified"] is True, answer

    # Nothing about anyone else beyond what Amina saw.
    blob = b"\n".join(files.values())
    for person in (leader, amina.bastien, other_leader, outsider, steward, staff):
        assert person.email.encode() not in blob, person.email
    for secret in (BASTIEN_PRIVATE, BASTIEN_FILE, BASTIEN_NARRATIVE):
        assert secret.encode() not in blob, secret
    # Karim's address is in the share link Amina typed it into, and nowhere else.
    without_shares = {key: value for key, value in data.items() if key != "share_links"}
    assert advisor.email in json.dumps(data["share_links"])
    assert advisor.email not in json.dumps(without_shares)
    others = [v for k, v in files.items() if k not in ("data.json", "share_links.json")]
    assert not any(advisor.email.encode() in content for content in others)

    # The email: to Amina only, with the export's page.
    [email] = [m for m in mailoutbox if export.get_absolute_url() in m.body]
    assert email.to == [volunteer.email]


# --- What others sent to the person, and what they did for others ----------------------------
#
# The erasure deletes (or empties) more than the person's own records: the requests and the
# share links sent to their address, their openings of others' portfolios, their place in an
# organisation's staff, what they did as a leader, an issuer or a steward. The export holds
# all of it, with other people by their public name only.


def exported(user: User) -> tuple[dict[str, Any], dict[str, bytes]]:
    """``data.json`` and every file of the ZIP built for ``user`` (the task's own build)."""
    buffer = io.BytesIO()
    data_export_build(user=user, target=buffer, generated_at=timezone.now())
    files = files_of(zipfile.ZipFile(io.BytesIO(buffer.getvalue())))
    return json.loads(files["data.json"]), files


def same_moment(text: str, moment: datetime | None) -> bool:
    """An ISO date of the export is ``moment`` (the JSON keeps milliseconds)."""
    assert moment is not None
    return abs(datetime.fromisoformat(text) - moment) < timedelta(milliseconds=1)


def indexed(files: dict[str, bytes], path: str) -> str:
    """What the index's section lines that link to ``path`` say (empty: none does; the list
    of every ``<key>.json`` at the top, which names the file, does not count)."""
    index = files["index.html"].decode()
    texts = re.findall(rf'<a href="{re.escape(path)}">([^<]*)</a>', index)
    return " | ".join(text for text in texts if text != path)


def my_data_parts(client: Client) -> dict[str, DataPart]:
    """The lines of the signed-in person's "Mes données", by title."""
    page = client.get(reverse("accounts:my_data"))
    assert page.status_code == 200
    return {str(part.title): part for group in page.context["groups"] for part in group.parts}


def aminas_secrets(amina: AminaData) -> list[str]:
    """What is Amina's alone: her address, her words and files, her portfolio's own texts."""
    scene = amina.scene
    return [
        scene.owner.email,
        PRIVATE_NOTE,
        AMINA_FILE,
        scene.contributions[1].narrative,
        scene.portfolio.statement,
        scene.portfolio.target,
    ]


def test_karims_export_holds_the_links_addressed_to_him_and_his_openings(
    client, amina, advisor, volunteer, outsider, english
):
    scene = amina.scene
    revoked, _token = share_link_create(
        portfolio=scene.portfolio, by=volunteer, recipient_email=advisor.email.upper()
    )
    share_link_revoke(share=revoked, by=volunteer)
    share_link_create(portfolio=scene.portfolio, by=volunteer, recipient_email=outsider.email)
    client.force_login(advisor)
    opened = reverse("portfolios:advisor_portfolio", args=[amina.share.uuid])
    assert client.get(opened).status_code == 200  # his opening (the two before were anonymous)

    data, files = exported(advisor)

    shared = {row["uuid"]: row for row in data["portfolios_shared_with_you"]}
    assert set(shared) == {str(amina.share.uuid), str(revoked.uuid)}  # not the outsider's
    link = shared[str(amina.share.uuid)]
    assert link["owner"] == "Amina"
    assert link["portfolio_title"] == scene.portfolio.title
    assert (link["recipient_name"], link["recipient_organisation"]) == ("Karim", "Mission locale")
    assert link["state"] == "open"
    assert same_moment(link["shared_at"], amina.share.created_at)
    assert same_moment(link["expires_at"], amina.share.expires_at)
    assert link["revoked_at"] is None
    assert shared[str(revoked.uuid)]["state"] == "revoked"
    [opening] = data["portfolio_openings"]
    assert opening["what"] == "page"
    assert opening["share"] == str(amina.share.uuid)
    assert (opening["owner"], opening["portfolio_title"]) == ("Amina", scene.portfolio.title)
    assert "Portfolios shared with you: 2" in indexed(files, "portfolios_shared_with_you.json")
    assert ": 1" in indexed(files, "portfolio_openings.json")

    # Nothing of Amina's own beyond what his workspace shows; no other recipient; no token.
    assert data["share_links"] == [] and data["portfolios"] == []
    blob = b"\n".join(files.values())
    for secret in [*aminas_secrets(amina), outsider.email, amina.share.token_hash]:
        assert secret.encode() not in blob, secret

    # "Mes données" says it, and leads to his workspace.
    parts = my_data_parts(client)
    assert parts["Portfolios shared with you"].count == 2
    assert parts["Portfolios shared with you"].url == reverse("portfolios:advisor_workspace")


def test_noras_export_holds_the_request_sent_to_her_address(client, amina, volunteer, english):
    """Nora, Amina's outside referent, creates an account later with the address Amina
    typed: the request is about her."""
    [request] = EndorsementRequest.objects.filter(email=NORA_EMAIL)
    nora = UserFactory(email=NORA_EMAIL.upper(), display_name="Nora", preferred_language="en")

    data, files = exported(nora)

    [asked] = data["endorsement_requests_received"]
    assert asked["uuid"] == str(request.uuid)
    assert asked["addressed_to"] == "address"
    assert asked["asked_by"] == "Amina"
    assert asked["contribution_title"] == amina.scene.contributions[1].title
    assert asked["initiative"]["name"] == amina.scene.initiative.name
    assert (asked["kind"], asked["status"], asked["message"]) == (
        "outside",
        request.status,
        request.message,
    )
    assert same_moment(asked["expires_at"], request.expires_at)
    assert "token" not in json.dumps(asked)
    assert "1" in indexed(files, "endorsement_requests_received.json")
    blob = b"\n".join(files.values())
    for secret in [*aminas_secrets(amina), request.token_hash, amina.bastien.email]:
        assert secret.encode() not in blob, secret

    client.force_login(nora)
    parts = {title: part.count for title, part in my_data_parts(client).items()}
    assert parts["Endorsement requests sent to you"] == 1
    assert "Portfolios shared with you" not in parts  # neither an advisor nor a recipient


def test_what_was_sent_to_an_address_waits_until_the_address_is_confirmed(amina, advisor):
    """An account that never confirmed its address may have borrowed someone else's: what
    was sent to the address is not theirs to see (the erasure spares it too)."""
    nora = UserFactory(email=NORA_EMAIL, email_verified_at=None)
    User.objects.filter(pk=advisor.pk).update(email_verified_at=None)
    advisor.refresh_from_db()
    assert exported(nora)[0]["endorsement_requests_received"] == []
    assert exported(advisor)[0]["portfolios_shared_with_you"] == []
    User.objects.filter(pk=nora.pk).update(email_verified_at=timezone.now())
    nora.refresh_from_db()
    assert len(exported(nora)[0]["endorsement_requests_received"]) == 1


def test_a_leaders_export_holds_what_she_did_for_others(
    client, amina, leader, outsider, volunteer, english
):
    scene = amina.scene
    invited = "lea.invitee@example.org"
    invitation_create(initiative=scene.initiative, by=leader, email=invited, role=Role.MEMBER)
    join_request_refuse(
        join_request=join_request_create(
            initiative=scene.initiative, user=outsider, message="OUTSIDER-MESSAGE-71c"
        ),
        by=leader,
    )
    proposal = AwardProposal.objects.create(badge_class=scene.badges[1], user=amina.bastien)
    award_proposal_decline(proposal=proposal, by=leader)
    bulk_award_start(
        badge_class=scene.badges[0],
        by=leader,
        upload=upload(csv_bytes([("bulk.row@example.org", "Row", "BULK-NARRATIVE-3f1", "")])),
    )
    created = badge_class_create(
        issuer=scene.issuer,
        by=leader,
        name="Tenir la caisse",
        description="Tient la caisse.",
        criteria_narrative="Trois samedis.",
    )
    Initiative.objects.filter(pk=scene.initiative.pk).update(created_by=leader)

    data, files = exported(leader)

    assert [(row["email"], row["role"]) for row in data["invitations_sent"]] == [
        (invited, Role.MEMBER)  # the address she typed herself
    ]
    [decided] = data["join_requests_decided"]
    assert (decided["requester"], decided["status"]) == ("Outsider", "refused")
    assert {a["uuid"] for a in data["awards_given"]} == {str(a.uuid) for a in scene.awards}
    assert {a["recipient"] for a in data["awards_given"]} == {"Amina"}
    assert data["awards_given"][0]["page"] == scene.awards[0].page_url
    [proposed] = data["badge_proposals_decided"]
    assert (proposed["for"], proposed["status"]) == ("Bastien", "declined")
    [bulk] = data["bulk_awards"]
    assert (bulk["file_name"], bulk["rows"], bulk["badge"]["name"]) == (
        "recipients.csv",
        1,
        scene.badges[0].name,
    )
    assert [b["uuid"] for b in data["badge_classes_created"]] == [str(created.uuid)]
    [initiative] = data["initiatives_created_or_verified"]
    assert initiative["initiative"]["name"] == scene.initiative.name
    assert (initiative["created_by_you"], initiative["verified_by_you"]) == (True, False)
    for key in ("awards_given", "bulk_awards", "badge_proposals_decided", "invitations_sent"):
        assert indexed(files, f"{key}.json"), key

    # Others by their public name only: never their address, their message, their rows.
    blob = b"\n".join(files.values())
    secrets = [volunteer.email, outsider.email, amina.bastien.email, "bulk.row@example.org"]
    for secret in [*secrets, "OUTSIDER-MESSAGE-71c", "BULK-NARRATIVE-3f1", AMINA_FILE]:
        assert secret.encode() not in blob, secret

    client.force_login(leader)
    parts = {title: part.count for title, part in my_data_parts(client).items()}
    assert parts["Badges you awarded"] == len(scene.awards)


def test_an_organisations_staff_and_a_stewards_exports_hold_their_part(
    client, amina, advisor, steward, default_framework, english
):
    scene = amina.scene
    organisation = organisation_issuer_create(
        by=steward,
        name="Mission locale de Dijon",
        url="https://ml.example.org",
        email="contact@ml.example.org",
        description="",
        staff_emails=[advisor.email],
    )
    recognition_grant(issuer=organisation, by=steward, note="STEWARD-NOTE-8d2")
    endorsement = badge_class_endorse(
        badge_class=scene.badges[0], organisation=organisation, by=advisor, comment="KARIM-WORDS"
    )
    draft = version_create_draft(framework=default_framework.framework, created_by=steward)

    karim, karim_files = exported(advisor)
    [role] = karim["issuer_roles"]
    assert role["issuer"]["name"] == "Mission locale de Dijon"
    assert role["issuer"]["kind"] == "organisation"
    assert (role["staff"], role["created_by_you"], role["contact_address_is_yours"]) == (
        True,
        False,
        False,
    )
    [endorsed] = karim["badge_class_endorsements"]
    assert endorsed["uuid"] == str(endorsement.uuid)
    assert endorsed["comment"] == "KARIM-WORDS"
    assert endorsed["badge"]["name"] == scene.badges[0].name
    assert endorsed["organisation"]["name"] == "Mission locale de Dijon"
    assert karim["framework_versions"] == [] and karim["issuer_recognitions"] == []
    assert steward.email.encode() not in b"\n".join(karim_files.values())

    territory, files = exported(steward)
    [role] = territory["issuer_roles"]
    assert (role["staff"], role["created_by_you"]) == (False, True)
    decisions = territory["issuer_recognitions"]
    assert [(d["status"], d["note"]) for d in decisions][-1] == ("recognised", "STEWARD-NOTE-8d2")
    [version] = territory["framework_versions"]
    assert version["uuid"] == str(draft.uuid)
    assert (version["created_by_you"], version["published_by_you"], version["page"]) == (
        True,
        False,
        "",
    )
    assert indexed(files, "framework_versions.json")
    assert advisor.email.encode() not in b"\n".join(files.values())

    client.force_login(steward)
    parts = {title: part.count for title, part in my_data_parts(client).items()}
    assert parts["Versions of a framework you created or published"] == 1
    assert parts["Issuers you act for"] == 1


# --- Lighter exports -----------------------------------------------------------------------


@pytest.fixture
def ready(client, volunteer, claimed_contribution, django_capture_on_commit_callbacks):
    client.force_login(volunteer)
    export = ask(client, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.READY
    client.logout()
    return export


def test_the_owner_is_emailed_once_when_ready(
    client, volunteer, claimed_contribution, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    export = ask(client, django_capture_on_commit_callbacks)
    ready_emails = [m for m in mailoutbox if export.get_absolute_url() in m.body]
    assert len(ready_emails) == 1
    assert ready_emails[0].to == [volunteer.email]
    assert "http://testserver" + export.get_absolute_url() in ready_emails[0].body


def test_the_progress_page_refreshes_without_javascript_until_ready(
    client, volunteer, claimed_contribution
):
    client.force_login(volunteer)
    response = client.post(CREATE)  # the task waits for the commit, which never comes here
    export = DataExport.objects.get()
    assert response.url == export.get_absolute_url()
    page = client.get(export.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "<script" not in page
    assert export.download_path not in page
    # The download waits too: back to the progress page.
    assert client.get(export.download_path).url == export.get_absolute_url()
    data_export_run(export_uuid=export.uuid)
    page = client.get(export.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert export.download_path in page


def test_only_the_owner_downloads(client, ready, leader):
    anonymous = client.get(ready.download_path)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))
    assert client.get(ready.get_absolute_url()).status_code == 302
    client.force_login(leader)
    assert client.get(ready.download_path).status_code == 404
    assert client.get(ready.get_absolute_url()).status_code == 404


def test_the_link_expires_then_answers_410(
    client, ready, volunteer, settings, time_machine, english
):
    client.force_login(volunteer)
    days = settings.RETENTION_DAYS["exports"]
    assert ready.expires_at == ready.finished_at + timedelta(days=days)
    time_machine.move_to(ready.expires_at - timedelta(minutes=1))
    assert client.get(ready.download_path).status_code == 200
    time_machine.move_to(ready.expires_at + timedelta(minutes=1))
    gone = client.get(ready.download_path)
    assert gone.status_code == 410
    assert "expired" in client.get(ready.get_absolute_url()).content.decode()
    api = client.get(reverse("accounts_api:data_export_detail", args=[ready.uuid])).json()
    assert api["status"] == "expired"
    assert api["download"] is None


def test_a_run_again_rebuilds_the_zip_and_replaces_the_file(
    ready, mailoutbox, django_capture_on_commit_callbacks
):
    first_name = ready.file.name
    assert default_storage.exists(first_name)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert data_export_run(export_uuid=ready.uuid) == "ready"
    ready.refresh_from_db()
    assert ready.file.name != first_name
    assert default_storage.exists(ready.file.name)
    assert not default_storage.exists(first_name)
    with ready.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == ready.sha256
    assert len(mailoutbox) == 1  # the owner was told once


def test_a_run_stopped_by_an_error_says_so(
    client, volunteer, claimed_contribution, monkeypatch, caplog, english
):
    def broken(user, writer):
        raise RuntimeError(f"cannot read {user.email}")

    section = data_rights._SECTIONS["community"]
    monkeypatch.setitem(data_rights._SECTIONS, "community", replace(section, export=broken))
    export = data_export_request(user=volunteer)
    assert data_export_run(export_uuid=export.uuid) == "failed"
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == "RuntimeError"
    assert not export.file
    assert volunteer.email not in caplog.text
    client.force_login(volunteer)
    assert "stopped because of an error" in client.get(export.get_absolute_url()).content.decode()


def test_one_export_at_a_time_and_a_few_a_day(
    client, volunteer, claimed_contribution, settings, english
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "data_export": "2/d"}
    client.force_login(volunteer)
    client.post(CREATE)
    export = DataExport.objects.get()
    again = client.post(CREATE)
    assert again.url == export.get_absolute_url()
    assert DataExport.objects.count() == 1
    conflict = client.post(API_CREATE)
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "export_in_progress"
    data_export_run(export_uuid=export.uuid)
    client.post(CREATE)
    data_export_run(export_uuid=DataExport.objects.order_by("-pk").first().uuid)
    limited = client.post(CREATE)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "several exports today" in limited.content.decode()
    api = client.post(API_CREATE)
    assert api.status_code == 429
    assert api.json()["code"] == "throttled"
    assert DataExport.objects.count() == 2


# --- The retention rule ----------------------------------------------------------------------


def test_the_exports_rule_is_registered_with_its_period(settings):
    [rule] = [rule for rule in retention_rules() if rule.key == "exports"]
    assert rule.purge is data_export_purge
    assert settings.RETENTION_DAYS["exports"] == 7


def test_the_purge_deletes_the_file_and_the_row_once_expired(
    ready, volunteer, settings, time_machine, django_capture_on_commit_callbacks
):
    days = settings.RETENTION_DAYS["exports"]
    name = ready.file.name
    time_machine.move_to(ready.finished_at + timedelta(days=2))
    newer = data_export_request(user=volunteer)  # never finished, younger than the period
    time_machine.move_to(ready.finished_at + timedelta(days=days) - timedelta(minutes=1))
    assert data_export_purge(timezone.now() - timedelta(days=days)) == 0
    assert default_storage.exists(name)
    time_machine.move_to(ready.finished_at + timedelta(days=days, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):  # files go once it commits
        assert data_export_purge(timezone.now() - timedelta(days=days)) == 1
    assert not default_storage.exists(name)
    assert not DataExport.objects.filter(pk=ready.pk).exists()
    assert DataExport.objects.filter(pk=newer.pk).exists()
    # An export asked for long ago and never finished goes too.
    time_machine.move_to(newer.created_at + timedelta(days=days, minutes=1))
    assert data_export_purge(timezone.now() - timedelta(days=days)) == 1
    assert not DataExport.objects.exists()


# --- The API ---------------------------------------------------------------------------------


def test_the_api_asks_follows_and_downloads(
    client, volunteer, claimed_contribution, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API_CREATE)
    assert response.status_code == 202
    body = response.json()
    export = DataExport.objects.get()
    detail = reverse("accounts_api:data_export_detail", args=[export.uuid])
    assert body["uuid"] == str(export.uuid)
    assert body["status"] == "queued"  # as it was when answered; the task ran after
    assert body["url"] == f"http://testserver{detail}"
    assert response["Location"] == body["url"]
    assert body["download"] is None
    status = client.get(detail).json()
    assert status["status"] == "ready"
    assert status["download"] == f"http://testserver{export.download_path}"
    assert status["sha256"] == DataExport.objects.get().sha256
    download = client.get(status["download"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"


@pytest.mark.parametrize(("method", "url"), [("post", API_CREATE), ("get", "detail")])
def test_the_api_needs_a_session(client, ready, method, url):
    url = reverse("accounts_api:data_export_detail", args=[ready.uuid]) if url == "detail" else url
    response = getattr(client, method)(url)
    assert response.status_code == 401
    assert not DataExport.objects.exclude(pk=ready.pk).exists()


def test_the_api_hides_another_persons_export(client, ready, leader):
    client.force_login(leader)
    response = client.get(reverse("accounts_api:data_export_detail", args=[ready.uuid]))
    assert response.status_code == 404
