"""The CASE reader's tree: items and their associations, flattened into domains → competences.

- the items attached to the document (``isChildOf``) become domains, and every
  item under a domain, at any depth, becomes one of its competences, in
  depth-first order (a parent just before its children);
- items without a ``humanCodingScheme`` get a code from their place in the tree
  (``D1``, ``D1.2``, ``D1.2.3``);
- items at the top with nothing under them (and not typed "Domain") are
  gathered in one domain named after the document;
- ``exactMatchOf`` / ``isRelatedTo`` associations towards something outside
  the package become alignments; other associations are left out, with a notice.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competences.exchange.case_reader import (
    CaseReaderBase,
    identifier_parse,
    language_code,
    whole_number,
)
from competences.exchange.document import (
    AlignmentData,
    CompetenceData,
    DomainData,
    Texts,
    target_framework_guess,
)
from competences.exchange.errors import Location
from competences.models import Relation

TITLE_MAX_LENGTH = 200
CODE_MAX_LENGTH = 40
RELATIONS = {"exactMatchOf": Relation.EXACT, "isRelatedTo": Relation.RELATED}


def code_clean(value: str) -> str:
    """A human code made acceptable as a Jalons code (letters, digits, ``.``, ``-``, ``_``)."""
    code = re.sub(r"[^A-Za-z0-9._-]+", "-", value.strip())
    code = re.sub(r"^[^A-Za-z0-9]+", "", code)
    return code[:CODE_MAX_LENGTH].rstrip("-")


@dataclass
class TreeItem:
    index: int
    data: dict[str, Any]
    path: str
    identifier: uuid.UUID
    attached: bool = False
    parent: uuid.UUID | None = None
    sequence: int | None = None
    link_path: str = ""
    children: list[TreeItem] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[bool, int, int]:
        return (self.sequence is None, self.sequence or 0, self.index)

    @property
    def typed_domain(self) -> bool:
        return str(self.data.get("CFItemType") or "").strip().lower() == "domain"


@dataclass
class _Codes:
    """Codes given so far, and counts for the notices."""

    taken: set[str] = field(default_factory=set)
    generated: int = 0
    changed: int = 0


class TreeReader(CaseReaderBase):
    """Reads CFItems and CFAssociations into domains and competences."""

    def index_items(self) -> None:
        for index, data in self.objects("CFItems"):
            path = f"$.CFItems[{index}]"
            identifier = identifier_parse(data.get("identifier"))
            if identifier is None:
                continue  # the schema reports it
            other = self.items.get(identifier)
            if other is not None or identifier == self.document_id:
                self.problem(
                    _("This identifier is already used by %(other)s.")
                    % {"other": other.path if other else "$.CFDocument"},
                    f"{path}.identifier",
                )
                continue
            self.items[identifier] = TreeItem(
                index=index, data=data, path=path, identifier=identifier
            )

    def read_associations(self) -> None:
        several_parents = 0
        for index, association in self.objects("CFAssociations"):
            path = f"$.CFAssociations[{index}]"
            kind = str(association.get("associationType") or "")
            origin = association.get("originNodeURI")
            destination = association.get("destinationNodeURI")
            origin_id = (
                identifier_parse(origin.get("identifier")) if isinstance(origin, dict) else None
            )
            destination_id = (
                identifier_parse(destination.get("identifier"))
                if isinstance(destination, dict)
                else None
            )
            internal = destination_id is not None and (
                destination_id in self.items or destination_id == self.document_id
            )
            if kind == "isChildOf":
                child = self.items.get(origin_id) if origin_id else None
                if child is None:
                    self.problem(
                        _("No CFItem of the package has this identifier."),
                        f"{path}.originNodeURI.identifier",
                    )
                    continue
                if not internal:
                    self.problem(
                        _(
                            "Neither the CFDocument nor a CFItem of the package "
                            "has this identifier."
                        ),
                        f"{path}.destinationNodeURI.identifier",
                    )
                    continue
                if child.attached:
                    several_parents += 1
                    continue
                child.attached = True
                child.parent = None if destination_id == self.document_id else destination_id
                sequence = whole_number(association.get("sequenceNumber"))
                child.sequence = sequence if sequence is not None and sequence >= 0 else None
                child.link_path = path
            elif kind in RELATIONS and origin_id in self.items and not internal:
                assert origin_id is not None
                self.alignments.setdefault(origin_id, []).append((association, path))
            elif (
                kind == "replacedBy"
                and destination_id in self.items
                and origin_id is not None
                and origin_id not in self.items
            ):
                assert destination_id is not None
                self.replaced_by[destination_id] = origin_id
            else:
                self.left_out[kind] += 1
        if several_parents:
            self.notices.append(
                ngettext(
                    "%(count)s item has several parents: it was kept under its first parent only.",
                    "%(count)s items have several parents: each was kept under its first parent "
                    "only.",
                    several_parents,
                )
                % {"count": several_parents}
            )

    def read_tree(self, document: dict[str, Any]) -> list[DomainData]:
        items = sorted(self.items.values(), key=lambda item: item.index)
        roots = [item for item in items if item.parent is None]
        loose = [item for item in roots if not item.attached]
        if loose:
            self.notices.append(
                ngettext(
                    "%(count)s item is not attached to the document: it was placed at the top.",
                    "%(count)s items are not attached to the document: they were placed at the "
                    "top.",
                    len(loose),
                )
                % {"count": len(loose)}
            )
        for item in items:
            if item.parent is not None:
                self.items[item.parent].children.append(item)
        for item in items:
            item.children.sort(key=lambda child: child.sort_key)
        roots.sort(key=lambda item: item.sort_key)
        reached: set[uuid.UUID] = set()
        stack = list(roots)
        while stack:
            item = stack.pop()
            reached.add(item.identifier)
            stack.extend(item.children)
        for item in items:
            if item.identifier not in reached:
                self.problem(
                    _("This isChildOf link makes a loop: the item ends up inside itself."),
                    item.link_path or item.path,
                )
        domain_roots = [item for item in roots if item.children or item.typed_domain]
        leaves = [item for item in roots if not (item.children or item.typed_domain)]
        domain_codes, competence_codes = _Codes(), _Codes()
        domains: list[DomainData] = []
        orders = self.orders(domain_roots)
        deepest = 0
        for position, (root, order) in enumerate(zip(domain_roots, orders, strict=True), start=1):
            domain = self.domain(root, domain_codes, f"D{position}", order)
            depth = self.fill_domain(domain, root.children, competence_codes)
            deepest = max(deepest, depth)
            domains.append(domain)
        if leaves:
            domains.append(
                self.leaf_domain(document, leaves, domain_codes, competence_codes, domains)
            )
            self.notices.append(
                ngettext(
                    "%(count)s item at the top of the file has no item under it: it became a "
                    "competence of a domain named after the document.",
                    "%(count)s items at the top of the file have no item under them: they became "
                    "the competences of a domain named after the document.",
                    len(leaves),
                )
                % {"count": len(leaves)}
            )
        if deepest > 2:
            self.notices.append(
                _(
                    "The file has %(depth)s levels of items; Jalons has two, domains and "
                    "competences. Every item under a domain became one of its competences, "
                    "just after its parent; its code shows where it was."
                )
                % {"depth": deepest}
            )
        generated = domain_codes.generated + competence_codes.generated
        changed = domain_codes.changed + competence_codes.changed
        if generated:
            self.notices.append(
                ngettext(
                    "%(count)s item has no human code: a code was made from its place in the tree.",
                    "%(count)s items have no human code: codes were made from their place in "
                    "the tree.",
                    generated,
                )
                % {"count": generated}
            )
        if changed:
            self.notices.append(
                ngettext(
                    "%(count)s human code was changed to use only letters, digits, dots and "
                    "dashes.",
                    "%(count)s human codes were changed to use only letters, digits, dots and "
                    "dashes.",
                    changed,
                )
                % {"count": changed}
            )
        return domains

    @staticmethod
    def orders(siblings: list[TreeItem]) -> list[int]:
        """Their sequence numbers when they are all given and different, else 1…n."""
        sequences = [item.sequence for item in siblings]
        if all(value is not None for value in sequences) and len(set(sequences)) == len(sequences):
            return [value for value in sequences if value is not None]
        return list(range(1, len(siblings) + 1))

    def code(self, item: TreeItem, generated: str, codes: _Codes) -> str:
        raw = item.data.get("humanCodingScheme")
        if isinstance(raw, str) and raw.strip():
            code = code_clean(raw)
            if code != raw.strip():
                codes.changed += 1
            if code and code not in codes.taken:
                codes.taken.add(code)
                return code
        else:
            codes.generated += 1
        if len(generated) > CODE_MAX_LENGTH:
            generated = f"C{len(codes.taken) + 1}"
        code, n = generated, 1
        while code in codes.taken:
            n += 1
            code = f"{generated}-{n}"
        codes.taken.add(code)
        return code

    def title(self, item: TreeItem) -> tuple[Texts, Texts, dict[str, str]]:
        """Title and description of an item, and the paths of their members."""
        language = language_code(item.data.get("language")) or self.language
        title, title_paths = self.texts(item.data, "fullStatement", language=language)
        description, description_paths = self.texts(item.data, "notes", language=language)
        if len(title[language]) > TITLE_MAX_LENGTH and not self.jalons(item.data)[0]:
            full = title[language]
            short = item.data.get("abbreviatedStatement")
            title[language] = (
                short.strip()
                if isinstance(short, str) and 0 < len(short.strip()) <= TITLE_MAX_LENGTH
                else Truncator(full).chars(TITLE_MAX_LENGTH)
            )
            description[language] = "\n\n".join(
                text for text in (full, description[language]) if text
            )
            self.shortened += 1
        paths = {f"title_{code}": path for code, path in title_paths.items()}
        paths |= {f"description_{code}": path for code, path in description_paths.items()}
        return title, description, paths

    def domain(self, item: TreeItem, codes: _Codes, generated: str, order: int) -> DomainData:
        title, description, paths = self.title(item)
        if item.identifier in self.alignments:
            self.left_out[_("alignments of domains")] += len(self.alignments[item.identifier])
        return DomainData(
            code=self.code(item, generated, codes),
            uuid=item.identifier,
            title=title,
            description=description,
            order=order,
            last_changed_at=self.when(
                item.data.get("lastChangeDateTime"), f"{item.path}.lastChangeDateTime"
            ),
            where=Location(path=item.path),
            columns={"code": "humanCodingScheme", "uuid": "identifier", **paths},
        )

    def fill_domain(self, domain: DomainData, children: list[TreeItem], codes: _Codes) -> int:
        """Add every item under the domain as a competence, depth first; return the depth."""
        nested = any(child.children for child in children)
        stack: list[tuple[TreeItem, str, int]] = [
            (child, f"{domain.code}.{position}", 2)
            for position, child in reversed(list(enumerate(children, start=1)))
        ]
        deepest = 1
        while stack:
            item, generated, depth = stack.pop()
            deepest = max(deepest, depth)
            competence = self.competence(item, codes, generated)
            domain.competences.append(competence)
            stack.extend(
                (child, f"{competence.code}.{position}", depth + 1)
                for position, child in reversed(list(enumerate(item.children, start=1)))
            )
        orders = list(range(1, len(domain.competences) + 1)) if nested else self.orders(children)
        for competence, order in zip(domain.competences, orders, strict=True):
            competence.order = order
        return deepest

    def leaf_domain(
        self,
        document: dict[str, Any],
        leaves: list[TreeItem],
        domain_codes: _Codes,
        competence_codes: _Codes,
        domains: list[DomainData],
    ) -> DomainData:
        title, title_paths = self.texts(document, "title")
        code, n = f"D{len(domains) + 1}", len(domains) + 1
        while code in domain_codes.taken:
            n += 1
            code = f"D{n}"
        domain_codes.taken.add(code)
        domain = DomainData(
            code=code,
            uuid=uuid.uuid5(self.document_id or uuid.uuid4(), "domain"),
            title=title,
            order=max((domain.order for domain in domains), default=0) + 1,
            where=Location(path="$.CFDocument"),
            columns={f"title_{code}": path for code, path in title_paths.items()},
        )
        for position, (item, order) in enumerate(zip(leaves, self.orders(leaves), strict=True), 1):
            competence = self.competence(item, competence_codes, f"{code}.{position}")
            competence.order = order
            domain.competences.append(competence)
        return domain

    def competence(self, item: TreeItem, codes: _Codes, generated: str) -> CompetenceData:
        title, description, paths = self.title(item)
        keywords = item.data.get("conceptKeywords")
        competence = CompetenceData(
            code=self.code(item, generated, codes),
            uuid=item.identifier,
            title=title,
            description=description,
            keywords=[
                word.strip()
                for word in (keywords if isinstance(keywords, list) else [])
                if isinstance(word, str) and word.strip()
            ],
            replaces=self.replaced_by.get(item.identifier),
            last_changed_at=self.when(
                item.data.get("lastChangeDateTime"), f"{item.path}.lastChangeDateTime"
            ),
            where=Location(path=item.path),
            columns={
                "code": "humanCodingScheme",
                "uuid": "identifier",
                "keywords": "conceptKeywords",
                **paths,
            },
        )
        for association, path in self.alignments.get(item.identifier, []):
            competence.alignments.append(self.alignment(association, path))
        return competence

    def alignment(self, association: dict[str, Any], path: str) -> AlignmentData:
        extension, prefix = self.jalons(association)
        destination = association.get("destinationNodeURI")
        destination = destination if isinstance(destination, dict) else {}
        url = str(destination.get("uri") or "").strip()
        label, label_paths = self.texts(
            association, "destinationNodeURI.title", value=destination.get("title")
        )
        note, note_paths = self.texts(association, "notes")
        relation = extension.get("relation")
        from_extension = relation in Relation.values
        if not from_extension:
            relation = RELATIONS.get(str(association.get("associationType")), Relation.RELATED)
        code = extension.get("targetCode")
        if not isinstance(code, str):
            identifier = str(destination.get("identifier") or "")
            code = identifier if identifier != url and len(identifier) <= 60 else ""
        target_framework = extension.get("targetFramework")
        return AlignmentData(
            target_url=url,
            target_framework=(
                target_framework.strip()
                if isinstance(target_framework, str) and target_framework.strip()
                else target_framework_guess(url)
            ),
            target_code=code.strip(),
            label=label,
            relation=str(relation),
            note=note,
            uuid=identifier_parse(association.get("identifier")),
            last_changed_at=self.when(
                association.get("lastChangeDateTime"), f"{path}.lastChangeDateTime"
            ),
            where=Location(path=path),
            columns={
                "target_url": "destinationNodeURI.uri",
                "relation": f"{prefix}.relation" if from_extension else "associationType",
                "target_framework": f"{prefix}.targetFramework",
                "target_code": f"{prefix}.targetCode",
                "uuid": "identifier",
                **{f"label_{code_}": value for code_, value in label_paths.items()},
                **{f"note_{code_}": value for code_, value in note_paths.items()},
            },
        )
