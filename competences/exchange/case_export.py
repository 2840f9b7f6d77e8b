"""A framework version as a 1EdTech CASE 1.1 CFPackage. The specification is docs/exchange-case.md.

- the version is the CFDocument (its UUID is the document's identifier);
- domains and competences are CFItems (``CFItemType`` "Domain" / "Competence");
- ``isChildOf`` associations attach competences to their domain and domains to
  the document, with ``sequenceNumber`` = their order;
- alignments are ``exactMatchOf`` (exact) or ``isRelatedTo`` (close, broad, related)
  associations towards the target's URI, their justification in ``notes`` (the crosswalk
  to the ROME 4.0 savoir-être is such alignments, docs/rome.md);
- ``replacedBy`` associations go from the competence of an earlier version to
  the competence that replaces it;
- one CFRubric holds the levels: a first criterion without an item for the
  scale itself, then one criterion per competence with one level each (the
  competence's own text for that level, or the scale's).

Texts are in the framework's first language (``language``); the other
language, and what CASE has no place for, is in ``extensions.jalons``.
Identifiers are the models' UUIDs, or UUID v5 derived from them for what is not
stored, so that exporting twice gives the same package.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from competences.exchange.case_common import (
    ADOPTION_STATUS,
    ASSOCIATION_TYPES,
    ITEM_TYPE_COMPETENCE,
    ITEM_TYPE_DOMAIN,
    ITEM_TYPES,
    Texts,
    case_date,
    case_timestamp,
    case_uri,
    child_association_uuid,
    criterion_uuid,
    general_level_uuid,
    item_type_uuid,
    licence_uuid,
    primary_language,
    replaced_by_uuid,
    rubric_uuid,
    scale_criterion_uuid,
    target_identifier,
)
from competences.exchange.case_licences import licence_text
from competences.models import (
    Competence,
    Domain,
    FrameworkVersion,
    ProficiencyLevel,
    Relation,
    Status,
)
from competences.selectors.frameworks import (
    CompetenceNode,
    VersionTree,
    competence_public_queryset,
    version_public_queryset,
    version_tree,
)


def _put(target: dict[str, Any], name: str, value: Any) -> None:
    """Set an optional member, leaving it out when empty."""
    if value not in (None, "", [], {}):
        target[name] = value


class PackageBuilder:
    """Builds the CASE objects of one version."""

    def __init__(self, version: FrameworkVersion) -> None:
        self.version = version
        self.framework = version.framework
        self.language = primary_language(version)
        self.changed = case_timestamp(version.last_changed_at)

    # --- Links ---------------------------------------------------------------------

    def document_link(self) -> dict[str, str]:
        return {
            "title": Texts(self.language).text(self.framework, "name", "title"),
            "identifier": str(self.version.uuid),
            "uri": case_uri("CFDocuments", self.version.uuid),
        }

    def item_link(self, item: Domain | Competence) -> dict[str, str]:
        return {
            "title": Texts(self.language).text(item, "title", "fullStatement"),
            "identifier": str(item.uuid),
            "uri": case_uri("CFItems", item.uuid),
        }

    def item_type_link(self, name: str) -> dict[str, str]:
        identifier = item_type_uuid(name)
        return {
            "title": name,
            "identifier": str(identifier),
            "uri": case_uri("CFItemTypes", identifier),
        }

    # --- Objects -------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        version, framework = self.version, self.framework
        texts = Texts(self.language)
        document: dict[str, Any] = {
            "identifier": str(version.uuid),
            "uri": case_uri("CFDocuments", version.uuid),
            "caseVersion": "1.1",
            "creator": framework.publisher,
            "title": texts.text(framework, "name", "title"),
            "lastChangeDateTime": self.changed,
        }
        _put(document, "officialSourceURL", self.page_url())
        _put(document, "publisher", framework.publisher)
        _put(document, "description", texts.text(framework, "description", "description"))
        document["language"] = self.language
        document["version"] = version.label
        document["adoptionStatus"] = ADOPTION_STATUS[Status(version.status)]
        if version.published_at and not version.is_draft:
            document["statusStartDate"] = case_date(version.published_at)
        if version.retired_at and version.is_retired:
            document["statusEndDate"] = case_date(version.retired_at)
        if framework.licence_url:
            document["licenseURI"] = self.licence_link()
        _put(document, "notes", texts.text(version, "notes", "notes"))
        _put(
            document,
            "extensions",
            texts.extension(
                framework={
                    "identifier": str(framework.uuid),
                    "slug": framework.slug,
                    "languages": list(framework.languages),
                    "licence": framework.licence,
                    **({"licenceUrl": framework.licence_url} if framework.licence_url else {}),
                },
                publishedAt=(
                    case_timestamp(version.published_at)
                    if version.published_at and not version.is_draft
                    else None
                ),
                retiredAt=(
                    case_timestamp(version.retired_at)
                    if version.retired_at and version.is_retired
                    else None
                ),
            ),
        )
        return document

    def page_url(self) -> str:
        if self.version.is_draft:
            return ""
        return f"{settings.SITE_URL.rstrip('/')}{self.version.get_absolute_url()}"

    def licence_link(self) -> dict[str, str]:
        """The document's ``licenseURI``: the ``CFLicense`` served on this site.

        The licence's own address is the CFLicense's ``description`` and, for the
        import, ``extensions.jalons.framework.licenceUrl``.
        """
        identifier = licence_uuid(self.framework.licence_url)
        return {
            "title": self.framework.licence or self.framework.licence_url,
            "identifier": str(identifier),
            "uri": case_uri("CFLicenses", identifier),
        }

    def item(self, item: Domain | Competence, keywords: list[str] | None = None) -> dict[str, Any]:
        texts = Texts(self.language)
        kind = ITEM_TYPE_COMPETENCE if isinstance(item, Competence) else ITEM_TYPE_DOMAIN
        data: dict[str, Any] = {
            "identifier": str(item.uuid),
            "uri": case_uri("CFItems", item.uuid),
            "humanCodingScheme": item.code,
            "fullStatement": texts.text(item, "title", "fullStatement"),
        }
        _put(data, "notes", texts.text(item, "description", "notes"))
        _put(data, "conceptKeywords", keywords)
        data["CFItemType"] = kind
        data["CFItemTypeURI"] = self.item_type_link(kind)
        data["language"] = self.language
        data["lastChangeDateTime"] = case_timestamp(item.last_changed_at)
        _put(data, "extensions", texts.extension())
        return data

    def child_association(
        self, child: Domain | Competence, parent: Domain | None, sequence: int
    ) -> dict[str, Any]:
        identifier = child_association_uuid(child.uuid)
        return {
            "identifier": str(identifier),
            "associationType": "isChildOf",
            "sequenceNumber": sequence,
            "uri": case_uri("CFAssociations", identifier),
            "originNodeURI": self.item_link(child),
            "destinationNodeURI": (
                self.item_link(parent) if parent is not None else self.document_link()
            ),
            "lastChangeDateTime": case_timestamp(child.last_changed_at),
        }

    def alignment_association(self, competence: Competence, alignment: Any) -> dict[str, Any]:
        texts = Texts(self.language)
        title = texts.text(alignment, "label", "destinationNodeURI.title")
        data: dict[str, Any] = {
            "identifier": str(alignment.uuid),
            "associationType": ASSOCIATION_TYPES[Relation(alignment.relation)],
            "uri": case_uri("CFAssociations", alignment.uuid),
            "originNodeURI": self.item_link(competence),
            "destinationNodeURI": {
                "title": title,
                "identifier": target_identifier(alignment.target_url, alignment.target_code),
                "uri": alignment.target_url,
            },
            "lastChangeDateTime": case_timestamp(alignment.last_changed_at),
        }
        _put(data, "notes", texts.text(alignment, "note", "notes"))
        data["extensions"] = texts.extension(
            relation=alignment.relation,
            targetFramework=alignment.target_framework,
            targetCode=alignment.target_code,
        )
        return data

    def replaced_by_association(self, old: Competence, new: Competence) -> dict[str, Any]:
        identifier = replaced_by_uuid(new.uuid)
        return {
            "identifier": str(identifier),
            "associationType": "replacedBy",
            "uri": case_uri("CFAssociations", identifier),
            "originNodeURI": self.item_link(old),
            "destinationNodeURI": self.item_link(new),
            "lastChangeDateTime": case_timestamp(new.last_changed_at),
        }

    def criterion_level(
        self,
        *,
        identifier: uuid.UUID,
        level: ProficiencyLevel,
        text_source: Model,
        changed: datetime,
        criterion: uuid.UUID,
    ) -> dict[str, Any]:
        texts = Texts(self.language)
        data: dict[str, Any] = {
            "identifier": str(identifier),
            "uri": case_uri("CFRubricCriterionLevels", identifier),
        }
        _put(data, "description", texts.text(text_source, "descriptor", "description"))
        data["quality"] = texts.text(level, "name", "quality")
        data["score"] = level.number
        data["position"] = level.number
        data["rubricCriterionId"] = str(criterion)
        data["lastChangeDateTime"] = case_timestamp(changed)
        extension = texts.extension()
        if extension:
            data["extensions"] = [extension]
        return data

    def rubric(self, tree: VersionTree) -> dict[str, Any]:
        version = self.version
        rubric_id = rubric_uuid(version.uuid)
        scale_id = scale_criterion_uuid(version.uuid)
        with translation.override(self.language):
            title = _("Levels")
            scale_description = _("The scale of levels, the same for every competence.")
        scale = {
            "identifier": str(scale_id),
            "uri": case_uri("CFRubricCriteria", scale_id),
            "description": scale_description,
            "position": 0,
            "rubricId": str(rubric_id),
            "lastChangeDateTime": self.changed,
            "CFRubricCriterionLevels": [
                self.criterion_level(
                    identifier=level.uuid,
                    level=level,
                    text_source=level,
                    changed=level.last_changed_at,
                    criterion=scale_id,
                )
                for level in tree.levels
            ],
        }
        criteria = [scale]
        nodes = [node for domain in tree.domains for node in domain.competences]
        for position, node in enumerate(nodes, start=1):
            criteria.append(self.criterion(node, position, rubric_id))
        return {
            "identifier": str(rubric_id),
            "uri": case_uri("CFRubrics", rubric_id),
            "title": title,
            "lastChangeDateTime": self.changed,
            "CFRubricCriteria": criteria,
        }

    def criterion(
        self, node: CompetenceNode, position: int, rubric_id: uuid.UUID
    ) -> dict[str, Any]:
        competence = node.competence
        identifier = criterion_uuid(competence.uuid)
        levels = []
        for item in node.levels:
            if item.descriptor is not None:
                levels.append(
                    self.criterion_level(
                        identifier=item.descriptor.uuid,
                        level=item.level,
                        text_source=item.descriptor,
                        changed=item.descriptor.last_changed_at,
                        criterion=identifier,
                    )
                )
            else:
                levels.append(
                    self.criterion_level(
                        identifier=general_level_uuid(competence.uuid, item.level.uuid),
                        level=item.level,
                        text_source=item.level,
                        changed=item.level.last_changed_at,
                        criterion=identifier,
                    )
                )
        return {
            "identifier": str(identifier),
            "uri": case_uri("CFRubricCriteria", identifier),
            "CFItemURI": self.item_link(competence),
            "position": position,
            "rubricId": str(rubric_id),
            "lastChangeDateTime": case_timestamp(competence.last_changed_at),
            "CFRubricCriterionLevels": levels,
        }

    def definitions(self) -> dict[str, Any]:
        definitions: dict[str, Any] = {
            "CFItemTypes": [
                {
                    "identifier": str(item_type_uuid(name)),
                    "uri": case_uri("CFItemTypes", item_type_uuid(name)),
                    "title": name,
                    "description": description,
                    "hierarchyCode": hierarchy,
                    "typeCode": name,
                    "lastChangeDateTime": self.changed,
                }
                for name, (hierarchy, description) in ITEM_TYPES.items()
            ]
        }
        if self.framework.licence_url:
            link = self.licence_link()
            definitions["CFLicenses"] = [
                {
                    "identifier": link["identifier"],
                    "uri": link["uri"],
                    "title": link["title"],
                    "description": self.framework.licence_url,
                    "licenseText": licence_text(
                        url=self.framework.licence_url, name=self.framework.licence
                    ),
                    "lastChangeDateTime": self.changed,
                }
            ]
        return definitions

    def package(self) -> dict[str, Any]:
        tree = version_tree(version=self.version)
        items, associations = self.items_and_associations(tree)
        return {
            "CFDocument": self.document(),
            "CFItems": items,
            "CFAssociations": associations,
            "CFDefinitions": self.definitions(),
            "CFRubrics": [self.rubric(tree)],
        }

    def items_and_associations(
        self, tree: VersionTree
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The CFItems and the CFAssociations, in the tree's order (one query more when a
        competence replaces another)."""
        items: list[dict[str, Any]] = []
        children: list[dict[str, Any]] = []
        alignments: list[dict[str, Any]] = []
        replaced: list[Competence] = []
        for domain_node in tree.domains:
            domain = domain_node.domain
            items.append(self.item(domain))
            children.append(self.child_association(domain, None, domain.order))
            for node in domain_node.competences:
                competence = node.competence
                keywords = sorted(tag.name for tag in competence.keywords.all())
                items.append(self.item(competence, keywords))
                children.append(self.child_association(competence, domain, competence.order))
                alignments += [
                    self.alignment_association(competence, alignment)
                    for alignment in competence.alignments.all()
                ]
                if competence.replaces_id:
                    replaced.append(competence)
        olds = Competence.objects.in_bulk([competence.replaces_id for competence in replaced])
        replacements = [
            self.replaced_by_association(olds[competence.replaces_id], competence)
            for competence in replaced
            if competence.replaces_id in olds
        ]
        return items, [*children, *alignments, *replacements]


def case_package_export(*, version: FrameworkVersion) -> dict[str, Any]:
    """The whole version as a CFPackage (about 8 queries)."""
    return PackageBuilder(version).package()


def case_document_export(*, version: FrameworkVersion) -> dict[str, Any]:
    """The CFDocument of a version, with the address of its package (for the CASE API)."""
    builder = PackageBuilder(version)
    document = builder.document()
    document["CFPackageURI"] = {
        "title": document["title"],
        "identifier": document["identifier"],
        "uri": case_uri("CFPackages", version.uuid),
    }
    return document


def case_item_export(*, item: Domain | Competence) -> dict[str, Any]:
    """One CFItem, with the address of its document (for the CASE API)."""
    builder = PackageBuilder(item.version)
    keywords = (
        sorted(tag.name for tag in item.keywords.all()) if isinstance(item, Competence) else None
    )
    data = builder.item(item, keywords)
    data["CFDocumentURI"] = builder.document_link()
    return data


def case_item_find(identifier: uuid.UUID) -> Domain | Competence | None:
    """A domain or a competence of a published or retired version, by its identifier."""
    competence = competence_public_queryset().filter(uuid=identifier).first()
    if competence is not None:
        return competence
    return (
        Domain.objects.filter(uuid=identifier, version__in=version_public_queryset())
        .select_related("version__framework")
        .first()
    )
