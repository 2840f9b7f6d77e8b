"""The indicators as open data: rows for the CSV and JSON files, and their Table Schema.

Pure: receives publications, returns rows (one per published cell of the public levels:
never an initiative, never a person) and the Frictionless Table Schema that describes them
(field descriptions in French, as on schema.data.gouv.fr). The files are under the Licence
Ouverte 2.0 (docs/indicators.md#open-data).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from community.indicators.registry import Indicator
from community.indicators.suppression import Status
from community.indicators.tables import COMMUNE, EPCI, TERRITORY, UNPLACED, Publication

LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_ID = "etalab-2.0"

LEVELS = {TERRITORY: "territoire", EPCI: "epci", COMMUNE: "commune", UNPLACED: "non_localise"}
STATUSES = {Status.PUBLISHED: "publie", Status.SMALL: "moins_de_seuil", Status.HIDDEN: "masque"}
FAMILIES = {"domain": "domaine", "level": "niveau", "issuer": "emetteur", "kind": "type"}

FIELDS = (
    "annee",
    "trimestre",
    "niveau_geo",
    "code_geo",
    "nom_geo",
    "indicateur",
    "ventilation",
    "libelle_ventilation",
    "valeur",
    "statut",
    "seuil",
    "taux_pour_1000_habitants",
)


def indicator_code(indicator: Indicator) -> str:
    return indicator.open_data_code or indicator.key


def facet_code(publication: Publication, facet: str) -> str:
    if not facet:
        return ""
    family, _, value = facet.partition(":")
    code = publication.facet_labels.get(facet, {}).get("code") or value
    return f"{FAMILIES.get(family, family)}:{code}"


def _number(value: int | Decimal | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def open_data_rows(publications: Iterable[Publication]) -> list[dict[str, Any]]:
    """One row per public figure, in a stable order."""
    rows: list[dict[str, Any]] = []
    for publication in publications:
        indicators = {item.key: item for item in publication.indicators}
        level_order = {TERRITORY: 0, EPCI: 1, COMMUNE: 2, UNPLACED: 3}
        figures = sorted(
            publication.public_figures(),
            key=lambda f: (
                indicators[f.indicator].order,
                f.period,
                level_order[f.level],
                f.code,
                f.breakdown,
            ),
        )
        for figure in figures:
            place = publication.places[(figure.level, figure.code)]
            labels = publication.facet_labels.get(figure.breakdown, {})
            rows.append(
                {
                    "annee": publication.year,
                    "trimestre": figure.period or None,
                    "niveau_geo": LEVELS[figure.level],
                    "code_geo": figure.code,
                    "nom_geo": place.name or "",
                    "indicateur": indicator_code(indicators[figure.indicator]),
                    "ventilation": facet_code(publication, figure.breakdown),
                    "libelle_ventilation": labels.get("fr", figure.breakdown.partition(":")[2]),
                    "valeur": _number(figure.value),
                    "statut": STATUSES[figure.status],
                    "seuil": publication.threshold,
                    "taux_pour_1000_habitants": _number(figure.rate),
                }
            )
    return rows


def open_data_csv(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()


def table_schema(indicators: Sequence[Indicator], *, path: str) -> dict[str, Any]:
    """The Frictionless Table Schema of the rows (descriptions in French)."""
    codes = [indicator_code(item) for item in indicators]
    described = " ; ".join(f"{indicator_code(item)} : {item.description_fr}" for item in indicators)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "indicateurs-territoriaux-jalons",
        "title": "Indicateurs territoriaux des initiatives collaboratives (Jalons)",
        "description": (
            "Ce que les initiatives collaboratives apportent au territoire, par trimestre et "
            "par année, pour le territoire, ses intercommunalités et ses communes. Les petits "
            "effectifs sont protégés : une valeur concernant moins de personnes que le seuil "
            "est remplacée par « moins de N » (statut moins_de_seuil) et d’autres valeurs "
            "sont masquées (statut masque) pour qu’aucune ne puisse être recalculée par "
            "différence. Aucune donnée n’est donnée par personne."
        ),
        "path": path,
        "licenses": [{"name": LICENCE_ID, "title": LICENCE_NAME, "path": LICENCE_URL}],
        "missingValues": [""],
        "fields": [
            {
                "name": "annee",
                "title": "Année",
                "description": "Année civile des valeurs.",
                "type": "integer",
                "constraints": {"required": True, "minimum": 2000},
            },
            {
                "name": "trimestre",
                "title": "Trimestre",
                "description": "Trimestre civil (1 à 4) ; vide pour l’année entière.",
                "type": "integer",
                "constraints": {"minimum": 1, "maximum": 4},
            },
            {
                "name": "niveau_geo",
                "title": "Niveau géographique",
                "description": "territoire (l’ensemble), epci (intercommunalité), commune, "
                "ou non_localise (initiatives sans commune renseignée).",
                "type": "string",
                "constraints": {"required": True, "enum": list(LEVELS.values())},
            },
            {
                "name": "code_geo",
                "title": "Code géographique",
                "description": "Code INSEE de la commune ou numéro SIREN de l’intercommunalité ; "
                "vide pour le territoire et le non localisé.",
                "type": "string",
                "constraints": {"pattern": r"^(\d[\dAB]\d{3}|\d{9})?$"},
            },
            {
                "name": "nom_geo",
                "title": "Nom",
                "description": "Nom de la commune, de l’intercommunalité ou du territoire.",
                "type": "string",
            },
            {
                "name": "indicateur",
                "title": "Indicateur",
                "description": "Ce qui est compté. " + described,
                "type": "string",
                "constraints": {"required": True, "enum": codes},
            },
            {
                "name": "ventilation",
                "title": "Ventilation",
                "description": "Vide pour le total de l’indicateur ; sinon famille:code, avec "
                "domaine:<code du domaine du référentiel>, niveau:<niveau confirmé>, "
                "emetteur:<identifiant de l’émetteur des badges>, type:<type d’initiative>.",
                "type": "string",
                "constraints": {"pattern": r"^((domaine|niveau|emetteur|type):[^:]+)?$"},
            },
            {
                "name": "libelle_ventilation",
                "title": "Libellé de la ventilation",
                "description": "Nom du domaine, du niveau, de l’émetteur ou du type.",
                "type": "string",
            },
            {
                "name": "valeur",
                "title": "Valeur",
                "description": "La valeur ; vide quand elle est protégée (voir statut).",
                "type": "number",
                "constraints": {"minimum": 0},
            },
            {
                "name": "statut",
                "title": "Statut",
                "description": "publie : valeur donnée ; moins_de_seuil : concerne moins de "
                "personnes que le seuil ; masque : masquée pour qu’une petite valeur ne puisse "
                "pas être recalculée.",
                "type": "string",
                "constraints": {"required": True, "enum": list(STATUSES.values())},
            },
            {
                "name": "seuil",
                "title": "Seuil",
                "description": "Nombre minimal de personnes pour qu’une valeur soit publiée.",
                "type": "integer",
                "constraints": {"required": True, "minimum": 1},
            },
            {
                "name": "taux_pour_1000_habitants",
                "title": "Taux pour 1 000 habitants",
                "description": "Valeur rapportée à la population légale (Insee) quand elle est "
                "connue, arrondie au dixième.",
                "type": "number",
                "constraints": {"minimum": 0},
            },
        ],
    }
