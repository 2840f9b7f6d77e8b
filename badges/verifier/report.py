"""What the verifier tells a visitor: the badge's summary and an ordered list of checks.

Every ``Check`` has a stable ``key`` (for code and tests), a translated ``label`` and
``detail`` written for people who are not specialists, and a ``status``. A report is
``ok`` only when no check failed and none could not be done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    NOT_CHECKED = "could_not_check"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    CheckStatus.PASSED: pgettext_lazy("verification check", "Passed"),
    CheckStatus.FAILED: pgettext_lazy("verification check", "Failed"),
    CheckStatus.NOT_APPLICABLE: pgettext_lazy("verification check", "Not applicable"),
    CheckStatus.NOT_CHECKED: pgettext_lazy("verification check", "Could not be checked"),
}

VERDICTS = {
    "valid": _("This badge is authentic and valid."),
    "revoked": _("This badge has been revoked by its issuer."),
    "expired": _("This badge is authentic, but it has expired."),
    "other_recipient": _("This badge is authentic, but it was not awarded to this email address."),
    "unverified": _("We could not verify this badge."),
}


@dataclass(frozen=True)
class Check:
    """One check of the report."""

    key: str
    label: str
    status: CheckStatus
    detail: str

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def passed(self) -> bool:
        return self.status == CheckStatus.PASSED


@dataclass
class BadgeSummary:
    """What the badge says about itself (shown before the checks)."""

    version: str  # "ob3" or "ob2"
    name: str = ""
    description: str = ""
    image_url: str = ""
    issuer_name: str = ""
    issuer_id: str = ""
    issuer_url: str = ""
    achievement_name: str = ""
    achievement_id: str = ""
    achievement_type: str = ""
    criteria: str = ""
    credential_id: str = ""
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    awarded_on: datetime | None = None

    @property
    def version_label(self) -> str:
        return "Open Badges 3.0" if self.version == "ob3" else "Open Badges 2.0"


@dataclass
class VerificationReport:
    """The badge's summary and its checks, in order."""

    summary: BadgeSummary
    checks: list[Check] = field(default_factory=list)
    revoked: bool = False  # the issuer revoked it (the "status" check failed for that)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(
            check.status in (CheckStatus.PASSED, CheckStatus.NOT_APPLICABLE)
            for check in self.checks
        )

    def check(self, key: str) -> Check | None:
        return next((check for check in self.checks if check.key == key), None)

    def status_of(self, key: str) -> CheckStatus | None:
        found = self.check(key)
        return found.status if found is not None else None

    @property
    def verdict(self) -> str:
        """``valid``, ``revoked``, ``expired`` (authentic but out of date),
        ``other_recipient`` (authentic, another recipient) or ``unverified``."""
        if self.ok:
            return "valid"
        if self.status_of("status") == CheckStatus.FAILED and self.revoked:
            return "revoked"
        for key, verdict in (("dates", "expired"), ("recipient", "other_recipient")):
            others = [check for check in self.checks if check.key != key]
            if self.status_of(key) == CheckStatus.FAILED and all(
                check.status in (CheckStatus.PASSED, CheckStatus.NOT_APPLICABLE) for check in others
            ):
                return verdict
        return "unverified"

    @property
    def verdict_text(self) -> str:
        return str(VERDICTS[self.verdict])

    @property
    def failed_count(self) -> int:
        return sum(check.status == CheckStatus.FAILED for check in self.checks)

    @property
    def unchecked_count(self) -> int:
        return sum(check.status == CheckStatus.NOT_CHECKED for check in self.checks)
