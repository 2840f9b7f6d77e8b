"""``manage.py generate_scale_data`` (the benchmarks' data) and ``bench/pages.py --quick``.

Small volumes: the shapes promised at regional scale (one initiative much larger than the
others, a long tail of contributions, one advisor with most shares, one issuer with most
awards, a leader's queue), the same data for the same seed, the refusals, one JSON document
on stdout, and every page the benchmark measures answering 200 for its persona.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client

from accounts.models import User
from badges.models import Award, Issuer
from community.models import (
    CompetenceClaim,
    Contribution,
    Endorsement,
    EndorsementRequest,
    Initiative,
    Membership,
)
from portfolios.models import Portfolio, ShareLink

ROOT = Path(__file__).resolve().parents[2]
SMALL = {
    "volunteers": 200,
    "initiatives": 5,
    "contributions": 2000,
    "awards": 300,
    "shares": 40,
}


def _options(sizes: dict[str, int]) -> list[str]:
    return [f"--{name}={value}" for name, value in sizes.items()]


def _generate(*args: str, sizes: dict[str, int] = SMALL) -> dict[str, Any]:
    out = io.StringIO()
    call_command("generate_scale_data", *_options(sizes), "--quiet", *args, stdout=out)
    return json.loads(out.getvalue())


def _fingerprint() -> dict[str, Any]:
    """What the data is, without primary keys and times (taken from the clock)."""
    return {
        "users": sorted(User.objects.values_list("email", "display_name", "is_advisor")),
        "initiatives": sorted(Initiative.objects.values_list("slug", "kind", "commune")),
        "members": sorted(Membership.objects.values_list("initiative__slug", "user__email")),
        "contributions": sorted(
            Contribution.objects.values_list(
                "uuid", "owner__email", "initiative__slug", "title", "started_on", "status"
            )
        ),
        "claims": sorted(
            CompetenceClaim.objects.values_list("uuid", "contribution__uuid", "self_level")
        ),
        "endorsements": sorted(Endorsement.objects.values_list("uuid", "claim__uuid", "level")),
        "awards": sorted(
            Award.objects.values_list(
                "uuid", "badge_class__uuid", "recipient_email", "status_entry__index"
            )
        ),
        "shares": sorted(ShareLink.objects.values_list("uuid", "recipient_email", "token_hash")),
    }


@pytest.fixture
def debug(settings: Any) -> None:
    settings.DEBUG = True


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_counts_and_shapes() -> None:
    summary = _generate()
    counts = summary["counts"]
    assert User.objects.filter(is_advisor=False, is_steward=False).count() == 200 + 5
    assert Initiative.objects.count() == counts["initiatives"] == 5
    assert Contribution.objects.count() == counts["contributions"] == 2000
    assert Award.objects.count() == counts["awards"] == 300
    assert ShareLink.objects.count() == Portfolio.objects.count() == 40
    assert CompetenceClaim.objects.count() == counts["claims"] >= 2000
    assert Endorsement.objects.count() == counts["endorsements"] > 0

    # One initiative much larger than the others: the one whose members page is measured.
    sizes = dict(Initiative.objects.annotate(size=Count("memberships")).values_list("slug", "size"))
    big = summary["personas"]["leader"]["initiative"]
    assert summary["paths"]["members_page"] == f"/initiatives/{big}/members/"
    assert sizes[big] == max(sizes.values()) == summary["personas"]["leader"]["members"]
    assert sizes[big] >= 2.5 * max(size for slug, size in sizes.items() if slug != big)

    # A long tail: most volunteers have 1 to 5 contributions, a few many more.
    per_volunteer = sorted(
        Contribution.objects.values("owner").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert len(per_volunteer) == 200
    assert sum(1 for n in per_volunteer if n <= 5) >= 0.6 * 200
    assert per_volunteer[-1] >= 10 * statistics.median(per_volunteer)
    top = summary["personas"]["volunteer"]
    assert Contribution.objects.filter(owner__email=top["email"]).count() == per_volunteer[-1]

    # One advisor receives nearly every share; one issuer gives most awards.
    shares = Counter(ShareLink.objects.values_list("recipient_email", flat=True))
    advisor = summary["personas"]["advisor"]
    assert shares.most_common(1)[0] == (advisor["email"], advisor["shares"])
    assert advisor["shares"] >= 0.9 * 40
    by_issuer = Counter(Award.objects.values_list("badge_class__issuer__uuid", flat=True))
    issuer_uuid, awards = by_issuer.most_common(1)[0]
    assert str(issuer_uuid) == summary["personas"]["issuer"]["uuid"]
    assert awards >= 0.75 * 300
    assert Issuer.objects.get(uuid=issuer_uuid).is_territory

    # The leader's queue: requests waiting for them, from their large initiative.
    leader = summary["personas"]["leader"]
    waiting = EndorsementRequest.objects.filter(
        endorser__email=leader["email"], status="pending", contribution__initiative__slug=big
    ).count()
    assert waiting == leader["queue"] >= 50


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_same_seed_same_data() -> None:
    def run(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
        with transaction.atomic():
            summary = _generate(f"--seed={seed}")
            fingerprint = _fingerprint()
            transaction.set_rollback(True)  # back to an empty database
        summary.pop("seconds")
        return summary, fingerprint

    first, second, other = run(7), run(7), run(8)
    assert first == second
    assert other[1]["contributions"] != first[1]["contributions"]
    assert other[1]["awards"] != first[1]["awards"]


@pytest.mark.django_db
def test_refused_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        _generate()
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_refused_on_other_accounts_unless_append() -> None:
    User.objects.create_user(email="amina@example.org", password="x" * 12)
    with pytest.raises(CommandError, match="not generated"):
        _generate()
    assert User.objects.count() == 1
    small = {**SMALL, "volunteers": 20, "contributions": 100, "awards": 20, "shares": 5}
    first = _generate("--append", sizes=small)
    second = _generate("--append", sizes=small)  # a second generation beside the first
    assert (first["run"], second["run"]) == (0, 1)
    assert Contribution.objects.count() == 200
    assert second["personas"]["advisor"]["email"].startswith("r1-")


@pytest.mark.django_db
@pytest.mark.usefixtures("debug")
def test_benchmarked_pages_answer_for_their_personas(client: Client) -> None:
    summary = _generate(sizes={**SMALL, "volunteers": 80, "contributions": 600})
    personas = summary["personas"]
    pages = {
        "members_page": "leader",
        "endorsement_queue": "leader",
        "advisor_workspace": "advisor",
        "api_shared_portfolios": "advisor",
        "api_issuer_awards": "steward",
        "initiatives_page": "volunteer",
        "api_initiatives": "volunteer",
        "api_contributions": "volunteer",
    }
    assert set(pages) == set(summary["paths"])
    for key, persona in pages.items():
        client.force_login(User.objects.get(email=personas[persona]["email"]))
        response = client.get(summary["paths"][key])
        assert response.status_code == 200, key
        if key.startswith("api_"):
            assert response.json()["results"], key
    # An outsider is refused the members page and the issuer's awards.
    client.force_login(User.objects.get(email=personas["advisor"]["email"]))
    assert client.get(summary["paths"]["members_page"]).status_code == 403
    assert client.get(summary["paths"]["api_issuer_awards"]).status_code == 403


def _env(database: Path, *, debug: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1" if debug else "0",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def test_stdout_is_one_json_document(tmp_path: Path) -> None:
    database = tmp_path / "scale.sqlite3"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=_env(database), cwd=ROOT, check=True)
    small = {**SMALL, "volunteers": 30, "contributions": 150, "awards": 20, "shares": 5}
    result = subprocess.run(
        [*manage, "generate_scale_data", *_options(small)],
        env=_env(database),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.endswith("}\n") and result.stdout.count("\n") == 1
    summary = json.loads(result.stdout)
    assert summary["counts"]["contributions"] == 150
    assert "community: 150 contributions" in result.stderr  # progress goes to stderr
    quiet = subprocess.run(
        [*manage, "generate_scale_data", *_options(small), "--quiet", "--append"],
        env=_env(database),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(quiet.stdout)["run"] == 1
    assert quiet.stderr == ""


def test_bench_pages_quick_prints_its_table() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pages.py"), "--quick", "--requests", "3"],
        env={k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0] == "== Pages at regional scale (bench/pages.py) =="
    assert "ERROR" not in result.stdout
    labels = (
        "initiative's members page",
        "advisor workspace",
        "API: shared portfolios",
        "API: an issuer's awards",
        "leader's endorsement queue",
        "API: contributions",
    )
    for label in labels:
        row = next(line for line in lines if line.startswith(label))
        p50, p95, largest = (float(value) for value in row.split()[-5:-2])
        assert 0 < p50 <= p95 <= largest
