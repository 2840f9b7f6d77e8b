"""CSV import and export: documented columns, lossless round trip, BOM and delimiters,
every problem reported with its row and column."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation

from competences.exchange import ImportFailed, csv_export, framework_import_file
from competences.exchange.csv_import import csv_read
from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
)
from competences.services.defaults import alignment_uuid, level_text_uuid
from competences.services.versions import version_create_draft
from tests.competences.exchange.conftest import wipe_frameworks
from tests.competences.factories.frameworks import DomainFactory, draft_with_content

pytestmark = pytest.mark.django_db


def _rows(text: str, delimiter: str = ";") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Framework, FrameworkVersion, Domain, Competence, ProficiencyLevel)
    )


def test_export_has_one_row_per_competence(default_version):
    text = csv_export(version=default_version)
    assert text.startswith("\ufeffdomain_code;domain_title_fr;")
    assert "\r\n" in text
    rows = _rows(text)
    assert len(rows) == 15
    first, second = rows[0], rows[1]
    assert (first["domain_code"], first["code"]) == ("ORG", "ORG.1")
    assert first["framework_slug"] == "competences-transverses-collaboratives"
    assert first["framework_languages"] == "fr|en"
    assert first["version_label"] == "1.0"
    assert first["scale_1_name_fr"] and first["scale_4_uuid"]
    assert second["framework_slug"] == second["scale_1_name_fr"] == ""  # given once
    assert second["domain_title_fr"] == first["domain_title_fr"]  # repeated for each row
    competence = Competence.objects.get(version=default_version, code="ORG.1")
    assert first["uuid"] == str(competence.uuid)
    assert first["level_2_en"] == competence.level_descriptors.get(level__number=2).descriptor_en
    alignment = competence.alignments.first()
    assert first["alignment_1_url"] == alignment.target_url
    assert first["alignment_1_relation"] == "close"
    assert first["keywords"] == "|".join(sorted(t.name for t in competence.keywords.all()))


def test_csv_round_trip_into_an_empty_database_is_identical(default_version):
    text = csv_export(version=default_version)
    wipe_frameworks()

    result = framework_import_file(data=text.encode("utf-8"), publish=True)

    assert result.notices == []
    assert result.version.status == Status.PUBLISHED
    assert result.version.uuid == default_version.uuid
    assert csv_export(version=result.version) == text
    # Identifiers the CSV does not carry are derived like those of the default framework.
    competence = Competence.objects.get(version=result.version, code="ORG.1")
    text_uuids = set(
        CompetenceLevelDescriptor.objects.filter(competence=competence).values_list(
            "uuid", flat=True
        )
    )
    assert text_uuids == {level_text_uuid(str(competence.uuid), n) for n in range(1, 5)}
    for alignment in ExternalAlignment.objects.filter(competence=competence):
        assert alignment.uuid == alignment_uuid(str(competence.uuid), alignment.target_url)


def test_a_draft_with_an_empty_domain_round_trips():
    draft = draft_with_content(domains=2, competences=2, levels=3)
    DomainFactory(version=draft, code="EMPTY", order=9, description_fr="Rien encore.")
    text = csv_export(version=draft)
    wipe_frameworks()

    result = framework_import_file(data=text.encode("utf-8"))

    assert result.version.status == Status.DRAFT
    assert (result.domain_count, result.competence_count, result.level_count) == (3, 4, 3)
    assert csv_export(version=result.version) == text


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_bom_and_delimiters_are_handled(default_version, bom, delimiter):
    rows = _rows(csv_export(version=default_version))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    data = (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")

    result = framework_import_file(data=data, framework=default_version.framework)

    assert result.competence_count == 15
    imported = Competence.objects.get(version=result.version, code="COOP.2")
    original = Competence.objects.get(version=default_version, code="COOP.2")
    assert imported.title_fr == original.title_fr
    assert imported.description_en == original.description_en
    assert imported.replaces == original


def test_a_minimal_spreadsheet_imports():
    text = (
        "Domain_code,domain_title_fr,code,title_fr,keywords,level_1_fr,scale_1_name_fr,"
        "alignment_1_url,alignment_1_label_fr,framework_name_fr,framework_publisher\n"
        "AN,Animer,AN.1,Animer une réunion,réunion | groupe,Anime avec aide,Débute,"
        "http://data.europa.eu/esco/skill/abc,animer,Animation,Tiers-lieu\n"
        'AN,,AN.2,"Accueillir, orienter",,,,,,,\n'
    )
    with translation.override("en"):
        result = framework_import_file(data=text.encode("utf-8"), slug="animation")

    framework = result.framework
    assert framework.slug == "animation"
    assert framework.languages == ["fr"]
    assert (framework.name_fr, framework.name_en, framework.publisher) == (
        "Animation",
        "",
        "Tiers-lieu",
    )
    assert result.version.label == "1.0"
    first, second = Competence.objects.filter(version=result.version).order_by("order")
    assert sorted(t.name for t in first.keywords.all()) == ["groupe", "réunion"]
    assert second.title_fr == "Accueillir, orienter"
    alignment = first.alignments.get()
    assert (alignment.relation, alignment.target_framework) == ("close", "ESCO")
    assert first.level_descriptors.get().descriptor_fr == "Anime avec aide"


def test_a_file_with_three_different_errors_reports_all_three_and_saves_nothing(
    default_version,
):
    rows = _rows(csv_export(version=default_version))
    rows[2]["code"] = "ORG 3"  # 1. a code with a space (row 4)
    rows[5]["alignment_1_url"] = "not an address"  # 2. an invalid address (row 7)
    rows[9]["title_fr"] = rows[9]["title_en"] = ""  # 3. no title at all (row 11)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    wipe_frameworks()

    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=buffer.getvalue().encode("utf-8"), publish=True)

    problems = failure.value.problems
    assert [(p.location.row, p.location.column) for p in problems] == [
        (4, "code"),
        (7, "alignment_1_url"),
        (11, "title_fr"),
    ]
    with translation.override("en"):
        assert str(problems[1].location) == "Row 7, column alignment_1_url"
    assert problems[1].message == "Enter a valid URL."
    assert _counts() == (0, 0, 0, 0, 0)


def test_header_problems_are_all_reported():
    text = "domain_code;titel_fr;title_en;title_en;level_x_fr\nA;B;C;D;E\n"
    with translation.override("en"):
        document, problems = csv_read(text=text)
    assert document is None
    messages = [(p.location.row, p.location.column, p.message) for p in problems]
    assert [(row, column) for row, column, _message in messages] == [
        (1, "titel_fr"),
        (1, "title_en"),
        (1, "level_x_fr"),
        (1, None),
    ]
    assert "code is missing" in messages[-1][2]


def test_rows_that_disagree_and_duplicates_are_reported():
    text = (
        "domain_code;domain_title_fr;code;title_fr;framework_name_fr;uuid;framework_publisher\n"
        "A;Alpha;A.1;Un;Mon référentiel;00000000-0000-4000-8000-000000000001;Territoire\n"
        "A;Autre;A.1;Deux;Un autre nom;00000000-0000-4000-8000-000000000001;\n"
        ";;A.3;Trois;;;\n"
        "A;;A.4;Quatre;;pas-un-uuid;\n"
    )
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=text.encode("utf-8"))
    found = {(p.location.row, p.location.column) for p in failure.value.problems}
    assert found == {
        (3, "domain_title_fr"),  # differs from row 2
        (3, "framework_name_fr"),  # differs from row 2
        (3, "code"),  # the same code as row 2
        (3, "uuid"),  # the same identifier as row 2
        (4, "domain_code"),  # a competence without its domain
        (5, "uuid"),  # not a UUID
    }


def test_a_csv_file_cannot_be_read_as_case(default_version):
    data = csv_export(version=default_version).encode("utf-8")
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=data, file_format="case")
    assert "not contain JSON" in str(failure.value)


def test_a_file_saved_in_latin_1_is_refused():
    data = "domain_code;code;title_fr\nA;A.1;Compétence\n".encode("latin-1")
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=data)
    assert "line 2" in str(failure.value)


def test_an_import_into_a_framework_with_a_draft_is_refused(default_version):
    version_create_draft(framework=default_version.framework)
    data = csv_export(version=default_version).encode("utf-8")
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=data, framework=default_version.framework)
    assert "already has a draft" in str(failure.value)
