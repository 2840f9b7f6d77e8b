"""Attestations of volunteering: Sophie (leader of the Repair Café, which has its issuer)
attests Amina's volunteering in one click; the credential validates against the OB 3.0
schema and verifies with the Python and the independent JS verifiers; the PDF (tagged, in
Amina's language) states the hours per calendar year, equal to the sum of her
contributions' hours; revocable like awards (status list); owner / leader / outsider."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.urls import reverse
from jsonschema import Draft201909Validator

from accounts.api import Erasure
from accounts.models import Notification, NotificationKind
from badges.attestations import ACHIEVEMENT_TYPE
from badges.crypto.data_integrity import verify
from badges.documents import issuer_documents
from badges.models import Attestation, SigningKey
from badges.ob3 import SCHEMA_FILE
from badges.selectors.status import status_list_revoked_indices
from badges.services.attestations import (
    attestation_issue,
    attestation_request,
    attestation_revoke,
)
from badges.services.erasure import personal_data_erase
from badges.services.revocation import status_list_credential_signed
from community.models import CompetenceClaim, Contribution
from competences.models import Competence
from tests.badges.factories.issuers import IssuerFactory
from tests.badges.test_js_verifier import js_verify
from tests.community.factories.contributions import ContributionFactory
from tests.community.factories.endorsements import endorse
from tests.conftest import login

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 1)
END = dt.date(2026, 11, 30)


@pytest.fixture
def issuer(initiative):
    return IssuerFactory(initiative=initiative)


@pytest.fixture
def history(volunteer, initiative, leader, default_framework):
    """Amina's contributions at the Repair Café: two in 2025, two in 2026 (one without
    hours), one before the period, one elsewhere; ORG.1 confirmed by Sophie."""
    made = [
        ContributionFactory(
            owner=volunteer,
            initiative=initiative,
            title="Accueil",
            started_on=dt.date(2025, 3, 1),
            hours=Decimal("3.5"),
        ),
        ContributionFactory(
            owner=volunteer,
            initiative=initiative,
            title="Réparations",
            started_on=dt.date(2025, 9, 6),
            hours=Decimal("4"),
        ),
        ContributionFactory(
            owner=volunteer,
            initiative=initiative,
            title="Atelier vélo",
            started_on=dt.date(2026, 2, 7),
            hours=Decimal("6.5"),
        ),
        ContributionFactory(
            owner=volunteer,
            initiative=initiative,
            title="Inventaire",
            started_on=dt.date(2026, 5, 2),
            hours=None,
        ),
        ContributionFactory(
            owner=volunteer,
            initiative=initiative,
            title="Avant",
            started_on=dt.date(2024, 6, 1),
            hours=Decimal("10"),
        ),
        ContributionFactory(owner=volunteer, title="Ailleurs", hours=Decimal("99")),
    ]
    competence = Competence.objects.get(version=default_framework, code="ORG.1")
    claim = CompetenceClaim.objects.create(
        contribution=made[0], competence=competence, self_level=2
    )
    endorse(claim, endorser=leader, level=2)
    return made


@pytest.fixture
def attestation(issuer, history, volunteer, leader, initiative):
    return attestation_issue(
        initiative=initiative, person=volunteer, by=leader, period_start=START, period_end=END
    )


def _expected_hours(volunteer, initiative) -> dict[int, Decimal]:
    """Computed independently: the sum of the hours of her recorded contributions there
    that started in the period, per year."""
    expected: dict[int, Decimal] = {}
    for year in (2025, 2026):
        total = Contribution.objects.filter(
            owner=volunteer,
            initiative=initiative,
            status="recorded",
            started_on__year=year,
            started_on__gte=START,
            started_on__lte=END,
        ).aggregate(total=Sum("hours"))["total"]
        expected[year] = total or Decimal(0)
    return expected


def _schema_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(Path(SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(document)]


def _resolver(issuer):
    keys = {
        key.verification_method_id: key.public_key_multibase
        for key in SigningKey.objects.filter(issuer=issuer)
    }
    return keys.get


def _catalog(reader: pypdf.PdfReader) -> Any:
    return reader.trailer["/Root"]


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


# --- The credential ----------------------------------------------------------------------


def test_the_credential_states_the_hours_per_year_and_validates(attestation, volunteer, initiative):
    credential = attestation.credential
    assert _schema_errors(credential) == []
    assert credential["type"] == ["VerifiableCredential", "AchievementCredential"]
    subject = credential["credentialSubject"]
    assert subject["achievement"]["achievementType"] == ACHIEVEMENT_TYPE == "CommunityService"
    assert subject["activityStartDate"] == "2025-01-01"
    values = {
        int(result["resultDescription"].rsplit("-", 1)[1]): Decimal(result["value"])
        for result in subject["result"]
    }
    assert (
        values
        == _expected_hours(volunteer, initiative)
        == {2025: Decimal("7.5"), 2026: Decimal("6.5")}
    )
    assert [item["name"] for item in credential["evidence"]] == [
        "Accueil",
        "Réparations",
        "Atelier vélo",
        "Inventaire",
    ]
    assert [item["targetCode"] for item in subject["achievement"]["alignment"]] == [
        str(Competence.objects.get(code="ORG.1", version__framework__isnull=False).uuid)
    ]
    names = [item for item in subject["identifier"] if item["identityType"] == "name"]
    assert names[0]["identityHash"] == "Amina"
    assert "amina@example.org" not in json.dumps(credential)


def test_the_python_verifier_accepts_it_and_refuses_a_change(attestation, issuer):
    assert verify(attestation.credential, resolve_key=_resolver(issuer)).verified
    tampered = json.loads(attestation.credential_text.replace('"7.5"', '"17.5"', 1))
    assert not verify(tampered, resolve_key=_resolver(issuer)).verified


@pytest.mark.js
def test_the_independent_js_verifier_accepts_it(attestation, issuer, tmp_path):
    documents = issuer_documents(issuer)
    status_list = attestation.status_entry.status_list
    documents[status_list.url] = status_list_credential_signed(status_list=status_list)
    tampered = json.loads(attestation.credential_text.replace('"7.5"', '"17.5"', 1))
    original, changed = js_verify(
        [(attestation.credential, documents), (tampered, documents)], tmp_path
    )
    assert original["verified"] is True, original
    assert original["status"][0]["set"] is False
    assert changed["verified"] is False


def test_the_served_json_is_the_signed_text(client, attestation, issuer):
    response = client.get(attestation.json_path)
    assert response.status_code == 200
    assert response.content.decode() == attestation.credential_text
    assert verify(response.json(), resolve_key=_resolver(issuer)).verified


# --- Rules ---------------------------------------------------------------------------------


def test_only_a_leader_attests(history, issuer, volunteer, initiative, other_leader, outsider):
    for person in (volunteer, other_leader, outsider):
        with pytest.raises(PermissionDenied):
            attestation_issue(
                initiative=initiative,
                person=volunteer,
                by=person,
                period_start=START,
                period_end=END,
            )
    assert not Attestation.objects.exists()


def test_an_initiative_without_issuer_cannot_attest(history, volunteer, leader, initiative):
    with pytest.raises(ValidationError) as refused:
        attestation_issue(
            initiative=initiative, person=volunteer, by=leader, period_start=START, period_end=END
        )
    assert refused.value.code == "no_issuer" and "issuer profile" in refused.value.messages[0]


def test_a_period_without_contribution_or_in_the_future_is_refused(
    issuer, history, volunteer, leader, initiative
):
    with pytest.raises(ValidationError) as nothing:
        attestation_issue(
            initiative=initiative,
            person=volunteer,
            by=leader,
            period_start=dt.date(2023, 1, 1),
            period_end=dt.date(2023, 12, 31),
        )
    assert nothing.value.code == "nothing"
    with pytest.raises(ValidationError):
        attestation_issue(
            initiative=initiative,
            person=volunteer,
            by=leader,
            period_start=START,
            period_end=dt.date.today() + dt.timedelta(days=2),
        )


def test_revoked_like_an_award(client, attestation, leader, volunteer):
    index = attestation.status_entry.index
    status_list = attestation.status_entry.status_list
    assert index not in status_list_revoked_indices(status_list=status_list)
    with pytest.raises(PermissionDenied):
        attestation_revoke(attestation=attestation, by=volunteer, reason="Non.")
    attestation_revoke(attestation=attestation, by=leader, reason="Période erronée.")
    assert index in status_list_revoked_indices(status_list=status_list)
    page = client.get(attestation.get_absolute_url()).content.decode()
    assert 'data-state="revoked"' in page and "Période erronée." in page
    with pytest.raises(ValidationError):
        attestation_revoke(attestation=attestation, by=leader, reason="Encore.")


# --- The PDF ------------------------------------------------------------------------------


def test_the_pdf_states_the_hours_per_year_in_her_language(
    client, attestation, volunteer, initiative
):
    login(client, volunteer)
    response = client.get(reverse("portfolios:attestation_pdf", kwargs={"uuid": attestation.uuid}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = _catalog(reader)
    assert "/StructTreeRoot" in root and root["/Lang"] == "fr"
    text = _pdf_text(pdf)
    for year, hours in _expected_hours(volunteer, initiative).items():
        shown = format(hours.normalize(), "f").replace(".", ",")  # French decimals
        assert f"{year}\n{shown} h" in text or f"{year} {shown} h" in text, (year, shown, text)
    assert attestation.page_url in text.replace("\n", "")
    assert "VAE" in text


def test_the_pdf_follows_an_english_speaker(client, issuer, history, volunteer, leader, initiative):
    volunteer.preferred_language = "en"
    volunteer.save(update_fields=["preferred_language"])
    attestation = attestation_issue(
        initiative=initiative, person=volunteer, by=leader, period_start=START, period_end=END
    )
    assert attestation.credential["name"].startswith("Attestation of volunteering")
    login(client, leader)
    pdf = client.get(reverse("portfolios:attestation_pdf", kwargs={"uuid": attestation.uuid}))
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    assert _catalog(reader)["/Lang"] == "en"
    assert "Hours per calendar year" in _pdf_text(pdf.content)
    assert "7.5 h" in _pdf_text(pdf.content)


# --- Pages, by persona ---------------------------------------------------------------------


def test_the_leader_issues_in_one_click(
    client, issuer, history, leader, volunteer, initiative, django_capture_on_commit_callbacks
):
    login(client, leader)
    page_url = reverse("portfolios:attestation_initiative", kwargs={"slug": initiative.slug})
    page = client.get(page_url)
    assert page.status_code == 200
    assert f'data-candidate="{volunteer.pk}"' in page.content.decode()
    form = next(row["form"] for row in page.context["rows"] if row["candidate"].person == volunteer)
    prefix = f"p{volunteer.pk}"
    data = {
        f"{prefix}-period_start": form.initial["period_start"].isoformat(),
        f"{prefix}-period_end": form.initial["period_end"].isoformat(),
    }
    url = reverse(
        "portfolios:attestation_issue", kwargs={"slug": initiative.slug, "person": volunteer.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    attestation = Attestation.objects.get()
    assert attestation.period_start == dt.date(2024, 6, 1)  # her first contribution there
    assert Notification.objects.filter(
        recipient=volunteer, kind=NotificationKind.ATTESTATION_ISSUED
    ).exists()
    initiative_page = client.get(initiative.get_absolute_url()).content.decode()
    assert page_url in initiative_page


def test_a_refused_issue_keeps_the_form_and_says_why(
    client, history, leader, volunteer, initiative, english
):
    login(client, leader)  # no issuer yet
    url = reverse(
        "portfolios:attestation_issue", kwargs={"slug": initiative.slug, "person": volunteer.pk}
    )
    prefix = f"p{volunteer.pk}"
    response = client.post(
        url, {f"{prefix}-period_start": "2025-01-01", f"{prefix}-period_end": "2025-12-31"}
    )
    assert response.status_code == 400
    assert "issuer profile" in response.content.decode()
    assert not Attestation.objects.exists()


@pytest.mark.parametrize("persona", ["volunteer", "other_leader", "outsider", "advisor"])
def test_the_leader_page_is_for_leaders_only(
    client, as_persona, history, issuer, initiative, volunteer, persona
):
    as_persona(persona)
    page_url = reverse("portfolios:attestation_initiative", kwargs={"slug": initiative.slug})
    assert client.get(page_url).status_code == 404
    url = reverse(
        "portfolios:attestation_issue", kwargs={"slug": initiative.slug, "person": volunteer.pk}
    )
    assert client.post(url, {}).status_code == 404
    assert not Attestation.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("volunteer", 200), ("leader", 200), ("other_leader", 404), ("outsider", 404)],
)
def test_the_pdf_is_for_the_person_and_the_leaders(
    client, as_persona, attestation, persona, status
):
    as_persona(persona)
    url = reverse("portfolios:attestation_pdf", kwargs={"uuid": attestation.uuid})
    assert client.get(url).status_code == status


def test_anyone_reads_the_public_page(client, attestation):
    page = client.get(attestation.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-state="valid"' in text and "Amina" in text
    assert "https://www.service-public.fr/particuliers/vosdroits/F34030" in text
    assert "https://vae.gouv.fr/" in text


def test_the_person_lists_hers_and_asks_for_one(
    client, attestation, volunteer, leader, initiative, outsider
):
    login(client, volunteer)
    page = client.get(reverse("portfolios:attestation_list"))
    assert str(attestation.uuid) in page.content.decode()
    response = client.post(reverse("portfolios:attestation_list"), {"initiative": initiative.slug})
    assert response.status_code == 302
    request = Notification.objects.get(kind=NotificationKind.ATTESTATION_REQUESTED)
    assert request.recipient == leader
    login(client, outsider)
    assert (
        str(attestation.uuid)
        not in client.get(reverse("portfolios:attestation_list")).content.decode()
    )
    refused = client.post(reverse("portfolios:attestation_list"), {"initiative": initiative.slug})
    assert refused.status_code == 200 and refused.context["form"].errors
    with pytest.raises(ValidationError):
        attestation_request(initiative=initiative, person=outsider, link="/")


# --- Closing her account -------------------------------------------------------------------


@pytest.mark.parametrize("keep", [True, False])
def test_when_she_closes_her_account_nothing_about_her_stays_here(client, attestation, keep):
    index = attestation.status_entry.index
    status_list = attestation.status_entry.status_list
    personal_data_erase(user=attestation.recipient, erasure=Erasure(keep_badges=keep))
    attestation.refresh_from_db()
    assert attestation.holder_left and attestation.recipient is None
    assert (index in status_list_revoked_indices(status_list=status_list)) is not keep
    page = client.get(attestation.get_absolute_url())
    assert page.status_code == 200 and "Amina" not in page.content.decode()
    assert client.get(attestation.json_path).status_code == 410
