"""Check 1 of a credential: the official OB 3.0 JSON Schema (AchievementCredential, or
EndorsementCredential for a standalone endorsement), bundled, Draft 2019-09.

``proof`` is read as a list (VC Data Integrity allows one object; the schema wants a
list). A VC 1.1 credential is not checked: the official schema for it is not available
(the check says so, and does not fail).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft201909Validator
from jsonschema.exceptions import ValidationError as SchemaError

from badges.endorsements import ENDORSEMENT_SCHEMA_FILE
from badges.ob3 import SCHEMA_FILE
from badges.verifier.common import as_list
from badges.verifier.kinds import is_endorsement_credential, is_vc1
from badges.verifier.report import Check, CheckStatus

MAX_SCHEMA_ERRORS = 3
MAX_ERROR_LENGTH = 160
REQUIRED = re.compile(r"^'(.+)' is a required property$")


@functools.cache
def _schema_validator(endorsement: bool = False) -> Draft201909Validator:
    path = ENDORSEMENT_SCHEMA_FILE if endorsement else SCHEMA_FILE
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def _place(error: SchemaError) -> str:
    path = [str(part) for part in error.absolute_path]
    return " / ".join(path) if path else _("the badge")


def _schema_problem(error: SchemaError) -> str:
    path = list(error.absolute_path)
    if path == ["proof"] and error.validator == "type" and isinstance(error.instance, dict):
        return _(
            "the proof is written as a single object, where the Open Badges 3.0 format "
            "requires a list of proofs (this does not affect the signature, which is "
            "checked separately)"
        )
    if error.validator == "required":
        found = REQUIRED.match(error.message)
        return _("%(place)s: “%(name)s” is missing") % {
            "place": _place(error),
            "name": found.group(1) if found else error.message,
        }
    if error.validator == "type":
        expected = ", ".join(as_list(error.validator_value))
        return _("%(place)s does not have the expected type (%(type)s)") % {
            "place": _place(error),
            "type": expected,
        }
    message = error.message
    if len(message) > MAX_ERROR_LENGTH:
        message = message[: MAX_ERROR_LENGTH - 1] + "…"
    return _("%(place)s: %(problem)s") % {"place": _place(error), "problem": message}


def schema_check(credential: dict[str, Any]) -> Check:
    label = _("Open Badges 3.0 format")
    if is_vc1(credential):
        detail = _(
            "The format could not be checked because the badge is written in the earlier "
            "version of verifiable credentials (VC 1.1), whose official Open Badges schema "
            "this verifier does not have. Its signature and everything else are checked."
        )
        return Check("schema", label, CheckStatus.NOT_APPLICABLE, detail)
    # The proof may be one object or a list (VC Data Integrity): the schema wants a list.
    shaped = dict(credential)
    if isinstance(shaped.get("proof"), dict):
        shaped["proof"] = [shaped["proof"]]
    validator = _schema_validator(is_endorsement_credential(credential))
    errors = sorted(validator.iter_errors(shaped), key=lambda error: list(error.absolute_path))
    if not errors:
        return Check(
            "schema",
            label,
            CheckStatus.PASSED,
            _("The badge follows the official Open Badges 3.0 format (JSON Schema)."),
        )
    # The schema reaches some properties by two paths: the same problem is told once.
    unique = list(dict.fromkeys(_schema_problem(error) for error in errors))
    problems = "; ".join(unique[:MAX_SCHEMA_ERRORS])
    detail = _("The badge does not follow the official Open Badges 3.0 format: %(problems)s.") % {
        "problems": problems
    }
    if len(unique) > MAX_SCHEMA_ERRORS:
        more = len(unique) - MAX_SCHEMA_ERRORS
        detail += " " + ngettext(
            "And %(count)d more problem.", "And %(count)d more problems.", more
        ) % {"count": more}
    return Check("schema", label, CheckStatus.FAILED, detail)
