"""Import page (stewards only) and export downloads (public versions; drafts for stewards)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competences.exchange import csv_export
from competences.models import Competence, Framework, FrameworkVersion, Status
from competences.services.versions import version_create_draft

pytestmark = pytest.mark.django_db

IMPORT_URL = "/frameworks/new/import/"


def _upload(content: bytes, name: str = "framework.txt") -> SimpleUploadedFile:
    # The name and the content type say nothing: the file is read by its content.
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_import_page_address():
    assert reverse("competences:framework_import") == IMPORT_URL


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for response in (client.get(IMPORT_URL), client.post(IMPORT_URL)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_volunteers_get_403(volunteer_client):
    assert volunteer_client.get(IMPORT_URL).status_code == 403
    response = volunteer_client.post(IMPORT_URL, {"file": _upload(b"x"), "file_format": "auto"})
    assert response.status_code == 403


def test_stewards_and_staff_see_the_form(client, steward, staff, default_version):
    for user in (steward, staff):
        client.force_login(user)
        response = client.get(f"{IMPORT_URL}?framework={default_version.framework.slug}")
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in response.text
        assert f'<option value="{default_version.framework.slug}" selected>' in response.text


def test_a_steward_imports_a_new_version(steward_client, default_version):
    framework = default_version.framework
    data = csv_export(version=default_version).encode("utf-8")

    response = steward_client.post(
        IMPORT_URL,
        {"file": _upload(data), "file_format": "auto", "target": framework.slug},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(
        "competences:draft_detail", kwargs={"slug": framework.slug}
    )
    draft = FrameworkVersion.objects.get(framework=framework, status=Status.DRAFT)
    assert draft.label == "1.1"
    assert draft.created_by.email == "steward@example.org"
    assert Competence.objects.filter(version=draft).count() == 15
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 3  # the summary, the new label, the identifiers already used


def test_a_bad_file_lists_every_problem_and_keeps_the_choices(steward_client, default_version):
    framework = default_version.framework
    text = csv_export(version=default_version).replace(";ORG.2;", ";ORG 2;", 1)
    text = text.replace("http://data.europa.eu/esco/skill/", "htp:/nowhere/", 1)
    before = (FrameworkVersion.objects.count(), Competence.objects.count())

    response = steward_client.post(
        IMPORT_URL,
        {"file": _upload(text.encode("utf-8")), "file_format": "csv", "target": framework.slug},
    )

    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 2
    assert "Saisissez une URL valide." in response.text  # in the user's language
    assert '<ol class="import-problems">' in response.text
    assert f'<option value="{framework.slug}" selected>' in response.text
    assert 'value="csv" required id="id_file_format_1" checked' in response.text
    assert (FrameworkVersion.objects.count(), Competence.objects.count()) == before


def test_the_form_refuses_a_file_too_big(steward_client, monkeypatch):
    monkeypatch.setattr("competences.forms.exchange.MAX_IMPORT_BYTES", 5)
    response = steward_client.post(
        IMPORT_URL, {"file": _upload(b"0123456789"), "file_format": "auto"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Framework.objects.count() == 1


def test_a_new_framework_with_a_chosen_short_name(steward_client, default_version):
    data = csv_export(version=default_version).encode("utf-8")
    response = steward_client.post(
        IMPORT_URL, {"file": _upload(data), "file_format": "auto", "target": "", "slug": "copie"}
    )
    assert response.status_code == 302
    copy = Framework.objects.get(slug="copie")
    assert copy.versions.get().status == Status.DRAFT


def test_export_links_and_downloads_of_a_public_version(client, default_version):
    page = client.get(default_version.get_absolute_url())
    csv_url = reverse(
        "competences:version_export_csv",
        kwargs={"slug": default_version.framework.slug, "label": default_version.label},
    )
    case_url = reverse(
        "competences:version_export_case",
        kwargs={"slug": default_version.framework.slug, "label": default_version.label},
    )
    assert csv_url in page.text
    assert case_url in page.text
    assert f"/ims/case/v1p1/CFPackages/{default_version.uuid}" in page.text

    response = client.get(csv_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="competences-transverses-collaboratives-1.0.csv"'
    )
    assert response.content.decode("utf-8") == csv_export(version=default_version)

    response = client.get(case_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content)["CFDocument"]["identifier"] == str(default_version.uuid)


def test_drafts_are_exported_for_stewards_only(client, volunteer, steward, default_version):
    draft = version_create_draft(framework=default_version.framework)
    slug = draft.framework.slug
    public_url = reverse(
        "competences:version_export_csv", kwargs={"slug": slug, "label": draft.label}
    )
    draft_url = reverse("competences:draft_export_case", kwargs={"slug": slug})
    assert client.get(public_url).status_code == 404
    assert client.get(draft_url).status_code == 302
    client.force_login(volunteer)
    assert client.get(draft_url).status_code == 403
    client.force_login(steward)
    response = client.get(draft_url)
    assert response.status_code == 200
    assert json.loads(response.content)["CFDocument"]["adoptionStatus"] == "Draft"
    preview = client.get(reverse("competences:draft_preview", kwargs={"slug": slug}))
    assert reverse("competences:draft_export_csv", kwargs={"slug": slug}) in preview.text


def test_import_entry_points_for_stewards(client, steward, default_version):
    assert IMPORT_URL not in client.get(reverse("competences:framework_list")).text
    client.force_login(steward)
    assert IMPORT_URL in client.get(reverse("competences:framework_list")).text
    detail = client.get(default_version.framework.get_absolute_url()).text
    assert f"{IMPORT_URL}?framework={default_version.framework.slug}" in detail
