"""What a portfolio shows, resolved once and used by every rendering of it.

``portfolios.selectors.portfolios.portfolio_content(portfolio=...)`` builds a
``PortfolioContent`` from a portfolio's selection, in its owner's order, already
filtered: private evidence never reaches it, nor anyone's email address. The web view,
the PDF (``portfolios.pdf``), the CLR credential (``portfolios.clr``), the share pages
and the advisor workspace all read this structure, never the models directly, so that
they show the same thing. ``fingerprint(content)`` says whether a generated release is
still up to date. ``content.involvement`` sums up the selected contributions (period,
hours, initiatives) for summaries such as the PDF's first page; it is derived from the
content, so it changes nothing in the fingerprint. ``content.rome`` is the optional PDF page
"Lecture ROME 4.0" (``Portfolio.rome_page``): ``None`` when the option is off, and then
left out of the fingerprint, so that releases made before the option existed stay current.
``content.external_badges`` are the badges from other organisations she chose, with their
originals unchanged (left out of the fingerprint when there are none, likewise).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from portfolios.rome_content import RomePage


@dataclass(frozen=True)
class EvidenceLine:
    """Public evidence of a contribution: a text, a link, or the title of a public file."""

    kind: str  # "text" | "link" | "file"
    title: str
    text: str = ""
    url: str = ""  # absolute; "" when the evidence has no public address


@dataclass(frozen=True)
class CompetenceLine:
    """A competence of the framework with what the volunteer's endorsers confirmed."""

    uuid: str
    code: str
    title: str
    domain_code: str
    domain_title: str
    level: int | None  # the highest endorsed level (None: claimed but not endorsed yet)
    level_label: str  # the level's name in the portfolio's language, "" when None
    max_level: int
    endorsers: int  # distinct endorsers at that level or above
    leaders: int  # of whom initiative leaders
    url: str  # absolute URL of the competence's public page


@dataclass(frozen=True)
class DomainBlock:
    code: str
    title: str
    competences: list[CompetenceLine]


@dataclass(frozen=True)
class ContributionLine:
    uuid: str
    title: str
    initiative: str  # the initiative's name, "" for a contribution outside any
    role: str  # the volunteer's role in it, as they wrote it
    started_on: date
    ended_on: date | None
    hours: float | None
    summary: str  # what they did, as far as its visibility allows ("" otherwise)
    competences: list[str]  # titles of the competences it claims
    evidence: list[EvidenceLine]


@dataclass(frozen=True)
class EndorsementQuote:
    uuid: str
    endorser_name: str
    endorser_role: str  # "Initiative leader", "Peer", "Outside referent"… (translated)
    initiative: str  # the endorser's initiative, "" when none
    competence_title: str
    level: int
    level_label: str
    quote: str  # the endorser's own words
    given_on: date


@dataclass(frozen=True)
class BadgeLine:
    award_uuid: str
    name: str
    description: str
    issuer_name: str
    image_url: str  # absolute URL of the badge image (PNG)
    verification_url: str  # the award's public page (award.page_url)
    issued_on: date
    expires_on: date | None
    status: str  # "valid" | "expired" | "revoked"
    status_label: str  # translated
    # Whether the territory vouches for the issuer: a ``RecognitionStatus`` value, and the
    # sentence that says it with its date and note or reason (``badges.api.Standing``).
    issuer_standing: str
    issuer_standing_text: str
    credential: dict[str, Any] = field(repr=False)  # the signed OB 3.0 credential, unchanged


@dataclass(frozen=True)
class ExternalBadgeLine:
    """A badge issued by another organisation, that the owner added to her badges.

    ``status`` is what Jalons' verifier said when she added it or last checked it
    (``ExternalVerification``: "valid", "not_checked"; "invalid" only when a new check found
    it so after she chose it: such a badge is shown marked, never put in the signed record).
    ``record`` is how the CLR carries it (``portfolios.external.record_form``): "credential"
    (wrapped as received), "envelope" (a VC-JWT in an ``EnvelopedVerifiableCredential``),
    or "" (not in the record: attached to the PDF as received, or not valid).
    """

    uuid: str
    name: str
    issuer_name: str  # "" when the credential does not say
    issuer_id: str
    format: str  # ``CredentialFormat``: "json", "jwt", ...
    issued_on: date | None
    status: str
    status_label: str  # translated
    checked_on: date
    record: str
    original: str = field(repr=False)  # the credential exactly as received


@dataclass(frozen=True)
class InitiativeLine:
    """Where the volunteer contributed: an initiative (or personal project) of the portfolio."""

    name: str
    roles: list[str]  # their roles in it, as they wrote them, in order, without repeats
    started_on: date
    ended_on: date | None  # None: still going (a contribution without an end)
    hours: float  # the hours recorded there (0 when none was given)
    contributions: int


@dataclass(frozen=True)
class Involvement:
    """The selected contributions summed up: when, how many hours, where."""

    started_on: date | None  # None: no contribution
    ended_on: date | None  # None: still going, or no contribution
    hours: float
    initiatives: list[InitiativeLine]  # in order of first contribution

    @property
    def ongoing(self) -> bool:
        return self.started_on is not None and self.ended_on is None


def _involvement(contributions: list[ContributionLine]) -> Involvement:
    if not contributions:
        return Involvement(started_on=None, ended_on=None, hours=0.0, initiatives=[])
    grouped: dict[str, list[ContributionLine]] = {}
    for line in sorted(contributions, key=lambda line: line.started_on):
        grouped.setdefault(line.initiative, []).append(line)

    def period(lines: list[ContributionLine]) -> tuple[date, date | None]:
        ends = [line.ended_on for line in lines]
        end = None if None in ends else max(end for end in ends if end is not None)
        return min(line.started_on for line in lines), end

    initiatives = []
    for name, lines in grouped.items():
        started, ended = period(lines)
        initiatives.append(
            InitiativeLine(
                name=name,
                roles=list(dict.fromkeys(line.role for line in lines if line.role)),
                started_on=started,
                ended_on=ended,
                hours=sum(line.hours or 0.0 for line in lines),
                contributions=len(lines),
            )
        )
    started, ended = period(contributions)
    return Involvement(
        started_on=started,
        ended_on=ended,
        hours=sum(line.hours or 0.0 for line in contributions),
        initiatives=initiatives,
    )


@dataclass(frozen=True)
class PortfolioContent:
    portfolio_uuid: str
    owner_name: str
    title: str
    target: str
    statement: str
    language: str  # "fr" | "en"
    domains: list[DomainBlock]  # the selected competences, grouped by domain, in order
    contributions: list[ContributionLine]
    endorsements: list[EndorsementQuote]
    badges: list[BadgeLine]
    generated_at: datetime
    # The PDF's optional page "Lecture ROME 4.0": None unless the owner chose it.
    rome: RomePage | None = None
    # Badges issued by other organisations, in the owner's order.
    external_badges: list[ExternalBadgeLine] = field(default_factory=list)

    @property
    def competence_count(self) -> int:
        return sum(len(domain.competences) for domain in self.domains)

    @property
    def involvement(self) -> Involvement:
        """Period, hours and initiatives of the selected contributions."""
        return _involvement(self.contributions)


def fingerprint(content: PortfolioContent) -> str:
    """SHA-256 of the content, generation time aside: equal when nothing changed."""
    data = asdict(content)
    data.pop("generated_at")
    if data["rome"] is None:
        # The option off: the same print as before the option existed.
        data.pop("rome")
    if not data["external_badges"]:
        # None chosen: the same print as before badges from elsewhere existed.
        data.pop("external_badges")
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
