"""The default framework shipped with Jalons, loaded from ``data/default_framework.json``.

The loader runs in the data migration ``0002_default_framework`` (with the
migration's historical models) and from ``manage.py load_default_framework``
(with the current models), so it only uses plain ORM calls available to both:
``apps.get_model()``, ``objects.create()``, no model methods. It is idempotent.

Identifiers are fixed in the data file, so every installation of Jalons gives
the default framework, its version, domains, competences and levels the same
UUIDs (and therefore the same CASE identifiers). Identifiers of level texts
and alignments are derived from their competence's UUID with UUID v5.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import transaction
from django.utils.text import slugify

from competences.search_text import search_columns

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_FRAMEWORK_FILE = DATA_DIR / "default_framework.json"
#: ``target_framework`` of the crosswalk's alignments to ROME 4.0 savoir-être.
ROME_FRAMEWORK = "ROME 4.0"


@cache
def default_framework_data() -> dict[str, Any]:
    with DEFAULT_FRAMEWORK_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def level_text_uuid(competence_uuid: str, number: int) -> uuid.UUID:
    return uuid.uuid5(uuid.UUID(competence_uuid), f"level:{number}")


def alignment_uuid(competence_uuid: str, target_url: str) -> uuid.UUID:
    return uuid.uuid5(uuid.UUID(competence_uuid), f"alignment:{target_url}")


def _tag(tag_model: Any, name: str) -> Any:
    """Get or create a taggit tag, computing a unique slug like taggit does."""
    tag = tag_model.objects.filter(name=name).first()
    if tag is not None:
        return tag
    base = slugify(name, allow_unicode=True) or "tag"
    slug, n = base, 1
    while tag_model.objects.filter(slug=slug).exists():
        slug, n = f"{base}_{n}", n + 1
    return tag_model.objects.create(name=name, slug=slug)


def default_framework_load(*, apps: Apps | None = None, data: dict[str, Any] | None = None) -> bool:
    """Create and publish the default framework unless it is already there.

    Returns True when it was created. Does nothing when its version (by UUID)
    or a framework with the same slug already exists. ``data`` defaults to the
    shipped data file (tests pass a modified copy).
    """
    registry = apps or global_apps
    model = registry.get_model
    framework_model = model("competences", "Framework")
    version_model = model("competences", "FrameworkVersion")
    data = data or default_framework_data()
    meta, release = data["framework"], data["version"]
    if (
        version_model.objects.filter(uuid=release["uuid"]).exists()
        or framework_model.objects.filter(slug=meta["slug"]).exists()
    ):
        return False
    with transaction.atomic():
        _create(model, data)
    return True


def _create(model: Any, data: dict[str, Any]) -> None:
    meta, release = data["framework"], data["version"]
    stamp = datetime.fromisoformat(release["published_at"])
    framework = model("competences", "Framework").objects.create(
        uuid=meta["uuid"],
        slug=meta["slug"],
        name_fr=meta["name"]["fr"],
        name_en=meta["name"]["en"],
        description_fr=meta["description"]["fr"],
        description_en=meta["description"]["en"],
        publisher=meta["publisher"],
        licence=meta["licence"],
        licence_url=meta["licence_url"],
        languages=meta["languages"],
        created_at=stamp,
        last_changed_at=stamp,
    )
    version_model = model("competences", "FrameworkVersion")
    # Filled as a draft, then published: the current models refuse to add
    # content to a published version.
    version = version_model.objects.create(
        framework=framework,
        uuid=release["uuid"],
        label=release["label"],
        status="draft",
        notes_fr=release["notes"]["fr"],
        notes_en=release["notes"]["en"],
        created_at=stamp,
        last_changed_at=stamp,
    )
    levels = {}
    for item in data["levels"]:
        levels[item["number"]] = model("competences", "ProficiencyLevel").objects.create(
            version=version,
            uuid=item["uuid"],
            number=item["number"],
            name_fr=item["name"]["fr"],
            name_en=item["name"]["en"],
            descriptor_fr=item["descriptor"]["fr"],
            descriptor_en=item["descriptor"]["en"],
            last_changed_at=stamp,
        )
    for domain_order, item in enumerate(data["domains"], start=1):
        domain = model("competences", "Domain").objects.create(
            version=version,
            uuid=item["uuid"],
            code=item["code"],
            title_fr=item["title"]["fr"],
            title_en=item["title"]["en"],
            description_fr=item["description"]["fr"],
            description_en=item["description"]["en"],
            order=domain_order,
            last_changed_at=stamp,
        )
        for order, entry in enumerate(item["competences"], start=1):
            _create_competence(model, version, domain, levels, entry, order, stamp)
    version.status = "published"
    version.published_at = stamp
    version.save()


def _search_columns(competence_model: Any, entry: dict[str, Any]) -> dict[str, str]:
    """The competence's search columns, when the model has them.

    The data migration 0002 runs before they exist; 0003 fills them then.
    """
    if not any(field.name == "search_text" for field in competence_model._meta.get_fields()):
        return {}
    return search_columns(
        code=entry["code"],
        titles=(entry["title"]["fr"], entry["title"]["en"]),
        descriptions=(entry["description"]["fr"], entry["description"]["en"]),
        keywords=entry["keywords"],
        labels=[
            text
            for item in entry["alignments"]
            for text in (item["label"]["fr"], item["label"]["en"])
        ],
        targets=[item["target_url"] for item in entry["alignments"]],
    )


def _alignment_notes(alignment_model: Any, alignment: dict[str, Any]) -> dict[str, str]:
    """The alignment's one-line justification, when the model has it.

    The data migration 0002 runs before the field exists; 0006 fills it then.
    """
    if not any(field.name == "note_fr" for field in alignment_model._meta.get_fields()):
        return {}
    note = alignment.get("note") or {}
    return {"note_fr": note.get("fr", ""), "note_en": note.get("en", "")}


def default_crosswalk_fill(*, apps: Apps | None = None) -> int:
    """Give the default framework's first version its ROME 4.0 crosswalk (idempotent).

    For databases made before the crosswalk shipped with the default framework, and for the
    justifications, which the data migration 0002 cannot write: each ROME alignment of the
    data file is created or brought up to date by its identifier, and the search columns of
    the competences it touches are computed again. Jalons had no release then, so the
    version's content is completed in place (docs/rome.md). Returns the rows written.
    """
    registry = apps or global_apps
    model = registry.get_model
    data = default_framework_data()
    version = (
        model("competences", "FrameworkVersion")
        .objects.filter(uuid=data["version"]["uuid"])
        .first()
    )
    if version is None:
        return 0
    competence_model = model("competences", "Competence")
    alignment_model = model("competences", "ExternalAlignment")
    stamp = datetime.fromisoformat(data["version"]["published_at"])
    written = 0
    for item in data["domains"]:
        for entry in item["competences"]:
            competence = competence_model.objects.filter(
                version=version, uuid=entry["uuid"]
            ).first()
            if competence is None:
                continue
            rome = [a for a in entry["alignments"] if a["target_framework"] == ROME_FRAMEWORK]
            for alignment in rome:
                values = {
                    "competence": competence,
                    "target_url": alignment["target_url"],
                    "target_framework": alignment["target_framework"],
                    "target_code": alignment["target_code"],
                    "label_fr": alignment["label"]["fr"],
                    "label_en": alignment["label"]["en"],
                    "relation": alignment["relation"],
                    "last_changed_at": stamp,
                    **_alignment_notes(alignment_model, alignment),
                }
                # The base manager's plain queryset: the current models' ``objects`` refuses
                # to change a published version (historical models have no such guard).
                row_uuid = alignment_uuid(entry["uuid"], alignment["target_url"])
                existing = alignment_model._base_manager.filter(uuid=row_uuid)
                if not existing.update(**values):
                    alignment_model._base_manager.bulk_create(
                        [alignment_model(uuid=row_uuid, **values)]
                    )
                written += 1
            if rome and any(f.name == "search_text" for f in competence_model._meta.get_fields()):
                alignments = list(
                    alignment_model._base_manager.filter(competence=competence).order_by("pk")
                )
                columns = search_columns(
                    code=entry["code"],
                    titles=(entry["title"]["fr"], entry["title"]["en"]),
                    descriptions=(entry["description"]["fr"], entry["description"]["en"]),
                    keywords=entry["keywords"],
                    labels=[t for a in alignments for t in (a.label_fr, a.label_en)],
                    targets=[a.target_url for a in alignments],
                )
                competence_model._base_manager.filter(pk=competence.pk).update(**columns)
    return written


def _create_competence(
    model: Any,
    version: Any,
    domain: Any,
    levels: dict[int, Any],
    entry: dict[str, Any],
    order: int,
    stamp: datetime,
) -> None:
    competence_model = model("competences", "Competence")
    competence = competence_model.objects.create(
        **_search_columns(competence_model, entry),
        version=version,
        domain=domain,
        uuid=entry["uuid"],
        code=entry["code"],
        title_fr=entry["title"]["fr"],
        title_en=entry["title"]["en"],
        description_fr=entry["description"]["fr"],
        description_en=entry["description"]["en"],
        order=order,
        last_changed_at=stamp,
    )
    for name in entry["keywords"]:
        model("competences", "TaggedCompetence").objects.create(
            content_object=competence, tag=_tag(model("taggit", "Tag"), name)
        )
    for number, text in entry["levels"].items():
        model("competences", "CompetenceLevelDescriptor").objects.create(
            competence=competence,
            level=levels[int(number)],
            uuid=level_text_uuid(entry["uuid"], int(number)),
            descriptor_fr=text["fr"],
            descriptor_en=text["en"],
            last_changed_at=stamp,
        )
    alignment_model = model("competences", "ExternalAlignment")
    for alignment in entry["alignments"]:
        alignment_model.objects.create(
            **_alignment_notes(alignment_model, alignment),
            competence=competence,
            uuid=alignment_uuid(entry["uuid"], alignment["target_url"]),
            target_url=alignment["target_url"],
            target_framework=alignment["target_framework"],
            target_code=alignment["target_code"],
            label_fr=alignment["label"]["fr"],
            label_en=alignment["label"]["en"],
            relation=alignment["relation"],
            last_changed_at=stamp,
        )
