"""What the CASE export and import share: addresses, dates, derived identifiers, texts.

Identifiers that Jalons does not store (associations, rubric, criteria…) are
UUID v5 derived from stored ones, so that exporting twice, or exporting an
imported package, gives the same identifiers.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Model

from competences.models import FRAMEWORK_LANGUAGES, FrameworkVersion, Relation, Status

CASE_PATH = "/ims/case/v1p1"
EXTENSION = "jalons"
ITEM_TYPE_DOMAIN = "Domain"
ITEM_TYPE_COMPETENCE = "Competence"
#: Namespace of the identifiers that are the same in every Jalons (item types).
JALONS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:jalons:case")

ADOPTION_STATUS = {
    Status.DRAFT: "Draft",
    Status.PUBLISHED: "Adopted",
    Status.RETIRED: "Deprecated",
}
ASSOCIATION_TYPES = {
    Relation.EXACT: "exactMatchOf",
    Relation.CLOSE: "isRelatedTo",
    Relation.BROAD: "isRelatedTo",
    Relation.RELATED: "isRelatedTo",
}
ITEM_TYPES = {
    ITEM_TYPE_DOMAIN: ("1", "A group of competences."),
    ITEM_TYPE_COMPETENCE: ("2", "A competence."),
}


def case_uri(kind: str, identifier: uuid.UUID | str) -> str:
    """The address of a CASE object on this site, e.g. ``…/ims/case/v1p1/CFItems/<uuid>``."""
    return f"{settings.SITE_URL.rstrip('/')}{CASE_PATH}/{kind}/{identifier}"


def case_timestamp(value: datetime) -> str:
    """ISO 8601 in UTC, to the second: ``2026-11-27T00:00:00+00:00``."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def case_date(value: datetime) -> str:
    return value.astimezone(UTC).date().isoformat()


def item_type_uuid(name: str) -> uuid.UUID:
    return uuid.uuid5(JALONS_NAMESPACE, f"CFItemType:{name}")


def licence_uuid(licence_url: str) -> uuid.UUID:
    """A licence's identifier: the same for every framework with this address."""
    return uuid.uuid5(uuid.NAMESPACE_URL, licence_url)


def rubric_uuid(version_uuid: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(version_uuid, "rubric")


def scale_criterion_uuid(version_uuid: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(version_uuid, "scale")


def criterion_uuid(competence_uuid: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(competence_uuid, "criterion")


def general_level_uuid(competence_uuid: uuid.UUID, level_uuid: uuid.UUID) -> uuid.UUID:
    """A competence's criterion level that repeats the scale's descriptor (nothing stored)."""
    return uuid.uuid5(competence_uuid, f"level:{level_uuid}")


def child_association_uuid(child_uuid: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(child_uuid, "isChildOf")


def replaced_by_uuid(competence_uuid: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(competence_uuid, "replacedBy")


def primary_language(version: FrameworkVersion) -> str:
    """The language of the standard CASE texts: the framework's first language."""
    languages = [code for code in version.framework.languages if code in FRAMEWORK_LANGUAGES]
    return (languages or list(FRAMEWORK_LANGUAGES))[0]


def target_identifier(target_url: str, target_code: str) -> str:
    """``destinationNodeURI.identifier`` of an alignment: its code, or the URI's last part."""
    return target_code or target_url.rstrip("/").rsplit("/", 1)[-1] or target_url


class Texts:
    """Texts of one CASE object: the standard member in the primary language, the rest aside.

    When the primary text is empty, the standard member falls back to the other
    language and the extension records the empty primary text, so that an
    import restores exactly what was there.
    """

    def __init__(self, primary: str) -> None:
        self.primary = primary
        self.translations: dict[str, dict[str, str]] = {}

    def text(self, obj: Model, field: str, member: str) -> str:
        values = {
            code: str(getattr(obj, f"{field}_{code}", "") or "") for code in FRAMEWORK_LANGUAGES
        }
        for code, value in values.items():
            if code != self.primary and value:
                self.translations.setdefault(code, {})[member] = value
        if values[self.primary]:
            return values[self.primary]
        fallback = next((value for value in values.values() if value), "")
        if fallback:
            self.translations.setdefault(self.primary, {})[member] = ""
        return fallback

    def extension(self, **members: Any) -> dict[str, Any]:
        content = {name: value for name, value in members.items() if value is not None}
        if self.translations:
            content["translations"] = self.translations
        return {EXTENSION: content} if content else {}
