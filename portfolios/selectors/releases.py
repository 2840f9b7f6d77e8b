"""Reads on portfolio releases and the check of a whole portfolio version.

A release is public by its UUID (random, printed in the PDF's footer): ``release_get``
does not filter by viewer. ``release_check`` is what the public verification page shows:

- ``authentic``: the stored CLR's proof verifies with a key this platform published for
  its territory issuer (``badges.api.credential_proof_verify``), and that issuer signed it;
- ``unchanged``: the stored CLR still has the SHA-256 recorded when it was generated;
- ``newer_exists``: a later release exists, or the portfolio's content changed since (its
  fingerprint differs): the owner would get a new version when downloading;
- each wrapped badge's state now (``badges.api.credential_state``): its own proof, its status
  list (revoked or not) and its ``validUntil`` (expired or not);
- ``withdrawn_at``: when its owner withdrew it (its CLR's bit in the territory issuer's
  revocation list, ``badges.api.status_references_read``), and ``has_status``: whether its
  CLR carries a status at all (releases generated before withdrawal existed do not).

``release_list_for_owner`` lists a portfolio's releases for its owner, with the same two
facts (``ReleaseLine``), in two queries.
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
    StatusReference,
    credential_proof_verify,
    credential_state,
    status_references_read,
    territory_issuer,
    territory_name,
)
from config.http import absolute_url
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
    # Its CLR carries a status (``credentialStatus``), and when its owner withdrew it.
    has_status: bool = False
    withdrawn_at: datetime | None = None
    # Credentials of other organisations it wraps, as received: their own signatures and
    # status lists are theirs to check (any verifier does), not this page's.
    elsewhere: int = 0

    @property
    def ok(self) -> bool:
        return self.authentic and self.unchanged

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_latest(self) -> bool:
        return not self.newer_exists

    @property
    def generated_at(self) -> datetime:
        return self.release.created_at


@dataclass(frozen=True)
class ReleaseLine:
    """A release as its owner sees it in the portfolio's list of versions."""

    release: PortfolioRelease
    has_status: bool
    withdrawn_at: datetime | None
    is_latest: bool

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def release_get(*, uuid: UUID | str) -> PortfolioRelease | None:
    return PortfolioRelease.objects.filter(uuid=uuid).select_related("portfolio__owner").first()


def release_get_for_owner(*, uuid: UUID | str, user: Any) -> PortfolioRelease | None:
    """The release if ``user`` owns its portfolio; None otherwise (nothing is revealed)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        PortfolioRelease.objects.filter(uuid=uuid, portfolio__owner_id=user.pk)
        .select_related("portfolio__owner")
        .first()
    )


def release_statuses(releases: list[PortfolioRelease]) -> dict[str, StatusReference]:
    """The status of each release's CLR, by its ``status_reference`` (one query)."""
    return status_references_read(references=[release.status_reference for release in releases])


def release_list_for_owner(*, portfolio: Any) -> list[ReleaseLine]:
    """The portfolio's releases, newest first, each with its status (two queries)."""
    releases = list(portfolio.releases.order_by("-created_at", "-pk"))
    statuses = release_statuses(releases)
    lines = []
    for position, release in enumerate(releases):
        status = statuses.get(release.status_reference)
        lines.append(
            ReleaseLine(
                release=release,
                has_status=status is not None,
                withdrawn_at=status.revoked_at if status is not None else None,
                is_latest=position == 0,
            )
        )
    return lines


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


def issued_here(credential: dict[str, Any]) -> bool:
    """A badge of this platform (its ``id`` is an address of this site), not one of
    another organisation that the owner added (``portfolios.external``)."""
    return str(credential.get("id", "")).startswith(absolute_url("/"))


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
    status = release_statuses([release]).get(release.status_reference)
    withdrawn_at = status.revoked_at if status is not None else None
    if release.owner_left_at is not None or portfolio is None:
        return ReleaseCheck(
            release=release,
            authentic=False,
            unchanged=False,
            newer_exists=False,
            owner_name="",
            owner_left=True,
            file_matches=matches,
            has_status=status is not None,
            withdrawn_at=withdrawn_at,
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
            if issued_here(credential)
        ],
        elsewhere=sum(not issued_here(credential) for credential in wrapped_credentials(clr)),
        errors=errors,
        file_matches=matches,
        has_status=status is not None,
        withdrawn_at=withdrawn_at,
    )
