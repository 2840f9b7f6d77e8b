"""The checks of an Open Badges 3.0 credential (standards.md §2 "Verification algorithm").

1. ``schema``: the official AchievementCredential JSON Schema (bundled, Draft 2019-09);
2. ``proof``: a Data Integrity ``eddsa-rdfc-2022`` proof (any one valid proof suffices);
3. ``issuer_key``: the key that signed belongs to the issuer: its method is controlled by the
   issuer's ``id`` and listed in the issuer document's ``assertionMethod`` (this platform's
   issuers: from the database; others: their document, fetched safely). When that
   document cannot be loaded the check "could not be done" — it does not fail: the key
   named in a ``<issuer id>#z6Mk…`` method id (how 1EdTech's own validator reads it) proves
   the signature, but not who owns the key;
4. ``status``: the ``BitstringStatusListEntry`` (this platform's lists from the database,
   others fetched and their own proof checked);
5. ``dates``: ``validFrom`` ≤ now ≤ ``validUntil``;
6. ``recipient``: only when the visitor typed an email (salted hash);
7. ``endorsement-<n>``: each embedded ``EndorsementCredential``'s proof, by its endorser.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from jsonschema import Draft201909Validator
from jsonschema.exceptions import ValidationError as SchemaError

from badges.crypto.data_integrity import verify
from badges.fetch import is_local_url
from badges.ob3 import SCHEMA_FILE
from badges.status_lists import ENTRY_TYPE
from badges.trust import badge_trust
from badges.verification import (
    StatusOutcome,
    issuer_key_resolver,
    list_credential_check,
    local_status_list_credential,
    status_entries,
)
from badges.verifier.common import (
    as_list,
    dates_check,
    fetch_json,
    http_url,
    image_url,
    local_award,
    object_id,
    parse_datetime,
    recipient_check,
    show_date,
    text,
)
from badges.verifier.keys import IssuerKeys, issuer_keys
from badges.verifier.report import BadgeSummary, Check, CheckStatus, VerificationReport

OB3_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
MAX_SCHEMA_ERRORS = 3
MAX_ERROR_LENGTH = 160
REQUIRED = re.compile(r"^'(.+)' is a required property$")


def is_ob3_credential(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    types = set(as_list(document.get("type")))
    return "VerifiableCredential" in types and bool(types & OB3_TYPES)


def _issuer(credential: dict[str, Any]) -> tuple[str, str, str]:
    """(id, name, url) of the credential's issuer."""
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        return object_id(issuer), text(issuer.get("name")), http_url(issuer.get("url"))
    return object_id(issuer), "", ""


def _subject(credential: dict[str, Any]) -> dict[str, Any]:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else {}
    return subject if isinstance(subject, dict) else {}


def _achievement(credential: dict[str, Any]) -> dict[str, Any]:
    achievement = _subject(credential).get("achievement")
    return achievement if isinstance(achievement, dict) else {}


def summary(credential: dict[str, Any]) -> BadgeSummary:
    achievement = _achievement(credential)
    issuer_id, issuer_name, issuer_url = _issuer(credential)
    criteria = achievement.get("criteria")
    return BadgeSummary(
        version="ob3",
        name=text(credential.get("name")) or text(achievement.get("name")),
        description=text(achievement.get("description")) or text(credential.get("description")),
        image_url=image_url(achievement.get("image")) or image_url(credential.get("image")),
        issuer_name=issuer_name,
        issuer_id=issuer_id,
        issuer_url=issuer_url,
        achievement_name=text(achievement.get("name")),
        achievement_id=object_id(achievement),
        achievement_type=text(achievement.get("achievementType")),
        criteria=text(criteria.get("narrative")) if isinstance(criteria, dict) else "",
        credential_id=object_id(credential),
        valid_from=_valid_from(credential),
        valid_until=_valid_until(credential),
        awarded_on=parse_datetime(credential.get("awardedDate")),
    )


def _valid_from(credential: dict[str, Any]) -> datetime | None:
    # VC 1.1 credentials (legacy, still to be verified) say issuanceDate / expirationDate.
    return parse_datetime(credential.get("validFrom") or credential.get("issuanceDate"))


def _valid_until(credential: dict[str, Any]) -> datetime | None:
    return parse_datetime(credential.get("validUntil") or credential.get("expirationDate"))


# --- 1. JSON Schema -------------------------------------------------------------------------


@functools.cache
def _schema_validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
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
    errors = sorted(
        _schema_validator().iter_errors(credential), key=lambda error: list(error.absolute_path)
    )
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


# --- 2 and 3. Proof and key -----------------------------------------------------------------


def _key_name(method: str) -> str:
    return method.rpartition("#")[2] or method


def _signed(document: dict[str, Any], resolve_key: Any) -> tuple[list[str], list[str], set[str]]:
    """(methods of the valid proofs, errors, methods whose key was not found)."""
    missing: set[str] = set()

    def resolver(method: str) -> str | None:
        key = resolve_key(method)
        if key is None:
            missing.add(method)
        return key

    result = verify(document, resolve_key=resolver)
    verified = [
        proof.verification_method
        for proof in result.proofs
        if proof.verified and proof.verification_method
    ]
    return verified, result.errors, missing


def proof_check(credential: dict[str, Any], keys: IssuerKeys) -> tuple[Check, list[str]]:
    """The signature check, and the methods of the valid proofs."""
    label = _("Signature")
    verified, errors, missing = _signed(credential, keys.resolve)
    if verified:
        detail = _(
            "The badge is correctly signed: nothing in it has changed since it was signed "
            "(key %(key)s)."
        ) % {"key": _key_name(verified[0])}
        return Check("proof", label, CheckStatus.PASSED, detail), verified
    if missing and len(errors) == len(missing):
        detail = _(
            "We could not find the key that signed this badge (%(method)s), so its signature "
            "could not be checked."
        ) % {"method": ", ".join(sorted(missing))}
        return Check("proof", label, CheckStatus.NOT_CHECKED, detail), []
    detail = " ".join(errors) or _("The signature is not valid.")
    return Check("proof", label, CheckStatus.FAILED, detail), []


def _issuer_label(keys: IssuerKeys, fallback: str) -> str:
    return keys.name or fallback or keys.issuer_id


def key_check(keys: IssuerKeys, verified: list[str], issuer_name: str) -> Check:
    label = _("The key belongs to the issuer")
    who = _issuer_label(keys, issuer_name)
    if not verified:
        return Check(
            "issuer_key",
            label,
            CheckStatus.NOT_CHECKED,
            _("The signature could not be confirmed, so there is no key to check."),
        )
    for method in verified:
        if keys.published(method):
            if keys.issuer is not None:
                detail = _(
                    "The key is one of those that %(issuer)s uses on this platform to sign "
                    "its badges."
                ) % {"issuer": who}
            else:
                detail = _(
                    "The key is published by %(issuer)s in its public document (%(url)s)."
                ) % {"issuer": who, "url": keys.issuer_id}
            return Check("issuer_key", label, CheckStatus.PASSED, detail)
    method = verified[0]
    if not keys.known:
        if keys.issuer_id and method.startswith(keys.issuer_id + "#"):
            detail = _(
                "We could not load the issuer's document at %(url)s. %(reason)s So we cannot "
                "confirm that %(issuer)s published this key: the key is only named in the "
                "signature itself, under the issuer's address, which anyone could write."
            ) % {"url": keys.issuer_id, "reason": keys.error, "issuer": who}
            return Check("issuer_key", label, CheckStatus.NOT_CHECKED, detail)
        detail = _(
            "The key (%(method)s) is not under the issuer's address (%(url)s), and the issuer's "
            "document could not be loaded. %(reason)s"
        ) % {"method": method, "url": keys.issuer_id or "—", "reason": keys.error}
        return Check("issuer_key", label, CheckStatus.FAILED, detail)
    detail = _(
        "The key %(key)s is not one of the keys that %(issuer)s publishes: someone else may "
        "have signed this badge."
    ) % {"key": _key_name(method), "issuer": who}
    return Check("issuer_key", label, CheckStatus.FAILED, detail)


# --- 4. Status ------------------------------------------------------------------------------


def _revoked_detail(credential: dict[str, Any], outcome: StatusOutcome) -> str:
    award = local_award(object_id(credential))
    if (
        award is not None
        and award.is_revoked
        and award.credential.get("id") == object_id(credential)
    ):
        assert award.revoked_at is not None
        return _("This badge was revoked by its issuer on %(date)s. Reason: %(reason)s") % {
            "date": show_date(award.revoked_at),
            "reason": award.revocation_reason,
        }
    return outcome.message


def status_check(
    credential: dict[str, Any], keys: IssuerKeys, cache: dict[str, IssuerKeys]
) -> tuple[Check, bool]:
    """The status check, and whether the badge is revoked."""
    label = _("Not revoked")
    entries = status_entries(credential)
    if not entries:
        return Check(
            "status",
            label,
            CheckStatus.NOT_APPLICABLE,
            _("The issuer published no way to revoke this badge: there is no status to check."),
        ), False
    issuer_id = keys.issuer_id
    for entry in entries:
        kind = entry.get("type") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or kind != ENTRY_TYPE:
            detail = _(
                "This badge uses a status method that this verifier does not know (%(type)s)."
            )
            return Check(
                "status", label, CheckStatus.NOT_CHECKED, detail % {"type": kind or "—"}
            ), False
        url = entry.get("statusListCredential")
        if not isinstance(url, str) or not url:
            return Check(
                "status",
                label,
                CheckStatus.FAILED,
                _("The badge's status does not say where its status list is."),
            ), False
        local = local_status_list_credential(url) if is_local_url(url) else None
        if local is not None:
            status_list, list_credential = local
            resolve_key = issuer_key_resolver(status_list.issuer)
        else:
            list_credential, error = fetch_json(url)
            if list_credential is None:
                detail = _("We could not load the badge's status list. %(reason)s") % {
                    "reason": error
                }
                return Check("status", label, CheckStatus.NOT_CHECKED, detail), False
            resolve_key = issuer_keys(issuer_id, cache).resolve_trusted
        outcome = list_credential_check(
            entry, list_credential, issuer=issuer_id or None, resolve_key=resolve_key
        )
        if outcome.state == "revoked":
            return Check(
                "status", label, CheckStatus.FAILED, _revoked_detail(credential, outcome)
            ), True
        if not outcome.ok:
            status = CheckStatus.NOT_CHECKED if outcome.state == "unknown" else CheckStatus.FAILED
            return Check("status", label, status, outcome.message), False
    return Check(
        "status",
        label,
        CheckStatus.PASSED,
        _("The issuer has not revoked this badge (its status list was checked just now)."),
    ), False


# --- 6. Recipient ---------------------------------------------------------------------------


def _email_identities(credential: dict[str, Any]) -> list[tuple[bool, str, str]]:
    subject = _subject(credential)
    identities = []
    for identifier in as_list(subject.get("identifier")):
        if not isinstance(identifier, dict) or identifier.get("identityType") != "emailAddress":
            continue
        identity = identifier.get("identityHash")
        if isinstance(identity, str):
            salt = identifier.get("salt")
            identities.append(
                (bool(identifier.get("hashed")), identity, salt if isinstance(salt, str) else "")
            )
    subject_id = subject.get("id")
    if isinstance(subject_id, str) and subject_id.lower().startswith("mailto:"):
        identities.append((False, subject_id[len("mailto:") :], ""))
    return identities


# --- 7. Endorsements ------------------------------------------------------------------------


def _endorsements(credential: dict[str, Any]) -> list[Any]:
    return [
        *as_list(credential.get("endorsement")),
        *as_list(_achievement(credential).get("endorsement")),
    ]


def endorsement_check(number: int, endorsement: Any, cache: dict[str, IssuerKeys]) -> Check:
    key = f"endorsement-{number}"
    if not isinstance(endorsement, dict) or "EndorsementCredential" not in as_list(
        endorsement.get("type")
    ):
        return Check(
            key,
            _("Endorsement %(number)s") % {"number": number},
            CheckStatus.FAILED,
            _("This endorsement is not an Open Badges 3.0 EndorsementCredential."),
        )
    endorser_id, endorser_name, _url = _issuer(endorsement)
    keys = issuer_keys(endorser_id, cache)
    name = endorser_name or keys.name or endorser_id or _("an unknown endorser")
    label = _("Endorsement by %(name)s") % {"name": name}
    verified, errors, missing = _signed(endorsement, keys.resolve)
    if not verified:
        if missing and len(errors) == len(missing):
            detail = _("We could not find the key that signed this endorsement.")
            return Check(key, label, CheckStatus.NOT_CHECKED, detail)
        detail = " ".join(errors) or _("The endorsement's signature is not valid.")
        return Check(key, label, CheckStatus.FAILED, detail)
    if any(keys.published(method) for method in verified):
        detail = _("%(name)s endorses this badge, and the endorsement is correctly signed.") % {
            "name": name
        }
        return Check(key, label, CheckStatus.PASSED, detail)
    if not keys.known:
        detail = _(
            "The endorsement is correctly signed, but we could not confirm that the key belongs "
            "to %(name)s. %(reason)s"
        ) % {"name": name, "reason": keys.error}
        return Check(key, label, CheckStatus.NOT_CHECKED, detail)
    detail = _("The endorsement is signed with a key that %(name)s does not publish.") % {
        "name": name
    }
    return Check(key, label, CheckStatus.FAILED, detail)


# --- The report -----------------------------------------------------------------------------


def verify_ob3(
    credential: dict[str, Any], *, email: str = "", now: datetime | None = None
) -> VerificationReport:
    """Every check of an OB 3.0 credential, in order."""
    now = now or timezone.now()
    badge = summary(credential)
    cache: dict[str, IssuerKeys] = {}
    keys = issuer_keys(badge.issuer_id, cache)
    report = VerificationReport(summary=badge)
    report.checks.append(schema_check(credential))
    proof, verified = proof_check(credential, keys)
    report.checks.append(proof)
    report.checks.append(key_check(keys, verified, badge.issuer_name))
    status, report.revoked = status_check(credential, keys, cache)
    report.checks.append(status)
    report.checks.append(dates_check(badge.valid_from, badge.valid_until, now))
    report.checks.append(recipient_check(_email_identities(credential), email))
    for number, endorsement in enumerate(_endorsements(credential), start=1):
        report.checks.append(endorsement_check(number, endorsement, cache))
    if not badge.issuer_name:
        badge.issuer_name = keys.name
    report.trust = badge_trust(
        issuer_id=badge.issuer_id,
        authentic=report.status_of("proof") == report.status_of("issuer_key") == CheckStatus.PASSED,
        issued_at=badge.awarded_on or badge.valid_from,
    )
    return report
