"""What every app's ``scale.py`` shares for ``manage.py generate_scale_data``.

The command (accounts/management/commands/generate_scale_data.py) builds a ``ScalePlan``
and calls each app's ``scale.load(plan=…, loaded=…)`` in the apps' order; ``loaded`` holds
what the earlier apps returned. Rows are inserted with ``bulk_create`` in batches, never
through the services one by one. Everything random comes from ``plan.rng(part)``, seeded
with the seed and the generation number: the same seed on an empty database gives the
same data (identifiers included), whatever the order the parts run in.
See docs/performance.md#generated-data-at-regional-scale.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from django.db import models

# Every generated account has this password and an address at this domain: the command
# recognises its own data by it (and refuses to mix it with real accounts).
SCALE_PASSWORD = "jalons-scale"  # noqa: S105 -- printed on purpose, refused without DEBUG
SCALE_EMAIL_DOMAIN = "scale.example.org"
BATCH_SIZE = 2000

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


@dataclass(frozen=True)
class ScalePlan:
    """How much to generate, and how: the command's options."""

    volunteers: int
    initiatives: int
    contributions: int
    awards: int
    shares: int
    seed: int
    run: int  # 0 for the first generation in a database, then 1, 2… (--append)
    now: datetime
    progress: Callable[[str], None]

    def rng(self, part: str) -> random.Random:
        """A random generator for one part of the data, the same for the same seed."""
        return random.Random(f"{self.seed}:{self.run}:{part}")  # noqa: S311 -- test data

    @property
    def prefix(self) -> str:
        """Put in front of addresses and slugs after the first generation (``r1-``…)."""
        return f"r{self.run}-" if self.run else ""

    def email(self, local: str) -> str:
        return f"{self.prefix}{local}@{SCALE_EMAIL_DOMAIN}"


def uuid_from(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from ``rng`` (deterministic, unlike ``uuid.uuid4``)."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def chunks(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def bulk_insert(model: type[M], objects: Iterable[M], *, batch_size: int = BATCH_SIZE) -> list[M]:
    """Insert ``objects`` in batches; the returned objects have their primary keys (PostgreSQL
    and SQLite both return them)."""
    created: list[M] = []
    for chunk in chunks(objects, batch_size):
        created += model._default_manager.bulk_create(chunk, batch_size=batch_size)
    return created


def long_tail_counts(total: int, people: int, rng: random.Random) -> list[int]:
    """Split ``total`` among ``people`` the way volunteering goes: most people have 1 to 5,
    some a few dozen, a few hundreds (a Pareto tail). Sums to ``total`` exactly; everyone has
    at least one when ``total >= people``."""
    if people <= 0:
        return []
    if total < people:
        counts = [0] * people
        for index in rng.sample(range(people), total):
            counts[index] = 1
        return counts
    counts = []
    for _ in range(people):
        draw = rng.random()
        counts.append(rng.randint(1, 5) if draw < 0.8 else rng.randint(6, 30))
    base = sum(counts)
    if base > total:  # few per person: scale down, keeping one each
        spare = total - people
        extra = [count - 1 for count in counts]
        ratio = spare / max(1, sum(extra))
        counts = [1 + int(value * ratio) for value in extra]
        base = sum(counts)
    remainder = total - base
    heavy = rng.sample(range(people), max(1, people // 20))
    weights = [min(rng.paretovariate(1.5), 50.0) for _ in heavy]
    scale = remainder / sum(weights)
    given = 0
    for index, weight in zip(heavy, weights, strict=True):
        share = int(weight * scale)
        counts[index] += share
        given += share
    counts[heavy[0]] += remainder - given  # what rounding left: to the first of the tail
    return counts


def summary_counts(**models_by_name: type[models.Model] | Any) -> dict[str, int]:
    """``{name: rows}`` for the given models (the counts printed by the command)."""
    return {name: model._default_manager.count() for name, model in models_by_name.items()}
