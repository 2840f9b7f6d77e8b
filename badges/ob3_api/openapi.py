"""1EdTech's OpenAPI document of the OB 3.0 API (``badges/data/ob3_api/openapi.json``, its
origin in the README there) and validators for its component schemas.

``component_validator("Profile")`` validates a JSON value against that component, every
``$ref`` resolved inside the document (OpenAPI 3.0's schemas are JSON Schema draft 4/7-like:
draft 7 rules, formats not asserted).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

OPENAPI_PATH = Path(__file__).resolve().parent.parent / "data" / "ob3_api" / "openapi.json"


@cache
def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    return loaded


def openapi_document() -> dict[str, Any]:
    """A fresh copy of the document (callers may change it)."""
    return copy.deepcopy(_document())


@cache
def component_validator(name: str) -> Draft7Validator:
    document = _document()
    if name not in document["components"]["schemas"]:
        raise KeyError(name)
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return Draft7Validator(schema)


def component_errors(name: str, value: Any) -> list[str]:
    """What makes ``value`` invalid against the component ``name`` (empty: valid)."""
    errors = sorted(component_validator(name).iter_errors(value), key=lambda e: list(e.path))
    return [
        f"{'/'.join(str(part) for part in error.path) or '(root)'}: {error.message}"
        for error in errors
    ]
