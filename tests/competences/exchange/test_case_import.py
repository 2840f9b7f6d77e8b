"""CASE 1.1 import: lossless round trips, the OpenSALT example, deep trees, every error at once."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.utils import translation

from competences.exchange import ImportFailed, case_package_export, framework_import_file
from competences.exchange.case_schema import case_package_errors
from competences.models import (
    Competence,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    Status,
)
from competences.services.content import competence_create
from competences.services.versions import version_create_draft, version_publish
from tests.competences.exchange.conftest import wipe_frameworks
from tests.competences.factories.frameworks import published_version

pytestmark = pytest.mark.django_db

OPENSALT = Path(__file__).resolve().parent / "data" / "opensalt_SmartLevelFramework.json"


def _bytes(package: dict) -> bytes:
    return json.dumps(package, ensure_ascii=False).encode("utf-8")


def _counts() -> tuple[int, int, int, int]:
    return (
        Framework.objects.count(),
        FrameworkVersion.objects.count(),
        Domain.objects.count(),
        Competence.objects.count(),
    )


def test_round_trip_into_an_empty_database_gives_the_same_package(default_version):
    package = case_package_export(version=default_version)
    wipe_frameworks()
    assert _counts() == (0, 0, 0, 0)

    result = framework_import_file(data=_bytes(package), publish=True)

    assert result.framework_created
    assert result.notices == []
    version = FrameworkVersion.objects.get(uuid=package["CFDocument"]["identifier"])
    assert version.status == Status.PUBLISHED
    assert version.framework.slug == "competences-transverses-collaboratives"
    assert (result.domain_count, result.competence_count, result.level_count) == (5, 15, 4)
    again = case_package_export(version=version)
    assert again == package  # identifiers, dates and both languages included
    # The imported version is searchable like any published one.
    assert all(c.search_text for c in Competence.objects.filter(version=version))


def test_round_trip_of_two_versions_keeps_what_replaces_what():
    v1 = published_version(domains=2, competences=2, levels=3)
    framework = v1.framework
    draft = version_create_draft(framework=framework, label="2.0")
    competence_create(
        domain=Domain.objects.filter(version=draft).first(),
        code="NEW.1",
        title_fr="Nouvelle",
        title_en="New",
    )
    v2 = version_publish(version=draft)
    v1.refresh_from_db()
    first, second = case_package_export(version=v1), case_package_export(version=v2)
    assert first["CFDocument"]["adoptionStatus"] == "Deprecated"
    wipe_frameworks()

    framework_import_file(data=_bytes(first), publish=True)
    imported = Framework.objects.get(slug=framework.slug)
    framework_import_file(data=_bytes(second), framework=imported, publish=True)

    assert case_package_export(version=FrameworkVersion.objects.get(uuid=v1.uuid)) == first
    assert case_package_export(version=FrameworkVersion.objects.get(uuid=v2.uuid)) == second
    assert Competence.objects.filter(version__uuid=v2.uuid, replaces__isnull=False).count() == 4


def test_import_into_the_same_framework_gives_new_identifiers_and_replacements(default_version):
    package = case_package_export(version=default_version)

    result = framework_import_file(data=_bytes(package), framework=default_version.framework)

    draft = result.version
    assert draft.status == Status.DRAFT
    assert draft.label == "1.1"
    assert draft.based_on == default_version
    assert draft.uuid != default_version.uuid
    assert len(result.notices) == 2  # the label, and the identifiers already used
    competences = Competence.objects.filter(version=draft).select_related("replaces")
    assert competences.count() == 15
    for competence in competences:
        assert competence.replaces is not None
        assert competence.replaces.code == competence.code
        assert competence.uuid != competence.replaces.uuid
    exported = case_package_export(version=draft)
    assert case_package_errors(exported) == []
    assert (
        len([a for a in exported["CFAssociations"] if a["associationType"] == "replacedBy"]) == 15
    )


def test_the_opensalt_example_imports():
    data = OPENSALT.read_bytes()
    package = json.loads(data)

    with translation.override("en"):
        result = framework_import_file(data=data)

    framework, version = result.framework, result.version
    assert framework.slug == "smartlevel-test"
    assert framework.name_en == "SmartLevel Test"
    assert framework.publisher == "OpenSALT Testing"
    assert framework.languages == ["en"]
    assert version.status == Status.DRAFT
    assert str(version.uuid) == package["CFDocument"]["identifier"]
    domains = list(Domain.objects.filter(version=version).prefetch_related("competences"))
    assert [(d.code, d.title_en) for d in domains] == [("D1", "Item 1"), ("D2", "Item 2")]
    assert [c.code for c in domains[0].competences.all()] == [f"D1.{n}" for n in range(1, 11)]
    assert [c.title_en for c in domains[1].competences.all()] == ["Item 2.1", "Item 2.2"]
    identifiers = {str(c.uuid) for c in Competence.objects.filter(version=version)}
    identifiers |= {str(d.uuid) for d in domains}
    assert identifiers == {item["identifier"] for item in package["CFItems"]}
    assert any("no human code" in notice for notice in result.notices)
    assert any("language" in notice for notice in result.notices)
    assert case_package_errors(case_package_export(version=version)) == []


def test_the_opensalt_example_cannot_be_published_without_levels():
    with pytest.raises(ImportFailed) as failure:
        framework_import_file(data=OPENSALT.read_bytes(), publish=True)
    assert len(failure.value.problems) >= 2
    assert Framework.objects.filter(slug="smartlevel-test").count() == 0


def _item(identifier: str, statement: str, **extra: object) -> dict:
    return {
        "identifier": identifier,
        "uri": f"https://case.example.org/CFItems/{identifier}",
        "fullStatement": statement,
        "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        **extra,
    }


def _link(number: int, kind: str, origin: str, destination: str, **extra: object) -> dict:
    identifier = f"a0000000-0000-4000-8000-{number:012d}"
    return {
        "identifier": identifier,
        "associationType": kind,
        "uri": f"https://case.example.org/CFAssociations/{identifier}",
        "originNodeURI": {"title": "", "identifier": origin, "uri": f"urn:{origin}"},
        "destinationNodeURI": {"title": "", "identifier": destination, "uri": f"urn:{destination}"},
        "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        **extra,
    }


DOC = "d0000000-0000-4000-8000-000000000000"


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _deep_package() -> dict:
    """Document → A → (A.1 → (A.1.a, A.1.b), A.2); plus B, a top item with nothing under it."""
    items = [
        _item(_uuid(1), "Area A", humanCodingScheme="A"),
        _item(_uuid(2), "First of A"),
        _item(_uuid(3), "Detail a", humanCodingScheme="A 1 a"),
        _item(_uuid(4), "Detail b"),
        _item(_uuid(5), "Second of A"),
        _item(_uuid(6), "Loose competence B", language="fr"),
        _item(_uuid(7), "Pas attaché"),
    ]
    associations = [
        _link(1, "isChildOf", _uuid(1), DOC, sequenceNumber=1),
        _link(2, "isChildOf", _uuid(5), _uuid(1), sequenceNumber=2),
        _link(3, "isChildOf", _uuid(2), _uuid(1), sequenceNumber=1),
        _link(4, "isChildOf", _uuid(3), _uuid(2)),
        _link(5, "isChildOf", _uuid(4), _uuid(2)),
        _link(6, "isChildOf", _uuid(6), DOC, sequenceNumber=2),
        _link(7, "isPeerOf", _uuid(2), _uuid(5)),
        _link(8, "exactMatchOf", _uuid(5), "not-a-uuid"),
    ]
    associations[-1]["destinationNodeURI"] = {
        "title": "plan",
        "identifier": "6b305973-8993-475f-bd8a-daf037c61401",
        "uri": "http://data.europa.eu/esco/skill/6b305973-8993-475f-bd8a-daf037c61401",
    }
    return {
        "CFDocument": {
            "identifier": DOC,
            "uri": f"https://case.example.org/CFDocuments/{DOC}",
            "creator": "Somewhere",
            "title": "Deep framework",
            "version": "v 2 (beta)",
            "language": "en-GB",
            "lastChangeDateTime": "2020-01-01T00:00:00Z",
        },
        "CFItems": items,
        "CFAssociations": associations,
    }


def test_a_deep_tree_is_flattened_into_domains_and_competences():
    package = _deep_package()
    assert case_package_errors(package) == []

    with translation.override("en"):
        result = framework_import_file(data=_bytes(package))

    version = result.version
    assert version.label == "v-2-beta"
    domains = list(Domain.objects.filter(version=version).order_by("order"))
    assert [(d.code, d.title_en) for d in domains] == [("A", "Area A"), ("D2", "Deep framework")]
    area = list(Competence.objects.filter(domain=domains[0]).order_by("order"))
    assert [(c.code, c.title_en, c.order) for c in area] == [
        ("A.1", "First of A", 1),
        ("A-1-a", "Detail a", 2),
        ("A.1.2", "Detail b", 3),
        ("A.2", "Second of A", 4),
    ]
    loose = list(Competence.objects.filter(domain=domains[1]).order_by("order"))
    assert [(c.title_en, c.title_fr) for c in loose] == [
        ("", "Loose competence B"),
        ("Pas attaché", ""),
    ]
    (alignment,) = ExternalAlignment.objects.filter(competence__version=version)
    assert alignment.competence.code == "A.2"
    assert alignment.relation == "exact"
    assert alignment.target_framework == "ESCO"
    assert alignment.label_en == "plan"
    notices = " ".join(result.notices)
    assert "3 levels of items" in notices
    assert "not attached" in notices
    assert "isPeerOf (1)" in notices
    assert "renamed" in notices


def test_a_package_with_three_different_errors_reports_all_three_and_saves_nothing(
    default_version,
):
    package = copy.deepcopy(case_package_export(version=default_version))
    del package["CFItems"][3]["fullStatement"]  # 1. a required member is missing
    alignment = next(a for a in package["CFAssociations"] if a["associationType"] != "isChildOf")
    alignment["destinationNodeURI"]["uri"] = "not an address"  # 2. an invalid alignment URL
    package["CFAssociations"][0]["destinationNodeURI"]["identifier"] = (
        "ffffffff-ffff-4fff-8fff-ffffffffffff"  # 3. a parent that does not exist
    )
    wipe_frameworks()

    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=_bytes(package), publish=True)

    problems = failure.value.problems
    places = [str(problem.location) for problem in problems]
    index = package["CFAssociations"].index(alignment)
    assert places == [
        "$.CFItems[3].fullStatement",
        "$.CFAssociations[0].destinationNodeURI.identifier",
        f"$.CFAssociations[{index}].destinationNodeURI.uri",
    ]
    assert problems[0].message == "“fullStatement” is missing."
    assert problems[2].message == "Enter a valid URL."
    assert _counts() == (0, 0, 0, 0)


def test_problems_are_reported_in_the_users_language(default_version):
    package = case_package_export(version=default_version)
    alignment = next(a for a in package["CFAssociations"] if a["associationType"] != "isChildOf")
    alignment["destinationNodeURI"]["uri"] = "not an address"
    with translation.override("fr"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=_bytes(package), framework=default_version.framework)
    assert failure.value.problems[0].message == "Saisissez une URL valide."


def test_a_new_framework_needs_a_free_short_name(default_version):
    package = case_package_export(version=default_version)
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=_bytes(package))
    (problem,) = failure.value.problems
    assert str(problem.location) == "$.CFDocument.extensions.jalons.framework.slug"
    assert "already exists" in problem.message
    result = framework_import_file(data=_bytes(package), slug="copie")
    assert result.framework.slug == "copie"
    assert result.framework.uuid != default_version.framework.uuid


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"CFDocument": ', "not valid JSON (line 1, column 16)"),
        (b"[1, 2]", "JSON object"),
        (b'{"CFItems": []}', "“CFDocument” is missing."),
        (b"\xff\xfe{\x00}\x00", "not written in UTF-8"),
        (b"   ", "The file is empty."),
    ],
)
def test_unreadable_packages(data, expected):
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=data, file_format="case")
    assert expected in str(failure.value)


def test_a_file_too_big_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr("competences.exchange.reading.MAX_IMPORT_BYTES", 10)
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=b'{"CFDocument": {}}')
    assert "too big" in str(failure.value)


def test_members_outside_case_are_ignored_with_a_notice():
    package = json.loads(OPENSALT.read_bytes())
    for item in package["CFItems"]:
        item["CFDocumentURI"] = {"title": "x", "identifier": DOC, "uri": "urn:x"}
    with translation.override("en"):
        result = framework_import_file(data=_bytes(package))
    assert any("CFDocumentURI (14)" in notice for notice in result.notices)


def test_a_loop_of_parents_is_a_problem():
    package = _deep_package()
    package["CFAssociations"][0]["destinationNodeURI"]["identifier"] = _uuid(2)
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        framework_import_file(data=_bytes(package))
    assert any("loop" in problem.message for problem in failure.value.problems)
