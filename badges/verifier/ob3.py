"""The checks of an Open Badges 3.0 credential (standards.md §2 "Verification algorithm"),
and of a standalone EndorsementCredential (a CLR: ``badges.verifier.clr``).

VC 2.0 and VC 1.1 credentials alike (OB 3.0 recommended practices: displayers verify both);
the proof is embedded (Data Integrity) or the credential came as a VC-JWT
(``badges.verifier.jwt`` passes the parsed token: its signature is the proof).

1. ``schema``: the official AchievementCredential (or EndorsementCredential) JSON Schema
   (bundled, Draft 2019-09), ``proof`` read as a list; a VC 1.1 credential or a CLR could
   not be checked (their official schemas are not published where we could copy them);
2. ``proof``: a Data Integrity ``eddsa-rdfc-2022`` or legacy ``Ed25519Signature2020``
   proof (any one valid proof suffices), or the VC-JWT's signature;
3. ``issuer_key``: the key that signed belongs to the issuer: its method is controlled by the
   issuer's ``id`` and listed in the issuer document's ``assertionMethod`` (this platform's
   issuers: from the database; others: their document, fetched safely). When that
   document cannot be loaded the check "could not be done" — it does not fail: the key
   named in a ``<issuer id>#z6Mk…`` method id (how 1EdTech's own validator reads it) proves
   the signature, but not who owns the key;
4. ``status``: ``BitstringStatusListEntry`` or ``1EdTechRevocationList``
   (``badges.verifier.status``);
5. ``dates``: ``validFrom`` ≤ now ≤ ``validUntil``;
6. ``recipient``: only when the visitor typed an email (salted hash);
7. ``endorsement-<n>``: each embedded ``EndorsementCredential``'s proof, by its endorser,
   and its status: an endorsement its author withdrew is said so, and does not make the
   badge fail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from badges.crypto import jose
from badges.crypto.data_integrity import is_supported_proof, verify
from badges.trust import badge_trust
from badges.verifier.common import (
    as_list,
    dates_check,
    http_url,
    image_url,
    object_id,
    parse_datetime,
    recipient_check,
    text,
)
from badges.verifier.keys import IssuerKeys, issuer_keys
from badges.verifier.kinds import (
    is_clr_credential,
    is_endorsement_credential,
    is_ob3_credential,
    is_vc1,
)
from badges.verifier.report import BadgeSummary, Check, CheckStatus, VerificationReport
from badges.verifier.schema import schema_check
from badges.verifier.status import status_check

# The key of a VC-JWT whose header carries it (``jwk``) instead of naming it (``kid``).
EMBEDDED_JWK = "jwk"
JWK_PUBLIC_FIELDS = ("kty", "crv", "x", "y", "n", "e")
NO_KEY = "—"  # a VC-JWT that names no key


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


def summary(credential: dict[str, Any], version: str = "ob3") -> BadgeSummary:
    achievement = _achievement(credential)
    issuer_id, issuer_name, issuer_url = _issuer(credential)
    criteria = achievement.get("criteria")
    return BadgeSummary(
        version=version,
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


# --- 2 and 3. Proof and key -----------------------------------------------------------------


def _key_name(method: str) -> str:
    return method.rpartition("#")[2] or method


def _signed(
    document: dict[str, Any], keys: IssuerKeys, token: jose.CompactJws | None = None
) -> tuple[list[str], list[str], set[str]]:
    """(methods of the valid proofs, errors, methods whose key was not found)."""
    if token is not None:
        return _jws_signed(token, keys)
    missing: set[str] = set()

    def resolver(method: str) -> str | None:
        key = keys.resolve(method)
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


def unsupported_proofs(document: dict[str, Any]) -> str:
    """The kinds of the document's proofs when it has some and none is of a kind this
    verifier checks ("" otherwise)."""
    proofs = as_list(document.get("proof"))
    if not proofs or any(is_supported_proof(proof) for proof in proofs):
        return ""
    kinds = [
        " ".join(text(proof.get(name)) for name in ("type", "cryptosuite") if proof.get(name))
        for proof in proofs
        if isinstance(proof, dict)
    ]
    return ", ".join(kind for kind in kinds if kind) or "—"


def _jws_keys(token: jose.CompactJws, keys: IssuerKeys) -> tuple[str, Any]:
    """(the key's name, the key) for a VC-JWT: its ``kid`` resolved (a DID URL, a method
    of the issuer's document), else the ``jwk`` of its header (its holder is checked apart),
    else the issuer's only published key."""
    if token.kid:
        kid = token.kid if not token.kid.startswith("#") else keys.issuer_id + token.kid
        return kid, keys.resolve_any(kid)
    if token.embedded_jwk is not None:
        wanted = {name: token.embedded_jwk.get(name) for name in JWK_PUBLIC_FIELDS}
        for method, key in (keys.methods or {}).items():
            if isinstance(key, dict) and wanted == {name: key.get(name) for name in wanted}:
                return method, key
        return EMBEDDED_JWK, token.embedded_jwk
    published = list((keys.methods or {}).items())
    if len(published) == 1:
        return published[0]
    return "", None


def _jws_signed(token: jose.CompactJws, keys: IssuerKeys) -> tuple[list[str], list[str], set[str]]:
    method, key = _jws_keys(token, keys)
    if key is None:
        return [], [method or NO_KEY], {method or NO_KEY}
    result = jose.check(token, key)
    if result.verified:
        return [method], [], set()
    return [], [result.error], set()


def proof_check(
    credential: dict[str, Any], keys: IssuerKeys, token: jose.CompactJws | None = None
) -> tuple[Check, list[str]]:
    """The signature check, and the methods of the valid proofs."""
    label = _("Signature")
    verified, errors, missing = _signed(credential, keys, token)
    if verified:
        detail = _(
            "The badge is correctly signed: nothing in it has changed since it was signed "
            "(key %(key)s)."
        ) % {"key": _key_name(verified[0])}
        return Check("proof", label, CheckStatus.PASSED, detail), verified
    unknown = unsupported_proofs(credential) if token is None else ""
    if unknown:
        detail = _(
            "This could not be checked because the badge is signed in a way this verifier "
            "does not know (%(kinds)s)."
        ) % {"kinds": unknown}
        return Check("proof", label, CheckStatus.NOT_CHECKED, detail), []
    if missing == {NO_KEY}:
        detail = _(
            "This could not be checked because the signed badge does not name its key (no "
            "“kid” nor “jwk” in its header) and its issuer’s keys could not be loaded. %(reason)s"
        ) % {"reason": keys.error}
        return Check("proof", label, CheckStatus.NOT_CHECKED, detail.strip()), []
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
    if method == EMBEDDED_JWK:
        detail = _(
            "This could not be checked because the key is only written in the signed badge "
            "itself (its JWT header), where anyone could write one: %(issuer)s does not list it "
            "among its keys. %(reason)s"
        ) % {"issuer": who, "reason": keys.error}
        return Check("issuer_key", label, CheckStatus.NOT_CHECKED, detail.strip())
    if not keys.known:
        if not keys.readable:
            detail = _(
                "This could not be checked: %(reason)s So we cannot confirm that the key "
                "belongs to %(issuer)s."
            ) % {"reason": keys.error, "issuer": who}
            return Check("issuer_key", label, CheckStatus.NOT_CHECKED, detail)
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
    verified, errors, missing = _signed(endorsement, keys)
    if not verified:
        unknown = unsupported_proofs(endorsement)
        if unknown:
            detail = _(
                "This could not be checked because the endorsement is signed in a way this "
                "verifier does not know (%(kinds)s)."
            ) % {"kinds": unknown}
            return Check(key, label, CheckStatus.NOT_CHECKED, detail)
        if missing and len(errors) == len(missing):
            detail = _("We could not find the key that signed this endorsement.")
            return Check(key, label, CheckStatus.NOT_CHECKED, detail)
        detail = " ".join(errors) or _("The endorsement's signature is not valid.")
        return Check(key, label, CheckStatus.FAILED, detail)
    _status, withdrawn = status_check(endorsement, keys, cache)
    if withdrawn:
        detail = _(
            "%(name)s has withdrawn this endorsement: it no longer vouches for this badge. The "
            "badge itself is not affected."
        ) % {"name": name}
        return Check(key, label, CheckStatus.NOT_APPLICABLE, detail)
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
    credential: dict[str, Any],
    *,
    email: str = "",
    now: datetime | None = None,
    token: jose.CompactJws | None = None,
) -> VerificationReport:
    """Every check of an OB 3.0 credential (or a standalone EndorsementCredential), in
    order; ``token``: the VC-JWT it came in, whose signature is its proof."""
    now = now or timezone.now()
    badge = summary(credential, "endorsement" if is_endorsement_credential(credential) else "ob3")
    cache: dict[str, IssuerKeys] = {}
    keys = issuer_keys(badge.issuer_id, cache)
    report = VerificationReport(summary=badge)
    report.checks.append(schema_check(credential))
    proof, verified = proof_check(credential, keys, token)
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


__all__ = [
    "is_clr_credential",
    "is_endorsement_credential",
    "is_ob3_credential",
    "is_vc1",
    "key_check",
    "proof_check",
    "schema_check",
    "summary",
    "verify_ob3",
]
