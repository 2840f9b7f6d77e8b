"""Where an issuer stands with the territory, said in the same words everywhere.

The issuer's page, the verifier, the award page, the portfolio (page, PDF, shared view,
advisor workspace) all say an issuer's standing with the sentences of ``Standing``, so that
a person reads the same thing wherever they look. ``Standing`` is pure data: the selectors
of ``badges.selectors.recognition`` build it.

``status`` is a ``RecognitionStatus`` value, ``unknown`` for an issuer this platform does
not know (a badge from another site: the territory does not vouch for it either), or
``undetermined`` when we cannot tell who issued a badge (its signature did not verify).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from badges.models import RecognitionStatus

UNKNOWN = "unknown"
UNDETERMINED = "undetermined"
# Statuses under which the territory took its recognition back.
WITHDRAWN_STATUSES = frozenset({RecognitionStatus.SUSPENDED, RecognitionStatus.WITHDRAWN})


def format_day(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


@dataclass(frozen=True)
class Standing:
    """An issuer's standing with the territory, and the sentences that say it."""

    status: str
    territory: str  # the territory's name ("" when it has no issuer yet)
    since: datetime | None = None
    note: str = ""  # the steward's note (recognised) or reason (suspended, withdrawn)

    @property
    def is_recognised(self) -> bool:
        return self.status == RecognitionStatus.RECOGNISED

    @property
    def is_withdrawn(self) -> bool:
        """The territory recognised this issuer, then suspended or withdrew it."""
        return self.status in WITHDRAWN_STATUSES

    @property
    def territory_label(self) -> str:
        return self.territory or _("the territory")

    @property
    def sentence(self) -> str:
        """One sentence: "Recognised by <territory> since <date>." and the like."""
        values = {"territory": self.territory_label, "date": format_day(self.since)}
        if self.status == RecognitionStatus.RECOGNISED:
            return _("Recognised by %(territory)s since %(date)s.") % values
        if self.status == RecognitionStatus.SUSPENDED:
            return _("Recognition by %(territory)s suspended on %(date)s.") % values
        if self.status == RecognitionStatus.WITHDRAWN:
            return _("Recognition by %(territory)s withdrawn on %(date)s.") % values
        if self.status == RecognitionStatus.PENDING:
            return _("Not recognised by %(territory)s: waiting for its decision.") % values
        if self.status == UNDETERMINED:
            return (
                _(
                    "We cannot tell who issued it, so the recognition by %(territory)s does not "
                    "apply."
                )
                % values
            )
        return _("Not recognised by %(territory)s.") % values

    @property
    def note_label(self) -> str:
        return _("Note:") if self.is_recognised else _("Reason:")

    @property
    def full_sentence(self) -> str:
        """The sentence with the note or reason, for documents that show a single line."""
        if not self.note:
            return self.sentence
        return f"{self.sentence} {self.note_label} {self.note}"
