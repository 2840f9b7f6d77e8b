"""Generated issuers, badge classes and awards (``manage.py generate_scale_data``,
config/scale.py).

Awards are concentrated on one issuer, the territory (``TERRITORY_SHARE`` of them); the four
largest initiatives issue the rest. Signing is not repeated per award: each badge class gets
ONE real award, built and signed like any other (``award_document``, ``issuer_sign``), and
the other awards of the class store a copy of that credential with their own ``id``, dates
and status-list entry. Their pages, documents and API answers render like real ones, but the
copies' proofs do not verify (they were signed for the template): benchmark data only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from accounts.api import User
from badges.crypto.data_integrity import format_datetime
from badges.models import (
    Award,
    BadgeClass,
    Issuer,
    StatusList,
    StatusListEntry,
    StatusPurpose,
    email_identity_hash,
)
from badges.selectors.issuers import territory_issuer
from badges.services.award_documents import award_document
from badges.services.issuers import issuer_create, issuer_sign
from badges.status_lists import status_entry
from community.api import Initiative
from config.scale import ScalePlan, chunks, uuid_from

TERRITORY_SHARE = 0.8
TERRITORY_BADGES = (
    ("Organiser et piloter", "Sait organiser une activité collective."),
    ("Coopérer et animer", "Sait créer de bonnes relations dans un collectif."),
    ("Communiquer et mobiliser", "Sait mettre des personnes et des projets en relation."),
    ("Créer et innover", "Sait proposer des idées, les essayer et retenir la meilleure."),
    ("Inclure, accompagner, apprendre", "Sait faire une place à chacun."),
)
INITIATIVE_ISSUERS = 4
REVOKED_SHARE = 0.01


@dataclass
class BadgesScale:
    big_issuer_uuid: str
    awards_by_issuer: dict[str, int] = field(default_factory=dict)
    badge_classes: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "counts": {
                "awards": sum(self.awards_by_issuer.values()),
                "issuers": len(self.awards_by_issuer),
                "badge_classes": self.badge_classes,
            },
            "personas": {
                "issuer": {
                    "uuid": self.big_issuer_uuid,
                    "awards": self.awards_by_issuer.get(self.big_issuer_uuid, 0),
                }
            },
            "paths": {"api_issuer_awards": f"/api/v1/issuers/{self.big_issuer_uuid}/awards/"},
        }


def _identified(issuer: Issuer, rng: random.Random) -> Issuer:
    """A new issuer gets a public identifier drawn from the seed (before it signs anything)."""
    issuer.uuid = uuid_from(rng)
    issuer.save(update_fields=["uuid"])
    return issuer


def _issuers(
    plan: ScalePlan, rng: random.Random, accounts: Any, community: Any
) -> list[tuple[Issuer, int]]:
    """(issuer, who awards in its name): the territory first, then initiatives' issuers."""
    steward = User.objects.get(pk=accounts.steward_id)
    territory = territory_issuer() or _identified(
        issuer_create(
            by=steward,
            initiative=None,
            name="Territoire (données générées)",
            email=accounts.steward_email,
            description="Émetteur territorial des données générées.",
        ),
        rng,
    )
    issuers = [(territory, steward.pk)]
    for index, initiative_id in enumerate(community.initiative_ids[:INITIATIVE_ISSUERS]):
        leader = User.objects.get(pk=accounts.leader_ids[index])
        initiative = Initiative.objects.get(pk=initiative_id)
        issuer = _identified(
            issuer_create(
                by=leader,
                initiative=initiative,
                name=initiative.name,
                email=leader.email,
                description="Émetteur d'une initiative des données générées.",
            ),
            rng,
        )
        issuers.append((issuer, leader.pk))
    return issuers


def _badge_classes(
    plan: ScalePlan, rng: random.Random, issuer: Issuer, by: int
) -> list[BadgeClass]:
    names = TERRITORY_BADGES if issuer.is_territory else (("Pilier de l'initiative", "Fiable."),)
    return [
        BadgeClass.objects.create(
            issuer=issuer,
            uuid=uuid_from(rng),
            slug=f"{plan.prefix}scale-{index}",
            name=f"{name} (données générées)",
            description=description,
            criteria_narrative="Une compétence confirmée par les personnes qui l'ont vue.",
            created_by_id=by,
        )
        for index, (name, description) in enumerate(names)
    ]


def _free_indices(status_list: StatusList, wanted: int, rng: random.Random) -> list[int]:
    """``wanted`` free positions of the list, at random; the list grows if it must."""
    taken = set(status_list.entries.values_list("index", flat=True))
    size = status_list.size
    while size - len(taken) < wanted:
        size *= 2
    if size != status_list.size:
        status_list.size = size
    free = [index for index in range(size) if index not in taken]
    rng.shuffle(free)
    status_list.next_index += wanted
    status_list.save(update_fields=["size", "next_index"])
    return free[:wanted]


class _Issuing:
    """The awards of one badge class: a signed template, then copies of it."""

    def __init__(self, plan: ScalePlan, rng: random.Random, accounts: Any) -> None:
        self.plan = plan
        self.rng = rng
        self.accounts = accounts

    def award(self, badge_class: BadgeClass, volunteer: int, by: int) -> Award:
        rng = self.rng
        email = self.accounts.volunteer_emails[volunteer]
        salt = f"{rng.getrandbits(128):032x}"
        issued = (self.plan.now - timedelta(minutes=rng.randint(60, 700 * 24 * 60))).replace(
            microsecond=0
        )
        revoked = rng.random() < REVOKED_SHARE
        return Award(
            uuid=uuid_from(rng),
            badge_class=badge_class,
            recipient_id=self.accounts.volunteer_ids[volunteer],
            recipient_email=email,
            salt=salt,
            identity_hash=email_identity_hash(email, salt),
            awarded_by_id=by,
            issued_at=issued,
            revoked_at=issued + timedelta(days=1) if revoked else None,
            revocation_reason="Attribué par erreur (données générées)." if revoked else "",
        )

    def insert(
        self,
        badge_class: BadgeClass,
        status_list: StatusList,
        awards: list[Award],
        indices: list[int],
    ) -> None:
        template_award = awards[0]
        document = award_document(
            award=template_award, credential_status=status_entry(status_list, indices[0])
        )
        template = issuer_sign(
            issuer=badge_class.issuer, document=document, created=template_award.issued_at
        )
        template_id = str(template["id"])
        template_uuid = str(template_award.uuid)
        template_award.credential = template
        for award, index in zip(awards[1:], indices[1:], strict=True):
            issued = format_datetime(award.issued_at)
            award.credential = {
                **template,
                "id": template_id.replace(template_uuid, str(award.uuid)),
                "validFrom": issued,
                "awardedDate": issued,
                "credentialStatus": status_entry(status_list, index),
            }
        for batch in chunks(zip(awards, indices, strict=True)):
            created = Award.objects.bulk_create([award for award, _ in batch])
            StatusListEntry.objects.bulk_create(
                StatusListEntry(status_list=status_list, award=award, index=index)
                for award, (_, index) in zip(created, batch, strict=True)
            )


def load(*, plan: ScalePlan, loaded: dict[str, Any]) -> BadgesScale:
    accounts = loaded["accounts"]
    community = loaded["community"]
    rng = plan.rng("badges")
    volunteers = len(accounts.volunteer_ids)
    issuers = _issuers(plan, rng, accounts, community)
    classes = [(_badge_classes(plan, rng, issuer, by), issuer, by) for issuer, by in issuers]
    # The territory's share, then the rest evenly among the initiatives' issuers.
    territory_awards = plan.awards if len(issuers) == 1 else int(plan.awards * TERRITORY_SHARE)
    others = len(issuers) - 1
    wanted = [territory_awards] + [
        (plan.awards - territory_awards) // others
        + (1 if i < (plan.awards - territory_awards) % others else 0)
        for i in range(others)
    ]
    result = BadgesScale(big_issuer_uuid=str(issuers[0][0].uuid))
    result.badge_classes = sum(len(group) for group, _, _ in classes)
    issuing = _Issuing(plan, rng, accounts)
    for (group, issuer, by), count in zip(classes, wanted, strict=True):
        plan.progress(f"badges: {count} awards of {issuer.name}")
        status_list, _ = StatusList.objects.get_or_create(
            issuer=issuer, purpose=StatusPurpose.REVOCATION
        )
        indices = _free_indices(status_list, count, rng)
        status_list.issuer = issuer
        given: set[tuple[int, int]] = set()
        per_class = [
            count // len(group) + (1 if i < count % len(group) else 0) for i in range(len(group))
        ]
        start = 0
        for badge_class, number in zip(group, per_class, strict=True):
            awards: list[Award] = []
            while len(awards) < number and volunteers:
                volunteer = rng.randrange(volunteers)
                if (badge_class.pk, volunteer) in given and number <= volunteers // 2:
                    continue  # once per person and badge, while there are enough people
                given.add((badge_class.pk, volunteer))
                awards.append(issuing.award(badge_class, volunteer, by))
            if awards:
                issuing.insert(badge_class, status_list, awards, indices[start : start + number])
            start += number
        result.awards_by_issuer[str(issuer.uuid)] = count
    return result
