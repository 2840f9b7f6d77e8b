"""Reads on portfolio releases and the check of a whole portfolio version.

A release is public by its UUID (random, printed in the PDF's footer): ``release_get``
does not filter by viewer. ``release_check`` is what the public verification page shows:

- ``authentic``: the stored CLR's proof verifies with a key this platform published for
  its territory issuer (``badges.api.credential_proof_verify``), and that issuer signed it;
- ``unchanged``: the stored CLR still has the SHA-256 recorded when it was generated;
- ``newer_exists``: a later release exists, or the portfolio's content changed since (its
  fingerprint differs): the owner would get a new version when downloading;
- each wrapped badge's state now (``badges.api.credential_state``): its own proof, its status
  list (revoked or not) and its ``validUntil`` (expired or not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _

from badges.api import (
    CredentialState,
    credential_proof_verify,
    credential_state,
    territory_issuer,
    territory_name,
)
from portfolios.clr import clr_sha256
from portfolios.content import fingerprint
from portfolios.models import PortfolioRelease
from portfolios.selectors.portfolios import portfolio_content


@dataclass(frozen=True)
class ReleaseCheck:
    release: PortfolioRelease
    authentic: bool
    unchanged: bool
    newer_exists: bool
    owner_name: str
    badges: list[CredentialState] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Its owner closed their account: nothing is kept but the date and the fingerprints.
    owner_left: bool = False
    # A file given to check against this version: None (none given), True (it is exactly
    # this version's PDF or record), False (it is not).
    file_matches: bool | None = None

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
    territory = territory_issuer()
    issuer_id, _name = _issuer(clr)
    if territory is None or issuer_id != territory.id_url:
        return False, [_("This record was not signed by this platform's issuer.")]
    result = credential_proof_verify(clr, issuer_id=territory.id_url)
    return result.verified, list(result.errors)


def wrapped_credentials(clr: dict[str, Any]) -> list[dict[str, Any]]:
    subject = clr.get("credentialSubject")
    found = subject.get("verifiableCredential", []) if isinstance(subject, dict) else []
    return [item for item in found if isinstance(item, dict)]


def _file_matches(release: PortfolioRelease, file_sha256: str | None) -> bool | None:
    if file_sha256 is None:
        return None
    return file_sha256 in {release.pdf_sha256, release.clr_sha256} - {""}


def release_check(*, release: PortfolioRelease, file_sha256: str | None = None) -> ReleaseCheck:
    """Whether this version is authentic and unchanged, whether a newer one exists, and the
    state of each of its badges now; with ``file_sha256`` (of a file someone holds), whether
    that file is exactly this version's PDF or record."""
    matches = _file_matches(release, file_sha256)
    portfolio = release.portfolio
    if release.owner_left_at is not None or portfolio is None:
        return ReleaseCheck(
            release=release,
            authentic=False,
            unchanged=False,
            newer_exists=False,
            owner_name="",
            owner_left=True,
            file_matches=matches,
        )
    clr = release.clr if isinstance(release.clr, dict) else {}
    authentic, errors = _clr_authentic(clr)
    unchanged = bool(clr) and clr_sha256(clr) == release.clr_sha256
    if not unchanged:
        errors.append(_("The stored record differs from the one generated."))
    content = portfolio_content(portfolio=portfolio)
    latest = release_latest(portfolio=portfolio)
    newer_exists = (latest is not None and latest.pk != release.pk) or (
        fingerprint(content) != release.content_sha256
    )
    now = timezone.now()
    territory = territory_name()
    return ReleaseCheck(
        release=release,
        authentic=authentic,
        unchanged=unchanged,
        newer_exists=newer_exists,
        owner_name=content.owner_name,
        badges=[
            credential_state(credential, at=now, territory=territory)
            for credential in wrapped_credentials(clr)
        ],
        errors=errors,
        file_matches=matches,
    )
