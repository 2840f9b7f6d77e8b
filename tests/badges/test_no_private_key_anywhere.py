"""No private key in anything the platform writes out, across the whole badge life cycle.

``test_issuers_secrets.py`` covers the issuer pages, the admin and the issuers API. Here:
every other way a key could leak once badges are issued — award by hand, proposal
confirmed, bulk CSV, the ``award_badge`` command, an organisation's endorsement,
revocation, every public document and baked image, the verify page, the API, the admin,
the logs (SQL included), the framework exports, ``dumpdata`` — and the project's own
files (tests, docs, fixtures): none holds a private key of this platform in clear, in any
spelling. ``dumpdata`` is a database backup: it carries the *encrypted* tokens (the
platform cannot be restored without them), never the keys themselves.
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from badges.models import Award, AwardProposal, SigningKey
from badges.services.awards import award_create
from badges.services.endorsements import badge_class_endorse
from badges.services.revocation import award_revoke
from tests.badges.conftest import VECTOR_SEED_HEX
from tests.badges.factories.endorsements import organisation_add
from tests.badges.factories.proposals import leader_endorses, scene
from tests.badges.test_issuers_secrets import _forms

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _get(client, path: str, answers: list[str]) -> None:
    response = client.get(path)
    assert response.status_code in (200, 410), (path, response.status_code)
    body = b"".join(response) if response.streaming else response.content
    answers.append(body.decode("utf-8", errors="replace"))


def test_no_private_key_in_pages_documents_api_logs_or_exports(
    client, caplog, default_framework, steward, staff, advisor, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True  # SQL statements are logged too
    answers: list[str] = []
    try:
        with django_capture_on_commit_callbacks(execute=True):
            s = scene(default_framework)
            leader_endorses(s)  # proposes the badge
            organisation = organisation_add(staff=(advisor,))
            badge_class_endorse(
                badge_class=s.badge, organisation=organisation, by=advisor, comment="Recommandé."
            )
        proposal = AwardProposal.objects.get(user=s.member)
        client.force_login(s.leader)
        decide = reverse("badges:proposal_decide", args=[proposal.pk])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(decide, {"decision": "accept"})
            csv = "email,name\nlea@example.org,Léa\nmarc@example.org,Marc\n"
            upload = SimpleUploadedFile("awards.csv", csv.encode(), content_type="text/csv")
            response = client.post(
                reverse("badges:bulk_award_create", args=[s.badge.uuid]), {"file": upload}
            )
            assert response.status_code in (200, 302)
            by_hand = award_create(badge_class=s.badge, by=s.leader, email="karim@example.org")
            award_revoke(award=by_hand, by=s.leader, reason="Erreur de destinataire.")
        out = io.StringIO()
        call_command(
            "award_badge", "--badge", str(s.badge.uuid), "--email", "nadia@example.org", stdout=out
        )
        answers.append(out.getvalue())
        awards = list(Award.objects.all())
        assert len(awards) >= 5

        for viewer in (s.leader, s.member, staff, None):
            if viewer is None:
                client.logout()
            else:
                client.force_login(viewer)
            for award in awards:
                for path in (
                    award.ob3_path,
                    reverse("badges:award_detail", args=[award.uuid]),
                    reverse("badges:ob2_assertion", args=[award.uuid]),
                    reverse("badges_api:award_detail", args=[award.uuid]),
                ):
                    _get(client, path, answers)
            for path in (
                reverse("badges:issuer_detail", args=[s.issuer.uuid]) + "?format=json",
                reverse("badges:status_list", args=[s.issuer.uuid, "revocation"]),
                reverse("badges:ob2_revocation_list", args=[s.issuer.uuid]),
                reverse("badges:ob2_badge_class", args=[s.badge.uuid]),
                s.badge.get_absolute_url(),
                reverse("badges_api:badge_class_detail", args=[s.badge.uuid]),
                reverse("badges:verify"),
            ):
                _get(client, path, answers)
        valid = next(award for award in awards if award.revoked_at is None)
        for path in (valid.png_url, valid.svg_url, valid.ob2_png_url, valid.ob2_svg_url):
            _get(client, path.removeprefix(valid.page_url.split("/badges/")[0]), answers)
        upload = SimpleUploadedFile(
            "badge.json", json.dumps(valid.credential).encode(), content_type="application/json"
        )
        response = client.post(reverse("badges:verify"), {"file": upload})
        answers.append(response.content.decode())

        client.force_login(s.leader)
        for path in (
            reverse("badges:proposal_list"),
            reverse("badges:badge_class_edit", args=[s.badge.uuid]),
            reverse("badges_api:badge_class_awards", args=[s.badge.uuid]),
            reverse("badges_api:issuer_awards", args=[s.issuer.uuid]),
        ):
            _get(client, path, answers)
        client.force_login(staff)
        for model in ("award", "awardproposal", "bulkaward", "badgeclass", "badgeclassendorsement"):
            _get(client, reverse(f"admin:badges_{model}_changelist"), answers)
        _get(client, reverse("admin:badges_award_change", args=[valid.pk]), answers)

        # The framework's exports.
        csv_out, case_out = io.StringIO(), io.StringIO()
        version = str(default_framework.uuid)
        call_command("framework_export", "--version", version, "--format", "csv", stdout=csv_out)
        call_command("framework_export", "--version", version, "--format", "case", stdout=case_out)
        answers += [csv_out.getvalue(), case_out.getvalue()]
    finally:
        connection.force_debug_cursor = False

    dump = io.StringIO()
    call_command("dumpdata", "badges", "portfolios", "community", "accounts", stdout=dump)

    keys = list(SigningKey.objects.all())
    assert len(keys) >= 2
    clear = set().union(*(_forms(key.encrypted_private_key) for key in keys))
    tokens = {key.encrypted_private_key for key in keys}
    texts = [
        *answers,
        caplog.text,
        *(record.getMessage() for record in caplog.records),
        *(repr(record.args) for record in caplog.records),
    ]
    assert any("issued" in record.getMessage() for record in caplog.records)
    for text in texts:
        for secret in clear:
            assert secret not in text
    # dumpdata is a backup: encrypted tokens only, never a key in clear.
    for secret in clear - tokens - {token.rsplit(".", 1)[1] for token in tokens}:
        assert secret not in dump.getvalue()
    # Public keys and signatures, on the other hand, are published.
    everything = "\n".join(answers)
    assert all(key.public_key_multibase in everything for key in keys if key.issuer == s.issuer)


# The one private key the project may hold: 1EdTech's published test seed (vectors/README.md).
PUBLIC_TEST_SECRETS = (VECTOR_SEED_HEX,)

# Things that look like a private key written out: a PEM block, a JWK's private part, a
# multibase Ed25519 private key (0x8026 prefix: "z3u2"), a property named after one.
SUSPECT = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\"d\"\s*:\s*\"[A-Za-z0-9_-]{40,}\""
    r"|\bz3u2[1-9A-HJ-NP-Za-km-z]{40,}"
    r"|privateKey(?:Multibase|Hex|Base58|Jwk)\"?\s*[:=]\s*\"[^\"]{20,}",
    re.IGNORECASE,
)


def test_the_projects_own_files_hold_no_private_key():
    """Tests, docs, fixtures, data: only the published 1EdTech test key may appear."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    checked = 0
    for name in listed:
        path = ROOT / name
        if not path.is_file() or path.suffix in {".png", ".mo", ".sqlite3", ".pdf", ".jpg"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        checked += 1
        for match in SUSPECT.finditer(text):
            assert any(public in match.group(0) for public in PUBLIC_TEST_SECRETS), (
                f"{name}: {match.group(0)[:60]}…"
            )
    assert checked > 300


def test_the_search_would_find_a_key_written_out():
    """The patterns above do catch the usual spellings of an Ed25519 private key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from badges.crypto.multibase import multibase_encode

    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    multikey = multibase_encode(b"\x80\x26" + seed)
    for text in (pem, f'{{"privateKeyMultibase": "{multikey}"}}', f"key = {multikey}"):
        assert SUSPECT.search(text), text
