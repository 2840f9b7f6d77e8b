"""The default framework: shipped data, ESCO alignments, and the data migration."""

from __future__ import annotations

import copy
import csv
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from competences.models import (
    Competence,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
    Status,
)
from competences.rome import ROME_FRAMEWORK
from competences.services.defaults import DATA_DIR, default_framework_data, default_framework_load

ESCO_DIR = DATA_DIR / "esco"
SHARED_ESCO_DIR = Path(__file__).resolve().parents[3] / "shared" / "frameworks" / "esco"


def _esco_labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for path in sorted(ESCO_DIR.glob("*.csv")):
        language = path.stem.rsplit("_", 1)[1]
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                label = " ".join(row["preferredLabel"].split())
                labels.setdefault(row["conceptUri"], {})[language] = label
    return labels


def test_shipped_data_has_5_domains_15_competences_4_levels_in_both_languages():
    data = default_framework_data()
    assert len(data["domains"]) == 5
    assert [len(domain["competences"]) for domain in data["domains"]] == [3] * 5
    assert [level["number"] for level in data["levels"]] == [1, 2, 3, 4]
    texts = [data["framework"]["name"], data["framework"]["description"]]
    for level in data["levels"]:
        texts += [level["name"], level["descriptor"]]
    for domain in data["domains"]:
        texts += [domain["title"], domain["description"]]
        for competence in domain["competences"]:
            texts += [competence["title"], competence["description"]]
            assert sorted(competence["levels"]) == ["1", "2", "3", "4"]
            texts += competence["levels"].values()
    for text in texts:
        assert text["fr"].strip()
        assert text["en"].strip()


def test_every_competence_is_aligned_to_esco_concepts_of_the_shipped_files():
    labels = _esco_labels()
    for domain in default_framework_data()["domains"]:
        for competence in domain["competences"]:
            assert competence["alignments"], competence["code"]
            for alignment in competence["alignments"]:
                if alignment["target_framework"] == ROME_FRAMEWORK:
                    continue
                uri = alignment["target_url"]
                assert uri in labels, (competence["code"], uri)
                assert alignment["label"] == {"fr": labels[uri]["fr"], "en": labels[uri]["en"]}


def test_shipped_esco_files_are_the_shared_reference_copies():
    if not SHARED_ESCO_DIR.is_dir():
        pytest.skip("the shared reference folder is not available here")
    shipped = sorted(ESCO_DIR.glob("*.csv"))
    assert shipped
    for path in shipped:
        assert path.read_bytes() == (SHARED_ESCO_DIR / path.name).read_bytes(), path.name


@pytest.mark.django_db
def test_fresh_install_has_the_default_framework_published():
    data = default_framework_data()
    version = FrameworkVersion.objects.get(uuid=data["version"]["uuid"])
    assert version.status == Status.PUBLISHED
    assert version.framework.slug == data["framework"]["slug"]
    assert version.domains.count() == 5
    assert Competence.objects.filter(version=version).count() == 15
    assert ProficiencyLevel.objects.filter(version=version).count() == 4
    assert not Competence.objects.filter(version=version, alignments__isnull=True).exists()
    esco = set(_esco_labels())
    uris = set(
        ExternalAlignment.objects.filter(competence__version=version)
        .exclude(target_framework=ROME_FRAMEWORK)
        .values_list("target_url", flat=True)
    )
    assert uris <= esco
    assert (
        Competence.objects.get(version=version, code="COOP.1")
        .keywords.filter(name="médiation")
        .exists()
    )


@pytest.mark.django_db
def test_loader_is_idempotent_and_works_with_the_current_models():
    assert default_framework_load() is False
    data = copy.deepcopy(default_framework_data())
    data["framework"]["slug"] = "copy"

    def fresh_ids(node: object) -> None:
        if isinstance(node, dict):
            if "uuid" in node:
                node["uuid"] = str(uuid.uuid4())
            for value in node.values():
                fresh_ids(value)
        elif isinstance(node, list):
            for value in node:
                fresh_ids(value)

    fresh_ids(data)
    assert default_framework_load(data=data) is True
    assert default_framework_load(data=data) is False
    framework = Framework.objects.get(slug="copy")
    assert framework.versions.get().status == Status.PUBLISHED
    assert Competence.objects.filter(version__framework=framework).count() == 15


@pytest.mark.django_db
def test_management_command_is_idempotent():
    out = StringIO()
    call_command("load_default_framework", stdout=out)
    assert "already there" in out.getvalue()
