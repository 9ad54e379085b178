"""Regenerate db/seed/member_states.json from country_converter's table (a development tool).

The product reads only the committed JSON; this script documents where it came from.
Run: python scripts/generate_member_states.py  (needs `pip install country_converter`).
"""

import csv
import json
from importlib.resources import files
from pathlib import Path

# M49 intermediate regions grouped under a sub-region; the rest are sub-regions themselves.
INTERMEDIATE_TO_SUBREGION = {
    "Eastern Africa": "Sub-Saharan Africa",
    "Middle Africa": "Sub-Saharan Africa",
    "Southern Africa": "Sub-Saharan Africa",
    "Western Africa": "Sub-Saharan Africa",
    "Caribbean": "Latin America and the Caribbean",
    "Central America": "Latin America and the Caribbean",
    "South America": "Latin America and the Caribbean",
}
SUBREGION_TO_REGION = {
    "Northern Africa": "Africa",
    "Sub-Saharan Africa": "Africa",
    "Latin America and the Caribbean": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
UN_OBSERVER_STATES = {"VAT", "PSE"}
# Not ISO 3166-1 codes (user-assigned), so they cannot be keys here.
NON_ISO = {"XKX"}


def main() -> None:
    """Write the member State table."""
    table = files("country_converter").joinpath("country_data.tsv").read_text(encoding="utf-8")
    states = []
    for row in csv.DictReader(table.splitlines(), delimiter="\t"):
        iso3 = row["ISO3"]
        if row["obsolete"] or iso3 in NON_ISO or not row["ISOnumeric"]:
            continue
        area = row["UNregion"] or None
        subregion = INTERMEDIATE_TO_SUBREGION.get(area, area) if area else None
        if subregion not in SUBREGION_TO_REGION:
            subregion = None  # Antarctica has no M49 sub-region
        status = (
            "MEMBER" if row["UNmember"] else "OBSERVER" if iso3 in UN_OBSERVER_STATES else "NONE"
        )
        states.append(
            {
                "iso3": iso3,
                "iso2": row["ISO2"].split("|")[0].strip("^$"),  # some cells are regexes
                "m49": int(row["ISOnumeric"]),
                "name": row["name_short"],
                "official_name": row["name_official"],
                "region": SUBREGION_TO_REGION.get(subregion) if subregion else None,
                "subregion": subregion,
                "intermediate_region": area if area in INTERMEDIATE_TO_SUBREGION else None,
                "un_status": status,
                "un_member_since": int(row["UNmember"]) if row["UNmember"] else None,
            }
        )
    states.sort(key=lambda s: s["iso3"])
    target = Path(__file__).resolve().parent.parent / "db" / "seed" / "member_states.json"
    target.write_text(json.dumps(states, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(states)} States and territories written to {target}")


if __name__ == "__main__":
    main()
