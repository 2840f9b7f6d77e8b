"""Writes on portfolio releases: one generated, signed version of a portfolio.

``portfolio_release_create`` resolves the portfolio's content once
(``portfolios.selectors.portfolios.portfolio_content``), builds its CLR 2.0
``ClrCredential`` (``portfolios.clr``), signs it with the platform's issuer — the
territory's — through ``badges.api.issuer_sign`` (Data Integrity
``eddsa-rdfc-2022``), renders the PDF with that CLR attached (``portfolios.pdf``) and
stores all of it with three hashes:

- ``content_sha256``: ``portfolios.content.fingerprint`` of the content (generation
  time aside): the release is up to date while the portfolio's content has this print;
- ``clr_sha256``: SHA-256 of ``clr_json(clr)``, the exact text served for download and
  attached to the PDF (keys sorted, so the text does not depend on how the database
  stores the JSON);
- ``pdf_sha256``: SHA-256 of the PDF's bytes.

The PDF is a private media file: it is only ever served by views that checked who asks
(never from ``MEDIA_URL``), under a random name.

``portfolio_release_current`` gives the latest release while it is up to date (and not
withdrawn), and makes a new one otherwise: downloads never show an outdated version.

Withdrawal: each CLR carries a ``credentialStatus``, a position reserved for it (by its
``status_reference``, ``clr:<uuid>``) in the territory issuer's revocation list
(``badges.api.status_reference_reserve``). ``portfolio_release_withdraw`` (its owner) sets
that bit: the CLR, wherever it travelled (downloaded, attached to the PDF), reads as revoked
for any verifier, while the badges it wraps keep their own status. Deleting a portfolio or
closing one's account withdraws its releases (``portfolio_releases_withdraw``). Releases
generated before this carry no status: they cannot be withdrawn and are never signed again.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.api import User
from badges.api import (
    Issuer,
    issuer_sign,
    status_reference_reserve,
    status_references_read,
    status_references_revoke,
    territory_issuer,
)
from config.http import absolute_url
from portfolios.clr import clr_credential, clr_json
from portfolios.content import PortfolioContent, fingerprint
from portfolios.models import Portfolio, PortfolioRelease
from portfolios.pdf import render_pdf
from portfolios.selectors.portfolios import content_competences, portfolio_content

logger = logging.getLogger(__name__)

SALT_BYTES = 16


def release_clr_url(release: PortfolioRelease) -> str:
    """The CLR's ``id``: the public address of the release's JSON."""
    return absolute_url(reverse("portfolios:release_clr", kwargs={"uuid": release.uuid}))


def release_verify_url(release: PortfolioRelease) -> str:
    """The verification page printed in the PDF's footer."""
    return absolute_url(reverse("portfolios:release_verify", kwargs={"uuid": release.uuid}))


def _territory_issuer() -> Issuer:
    issuer = territory_issuer()
    if issuer is None:
        raise ValidationError(
            _(
                "The platform cannot sign portfolios yet: its territory issuer is missing; "
                "tell a steward."
            ),
            code="no_issuer",
        )
    return issuer


@transaction.atomic
def portfolio_release_create(*, portfolio: Portfolio) -> PortfolioRelease:
    """Generate, sign and store a new version of the portfolio (CLR and PDF).

    Raises ``ValidationError`` when the platform has no territory issuer (or no active
    key) to sign with. Callers check that the user owns the portfolio.
    """
    return _release_create(portfolio, portfolio_content(portfolio=portfolio))


def _release_create(portfolio: Portfolio, content: PortfolioContent) -> PortfolioRelease:
    issuer = _territory_issuer()
    release = PortfolioRelease(
        portfolio=portfolio, language=content.language, created_at=content.generated_at
    )
    unsigned = clr_credential(
        content,
        competences=content_competences(content=content),
        issuer=issuer,
        credential_id=release_clr_url(release),
        recipient_email=portfolio.owner.email.strip().lower(),
        salt=secrets.token_hex(SALT_BYTES),
    )
    unsigned["credentialStatus"] = status_reference_reserve(
        issuer=issuer, reference=release.status_reference
    )
    signed = issuer_sign(issuer=issuer, document=unsigned)
    text = clr_json(signed)
    pdf = render_pdf(content, verification_url=release_verify_url(release), clr_json=text)
    release.clr = signed
    release.content_sha256 = fingerprint(content)
    release.clr_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    release.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    release.pdf.save(f"{secrets.token_hex(16)}.pdf", ContentFile(pdf), save=False)
    storage, name = release.pdf.storage, release.pdf.name or ""
    try:
        release.full_clean(exclude=["pdf"])
        release.save()
    except Exception:
        storage.delete(name)
        raise
    logger.info("Portfolio %s: release %s generated", portfolio.uuid, release.uuid)
    return release


@transaction.atomic
def portfolio_release_current(*, portfolio: Portfolio) -> PortfolioRelease:
    """The latest release if the portfolio's content did not change since, else a new one.

    The portfolio's row is locked meanwhile: two downloads at once make one release.
    """
    Portfolio.objects.select_for_update().filter(pk=portfolio.pk).exists()
    content = portfolio_content(portfolio=portfolio)
    latest = portfolio.releases.order_by("-created_at", "-pk").first()
    if (
        latest is not None
        and latest.pdf
        and latest.content_sha256 == fingerprint(content)
        and not _withdrawn(latest)
    ):
        return latest
    return _release_create(portfolio, content)


def _withdrawn(release: PortfolioRelease) -> bool:
    reference = release.status_reference
    status = status_references_read(references=[reference]).get(reference)
    return status is not None and status.is_revoked


@transaction.atomic
def portfolio_release_withdraw(*, release: PortfolioRelease, by: User) -> PortfolioRelease:
    """Its owner withdraws a version: its CLR's bit is set in the territory issuer's
    revocation list (the list is signed again on its next request). Withdrawing twice
    changes nothing; a version generated before withdrawal existed is refused (its CLR
    carries no status)."""
    portfolio = release.portfolio
    if portfolio is None or portfolio.owner_id != by.pk:
        raise PermissionDenied
    reference = release.status_reference
    if reference not in status_references_read(references=[reference]):
        raise ValidationError(
            _(
                "This version was generated before versions could be withdrawn: it carries no "
                "status, so it cannot be withdrawn."
            ),
            code="no_status",
        )
    if status_references_revoke(references=[reference]):
        logger.info("Portfolio %s: release %s withdrawn", portfolio.uuid, release.uuid)
    return release


def portfolio_releases_withdraw(*, releases: QuerySet[PortfolioRelease]) -> int:
    """Withdraw every release of ``releases`` that carries a status (a portfolio deleted, an
    account closed), in the caller's transaction; how many were withdrawn now."""
    references = [f"clr:{uuid}" for uuid in releases.values_list("uuid", flat=True)]
    return len(status_references_revoke(references=references))
