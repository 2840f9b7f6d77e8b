"""Single CASE 1.1 objects for the read-only provider (``/ims/case/v1p1/``).

Every object is cut out of what ``PackageBuilder`` makes for the package of its version,
so that the object an endpoint answers is exactly the one in the package, ``uri`` and
``lastChangeDateTime`` included. Each function answers ``None`` when no public version
holds the identifier; the shapes are those of the CASE Service 1.1 OpenAPI description
(``competences/data/case/imscasev1p1_openapi3_v1p0.json``).
"""

from __future__ import annotations

import uuid
from typing import Any

from competences.exchange.case_common import ITEM_TYPES, item_type_uuid
from competences.exchange.case_export import PackageBuilder
from competences.models import Competence, Domain
from competences.selectors.case import (
    case_latest_public_version,
    case_replacements,
    case_version_of_association,
    case_version_of_criterion,
    case_version_of_criterion_level,
    case_version_of_licence,
    case_version_of_rubric,
)
from competences.selectors.frameworks import version_tree


def _find(objects: list[dict[str, Any]], identifier: uuid.UUID) -> dict[str, Any] | None:
    return next((obj for obj in objects if obj["identifier"] == str(identifier)), None)


def case_association_export(*, identifier: uuid.UUID) -> dict[str, Any] | None:
    """One CFAssociation (``CFAssociationDType``), with its ``CFDocumentURI``."""
    version = case_version_of_association(identifier=identifier)
    if version is None:
        return None
    builder = PackageBuilder(version)
    _, associations = builder.items_and_associations(version_tree(version=version))
    found = _find(associations, identifier)
    if found is None:
        return None
    return {**found, "CFDocumentURI": builder.document_link()}


def case_item_associations_export(*, item: Domain | Competence) -> dict[str, Any]:
    """``CFAssociationSetDType``: the item, and every association from or to it.

    They are those of its version's package, and the ``replacedBy`` associations of the
    later versions that replace it.
    """
    builder = PackageBuilder(item.version)
    items, all_associations = builder.items_and_associations(version_tree(version=item.version))
    identifier = str(item.uuid)
    cf_item = _find(items, item.uuid) or {}
    associations = [
        association
        for association in all_associations
        if identifier
        in (
            association["originNodeURI"]["identifier"],
            association["destinationNodeURI"]["identifier"],
        )
    ]
    if isinstance(item, Competence):
        associations += [
            PackageBuilder(newer.version).replaced_by_association(item, newer)
            for newer in case_replacements(competence=item)
        ]
    return {
        "CFItem": {**cf_item, "CFDocumentURI": builder.document_link()},
        "CFAssociations": associations,
    }


def case_rubric_export(*, identifier: uuid.UUID) -> dict[str, Any] | None:
    """One CFRubric (``CFRubricDType``), its criteria and their levels."""
    version = case_version_of_rubric(identifier=identifier)
    if version is None:
        return None
    return PackageBuilder(version).rubric(version_tree(version=version))


def case_criterion_export(*, identifier: uuid.UUID) -> dict[str, Any] | None:
    """One CFRubricCriterion (``CFRubricCriterionDType``, a Jalons addition)."""
    version = case_version_of_criterion(identifier=identifier)
    if version is None:
        return None
    rubric = PackageBuilder(version).rubric(version_tree(version=version))
    return _find(rubric["CFRubricCriteria"], identifier)


def case_criterion_level_export(*, identifier: uuid.UUID) -> dict[str, Any] | None:
    """One CFRubricCriterionLevel (``CFRubricCriterionLevelDType``, a Jalons addition)."""
    version = case_version_of_criterion_level(identifier=identifier)
    if version is None:
        return None
    rubric = PackageBuilder(version).rubric(version_tree(version=version))
    levels = [
        level
        for criterion in rubric["CFRubricCriteria"]
        for level in criterion["CFRubricCriterionLevels"]
    ]
    return _find(levels, identifier)


def case_item_type_export(*, identifier: uuid.UUID) -> dict[str, Any] | None:
    """``CFItemTypeSetDType``: the item type (``Domain`` or ``Competence``, the same in
    every Jalons). Their hierarchy codes (1, 2) are siblings: the set holds one type."""
    if identifier not in {item_type_uuid(name) for name in ITEM_TYPES}:
        return None
    version = case_latest_public_version()
    if version is None:
        return None
    found = _find(PackageBuilder(version).definitions()["CFItemTypes"], identifier)
    return {"CFItemTypes": [found]} if found is not None else None


def case_licence_export(*, identifier: uuid.UUID) -> dict[str, Any] | None:
    """One CFLicense (``CFLicenseDType``), its ``licenseText`` the licence's own text."""
    version = case_version_of_licence(identifier=identifier)
    if version is None:
        return None
    return _find(PackageBuilder(version).definitions().get("CFLicenses", []), identifier)
