"""Badges from elsewhere, as their holder sees them (and the portfolios app reads them).

``external_badge_list(owner=…)``: hers, newest first, each an ``ExternalBadge``: the stored
credential with what to say about it — its verification status in words, why it is not
valid (the first check that failed, or could not be done), and the territory's word on its
issuer. One query for the rows, one for the territory's name.

The territory recognises issuers of this platform only (``badges.trust``): an issuer of
another site is "not recognised by the territory" until the trust list names issuers from
elsewhere; the standing is asked through ``badge_trust`` so that the day it does, these pages
say so without change. Only a valid badge's issuer may be recognised: when the checks could
not confirm who signed it, its issuer's name lends it no credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.urls import reverse

from accounts.api import User
from badges.models import ExternalCredential, ExternalVerification
from badges.selectors.recognition import territory_name
from badges.standing import Standing
from badges.trust import badge_trust
from badges.verifier.report import Check, CheckStatus


@dataclass(frozen=True)
class ExternalBadge:
    """A badge from elsewhere and what to say about it."""

    credential: ExternalCredential
    standing: Standing  # the territory's word on its issuer

    @property
    def uuid(self) -> UUID:
        return self.credential.uuid

    @property
    def name(self) -> str:
        return self.credential.display_name

    @property
    def issuer_name(self) -> str:
        return self.credential.issuer_name

    @property
    def status(self) -> str:
        """An ``ExternalVerification`` value: valid, invalid or not_checked."""
        return self.credential.verification_status

    @property
    def status_label(self) -> str:
        return str(self.credential.get_verification_status_display())

    @property
    def is_valid(self) -> bool:
        return self.status == ExternalVerification.VALID

    @property
    def recognised(self) -> bool:
        return self.is_valid and self.standing.is_recognised

    @property
    def checks(self) -> list[Check]:
        """The verifier's checks when it last verified the badge, in order."""
        stored = self.credential.verification.get("checks")
        checks = []
        for item in stored if isinstance(stored, list) else []:
            try:
                status = CheckStatus(item.get("status"))
            except ValueError:
                status = CheckStatus.NOT_CHECKED
            checks.append(
                Check(
                    str(item.get("key", "")),
                    str(item.get("label", "")),
                    status,
                    str(item.get("detail", "")),
                )
            )
        return checks

    @property
    def reason(self) -> str:
        """Why it is not valid: the first check that failed, else the first that could not
        be done, else why it could not be read at all ("" when valid)."""
        if self.is_valid:
            return ""
        checks = self.checks
        for wanted in (CheckStatus.FAILED, CheckStatus.NOT_CHECKED):
            for check in checks:
                if check.status == wanted and check.detail:
                    return check.detail
        return str(self.credential.verification.get("detail", ""))

    @property
    def detail_url(self) -> str:
        return reverse("badges:external_detail", kwargs={"uuid": self.uuid})


def external_credentials_owned(*, owner: User) -> QuerySet[ExternalCredential]:
    """Her credentials from elsewhere, newest first."""
    return ExternalCredential.objects.filter(owner=owner).order_by("-created_at", "-pk")


def external_badge(
    credential: ExternalCredential, *, territory: str | None = None
) -> ExternalBadge:
    trust = badge_trust(
        issuer_id=credential.issuer_id,
        authentic=credential.verification_status == ExternalVerification.VALID,
        issued_at=credential.valid_from,
        territory=territory,
    )
    return ExternalBadge(credential=credential, standing=trust.standing)


def external_badge_list(*, owner: User) -> list[ExternalBadge]:
    """Her badges from elsewhere, newest first, with what to say about each."""
    credentials = list(external_credentials_owned(owner=owner))
    if not credentials:
        return []
    territory = territory_name()
    return [external_badge(credential, territory=territory) for credential in credentials]


def external_credential_get(*, owner: User, uuid: UUID | str) -> ExternalCredential | None:
    """Her credential from elsewhere ``uuid`` (None for anyone else's: a 404)."""
    return ExternalCredential.objects.filter(owner=owner, uuid=uuid).first()
