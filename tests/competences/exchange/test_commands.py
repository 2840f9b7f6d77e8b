"""manage.py framework_export and framework_import."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from competences.exchange import case_package_export, csv_export
from competences.models import Competence, Framework, FrameworkVersion, Status
from tests.competences.exchange.conftest import wipe_frameworks

pytestmark = pytest.mark.django_db

OPENSALT = Path(__file__).resolve().parent / "data" / "opensalt_SmartLevelFramework.json"


def test_export_to_standard_output_and_to_a_file(default_version, tmp_path):
    out = StringIO()
    call_command(
        "framework_export", version=str(default_version.uuid), file_format="case", stdout=out
    )
    assert json.loads(out.getvalue()) == case_package_export(version=default_version)

    target = tmp_path / "framework.csv"
    call_command(
        "framework_export",
        "--version",
        str(default_version.uuid),
        "--format",
        "csv",
        "-o",
        str(target),
    )
    assert target.read_bytes() == csv_export(version=default_version).encode("utf-8")


def test_export_of_an_unknown_version_fails(db):
    with pytest.raises(CommandError):
        call_command("framework_export", version="00000000-0000-4000-8000-000000000000")
    with pytest.raises(CommandError):
        call_command("framework_export", version="nope")


@pytest.mark.parametrize("file_format", ["case", "csv"])
def test_round_trip_through_the_shell(default_version, tmp_path, file_format):
    exported = tmp_path / "export"
    call_command(
        "framework_export",
        version=str(default_version.uuid),
        file_format=file_format,
        output=str(exported),
    )
    wipe_frameworks()
    out = StringIO()

    call_command("framework_import", str(exported), stdout=out)

    version = FrameworkVersion.objects.get(uuid=default_version.uuid)
    assert version.status == Status.PUBLISHED
    assert str(version.uuid) in out.getvalue()
    again = tmp_path / "again"
    call_command(
        "framework_export", version=str(version.uuid), file_format=file_format, output=str(again)
    )
    assert again.read_bytes() == exported.read_bytes()


def test_import_as_a_draft_of_an_existing_framework(default_version, tmp_path):
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(case_package_export(version=default_version)))
    call_command(
        "framework_import",
        str(exported),
        "--format",
        "case",
        "--framework",
        default_version.framework.slug,
        "--as-draft",
        stdout=StringIO(),
    )
    draft = FrameworkVersion.objects.get(framework=default_version.framework, status=Status.DRAFT)
    assert Competence.objects.filter(version=draft, replaces__isnull=False).count() == 15


def test_import_of_the_opensalt_example(db):
    out = StringIO()
    call_command("framework_import", str(OPENSALT), "--as-draft", stdout=out)
    assert Framework.objects.filter(slug="smartlevel-test").exists()
    assert "no human code" in out.getvalue() or "code" in out.getvalue()


def test_every_problem_is_printed_and_nothing_is_saved(default_version, tmp_path):
    text = csv_export(version=default_version)
    text = text.replace(";ORG.2;", ";ORG 2;", 1).replace(";COOP.1;", ";ORG.1;", 1)
    text = text.replace("http://data.europa.eu/esco/skill/", "nowhere/", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    wipe_frameworks()
    err = StringIO()

    with translation.override("en"), pytest.raises(CommandError, match="3 problems"):
        call_command("framework_import", str(bad), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Row 2, column alignment_1_url:")
    assert lines[1].startswith("Row 3, column code:")
    assert lines[2].startswith("Row 5, column code:")
    assert Framework.objects.count() == 0


def test_import_errors_of_the_command_line(default_version, tmp_path):
    with pytest.raises(CommandError):
        call_command("framework_import", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError):
        call_command("framework_import", str(OPENSALT), "--framework", "nothing-like-this")
    with pytest.raises(CommandError):  # no levels: cannot be published as it is
        call_command("framework_import", str(OPENSALT))
    assert not Framework.objects.filter(slug="smartlevel-test").exists()


def test_a_published_import_becomes_the_current_version(default_version, tmp_path):
    exported = tmp_path / "export.csv"
    exported.write_text(csv_export(version=default_version), encoding="utf-8")
    slug = default_version.framework.slug

    call_command("framework_import", str(exported), "--framework", slug, stdout=StringIO())

    new = FrameworkVersion.objects.get(framework=default_version.framework, status=Status.PUBLISHED)
    default_version.refresh_from_db()
    assert default_version.status == Status.RETIRED
    assert new.label == "1.1"
    assert new.published_at > default_version.published_at
    assert Competence.objects.filter(version=new, replaces__version=default_version).count() == 15
