"""The ROME 4.0 reference data: the shipped copies, ``load_rome``, job title search, the
ranking of job sheets, and the default framework's crosswalk to the 16 savoir-être."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from competences.exchange import case_package_export, csv_export, framework_import_file
from competences.exchange.case_schema import case_package_errors
from competences.models import (
    Competence,
    ExternalAlignment,
    FrameworkVersion,
    Relation,
    RomeJobSheet,
    RomeJobSheetSoftSkill,
    RomeJobTitle,
    RomeSoftSkill,
)
from competences.rome import (
    ROME_DIR,
    ROME_FRAMEWORK,
    ROME_VERSION,
    RomeDataError,
    rome_read,
    rome_soft_skill_uri,
    rome_version,
)
from competences.selectors.rome import (
    rome_crosswalk,
    rome_grand_domains,
    rome_job_title_search,
    rome_sheets_ranked,
)
from competences.services.defaults import default_framework_data
from competences.services.rome import rome_load
from tests.competences.exchange.conftest import wipe_frameworks

SHARED = Path(settings.BASE_DIR).parent / "shared" / "frameworks" / "rome"
SHARED_DERIVED = SHARED / "derived"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- The shipped copies -------------------------------------------------------------


def test_sources_give_the_checksum_of_every_shipped_file():
    sources = (ROME_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "Licence Ouverte" in sources and "version 60" in sources
    for path in sorted(ROME_DIR.glob("*")):
        if path.name == "SOURCES.md":
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"{digest}  {path.name}" in sources, path.name


def test_version_constant_is_the_shipped_version():
    assert rome_version() == ROME_VERSION == "60"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared reference folder is not here")
def test_shipped_copies_keep_the_reference_rows_and_values():
    data = rome_read()
    skills = _csv(SHARED_DERIVED / "rome_v460_savoir_etre_professionnels.csv")
    assert [(s.code, s.label, s.definition) for s in data.soft_skills] == [
        (row["code_ogr"], row["libelle"], row["definition"]) for row in skills
    ]
    sheets = _csv(SHARED_DERIVED / "rome_v460_fiches.csv")
    assert [(s.code, s.label, s.grand_domain_code) for s in data.sheets] == [
        (row["code_rome"], row["libelle_rome"], row["code_grand_domaine"]) for row in sheets
    ]
    titles = _csv(
        SHARED
        / "original"
        / "france_travail_rome_v460"
        / "unix_referentiel_appellation_v460_utf8.csv"
    )
    assert [(t.code, t.label, t.sheet_id) for t in data.titles] == [
        (row["code_ogr"], row["libelle_appellation_long"], row["code_rome"]) for row in titles
    ]
    links = _csv(SHARED_DERIVED / "rome_v460_fiche_savoir_etre.csv")
    assert set(data.links) == {(row["code_rome"], row["code_ogr_savoir_etre"]) for row in links}
    assert (len(data.soft_skills), len(data.sheets), len(data.titles), len(data.links)) == (
        16,
        1584,
        13120,
        5255,
    )


# --- load_rome ----------------------------------------------------------------------


@pytest.mark.django_db
def test_load_rome_loads_everything_then_changes_nothing(capsys):
    call_command("load_rome", "--quiet")
    first = json.loads(capsys.readouterr().out)
    assert first["version"] == "60"
    assert first["job_titles"] == {"created": 13120, "updated": 0, "removed": 0}
    assert (
        RomeSoftSkill.objects.count(),
        RomeJobSheet.objects.count(),
        RomeJobTitle.objects.count(),
        RomeJobSheetSoftSkill.objects.count(),
    ) == (16, 1584, 13120, 5255)
    sheet = RomeJobSheet.objects.get(code="M1601")
    assert sheet.soft_skill_count == sheet.links.count() == 3

    call_command("load_rome", "--quiet")
    second = json.loads(capsys.readouterr().out)
    assert all(
        v == 0
        for kind in ("soft_skills", "job_sheets", "job_titles", "links")
        for v in second[kind].values()
    )


@pytest.mark.django_db
def test_load_rome_repairs_what_changed(rome):
    RomeSoftSkill.objects.filter(code="300412").update(label="changed")
    RomeJobTitle.objects.create(code="999999999", label="Not in the ROME", sheet_id="M1601")
    RomeJobSheetSoftSkill.objects.filter(sheet_id="M1601").delete()

    loaded = rome_load()

    assert loaded.counts["soft_skills"]["updated"] == 1
    assert loaded.counts["job_titles"]["removed"] == 1
    assert loaded.counts["links"]["created"] == 3
    assert RomeSoftSkill.objects.get(code="300412").label.startswith("Etre à l")


def test_unreadable_data_is_refused_with_a_reason(tmp_path):
    for path in ROME_DIR.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "version.txt").write_text("Numero de version : 60\n", encoding="utf-8")
    (tmp_path / "rome_v460_fiche_savoir_etre.csv").write_text(
        '"code_rome","code_ogr_savoir_etre"\n"Z9999","300412"\n', encoding="utf-8"
    )
    with pytest.raises(RomeDataError, match="Z9999"):
        rome_read(tmp_path)
    (tmp_path / "rome_v460_fiches.csv").unlink()
    with pytest.raises(RomeDataError, match=r"rome_v460_fiches\.csv"):
        rome_read(tmp_path)


@pytest.mark.django_db
def test_load_rome_refuses_a_broken_file_with_exit_status_1(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RomeDataError("rome_v460_fiches.csv: No such file or directory")

    monkeypatch.setattr("competences.management.commands.load_rome.rome_read", broken)
    with pytest.raises(CommandError) as error:
        call_command("load_rome")
    assert error.value.returncode == 1
    assert "rome_v460_fiches.csv" in str(error.value)
    assert not RomeJobSheet.objects.exists()


def test_load_rome_prints_one_json_document_on_stdout(tmp_path):
    """As a script would run it: a fresh database, the default settings."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    # Only the tables load_rome needs (competences and what it depends on): a few seconds.
    subprocess.run(
        [*manage, "migrate", "competences", "-v", "0"], env=env, check=True, capture_output=True
    )
    done = subprocess.run([*manage, "load_rome"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["links"]["created"] == 5255
    assert "ROME 4.0" in done.stderr
    quiet = subprocess.run(
        [*manage, "load_rome", "--quiet"], env=env, capture_output=True, text=True
    )
    assert quiet.stderr == "" and json.loads(quiet.stdout)["links"]["created"] == 0
    usage = subprocess.run(
        [*manage, "load_rome", "--nope"], env=env, capture_output=True, text=True
    )
    assert usage.returncode == 2


def test_the_fixture_loads_the_full_data_fast(django_db_blocker, django_db_setup):
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        rome_load()
        elapsed = time.perf_counter() - started
        assert RomeJobTitle.objects.count() == 13120
        transaction.set_rollback(True)
    assert elapsed < 5


# --- Search and ranking ---------------------------------------------------------------


@pytest.mark.django_db
def test_job_titles_are_found_without_accents_or_case_on_labels_and_codes(rome):
    labels = [title.label for title in rome_job_title_search(query="agent accueil")]
    assert labels[0] == "Agent / Agente d'accueil"
    assert all(re.search(r"(?i)agent", label) and "accueil" in label.lower() for label in labels)
    assert rome_job_search_exact("AGENT   D'ACCUEIL")[0].label == labels[0]
    assert {t.sheet_id for t in rome_job_title_search(query="m1601")} == {"M1601"}
    assert rome_job_title_search(query="10372")[0].label == "Agent / Agente d'accueil"
    assert rome_job_title_search(query="écologue")  # accented query
    assert rome_job_title_search(query="ECOLOGUE") == rome_job_title_search(query="écologue")
    assert rome_job_title_search(query="   ") == []


def rome_job_search_exact(query: str) -> list[RomeJobTitle]:
    return rome_job_title_search(query=query)


@pytest.mark.django_db
def test_job_sheets_are_ranked_by_how_many_savoir_etre_are_covered():
    skills = [
        RomeSoftSkill.objects.create(code=code, macro_code=f"6D1{code}", label=code, definition="")
        for code in ("a", "b", "c", "d")
    ]
    a, b, c, d = skills

    def sheet(code: str, domain: str, *asked: RomeSoftSkill) -> None:
        row = RomeJobSheet.objects.create(
            code=code,
            label=code,
            grand_domain_code=domain,
            grand_domain_label=f"Domain {domain}",
            domain_code=f"{domain}11",
            domain_label="",
            soft_skill_count=len(asked),
        )
        for skill in asked:
            RomeJobSheetSoftSkill.objects.create(sheet=row, soft_skill=skill)

    sheet("X1", "K", a, d)  # 1 covered of 2
    sheet("X2", "M", a, b, c)  # 3 of 3
    sheet("X3", "M", a, b, d)  # 2 of 3
    sheet("X4", "K", a, b, d, c)  # 3 of 4
    sheet("X5", "M", d)  # none
    sheet("X6", "K", b, d, c)  # 2 of 3, after X3 by code

    with CaptureQueriesContext(connection) as queries:
        ranked = rome_sheets_ranked(covered={"a", "b", "c"})
    assert [(s.code, s.covered) for s in ranked.sheets] == [
        ("X2", 3),
        ("X4", 3),
        ("X3", 2),
        ("X6", 2),
        ("X1", 1),
    ]
    assert ranked.total == 5
    assert len(queries) == 2
    in_k = rome_sheets_ranked(covered={"a", "b", "c"}, grand_domain="K", offset=1, limit=1)
    assert [s.code for s in in_k.sheets] == ["X6"] and in_k.total == 3
    assert rome_sheets_ranked(covered=set()).sheets == []
    assert rome_grand_domains() == [("K", "Domain K"), ("M", "Domain M")]


# --- The default framework's crosswalk (acceptance 1) -----------------------------------


def _default_rome_alignments() -> dict[str, list[dict]]:
    return {
        competence["code"]: [
            a for a in competence["alignments"] if a["target_framework"] == ROME_FRAMEWORK
        ]
        for domain in default_framework_data()["domains"]
        for competence in domain["competences"]
    }


def test_every_default_competence_relates_to_a_savoir_etre_with_a_justification():
    skills = {
        row["code_ogr"]: row for row in _csv(ROME_DIR / "rome_v460_savoir_etre_professionnels.csv")
    }
    crosswalk = _default_rome_alignments()
    assert len(crosswalk) == 15
    for code, alignments in crosswalk.items():
        assert alignments, code
        for alignment in alignments:
            skill = skills[alignment["target_code"]]
            assert alignment["label"] == {"fr": skill["libelle"], "en": ""}
            assert alignment["target_url"] == rome_soft_skill_uri(skill["code_ogr"])
            assert alignment["relation"] in Relation.values
            assert alignment["note"]["fr"].strip() and alignment["note"]["en"].strip()
            assert len(alignment["note"]["fr"]) <= 300 and "\n" not in alignment["note"]["fr"]
        assert len({a["target_code"] for a in alignments}) == len(alignments)


@pytest.mark.django_db
def test_the_default_version_has_its_crosswalk_after_the_migrations(default_framework):
    rows = ExternalAlignment.objects.filter(
        competence__version=default_framework, target_framework=ROME_FRAMEWORK
    )
    expected = {
        (code, a["target_code"], a["relation"], a["note"]["fr"])
        for code, alignments in _default_rome_alignments().items()
        for a in alignments
    }
    assert {
        (row.competence.code, row.target_code, row.relation, row.note_fr) for row in rows
    } == expected
    assert (
        not Competence.objects.filter(version=default_framework)
        .exclude(alignments__target_framework=ROME_FRAMEWORK)
        .exists()
    )
    links = rome_crosswalk(
        competence_uuids=Competence.objects.filter(version=default_framework).values_list(
            "uuid", flat=True
        )
    )
    assert len(links) == 15


def _rome_rows(version: FrameworkVersion) -> set[tuple]:
    return set(
        ExternalAlignment.objects.filter(
            competence__version=version, target_framework=ROME_FRAMEWORK
        ).values_list(
            "competence__code",
            "target_url",
            "target_code",
            "label_fr",
            "label_en",
            "relation",
            "note_fr",
            "note_en",
        )
    )


@pytest.mark.django_db
def test_case_export_has_the_rome_associations_and_validates(default_framework):
    package = case_package_export(version=default_framework)
    assert case_package_errors(package) == []
    rome = [
        a
        for a in package["CFAssociations"]
        if a["destinationNodeURI"]["uri"].startswith(rome_soft_skill_uri(""))
    ]
    assert len(rome) == len(_rome_rows(default_framework)) == 28
    assert {a["destinationNodeURI"]["identifier"] for a in rome} <= set(
        row["code_ogr"] for row in _csv(ROME_DIR / "rome_v460_savoir_etre_professionnels.csv")
    )
    broad = next(a for a in rome if a["extensions"]["jalons"]["relation"] == "broad")
    assert broad["associationType"] == "isRelatedTo" and broad["notes"]


@pytest.mark.django_db
def test_csv_and_case_round_trips_keep_the_crosswalk(default_framework):
    before = _rome_rows(default_framework)
    text = csv_export(version=default_framework)
    package = json.dumps(case_package_export(version=default_framework)).encode()
    assert "alignment_1_note_fr" in text.splitlines()[0]

    wipe_frameworks()
    from_csv = framework_import_file(data=text.encode("utf-8"), publish=True).version
    assert _rome_rows(from_csv) == before

    wipe_frameworks()
    from_case = framework_import_file(data=package, publish=True).version
    assert _rome_rows(from_case) == before
