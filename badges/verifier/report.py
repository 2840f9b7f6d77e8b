"""What the verifier tells a visitor: the badge's summary and an ordered list of checks.

Every ``Check`` has a stable ``key`` (for code and tests), a translated ``label`` and
``detail`` written for people who are not specialists, and a ``status``. A report is
``ok`` only when no check failed and none could not be done.

The checks say whether the issuer signed the badge and nothing changed; ``trust`` says,
apart from them, whether the territory vouches for that issuer (``badges.trust``).
The verdict is "valid" (the green summary) only when both hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from badges.trust import Trust


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
    "not_recognised": _(
        "This badge was signed by its issuer and not changed, but its issuer is not "
        "recognised by %(territory)s."
    ),
    "recognition_withdrawn": _(
        "This badge was signed by its issuer and not changed, but %(territory)s has withdrawn "
        "its recognition of that issuer."
    ),
    "revoked": _("This badge has been revoked by its issuer."),
    "expired": _("This badge is authentic, but it has expired."),
    "other_recipient": _("This badge is authentic, but it was not awarded to this email address."),
    "unverified": _("We could not verify this badge."),
}


# A record of several credentials (a CLR: a portfolio version) is not "a badge".
DOCUMENT_VERDICTS = {
    "valid": _("This record is authentic and valid; the badges it holds are checked below."),
    "revoked": _(
        "This record was withdrawn by its issuer or its holder: do not rely on it any more. "
        "The badges it holds are checked on their own below."
    ),
    "expired": _("This record is authentic, but it has expired."),
    "unverified": _("We could not verify this record."),
}


# The standard a verified document follows (names of standards: not translated).
VERSION_LABELS = {
    "ob3": "Open Badges 3.0",
    "ob2": "Open Badges 2.0",
    "endorsement": "Open Badges 3.0 – EndorsementCredential",
    "clr": "CLR 2.0",
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

    version: str  # "ob3", "ob2", "endorsement" (a standalone endorsement) or "clr"
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
        return VERSION_LABELS.get(self.version, "Open Badges 3.0")


@dataclass
class VerificationReport:
    """The badge's summary and its checks, in order."""

    summary: BadgeSummary
    checks: list[Check] = field(default_factory=list)
    revoked: bool = False  # the issuer revoked it (the "status" check failed for that)
    trust: Trust | None = None  # the territory's word on the issuer (None: not asked)
    # The reports of the credentials a CLR wraps, in order (``credential-<n>`` checks).
    parts: list[VerificationReport] = field(default_factory=list)

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
    def trusted(self) -> bool:
        """The territory recognises the issuer that the checks showed signed the badge."""
        return self.trust is not None and self.trust.recognised

    @property
    def verdict(self) -> str:
        """``valid`` (every check passed and the territory recognises the issuer),
        ``not_recognised`` or ``recognition_withdrawn`` (every check passed, but the
        territory does not, or no longer, vouch for the issuer), ``revoked``, ``expired``
        (authentic but out of date), ``other_recipient`` (authentic, another recipient) or
        ``unverified``."""
        if self.ok:
            if self.trusted:
                return "valid"
            if self.trust is not None and self.trust.standing.is_withdrawn:
                return "recognition_withdrawn"
            return "not_recognised"
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
        verdicts = DOCUMENT_VERDICTS if self.summary and self.summary.version == "clr" else {}
        text = str(verdicts.get(self.verdict, VERDICTS[self.verdict]))
        if "%(territory)s" not in text:
            return text
        territory = self.trust.standing.territory_label if self.trust else str(_("the territory"))
        return text % {"territory": territory}

    @property
    def failed_count(self) -> int:
        return sum(check.status == CheckStatus.FAILED for check in self.checks)

    @property
    def unchecked_count(self) -> int:
        return sum(check.status == CheckStatus.NOT_CHECKED for check in self.checks)
