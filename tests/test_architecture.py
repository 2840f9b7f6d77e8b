"""The architecture of docs/development.md#architecture, checked on the source.

- The apps' order and their public surfaces are import-linter contracts (``pyproject.toml``,
  run by ``make lint``); here, a copy of the source with one forbidden import added must
  break them, and the same copy without it must keep them.
- Another app imports ``<app>.api``, and from ``<app>.models`` only what ``<app>.api`` names.
- No import hides inside a function, except in ``AppConfig.ready`` (where Django wants signal
  receivers and checks connected) and where a ``# lazy:`` comment says why (a heavy library
  loaded on first use): never to dodge a cycle.
- ``services/``, ``selectors/``, ``views/``, ``forms/`` and ``rest/`` packages re-export
  nothing (callers import the subject's module); a ``models/`` package re-exports every
  public name of its modules.
"""

from __future__ import annotations

import ast
import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "competences", "community", "badges", "portfolios")
PROJECT = (*APPS, "config")
NO_RE_EXPORT = ("services", "selectors", "views", "forms", "rest", "rest/serializers")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _modules(packages: tuple[str, ...] = PROJECT) -> Iterator[tuple[Path, ast.Module]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    return [alias.name for alias in node.names]


def _in_project(module: str) -> bool:
    return module.split(".")[0] in PROJECT


def test_every_app_has_its_api_module():
    for app in APPS:
        api = importlib.import_module(f"{app}.api")
        assert api.__doc__, f"{app}/api.py says what it offers"
        assert isinstance(api.__all__, list)
        for name in api.__all__:
            assert hasattr(api, name), f"{app}.api names {name} but has no such thing"


def test_other_apps_import_only_the_api_and_the_models_it_names():
    wrong = []
    for path, tree in _modules(APPS):
        own = path.relative_to(ROOT).parts[0]
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom | ast.Import):
                continue
            for module in _imported(node):
                app = module.split(".")[0]
                if app not in APPS or app == own:
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno} imports {module}"
                if module not in (f"{app}.api", f"{app}.models"):
                    wrong.append(where)
                    continue
                if module == f"{app}.models" and isinstance(node, ast.ImportFrom):
                    named = set(importlib.import_module(f"{app}.api").__all__)
                    wrong += [
                        f"{where}.{alias.name}, which {app}.api does not name"
                        for alias in node.names
                        if alias.name not in named
                    ]
    assert wrong == []


def _function_level_imports(tree: ast.Module, lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """``(line, function, the line above)`` of each import of the project inside a function."""
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom) and any(
                _in_project(module) for module in _imported(node)
            ):
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                yield node.lineno, function.name, above


def test_no_import_hides_inside_a_function():
    hidden = []
    for path, tree in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for line, function, above in _function_level_imports(tree, lines):
            if function == "ready" and path.name == "apps.py":
                continue  # Django connects receivers and checks once the apps are loaded
            if above.startswith("# lazy:"):
                continue  # a heavy library loaded on first use, for a stated reason
            hidden.append(f"{path.relative_to(ROOT)}:{line} in {function}()")
    assert hidden == []


def test_the_lazy_imports_are_few_and_explained():
    lazy = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, tree in _modules()
        for line, _function, comment in _function_level_imports(
            tree, path.read_text(encoding="utf-8").splitlines()
        )
        if comment.startswith("# lazy:") and len(comment) > len("# lazy: ") + 20
    ]
    # Only WeasyPrint's import, once per document it renders (the portfolio, the attestation of
    # volunteering, the territorial report): the wrappers of portfolios/pdf/__init__.py.
    assert {entry.rsplit(":", 1)[0] for entry in lazy} == {"portfolios/pdf/__init__.py"}
    assert len(lazy) <= 3


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("package", NO_RE_EXPORT)
def test_subject_packages_re_export_nothing(app, package):
    init = ROOT / app / package / "__init__.py"
    assert init.exists(), f"every app keeps its {package} in a {package}/ package"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    imports = [
        ast.unparse(node)
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom) and node.module != "__future__"
    ]
    assert imports == [], f"{init.relative_to(ROOT)} re-exports: import the subject's module"


def _public_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("app", APPS)
def test_models_packages_re_export_everything(app):
    package = importlib.import_module(f"{app}.models")
    expected = set()
    for path in sorted((ROOT / app / "models").glob("*.py")):
        if path.name != "__init__.py":
            expected |= _public_names(ast.parse(path.read_text(encoding="utf-8")))
    assert set(package.__all__) == expected


# --- import-linter: the contracts do catch a forbidden import ------------------------------


def _source_copy(destination: Path) -> Path:
    """The project's packages and its import-linter configuration, copied."""
    for package in PROJECT:
        shutil.copytree(
            ROOT / package,
            destination / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data", "*.mo", "*.po"),
        )
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def _lint_imports(directory: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(directory)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return _source_copy(tmp_path_factory.mktemp("source"))


def test_the_copy_of_the_source_keeps_the_contracts(source):
    result = _lint_imports(source)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 7 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # badges comes before portfolios: it may not use it.
        ("badges/probe.py", "from portfolios.models import Portfolio", "Apps in dependency order"),
        # portfolios may use badges, through badges.api only.
        (
            "portfolios/probe.py",
            "from badges.selectors.issuers import territory_issuer",
            "Other apps use badges only through badges.api",
        ),
        # config's helpers use no app.
        ("config/probe.py", "from accounts.api import User", "config holds project-wide"),
    ],
)
def test_a_forbidden_import_breaks_the_contracts(tmp_path, module, line, broken):
    copy = _source_copy(tmp_path)
    (copy / module).write_text(f'"""A forbidden import."""\n\n{line}\n', encoding="utf-8")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout
    assert "BROKEN" in result.stdout
    assert module.replace("/", ".").removesuffix(".py") in result.stdout
