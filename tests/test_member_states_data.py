"""States and territories: the 193 UN Member States, 2 observer States, the rest territories;
names as in UN M49, with the other names kept for search."""

from sqlalchemy import select

from db import models

# ISO 3166-1 areas that are neither UN Member States nor observer States (UN membership list).
TERRITORIES = {
    "ABW",
    "AIA",
    "ALA",
    "ASM",
    "ATA",
    "ATF",
    "BES",
    "BLM",
    "BMU",
    "BVT",
    "CCK",
    "COK",
    "CUW",
    "CXR",
    "CYM",
    "ESH",
    "FLK",
    "FRO",
    "GGY",
    "GIB",
    "GLP",
    "GRL",
    "GUF",
    "GUM",
    "HKG",
    "HMD",
    "IMN",
    "IOT",
    "JEY",
    "MAC",
    "MAF",
    "MNP",
    "MSR",
    "MTQ",
    "MYT",
    "NCL",
    "NFK",
    "NIU",
    "PCN",
    "PRI",
    "PYF",
    "REU",
    "SGS",
    "SHN",
    "SJM",
    "SPM",
    "SXM",
    "TCA",
    "TKL",
    "TWN",
    "UMI",
    "VGB",
    "VIR",
    "WLF",
}
M49_NAMES = {
    "RUS": "Russian Federation",
    "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea",
    "VNM": "Viet Nam",
    "COD": "Democratic Republic of the Congo",
    "COG": "Congo",
    "VAT": "Holy See",
    "PSE": "State of Palestine",
    "TUR": "Türkiye",
    "CIV": "Côte d'Ivoire",
    "IRN": "Iran (Islamic Republic of)",
    "BOL": "Bolivia (Plurinational State of)",
    "TZA": "United Republic of Tanzania",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "USA": "United States of America",
    "LAO": "Lao People's Democratic Republic",
    "MDA": "Republic of Moldova",
    "SYR": "Syrian Arab Republic",
    "HKG": "China, Hong Kong Special Administrative Region",
}
FORMER_NAMES = {
    "RUS": "Russia",
    "KOR": "South Korea",
    "VNM": "Vietnam",
    "COD": "DR Congo",
    "VAT": "Vatican",
    "SYR": "Syria",
    "KOR ": "Korea, Republic of",
    "CIV": "Côte d\u2019Ivoire",
}


async def test_un_member_states_observer_states_and_territories_are_told_apart(session):
    status = dict(
        (await session.execute(select(models.MemberState.iso3, models.MemberState.un_status))).all()
    )
    assert len(status) == 249
    members = {iso3 for iso3, value in status.items() if value == "MEMBER"}
    observers = {iso3 for iso3, value in status.items() if value == "OBSERVER"}
    territories = {iso3 for iso3, value in status.items() if value == models.TERRITORY}
    assert len(members) == 193
    assert observers == {"VAT", "PSE"}
    assert territories == TERRITORIES
    assert {"ATA", "BVT"} <= territories


async def test_names_follow_m49_and_other_names_stay_searchable(session):
    rows = {row.iso3: row for row in (await session.execute(select(models.MemberState))).scalars()}
    for iso3, name in M49_NAMES.items():
        assert rows[iso3].name == name
    for iso3, former in FORMER_NAMES.items():
        assert former in rows[iso3.strip()].alternative_names, iso3
    for row in rows.values():
        folded = [n.casefold() for n in row.alternative_names]
        assert row.name.casefold() not in folded
        assert len(folded) == len(set(folded))
    assert len({row.name for row in rows.values()}) == 249
