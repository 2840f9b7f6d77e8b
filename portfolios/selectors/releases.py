"""Reads on portfolio releases and the check of a whole portfolio version.

A release is public by its UUID (random, printed in the PDF's footer): ``release_get``
does not filter by viewer. ``release_check`` is what the public verification page shows:

- ``authentic``: the stored CLR's proof verifies with a key this platform published for
  its territory issuer (the Python verifier, ``badges.crypto``), and that issuer signed it;
- ``unchanged``: the stored CLR still has the SHA-256 recorded when it was generated;
- ``newer_exists``: a later release exists, or the portfolio's content changed since (its
  fingerprint differs): the owner would get a new version when downloading;
- each wrapped badge's state now: its own proof, its status list (``badges.verification.
  credential_status_check``: revoked or not) and its ``validUntil`` (expired or not).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from config.http import absolute_url
from portfolios.models import PortfolioRelease

BADGE_STATES = ("valid", "expired", "revoked", "invalid")


@dataclass(frozen=True)
class BadgeState:
    """A badge wrapped in a release, as it stands now."""

    name: str
    issuer_name: str
    state: str  # "valid" | "expired" | "revoked" | "invalid" (its proof does not verify)
    message: str
    page_url: str  # the award's public page ("" for a credential of another site)
    valid_until: datetime | None = None


@dataclass(frozen=True)
class ReleaseCheck:
    release: PortfolioRelease
    authentic: bool
    unchanged: bool
    newer_exists: bool
    owner_name: str
    badges: list[BadgeState] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.authentic and self.unchanged

    @property
    def is_latest(self) -> bool:
        return not self.newer_exists

    @property
    def generated_at(self) -> datetime:
        return self.release.created_at


def release_get(*, uuid: UUID | str) -> PortfolioRelease | None:
    return PortfolioRelease.objects.filter(uuid=uuid).select_related("portfolio__owner").first()


def release_latest(*, portfolio: Any) -> PortfolioRelease | None:
    return portfolio.releases.order_by("-created_at", "-pk").first()


def _issuer(document: dict[str, Any]) -> tuple[str, str]:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        return str(issuer.get("id", "")), str(issuer.get("name", ""))
    return (issuer if isinstance(issuer, str) else ""), ""


def _clr_authentic(clr: dict[str, Any]) -> tuple[bool, list[str]]:
    from badges.crypto.data_integrity import verify
    from badges.selectors.endorsements import local_key_resolver
    from badges.selectors.issuers import territory_issuer

    territory = territory_issuer()
    issuer_id, _name = _issuer(clr)
    if territory is None or issuer_id != territory.id_url:
        return False, [_("This record was not signed by this platform's issuer.")]
    result = verify(clr, resolve_key=local_key_resolver(territory.id_url))
    return result.verified, list(result.errors)


def _award_page(credential_id: str) -> str:
    """The public page of this platform's award whose credential ``id`` this is, or ""."""
    parts = urlsplit(credential_id)
    if absolute_url(parts.path) != credential_id:
        return ""
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ""
    if match.view_name != "badges:award_ob3":
        return ""
    return absolute_url(reverse("badges:award_detail", kwargs={"uuid": match.kwargs["uuid"]}))


def _status(credential: dict[str, Any]) -> tuple[str, str]:
    """``(state, message)`` from the credential's status lists on this platform (the badges'
    own check, ``badges.verification``): ``valid``, ``revoked``/``suspended`` or ``invalid``."""
    from badges.status_lists import ENTRY_TYPE
    from badges.verification import (
        issuer_key_resolver,
        list_credential_check,
        local_status_list_credential,
        status_entries,
    )

    message = _("The badge has no status to check.")
    for entry in status_entries(credential):
        url = entry.get("statusListCredential") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or entry.get("type") != ENTRY_TYPE:
            return "invalid", _("The badge's status method is not supported.")
        local = local_status_list_credential(url) if isinstance(url, str) else None
        if local is None:
            return "invalid", _("The badge's status list is not one of this platform's.")
        status_list, list_credential = local
        outcome = list_credential_check(
            entry,
            list_credential,
            issuer=_issuer(credential)[0] or None,
            resolve_key=issuer_key_resolver(status_list.issuer),
        )
        if not outcome.ok:
            state = "revoked" if outcome.state in ("revoked", "suspended") else "invalid"
            return state, outcome.message
        message = outcome.message
    return "valid", message


def badge_state(credential: dict[str, Any], *, at: datetime | None = None) -> BadgeState:
    """A wrapped OB 3.0 credential checked now: proof, revocation, expiry."""
    from badges.crypto.data_integrity import verify
    from badges.selectors.endorsements import local_key_resolver

    now = at or timezone.now()
    issuer_id, issuer_name = _issuer(credential)
    valid_until_text = credential.get("validUntil")
    valid_until = parse_datetime(valid_until_text) if isinstance(valid_until_text, str) else None
    found = BadgeState(
        name=str(credential.get("name", "")),
        issuer_name=issuer_name,
        state="valid",
        message="",
        page_url=_award_page(str(credential.get("id", ""))),
        valid_until=valid_until,
    )
    proof = verify(credential, resolve_key=local_key_resolver(issuer_id))
    if not proof.verified:
        message = " ".join(proof.errors) or _("The badge's signature does not verify.")
        return replace(found, state="invalid", message=message)
    state, message = _status(credential)
    if state != "valid":
        return replace(found, state=state, message=message)
    if valid_until is not None and valid_until <= now:
        return replace(found, state="expired", message=_("The badge has expired."))
    return replace(found, message=message)


def wrapped_credentials(clr: dict[str, Any]) -> list[dict[str, Any]]:
    subject = clr.get("credentialSubject")
    found = subject.get("verifiableCredential", []) if isinstance(subject, dict) else []
    return [item for item in found if isinstance(item, dict)]


def release_check(*, release: PortfolioRelease) -> ReleaseCheck:
    """Whether this version is authentic and unchanged, whether a newer one exists, and the
    state of each of its badges now."""
    from portfolios.content import fingerprint
    from portfolios.selectors.portfolios import portfolio_content
    from portfolios.services.releases import clr_sha256

    clr = release.clr if isinstance(release.clr, dict) else {}
    authentic, errors = _clr_authentic(clr)
    unchanged = bool(clr) and clr_sha256(clr) == release.clr_sha256
    if not unchanged:
        errors.append(_("The stored record differs from the one generated."))
    portfolio = release.portfolio
    content = portfolio_content(portfolio=portfolio)
    latest = release_latest(portfolio=portfolio)
    newer_exists = (latest is not None and latest.pk != release.pk) or (
        fingerprint(content) != release.content_sha256
    )
    now = timezone.now()
    return ReleaseCheck(
        release=release,
        authentic=authentic,
        unchanged=unchanged,
        newer_exists=newer_exists,
        owner_name=content.owner_name,
        badges=[badge_state(credential, at=now) for credential in wrapped_credentials(clr)],
        errors=errors,
    )
