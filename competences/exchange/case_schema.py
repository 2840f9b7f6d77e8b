"""The 1EdTech CASE 1.1 CFPackage JSON Schema, read from ``competences/data/case/``.

Never fetched over the network. ``case_schema_problems`` turns the
validator's findings into plain, translated problems with their JSON path.
Members a CASE 1.1 package should not have (``additionalProperties``) are not
problems for an import: many CASE tools add some (OpenSALT adds
``CFDocumentURI`` to items); they are ignored and counted in a notice.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft7Validator, Draft201909Validator
from jsonschema.exceptions import ValidationError as SchemaError

from competences.exchange.errors import Location, Problem, join_path

SCHEMA_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "case" / "case_v1p1_cfpackage_schema.json"
)


@cache
def case_schema() -> dict[str, Any]:
    with SCHEMA_FILE.open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def case_validator() -> Draft201909Validator:
    return Draft201909Validator(case_schema(), format_checker=Draft201909Validator.FORMAT_CHECKER)


def json_path(parts: Iterable[str | int]) -> str:
    path = "$"
    for part in parts:
        path = join_path(path, part)
    return path


def _type_name(expected: Any) -> str:
    names = {
        "string": _("a text"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "array": _("a list"),
        "object": _("an object"),
        "boolean": _("true or false"),
    }
    if isinstance(expected, list):
        return " / ".join(names.get(str(item), str(item)) for item in expected)
    return names.get(str(expected), str(expected))


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else f"{text[:57]}…"


def _problems(error: SchemaError) -> list[Problem]:
    path = json_path(error.absolute_path)
    validator = error.validator
    if validator == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        required = error.validator_value if isinstance(error.validator_value, list) else []
        return [
            Problem(
                _("“%(name)s” is missing.") % {"name": name},
                Location(path=join_path(path, str(name))),
            )
            for name in required
            if name not in instance
        ]
    if validator == "type":
        message = _("This should be %(type)s.") % {"type": _type_name(error.validator_value)}
    elif validator == "format" and error.validator_value == "uuid":
        message = _("This is not a valid identifier (UUID).")
    elif validator == "format" and error.validator_value == "date":
        message = _("This is not a date (YYYY-MM-DD).")
    elif validator in ("enum", "oneOf", "anyOf", "pattern", "const"):
        message = _("This value is not allowed here: %(value)s.") % {
            "value": _short(error.instance)
        }
    else:
        message = _("This does not follow the CASE 1.1 schema: %(detail)s.") % {
            "detail": error.message
        }
    return [Problem(message, Location(path=path))]


def case_schema_problems(package: Any) -> tuple[list[Problem], list[str]]:
    """Check ``package`` against the CASE 1.1 schema: (problems, notices)."""
    problems: list[Problem] = []
    ignored: Counter[str] = Counter()
    for error in case_validator().iter_errors(package):
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            ignored.update(name for name in error.instance if name not in known)
            continue
        problems.extend(_problems(error))
    notices = []
    if ignored:
        names = ", ".join(f"{name} ({count})" for name, count in sorted(ignored.items()))
        notices.append(
            _("These members are not part of CASE 1.1 and were ignored: %(names)s.")
            % {"names": names}
        )
    return problems, notices


def case_package_errors(package: Any) -> list[str]:
    """Every schema error, strictly, as ``<path>: <message>`` (for tests and checks)."""
    return [
        f"{json_path(error.absolute_path)}: {error.message}"
        for error in case_validator().iter_errors(package)
    ]


OPENAPI_FILE = SCHEMA_FILE.with_name("imscasev1p1_openapi3_v1p0.json")


@cache
def case_openapi() -> dict[str, Any]:
    """The CASE Service 1.1 OpenAPI 3.0 description (``competences/data/case/``)."""
    with OPENAPI_FILE.open(encoding="utf-8") as handle:
        description: dict[str, Any] = json.load(handle)
    return description


@cache
def _api_validator(definition: str) -> Draft7Validator:
    # The OpenAPI 3.0 schemas are JSON Schema (draft 4/7 keywords) referring to each other
    # as ``#/components/schemas/<name>``: validate from a root that holds them.
    root = {
        "$ref": f"#/components/schemas/{definition}",
        "components": case_openapi()["components"],
    }
    return Draft7Validator(root, format_checker=Draft7Validator.FORMAT_CHECKER)


def case_api_errors(data: Any, definition: str, *, partial: bool = False) -> list[str]:
    """Every error of ``data`` against a definition of the CASE 1.1 OpenAPI description.

    ``definition`` is a name of ``components.schemas``, e.g. ``CFDocumentSetDType``;
    ``partial`` ignores missing members (answers to ``fields=``, which select members).
    """
    return [
        f"{json_path(error.absolute_path)}: {error.message}"
        for error in _api_validator(definition).iter_errors(data)
        if not (partial and error.validator == "required")
    ]
