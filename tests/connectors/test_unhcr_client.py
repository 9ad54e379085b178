"""UnhcrClient against the recorded UNHCR Refugee Statistics answers."""

from __future__ import annotations

import pytest

from connectors import UNHCR_CODES, StateRef, UnhcrClient
from tests.connectors.un_replay import DEU, MEX, PHL, Replay, fixture_json, json_response

COUNTRIES = "unhcr_countries_subset.json"
POPULATION = "https://api.unhcr.org/population/v1/population/"
CORRIDOR_PAGE1 = "unhcr_population_coa_GFR_coo_MEX-PHI_2021-2023_limit4_page1.json"
CORRIDOR_PAGE2 = "unhcr_population_coa_GFR_coo_MEX-PHI_2021-2023_limit4_page2.json"
EGY = StateRef(iso3="EGY", iso2="EG", m49=818)
ARE = StateRef(iso3="ARE", iso2="AE", m49=784)
FRA = StateRef(iso3="FRA", iso2="FR", m49=250)


def unhcr(replay: Replay, **kwargs) -> UnhcrClient:
    replay.add_fixture(COUNTRIES)
    return UnhcrClient(http=replay.client(), **kwargs)


def population_row(coa: str, coa_iso: str, year: int, refugees: object) -> dict:
    row = dict(fixture_json("unhcr_population_coo_MEX_year2023.json")["items"][0])
    row.update(
        coo_id="-",
        coo_name="-",
        coo="-",
        coo_iso="-",
        coa=coa,
        coa_iso=coa_iso,
        year=year,
        refugees=refugees,
    )
    return row


def test_codes_name_their_direction() -> None:
    assert "refugees_hosted" in UNHCR_CODES
    assert "stateless_originating" in UNHCR_CODES
    assert len(UNHCR_CODES) == 8


@pytest.mark.asyncio
async def test_germany_is_asked_for_as_gfr_not_deu(replay: Replay) -> None:
    # Sending ISO3 DEU would earn this recorded silent empty answer (HTTP 200, no rows).
    replay.add(
        POPULATION,
        [("yearFrom", "2021"), ("yearTo", "2023"), ("coa", "DEU"), ("limit", "1000")],
        json_response(fixture_json("unhcr_asylum_applications_year2025_coa_DEU_silent_empty.json")),
    )
    replay.add(
        POPULATION,
        [("yearFrom", "2021"), ("yearTo", "2023"), ("coa", "GFR"), ("limit", "1000")],
        json_response(
            {
                "page": 1,
                "maxPages": 1,
                "total": [],
                "items": [
                    population_row("GFR", "DEU", 2022, 2075445),
                    population_row("GFR", "DEU", 2023, "2593007"),
                ],
            }
        ),
    )
    async with unhcr(replay) as client:
        observations = await client.fetch(["refugees_hosted"], [DEU], 2021, 2023)

    population_requests = [r for r in replay.requests if r.url.path.endswith("/population/")]
    assert [r.url.params["coa"] for r in population_requests] == ["GFR"]
    assert [(o.iso3, o.year, o.value) for o in observations] == [
        ("DEU", 2022, 2075445.0),
        ("DEU", 2023, 2593007.0),
    ]
    assert observations[0].code == "refugees_hosted"
    assert observations[0].name == "Refugees under UNHCR's mandate, by country of asylum"


@pytest.mark.asyncio
async def test_crosswalk_reads_countries_and_is_cached(replay: Replay) -> None:
    async with unhcr(replay) as client:
        first = await client.crosswalk()
        second = await client.crosswalk()
    assert first is second
    assert first["DEU"] == "GFR"
    assert first["PHL"] == "PHI"
    assert first["EGY"] == "ARE"  # UNHCR's ARE is Egypt...
    assert first["ARE"] == "UAE"  # ...and the UAE is UAE
    assert len(replay.requests) == 1
    assert replay.params(0) == [("limit", "300"), ("page", "1")]


@pytest.mark.asyncio
async def test_egypt_and_uae_are_joined_on_iso_not_on_unhcr_codes(replay: Replay) -> None:
    replay.add(
        POPULATION,
        [("year", "2023"), ("coa", "ARE,UAE"), ("limit", "1000")],
        json_response(
            {
                "page": 1,
                "maxPages": 1,
                "items": [
                    population_row("ARE", "EGY", 2023, 473000),
                    population_row("UAE", "ARE", 2023, 1200),
                ],
            }
        ),
    )
    async with unhcr(replay) as client:
        observations = await client.fetch(["refugees_hosted"], [EGY, ARE], 2023, 2023)

    assert {o.iso3: o.value for o in observations} == {"EGY": 473000.0, "ARE": 1200.0}


@pytest.mark.asyncio
async def test_originating_mixes_ints_and_strings(replay: Replay) -> None:
    replay.add_fixture(
        "unhcr_population_coo_PHI_2021-2023.json",
        query=[("yearFrom", "2021"), ("yearTo", "2023"), ("coo", "PHI"), ("limit", "1000")],
    )
    async with unhcr(replay) as client:
        observations = await client.fetch(
            ["refugees_originating", "idps_originating", "stateless_originating"],
            [PHL],
            2021,
            2023,
        )

    population_requests = [r for r in replay.requests if r.url.path.endswith("/population/")]
    assert len(population_requests) == 1  # three measures, one direction: one request
    values = {(o.code, o.year): (o.value, o.raw_value) for o in observations}
    assert values["refugees_originating", 2021] == (521.0, "521")
    assert values["idps_originating", 2023] == (95638.0, "95638")
    assert values["stateless_originating", 2022] == (0.0, "0")  # the string "0"
    assert {o.iso3 for o in observations} == {"PHL"}


@pytest.mark.asyncio
async def test_single_year_uses_year(replay: Replay) -> None:
    replay.add_fixture(
        "unhcr_population_coo_MEX_year2023.json",
        query=[("year", "2023"), ("coo", "MEX"), ("limit", "1000")],
    )
    async with unhcr(replay) as client:
        observations = await client.fetch(
            ["asylum_seekers_originating", "idps_originating"], [MEX], 2023, 2023
        )

    assert {o.code: o.value for o in observations} == {
        "asylum_seekers_originating": 159432.0,
        "idps_originating": 386000.0,
    }


@pytest.mark.asyncio
async def test_corridor_pages_are_followed(replay: Replay) -> None:
    replay.add_fixture(CORRIDOR_PAGE1)
    replay.add_fixture(CORRIDOR_PAGE2)
    async with unhcr(replay, page_size=4) as client:
        observations = await client.fetch(
            ["refugees_hosted", "asylum_seekers_hosted"],
            [DEU],
            2021,
            2023,
            counterparts=[MEX, PHL],
        )

    population_requests = [r for r in replay.requests if r.url.path.endswith("/population/")]
    assert [r.url.params["page"] for r in population_requests] == ["1", "2"]
    assert all(r.url.params["limit"] == "4" for r in population_requests)
    assert population_requests[0].url.params["coo"] == "MEX,PHI"
    refugees = {
        (o.dimensions["origin_iso3"], o.year): o.value
        for o in observations
        if o.code == "refugees_hosted"
    }
    assert refugees == {
        ("MEX", 2021): 61,
        ("PHL", 2021): 27,
        ("MEX", 2022): 65,
        ("PHL", 2022): 25,
        ("MEX", 2023): 72,
        ("PHL", 2023): 24,
    }
    assert {o.iso3 for o in observations} == {"DEU"}
    asylum = [o for o in observations if o.code == "asylum_seekers_hosted"]
    assert sum(o.value for o in asylum if o.value is not None) == 94 + 31 + 118 + 36 + 161 + 40


@pytest.mark.asyncio
async def test_breakdown_rows_are_summed_and_dash_counts_are_missing(replay: Replay) -> None:
    rows = fixture_json(CORRIDOR_PAGE1)["items"]  # per-origin rows for Germany
    rows[0]["asylum_seekers"] = "-"
    replay.add(
        POPULATION,
        [("year", "2021"), ("coa", "GFR"), ("limit", "1000")],
        json_response({"page": 1, "maxPages": 1, "items": rows[:2]}),
    )
    async with unhcr(replay) as client:
        observations = await client.fetch(
            ["refugees_hosted", "asylum_seekers_hosted"], [DEU], 2021, 2021
        )

    values = {o.code: (o.value, o.raw_value) for o in observations}
    assert values["refugees_hosted"] == (61 + 27, "88")
    assert values["asylum_seekers_hosted"] == (31.0, "31")


@pytest.mark.asyncio
async def test_global_aggregate_rows_are_not_a_state(replay: Replay) -> None:
    replay.add(
        POPULATION,
        [("year", "2024"), ("coa", "MEX"), ("limit", "1000")],
        json_response(fixture_json("unhcr_population_year2024_global_aggregate.json")),
    )
    async with unhcr(replay) as client:
        assert await client.fetch(["refugees_hosted"], [MEX], 2024, 2024) == []


@pytest.mark.asyncio
async def test_states_without_a_unhcr_code_are_skipped_not_guessed(replay: Replay) -> None:
    async with unhcr(replay) as client:
        assert await client.fetch(["refugees_hosted"], [FRA], 2023, 2023) == []
    assert [r.url.path for r in replay.requests] == ["/population/v1/countries/"]


@pytest.mark.asyncio
async def test_unknown_measure_is_a_value_error(replay: Replay) -> None:
    async with unhcr(replay) as client:
        with pytest.raises(ValueError, match="refugees_hosted"):
            await client.fetch(["refugees"], [DEU])
    assert replay.requests == []
