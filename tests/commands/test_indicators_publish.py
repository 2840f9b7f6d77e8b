"""#15: ``manage.py indicators_publish`` prints one JSON document on stdout, progress on
stderr (not with ``--quiet``), and refuses a year without contributions with exit code 1."""

from __future__ import annotations

import sqlite3

from tests.commands.process import Installation, manage
from tests.commands.test_documents import one_json_line
from tests.commands.test_refusals import refused_line


def test_indicators_publish_prints_one_json_object_and_stores_every_year(
    installation: Installation,
) -> None:
    done = manage(installation, "indicators_publish")
    assert done.returncode == 0, done.stderr
    years = one_json_line(done.stdout)["years"]
    assert years and all(year["status"] in ("done", "busy") for year in years)
    assert all(f"{year['year']}: " in done.stderr for year in years)
    with sqlite3.connect(installation.database) as connection:
        stored = dict(
            connection.execute(
                "SELECT year, fingerprint FROM community_indicatorpublication "
                "WHERE payload IS NOT NULL"
            ).fetchall()
        )
    assert {year["year"] for year in years} <= set(stored)
    # Again, quietly, for one year: the same figures, nothing on stderr.
    again = manage(installation, "indicators_publish", "--year", str(years[0]["year"]), "--quiet")
    assert again.returncode == 0 and again.stderr == ""
    (only,) = one_json_line(again.stdout)["years"]
    assert only["fingerprint"] == stored[only["year"]] and only["changed"] is False


def test_indicators_publish_refuses_a_year_without_contributions(
    installation: Installation,
) -> None:
    line = refused_line(manage(installation, "indicators_publish", "--year", "1901"))
    assert "1901" in line
    assert manage(installation, "indicators_publish", "--year", "x").returncode == 2
