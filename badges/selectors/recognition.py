"""Reads on the territory's recognition of issuers: the stewards' queue, the history, and
the names that imitate a recognised issuer.

Two names *look alike* when, once written the same way (case, accents, punctuation, spaces
and look-alike letters of other alphabets ignored: ``name_key``), they are equal, one holds
the other (a recognised name of six characters or more inside another), or they differ by
at most one letter in ten. "France Travail — Agence de Dijon" looks like "France Travail",
and so does "France Travail" written with Cyrillic letters that look Latin.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from accounts.api import User
from badges.models import Issuer, IssuerRecognition, RecognitionStatus, SigningKey
from badges.standing import UNKNOWN, Standing
from badges.trust_list import TrustListEntry, TrustListKey, TrustListPeriod

# Letters of other alphabets that look like Latin ones, and digits used for letters.
LOOK_ALIKES = str.maketrans(
    {
        "\u0430": "a",  # cyrillic small letter a
        "\u0435": "e",  # cyrillic small letter ie
        "\u043e": "o",  # cyrillic small letter o
        "\u0440": "p",  # cyrillic small letter er
        "\u0441": "c",  # cyrillic small letter es
        "\u0445": "x",  # cyrillic small letter ha
        "\u0443": "y",  # cyrillic small letter u
        "\u0456": "i",  # cyrillic small letter byelorussian-ukrainian i
        "\u0458": "j",  # cyrillic small letter je
        "\u0455": "s",  # cyrillic small letter dze
        "\u0501": "d",  # cyrillic small letter komi de
        "\u051b": "q",  # cyrillic small letter qa
        "\u051d": "w",  # cyrillic small letter we
        "\u043a": "k",  # cyrillic small letter ka
        "\u043c": "m",  # cyrillic small letter em
        "\u0442": "t",  # cyrillic small letter te
        "\u0432": "b",  # cyrillic small letter ve
        "\u043d": "h",  # cyrillic small letter en
        "\u03b1": "a",  # greek small letter alpha
        "\u03bf": "o",  # greek small letter omicron
        "\u03c1": "p",  # greek small letter rho
        "\u03bd": "v",  # greek small letter nu
        "\u03b9": "i",  # greek small letter iota
        "\u03ba": "k",  # greek small letter kappa
        "\u03c4": "t",  # greek small letter tau
        "\u03c7": "x",  # greek small letter chi
        "0": "o",  # digit
        "1": "l",  # digit
        "3": "e",  # digit
        "5": "s",  # digit
        "\u00df": "ss",  # latin small letter sharp s
        "\u00e6": "ae",  # latin small letter ae
        "\u0153": "oe",  # latin small ligature oe
        "\u00f8": "o",  # latin small letter o with stroke
        "\u0142": "l",  # latin small letter l with stroke
        "\u0111": "d",  # latin small letter d with stroke
    }
)

CONTAINED_MIN = 6


def name_key(name: str) -> str:
    """The name reduced to what a reader sees: lower case, no accents, look-alike letters
    replaced, letters and digits only."""
    folded = unicodedata.normalize("NFKC", name).casefold().translate(LOOK_ALIKES)
    plain = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in plain if char.isalnum() and not unicodedata.combining(char))


def _distance_at_most(first: str, second: str, limit: int) -> bool:
    """Whether the edit distance between the two is ``limit`` or less (early exit)."""
    if abs(len(first) - len(second)) > limit:
        return False
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def names_look_alike(name: str, recognised: str) -> bool:
    """Does ``name`` imitate the recognised name ``recognised`` (see the module)?"""
    first, second = name_key(name), name_key(recognised)
    if not first or not second:
        return False
    if first == second:
        return True
    if len(second) >= CONTAINED_MIN and second in first:
        return True
    return _distance_at_most(first, second, max(len(second) // 10, 1 if len(second) >= 8 else 0))


def user_can_manage_recognition(user: User | AnonymousUser | None) -> bool:
    """Stewards (and platform staff) decide which issuers the territory recognises."""
    return bool(
        user is not None
        and user.is_active
        and (getattr(user, "is_steward", False) or user.is_staff)
    )


def recognition_pending_count() -> int:
    """How many issuers wait for the territory's decision (one query)."""
    return Issuer.objects.filter(recognition=RecognitionStatus.PENDING).count()


def recognised_issuers() -> QuerySet[Issuer]:
    return Issuer.objects.filter(recognition=RecognitionStatus.RECOGNISED).order_by("name", "pk")


def look_alikes(*, issuer: Issuer, recognised: list[Issuer] | None = None) -> list[Issuer]:
    """The recognised issuers whose name ``issuer``'s name imitates (itself left out)."""
    others = recognised if recognised is not None else list(recognised_issuers())
    return [
        other
        for other in others
        if other.pk != issuer.pk and names_look_alike(issuer.name, other.name)
    ]


@dataclass(frozen=True)
class QueueEntry:
    """A pending issuer, as the stewards' queue shows it."""

    issuer: Issuer
    look_alikes: list[Issuer] = field(default_factory=list)


def recognition_queue() -> list[QueueEntry]:
    """The issuers waiting for the territory's decision, oldest first, each with the
    recognised issuers its name imitates (two queries)."""
    recognised = list(recognised_issuers())
    pending = (
        Issuer.objects.filter(recognition=RecognitionStatus.PENDING)
        .select_related("initiative", "created_by")
        .order_by("recognition_changed_at", "created_at", "pk")
    )
    return [
        QueueEntry(issuer=issuer, look_alikes=look_alikes(issuer=issuer, recognised=recognised))
        for issuer in pending
    ]


def recognition_history(*, issuer: Issuer) -> list[IssuerRecognition]:
    """Every decision about the issuer, oldest first, with who took it."""
    return list(
        IssuerRecognition.objects.filter(issuer=issuer).select_related("by").order_by("at", "pk")
    )


def recognition_latest(*, issuer: Issuer) -> IssuerRecognition | None:
    """The decision that made the issuer's current standing."""
    return IssuerRecognition.objects.filter(issuer=issuer).order_by("-at", "-pk").first()


@dataclass(frozen=True)
class RecognitionPeriod:
    """A time the territory recognised the issuer: from, and until (None: still)."""

    since: datetime
    until: datetime | None
    note: str


def recognition_periods(history: list[IssuerRecognition]) -> list[RecognitionPeriod]:
    """The periods of recognition in a history (oldest first)."""
    periods: list[RecognitionPeriod] = []
    since: IssuerRecognition | None = None
    for entry in history:
        if entry.status == RecognitionStatus.RECOGNISED:
            if since is None:
                since = entry
        elif since is not None:
            periods.append(RecognitionPeriod(since=since.at, until=entry.at, note=since.note))
            since = None
    if since is not None:
        periods.append(RecognitionPeriod(since=since.at, until=None, note=since.note))
    return periods


def territory_name() -> str:
    """How the territory is named to people: its issuer's name, else "this territory"."""
    territory = Issuer.objects.filter(is_territory=True).only("name").first()
    return territory.name if territory is not None else ""


def issuer_standing(*, issuer: Issuer | None, territory: str | None = None) -> Standing:
    """The issuer's standing now, with the note or reason of the decision that made it (one
    query, two without ``territory``); ``issuer=None``: an issuer unknown here."""
    name = territory if territory is not None else territory_name()
    if issuer is None:
        return Standing(status=UNKNOWN, territory=name)
    latest = recognition_latest(issuer=issuer)
    return Standing(
        status=issuer.recognition,
        territory=name,
        since=issuer.recognition_changed_at,
        note=latest.note if latest is not None and latest.status == issuer.recognition else "",
    )


def issuer_standings(*, issuers: list[Issuer], territory: str | None = None) -> dict[int, Standing]:
    """The standing of each issuer, by primary key, with the note or reason of the decision
    that made it: one query (two without ``territory``) however many issuers."""
    name = territory if territory is not None else territory_name()
    latest: dict[int, IssuerRecognition] = {}
    entries = IssuerRecognition.objects.filter(issuer__in=[issuer.pk for issuer in issuers])
    for entry in entries.order_by("issuer_id", "at", "pk"):
        latest[entry.issuer_id] = entry
    standings = {}
    for issuer in issuers:
        last = latest.get(issuer.pk)
        note = last.note if last is not None and last.status == issuer.recognition else ""
        standings[issuer.pk] = Standing(
            status=issuer.recognition,
            territory=name,
            since=issuer.recognition_changed_at,
            note=note,
        )
    return standings


def trust_list_entries() -> list[TrustListEntry]:
    """Every issuer the territory recognises now or recognised once, by name, with its keys
    (retired ones too: they verify old badges) and its periods of recognition (3 queries).
    Issuers never recognised are not on the list."""
    issuers = (
        Issuer.objects.filter(
            pk__in=IssuerRecognition.objects.filter(status=RecognitionStatus.RECOGNISED).values(
                "issuer_id"
            )
        )
        .prefetch_related(
            Prefetch("recognitions", queryset=IssuerRecognition.objects.order_by("at", "pk")),
            Prefetch("signing_keys", queryset=SigningKey.objects.order_by("created_at", "pk")),
        )
        .order_by("name", "pk")
    )
    entries = []
    for issuer in issuers:
        history = list(issuer.recognitions.all())
        latest = history[-1] if history else None
        reason = ""
        if latest is not None and latest.status != RecognitionStatus.RECOGNISED:
            reason = latest.note
        entries.append(
            TrustListEntry(
                id=issuer.id_url,
                ob2_profile=issuer.ob2_url,
                name=issuer.name,
                url=issuer.url,
                status=issuer.recognition,
                status_since=issuer.recognition_changed_at,
                reason=reason,
                keys=[
                    TrustListKey(
                        id=key.verification_method_id,
                        public_key_multibase=key.public_key_multibase,
                        created_at=key.created_at,
                        retired_at=key.retired_at,
                    )
                    for key in issuer.signing_keys.all()
                ],
                periods=[
                    TrustListPeriod(since=period.since, until=period.until, note=period.note)
                    for period in recognition_periods(history)
                ],
            )
        )
    return entries
