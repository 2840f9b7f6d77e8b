"""Who vouches for the issuer: the territory's recognition, checked apart from cryptography.

The checks of ``ob3`` and ``ob2`` say whether a badge was signed by the issuer it names and
not changed since. They do not say whether that issuer is who its name claims: anyone may
create an issuer called like a public employment office. The territory says so, issuer by
issuer (``badges.models.recognition``). This module reads its answer for a badge:

1. when the checks could not confirm that the named issuer signed (or hosts) the badge, the
   trust is *undetermined*: the recognition of an issuer that perhaps did not issue it must
   not lend it credit;
2. otherwise the issuer's ``id`` is looked up among this platform's issuers (its OB 3.0 id,
   or its OB 2.0 profile); an issuer of another site is *unknown* here, so not recognised;
3. a known issuer has its standing now, and for a badge issued while it was recognised (or
   not), the report says that too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from badges.fetch import is_local_url
from badges.models import Issuer
from badges.selectors.issuers import issuer_get
from badges.selectors.recognition import (
    issuer_standing,
    recognition_history,
    recognition_periods,
    territory_name,
)
from badges.standing import UNDETERMINED, UNKNOWN, Standing, format_day

# Views of this platform whose address is an issuer's id (OB 3.0, then OB 2.0).
ISSUER_VIEWS = frozenset({"issuer_detail", "issuer_detail_slash", "ob2_issuer"})


def local_issuer(url: str) -> Issuer | None:
    """This platform's issuer whose OB 3.0 id or OB 2.0 profile is ``url``, if any."""
    if not url or not is_local_url(url):
        return None
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.namespace != "badges" or match.url_name not in ISSUER_VIEWS:
        return None
    return issuer_get(uuid=match.kwargs["uuid"])


@dataclass(frozen=True)
class Trust:
    """The territory's word on a badge's issuer, for the verifier's report."""

    standing: Standing
    issuer_name: str = ""  # the name under which this platform knows the issuer
    issued_at: datetime | None = None
    # Whether the issuer was recognised when the badge was issued (None: not known here).
    recognised_at_issue: bool | None = None

    @property
    def status(self) -> str:
        return self.standing.status

    @property
    def recognised(self) -> bool:
        return self.standing.is_recognised

    @property
    def headline(self) -> str:
        return self.standing.sentence

    @property
    def explanation(self) -> str:
        """What the standing means for whoever reads the badge, in plain words."""
        territory = self.standing.territory_label
        name = self.issuer_name
        if self.status == UNDETERMINED:
            return _(
                "The checks below could not confirm that the issuer named in the badge signed "
                "it: do not rely on the name it shows."
            )
        if self.status == UNKNOWN:
            return capfirst(
                _(
                    "%(territory)s vouches only for the issuers it has checked on this "
                    "platform. This badge comes from elsewhere: its signature shows that it was "
                    "not changed, not that its issuer is who its name says."
                )
                % {"territory": territory}
            )
        if self.recognised:
            return _(
                "A steward of the territory checked that %(issuer)s is who its name says, and "
                "%(territory)s vouches for it."
            ) % {"territory": territory, "issuer": name}
        if self.standing.is_withdrawn:
            explanation = _(
                "%(territory)s no longer vouches for %(issuer)s: its name alone is not a guarantee."
            ) % {"territory": territory, "issuer": name}
        else:
            explanation = _(
                "Anyone can create an issuer on this platform. %(territory)s has not checked "
                "that %(issuer)s is who its name says: do not rely on its name alone."
            ) % {"territory": territory, "issuer": name}
        if self.recognised_at_issue and self.issued_at is not None:
            explanation += " " + _(
                "When this badge was issued, on %(date)s, the issuer was recognised."
            ) % {"date": format_day(self.issued_at)}
        return explanation


def badge_trust(
    *,
    issuer_id: str,
    authentic: bool,
    issued_at: datetime | None,
    territory: str | None = None,
) -> Trust:
    """The territory's word on the issuer ``issuer_id`` of a badge; ``authentic``: the checks
    confirmed that this issuer signed (or hosts) the badge; ``territory``: its name, looked
    up when None."""
    territory = territory if territory is not None else territory_name()
    if not authentic:
        return Trust(standing=Standing(status=UNDETERMINED, territory=territory))
    issuer = local_issuer(issuer_id)
    if issuer is None:
        return Trust(standing=Standing(status=UNKNOWN, territory=territory))
    standing = issuer_standing(issuer=issuer, territory=territory)
    at_issue = None
    if issued_at is not None and not standing.is_recognised:
        at_issue = any(
            # Badges say when they were issued to the second; decisions are kept finer.
            period.since.replace(microsecond=0) <= issued_at
            and (period.until is None or issued_at < period.until)
            for period in recognition_periods(recognition_history(issuer=issuer))
        )
    return Trust(
        standing=standing,
        issuer_name=issuer.name,
        issued_at=issued_at,
        recognised_at_issue=at_issue,
    )
