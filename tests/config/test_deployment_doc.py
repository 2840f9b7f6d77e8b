"""docs/deployment.md, followed as written (acceptance 5 of #14).

The guide marks what can run on one machine: its ```` ```sh deploy-test=secrets ```` block (the
secrets), the environment file (```` ```ini deploy-test=env substitute=… ````), the set-up
commands (```` ```sh deploy-test ````) and the systemd units (```` ```ini deploy-test=unit
name=… ````). This test reads them and, on loopback:

- writes the environment file as the guide gives it, with the secrets the guide's commands
  print and, for the variables its ``substitute=`` list names (and those only), a throwaway
  PostgreSQL cluster, a ``redis-server``, an S3 server holding the bucket ``S3_BUCKET``, a file
  outbox and a free port;
- runs the set-up block with bash, as written, in a copy of the checkout that stands for
  ``/srv/jalons`` (its ``.venv`` a link to this one), ``/etc/jalons`` and
  ``/run/jalons-metrics`` being temporary folders: ``check --deploy`` must report no issue;
- starts gunicorn and a worker as their units' ``ExecStart=``, ``Environment=``,
  ``EnvironmentFile=`` and ``WorkingDirectory=`` say, and checks the health endpoints, the
  metrics (with and without the token), the request id and the JSON logs.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.config.pg_throwaway import postgres_database
from tests.config.redis_server import free_port, redis_server
from tests.config.s3_server import ACCESS_KEY, SECRET_KEY, s3_server_running

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "deployment.md"
HOST = "jalons.example.org"  # the guide's ALLOWED_HOSTS: the test plays the reverse proxy
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".venv-ob2",
    "node_modules",
    "var",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "test-results",
    "*.mo",
)


@dataclass
class Block:
    language: str
    tags: dict[str, str]
    body: str


@dataclass
class Unit:
    name: str
    service: dict[str, list[str]] = field(default_factory=dict)

    def one(self, key: str) -> str:
        (value,) = self.service[key]
        return value


def doc_blocks() -> list[Block]:
    blocks = []
    for match in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        language, *words = match["info"].split() or [""]
        tags = dict(word.partition("=")[::2] for word in words)
        if "deploy-test" in tags:
            blocks.append(Block(language=language, tags=tags, body=match["body"]))
    return blocks


def tagged(kind: str) -> list[Block]:
    return [block for block in doc_blocks() if block.tags["deploy-test"] == kind]


def unit_parse(block: Block) -> Unit:
    unit = Unit(name=block.tags["name"])
    section = ""
    for line in block.body.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif "=" in line and not line.startswith("#") and section == "Service":
            key, _sep, value = line.partition("=")
            unit.service.setdefault(key, []).append(value)
    return unit


def env_file_parse(text: str) -> dict[str, str]:
    """KEY=VALUE lines, quotes removed, as systemd's EnvironmentFile= and the shell read them."""
    values = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _sep, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def env_file_write(template: str, replacements: dict[str, str]) -> str:
    """The guide's file, with only the given variables' values replaced."""
    lines, seen = [], set()
    for line in template.splitlines():
        key = line.partition("=")[0].strip()
        if "=" in line and not line.lstrip().startswith("#") and key in replacements:
            line = f"{key}={shlex.quote(replacements[key])}"
            seen.add(key)
        lines.append(line)
    assert seen == set(replacements), f"not in the guide's file: {set(replacements) - seen}"
    return "\n".join(lines) + "\n"


# --- What needs no service ---------------------------------------------------------------


def test_the_guide_marks_what_the_test_follows():
    kinds = [block.tags["deploy-test"] for block in doc_blocks()]
    assert kinds.count("secrets") == 1
    assert kinds.count("env") == 1
    assert kinds.count("") == 1  # the set-up commands
    names = {unit_parse(block).name for block in tagged("unit")}
    assert {"jalons-web.service", "jalons-worker@.service"} <= names


def test_every_unit_runs_a_command_that_exists():
    from django.core.management import get_commands

    commands = get_commands()
    for block in tagged("unit"):
        unit = unit_parse(block)
        argv = shlex.split(unit.one("ExecStart"))
        assert unit.one("WorkingDirectory") == "/srv/jalons", unit.name
        assert unit.one("EnvironmentFile") == "/etc/jalons/env", unit.name
        if "manage.py" in argv:
            command = argv[argv.index("manage.py") + 1]
            assert command in commands, f"{unit.name}: no manage.py {command}"
        else:
            assert argv[:3] == [
                "/srv/jalons/.venv/bin/gunicorn",
                "--config",
                "config/gunicorn.conf.py",
            ]
            assert (ROOT / "config" / "gunicorn.conf.py").is_file()


def test_the_environment_file_names_every_service_and_the_substitutions_exist():
    (block,) = tagged("env")
    values = env_file_parse(block.body)
    substituted = set(block.tags["substitute"].split(","))
    assert substituted <= set(values)
    for needed in ("DATABASE_URL", "CACHE_URL", "S3_ENDPOINT_URL", "GUNICORN_BIND"):
        assert needed in substituted
    assert values["DJANGO_DEBUG"] == "0"
    assert values["TASKS_BACKEND"] == "database"
    assert values["CACHE_URL"].startswith("redis://")
    assert values["DATABASE_URL"].startswith("postgres://")
    # Secrets are not given: the guide's commands make them.
    for secret in ("SECRET_KEY", "SIGNING_KEY_ENCRYPTION_KEY", "METRICS_TOKEN"):
        assert secret not in substituted
        assert values[secret].startswith("paste-")


# --- The guide, followed -----------------------------------------------------------------


class Deployment:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.checkout = tmp / "srv" / "jalons"
        self.paths = {
            "/srv/jalons": str(self.checkout),
            "/etc/jalons": str(tmp / "etc" / "jalons"),
            "/run/jalons-metrics": str(tmp / "run" / "jalons-metrics"),
            "/srv/backups": str(tmp / "backups"),
        }
        self.env_file = tmp / "etc" / "jalons" / "env"
        self.base_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp),
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def mapped(self, text: str) -> str:
        for path, here in self.paths.items():
            text = text.replace(path, here)
        return text

    def check_out(self) -> None:
        shutil.copytree(ROOT, self.checkout, symlinks=True, ignore=NOT_COPIED)
        (self.checkout / ".venv").symlink_to(ROOT / ".venv")
        self.env_file.parent.mkdir(parents=True)

    def unit_env(self, unit: Unit) -> dict[str, str]:
        env = dict(self.base_env)
        for assignment in unit.service.get("Environment", []):
            key, _sep, value = self.mapped(assignment).partition("=")
            env[key] = value
        env.update(env_file_parse(Path(self.mapped(unit.one("EnvironmentFile"))).read_text()))
        return env

    @contextmanager
    def start(self, unit: Unit, name: str, instance: str = "1") -> Iterator[Process]:
        command = unit.one("ExecStart").replace("%H", socket.gethostname()).replace("%i", instance)
        argv = shlex.split(self.mapped(command))
        out = (self.tmp / f"{name}.out").open("wb")
        err = (self.tmp / f"{name}.err").open("wb")
        process = subprocess.Popen(
            argv,
            cwd=self.mapped(unit.one("WorkingDirectory")),
            env=self.unit_env(unit),
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            yield Process(process, self.tmp / f"{name}.out", self.tmp / f"{name}.err")
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # systemctl stop
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
            out.close()
            err.close()


@dataclass
class Process:
    popen: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def json_lines(self) -> list[dict]:
        lines = []
        for path in (self.stdout, self.stderr):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("{"):
                    lines.append(json.loads(line))
        return lines

    def logs(self) -> str:
        return self.stdout.read_text(errors="replace") + self.stderr.read_text(errors="replace")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(url: str, process: Process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if fetch(url)[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.popen.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{url} never answered 200:\n{process.logs()[-4000:]}")
        time.sleep(0.2)


def proxied(request_id: str | None = None) -> dict[str, str]:
    """What nginx adds (docs/deployment.md, section 12)."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    if request_id:
        headers["X-Request-ID"] = request_id
    return headers


@pytest.mark.processes
@pytest.mark.redis
def test_the_deployment_guide_followed_on_loopback(tmp_path: Path):
    if shutil.which("redis-server") is None and not os.environ.get("CI"):
        pytest.skip("redis-server missing (scripts/system-deps.sh test installs it)")
    deployment = Deployment(tmp_path)
    deployment.check_out()
    (env_block,) = tagged("env")
    (secrets_block,) = tagged("secrets")
    (setup_block,) = tagged("")
    units = {unit.name: unit for unit in map(unit_parse, tagged("unit"))}

    with ExitStack() as stack:
        database_url = stack.enter_context(postgres_database())
        cache_url = stack.enter_context(redis_server())
        s3 = stack.enter_context(s3_server_running())
        bucket = env_file_parse(env_block.body)["S3_BUCKET"]
        s3.client().create_bucket(Bucket=bucket)
        port = free_port()
        loopback = {
            "DATABASE_URL": database_url,
            "CACHE_URL": f"{cache_url}?socket_connect_timeout=2&socket_timeout=2",
            "S3_ENDPOINT_URL": s3.endpoint,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "EMAIL_URL": f"file://{tmp_path / 'outbox'}",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
        }
        substitute = env_block.tags["substitute"].split(",")
        assert set(substitute) <= set(loopback), "the guide substitutes what the test cannot"
        # The secrets: the guide's own commands make them.
        printed = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", secrets_block.body],
            env=deployment.base_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        made = env_file_parse(printed)
        assert set(made) == {"SECRET_KEY", "SIGNING_KEY_ENCRYPTION_KEY", "METRICS_TOKEN"}
        deployment.env_file.write_text(
            env_file_write(env_block.body, {**made, **{key: loopback[key] for key in substitute}}),
            encoding="utf-8",
        )

        # Section 8, as written: migrate, compilemessages, collectstatic, check --deploy.
        setup = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", deployment.mapped(setup_block.body)],
            env=deployment.base_env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
        assert "System check identified no issues (0 silenced)." in setup.stdout, (
            setup.stdout[-3000:] + setup.stderr[-3000:]
        )
        assert (deployment.checkout / "var" / "static" / "staticfiles.json").exists()
        assert list((deployment.checkout / "locale").glob("*/LC_MESSAGES/django.mo"))

        web = stack.enter_context(deployment.start(units["jalons-web.service"], "web"))
        worker = stack.enter_context(deployment.start(units["jalons-worker@.service"], "worker"))
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health/live", web)

        # Readiness: every dependency of the guide, really reached.
        status, headers, body = fetch(f"{base}/health/ready")
        ready = json.loads(body)
        assert status == 200, ready
        assert {name: check["ok"] for name, check in ready["checks"].items()} == {
            "database": True,
            "cache": True,
            "storage": True,
            "tasks": True,
        }
        assert ready["checks"]["database"]["detail"] == "postgresql"
        assert ready["checks"]["cache"]["detail"] == "RedisCache"
        assert ready["checks"]["storage"]["detail"] == "s3"
        assert ready["checks"]["tasks"]["detail"] == "database"
        assert "no-store" in headers["Cache-Control"]
        assert fetch(f"{base}/healthz")[0] == 200
        assert json.loads(fetch(f"{base}/health/live")[2])["status"] == "ok"

        # A page through "the proxy", with its request id; and a 404 that Django logs.
        request_id = f"deploytest-{secrets.token_hex(8)}"
        status, headers, _body = fetch(f"{base}/developers/", proxied(request_id))
        assert status == 200
        assert headers["X-Request-ID"] == request_id
        missing_id = f"deploytest-{secrets.token_hex(8)}"
        status, headers, _body = fetch(f"{base}/no-such-page/", proxied(missing_id))
        assert status == 404
        assert headers["X-Request-ID"] == missing_id
        status, headers, _body = fetch(f"{base}/developers/", proxied("bad id <script>"))
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

        # Metrics: refused without the token, complete with it.
        token = made["METRICS_TOKEN"]
        assert fetch(f"{base}/metrics")[0] == 403
        assert fetch(f"{base}/metrics", {"Authorization": "Bearer wrong"})[0] == 403
        status, _headers, body = fetch(f"{base}/metrics", {"Authorization": f"Bearer {token}"})
        text = body.decode()
        assert status == 200
        assert 'jalons_awards_issued_total{issuer_kind="initiative"}' in text
        assert "django_http_requests_latency_seconds_by_view_method_bucket{" in text
        assert 'view="developers"' in text
        assert 'jalons_task_queue_depth{queue="default"} 0.0' in text

        # JSON logs carry the request id: gunicorn's access line and Django's own line.
        deadline = time.monotonic() + 10
        while True:
            lines = web.json_lines()
            access = [line for line in lines if line.get("request_id") == request_id]
            logged_404 = [line for line in lines if line.get("request_id") == missing_id]
            if (access and len(logged_404) >= 2) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert access and access[0]["logger"] == "gunicorn.access", web.logs()[-3000:]
        assert access[0]["status"] == 200 and access[0]["forwarded_for"] == "203.0.113.7"
        assert {line["logger"] for line in logged_404} >= {"gunicorn.access", "django.request"}

        # The worker runs, as its unit says, and logs JSON too.
        assert worker.popen.poll() is None, worker.logs()[-3000:]
        assert web.popen.poll() is None
        assert any(line.get("logger") for line in worker.json_lines()), worker.logs()[-3000:]
