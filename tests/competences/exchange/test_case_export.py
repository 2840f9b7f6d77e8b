"""CASE 1.1 export: valid against the official schema, stable, bilingual, complete."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from django.urls import resolve

from competences.exchange import case_package_export
from competences.exchange.case_common import (
    child_association_uuid,
    criterion_uuid,
    general_level_uuid,
    rubric_uuid,
)
from competences.exchange.case_schema import SCHEMA_FILE, case_package_errors
from competences.models import Competence, ExternalAlignment, Relation
from competences.rome import ROME_FRAMEWORK, ROME_URI_BASE
from competences.services.content import alignment_create, competence_update
from competences.services.versions import version_create_draft, version_publish
from tests.competences.factories.frameworks import draft_with_content, published_version

pytestmark = pytest.mark.django_db

SHARED_SCHEMA = (
    Path(__file__).resolve().parents[4] / "shared" / "standards" / "case" / SCHEMA_FILE.name
)


def _timestamps(value: object) -> list[str]:
    """Every lastChangeDateTime of a package, at any depth."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "lastChangeDateTime":
                found.append(item)
            else:
                found += _timestamps(item)
    elif isinstance(value, list):
        for item in value:
            found += _timestamps(item)
    return found


@pytest.mark.skipif(not SHARED_SCHEMA.exists(), reason="the shared reference folder is absent")
def test_schema_is_a_verbatim_copy_of_the_shared_one():
    assert SCHEMA_FILE.read_bytes() == SHARED_SCHEMA.read_bytes()


def test_default_framework_validates_against_the_case_schema(default_version):
    package = case_package_export(version=default_version)
    assert case_package_errors(package) == []
    # jsonschema does not check date-time without an extra package: check them here.
    stamps = _timestamps(package)
    assert len(stamps) > 100
    for stamp in stamps:
        assert datetime.fromisoformat(stamp).tzinfo is not None
    json.dumps(package)  # serialisable as is


def test_default_framework_package_content(default_version):
    package = case_package_export(version=default_version)
    document = package["CFDocument"]
    assert document["identifier"] == str(default_version.uuid)
    assert document["uri"] == f"http://testserver/ims/case/v1p1/CFDocuments/{default_version.uuid}"
    assert document["caseVersion"] == "1.1"
    assert document["title"] == "Référentiel des compétences transverses collaboratives"
    assert document["language"] == "fr"
    assert document["version"] == "1.0"
    assert document["adoptionStatus"] == "Adopted"
    assert document["statusStartDate"] == "2026-11-27"
    licence = package["CFDefinitions"]["CFLicenses"][0]
    assert document["licenseURI"]["uri"] == licence["uri"]
    assert licence["uri"] == f"http://testserver/ims/case/v1p1/CFLicenses/{licence['identifier']}"
    assert licence["description"] == "https://creativecommons.org/licenses/by/4.0/"
    # The licence's own text, not its address (competences/data/licences/).
    assert licence["licenseText"].startswith("Creative Commons Attribution 4.0 International")
    assert "Section 1 – Definitions." in licence["licenseText"]
    assert document["extensions"]["jalons"]["framework"]["licenceUrl"] == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    english = document["extensions"]["jalons"]["translations"]["en"]
    assert english["title"] == "Framework of cross-cutting collaborative competences"

    items = package["CFItems"]
    assert [item["CFItemType"] for item in items].count("Domain") == 5
    assert [item["CFItemType"] for item in items].count("Competence") == 15
    org2 = next(item for item in items if item["humanCodingScheme"] == "ORG.2")
    competence = Competence.objects.get(version=default_version, code="ORG.2")
    assert org2["identifier"] == str(competence.uuid)
    assert org2["fullStatement"] == competence.title_fr
    assert org2["notes"] == competence.description_fr
    assert org2["extensions"]["jalons"]["translations"]["en"] == {
        "fullStatement": competence.title_en,
        "notes": competence.description_en,
    }
    assert org2["conceptKeywords"] == sorted(tag.name for tag in competence.keywords.all())

    associations = package["CFAssociations"]
    children = [a for a in associations if a["associationType"] == "isChildOf"]
    assert len(children) == 20
    link = next(a for a in children if a["originNodeURI"]["identifier"] == str(competence.uuid))
    assert link["identifier"] == str(child_association_uuid(competence.uuid))
    assert link["destinationNodeURI"]["identifier"] == str(competence.domain.uuid)
    assert link["sequenceNumber"] == competence.order
    alignments = [a for a in associations if a["associationType"] != "isChildOf"]
    assert (
        len(alignments)
        == ExternalAlignment.objects.filter(competence__version=default_version).count()
    )
    rome = [a for a in alignments if a["destinationNodeURI"]["uri"].startswith(ROME_URI_BASE)]
    for association in alignments:
        if association not in rome:
            assert association["destinationNodeURI"]["uri"].startswith(
                "http://data.europa.eu/esco/skill/"
            )
    # The crosswalk to the ROME 4.0 savoir-être: every competence, with its justification.
    rome_rows = ExternalAlignment.objects.filter(
        competence__version=default_version, target_framework=ROME_FRAMEWORK
    )
    assert len(rome) == rome_rows.count() > 0
    assert {a["originNodeURI"]["identifier"] for a in rome} == {
        str(uuid) for uuid in default_version.competences.values_list("uuid", flat=True)
    }
    for association in rome:
        row = rome_rows.get(uuid=association["identifier"])
        assert association["destinationNodeURI"]["identifier"] == row.target_code
        assert association["destinationNodeURI"]["title"] == row.label_fr
        assert association["notes"] == row.note_fr != ""
        extension = association["extensions"]["jalons"]
        assert extension["relation"] == row.relation
        assert extension["targetCode"] == row.target_code
        assert extension["translations"]["en"]["notes"] == row.note_en

    (rubric,) = package["CFRubrics"]
    assert rubric["identifier"] == str(rubric_uuid(default_version.uuid))
    scale, *criteria = rubric["CFRubricCriteria"]
    assert "CFItemURI" not in scale
    levels = list(default_version.levels.all())
    assert [level["quality"] for level in scale["CFRubricCriterionLevels"]] == [
        level.name_fr for level in levels
    ]
    assert [level["identifier"] for level in scale["CFRubricCriterionLevels"]] == [
        str(level.uuid) for level in levels
    ]
    assert len(criteria) == 15
    criterion = next(c for c in criteria if c["CFItemURI"]["identifier"] == str(competence.uuid))
    assert criterion["identifier"] == str(criterion_uuid(competence.uuid))
    texts = {item.level.number: item for item in competence.level_descriptors.all()}
    for level in criterion["CFRubricCriterionLevels"]:
        assert level["identifier"] == str(texts[level["position"]].uuid)
        assert level["description"] == texts[level["position"]].descriptor_fr


def test_export_twice_gives_the_same_package(default_version):
    assert case_package_export(version=default_version) == case_package_export(
        version=default_version
    )


def test_relations_and_levels_without_a_competence_text():
    version = draft_with_content(domains=1, competences=1, levels=2)
    competence = Competence.objects.get(version=version)
    ExternalAlignment.objects.filter(competence=competence).update(relation=Relation.EXACT)
    alignment_create(
        competence=competence,
        target_url="https://example.org/rome/K1206",
        target_framework="ROME 4.0",
        target_code="K1206",
        label_fr="Intervention socioculturelle",
        label_en="",
        relation=Relation.RELATED,
    )
    package = case_package_export(version=version)
    assert case_package_errors(package) == []
    exact, related = [a for a in package["CFAssociations"] if a["associationType"] != "isChildOf"]
    assert exact["associationType"] == "exactMatchOf"
    assert related["associationType"] == "isRelatedTo"
    assert related["destinationNodeURI"]["identifier"] == "K1206"
    assert related["extensions"]["jalons"] == {
        "relation": "related",
        "targetFramework": "ROME 4.0",
        "targetCode": "K1206",
    }
    criterion = package["CFRubrics"][0]["CFRubricCriteria"][1]
    first, second = criterion["CFRubricCriterionLevels"]
    assert first["description"] == "Prépare avec de l'aide."
    # Level 2 has no text of its own: the scale's descriptor, under a derived identifier.
    level_two = version.levels.get(number=2)
    assert second["identifier"] == str(general_level_uuid(competence.uuid, level_two.uuid))
    assert second["description"] == level_two.descriptor_fr


def test_a_text_missing_in_the_first_language_falls_back_and_is_recorded():
    version = draft_with_content(domains=1, competences=1, levels=1)
    competence = Competence.objects.get(version=version)
    competence_update(
        competence=competence,
        domain=competence.domain,
        code=competence.code,
        title_fr="",
        title_en="Listen",
    )
    package = case_package_export(version=version)
    assert case_package_errors(package) == []
    item = next(i for i in package["CFItems"] if i["identifier"] == str(competence.uuid))
    assert item["fullStatement"] == "Listen"
    assert item["extensions"]["jalons"]["translations"] == {
        "fr": {"fullStatement": ""},
        "en": {"fullStatement": "Listen"},
    }
    assert package["CFDocument"]["adoptionStatus"] == "Draft"
    assert "statusStartDate" not in package["CFDocument"]


def test_english_first_framework_exports_english_texts():
    version = draft_with_content(domains=1, competences=1, levels=1)
    version.framework.languages = ["en", "fr"]
    version.framework.save()
    package = case_package_export(version=version)
    assert package["CFDocument"]["language"] == "en"
    item = package["CFItems"][1]
    assert item["language"] == "en"
    assert item["fullStatement"].startswith("Competence")
    assert item["extensions"]["jalons"]["translations"]["fr"]["fullStatement"].startswith(
        "Compétence"
    )


def test_a_new_version_records_what_it_replaces():
    v1 = published_version(domains=1, competences=2, levels=1)
    draft = version_create_draft(framework=v1.framework, label="2.0")
    v2 = version_publish(version=draft)
    package = case_package_export(version=v2)
    assert case_package_errors(package) == []
    replaced = [a for a in package["CFAssociations"] if a["associationType"] == "replacedBy"]
    assert len(replaced) == 2
    old = {str(c.uuid) for c in Competence.objects.filter(version=v1)}
    new = {str(c.uuid) for c in Competence.objects.filter(version=v2)}
    assert {a["originNodeURI"]["identifier"] for a in replaced} == old
    assert {a["destinationNodeURI"]["identifier"] for a in replaced} == new
    v1.refresh_from_db()
    retired = case_package_export(version=v1)
    assert retired["CFDocument"]["adoptionStatus"] == "Deprecated"
    assert "statusEndDate" in retired["CFDocument"]


def test_item_addresses_are_served_by_the_case_api(default_version):
    package = case_package_export(version=default_version)
    item = package["CFItems"][0]
    path = item["uri"].removeprefix("http://testserver")
    assert resolve(path).view_name == "case:item"
    document_path = package["CFDocument"]["uri"].removeprefix("http://testserver")
    assert resolve(document_path).view_name == "case:document"
