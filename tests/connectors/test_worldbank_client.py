"""WorldBankClient against the recorded World Bank Indicators answers."""

from __future__ import annotations

import pytest

from connectors import StateRef, UpstreamBadResponse, UpstreamRejected, WorldBankClient
from tests.connectors.un_replay import (
    DEU,
    MEX,
    PHL,
    Replay,
    fixture_json,
    fixture_url,
    json_response,
)

NETM_PAGE1 = "worldbank_PHL-MEX-DEU_SM.POP.NETM_page1.json"
NETM_PAGE2 = "worldbank_PHL-MEX-DEU_SM.POP.NETM_page2.json"


def worldbank(replay: Replay, **kwargs) -> WorldBankClient:
    return WorldBankClient(http=replay.client(), **kwargs)


@pytest.mark.asyncio
async def test_three_countries_in_one_path_over_two_pages(replay: Replay) -> None:
    replay.add_fixture(NETM_PAGE1)
    replay.add_fixture(NETM_PAGE2)
    async with worldbank(replay, page_size=10) as client:
        observations = await client.fetch(["SM.POP.NETM"], [PHL, MEX, DEU], 2019, 2023)

    assert [r.url.path for r in replay.requests] == [
        "/v2/country/PHL;MEX;DEU/indicator/SM.POP.NETM"
    ] * 2
    assert replay.params(1) == [
        ("format", "json"),
        ("date", "2019:2023"),
        ("per_page", "10"),
        ("page", "2"),
    ]
    assert len(observations) == 15
    values = {(o.iso3, o.year): o.value for o in observations}
    assert values["DEU", 2023] == 681942
    assert values["MEX", 2019] == -56811
    assert values["PHL", 2021] == -197530  # from page 2
    assert observations[0].name == "Net migration"
    assert observations[0].unit is None  # the recorded unit is ""


@pytest.mark.asyncio
async def test_remittances_keep_the_raw_number(replay: Replay) -> None:
    replay.add_fixture("worldbank_PHL_BX.TRF.PWKR.CD.DT.json")
    async with worldbank(replay, page_size=50) as client:
        observations = await client.fetch(["BX.TRF.PWKR.CD.DT"], [PHL], 2019, 2023)

    latest = observations[-1]
    assert (latest.year, latest.value, latest.raw_value) == (2023, 39625140237.7, "39625140237.7")
    assert latest.source == "WORLDBANK"
    assert latest.code == "BX.TRF.PWKR.CD.DT"


@pytest.mark.asyncio
async def test_null_years_carry_no_observation(replay: Replay) -> None:
    replay.add_fixture("worldbank_DEU_SM.POP.TOTL.json")
    async with worldbank(replay, page_size=50) as client:
        observations = await client.fetch(["SM.POP.TOTL"], [DEU], 2015, 2024)

    assert [(o.year, o.value) for o in observations] == [
        (2015, 12005690),
        (2020, 15762457),
        (2024, 16751376),
    ]


@pytest.mark.asyncio
async def test_aggregate_and_unclassified_rows_are_ignored(replay: Replay) -> None:
    page = fixture_json("worldbank_MEX_BX.TRF.PWKR.DT.GD.ZS.json")
    template = page[1][0]
    page[1] += [
        dict(template, country={"id": "XC", "value": "Euro area"}, countryiso3code="EMU"),
        dict(template, country={"id": "XX", "value": "Not classified"}, countryiso3code=""),
    ]
    replay.add(
        fixture_url("worldbank_MEX_BX.TRF.PWKR.DT.GD.ZS.json"),
        [("format", "json"), ("date", "2019:2023"), ("per_page", "50"), ("page", "1")],
        json_response(page),
    )
    async with worldbank(replay, page_size=50) as client:
        observations = await client.fetch(["BX.TRF.PWKR.DT.GD.ZS"], [MEX], 2019, 2023)

    assert {o.iso3 for o in observations} == {"MEX"}
    assert len(observations) == 5
    assert observations[-1].value == pytest.approx(3.69835174218)


@pytest.mark.asyncio
async def test_no_data_is_an_empty_answer(replay: Replay) -> None:
    # Any query without data gets this body; the recording's query has no per_page.
    replay.add_fixture(
        "worldbank_empty_no_data.json",
        query=[("format", "json"), ("date", "1900:1901"), ("per_page", "1000")],
    )
    async with worldbank(replay) as client:
        assert await client.fetch(["SM.POP.TOTL"], [DEU], 1900, 1901) == []
    assert len(replay.requests) == 1


@pytest.mark.asyncio
async def test_archived_indicator_is_a_typed_rejection(replay: Replay) -> None:
    replay.add_fixture(
        "worldbank_error_archived_indicator_SM.POP.REFG.json",
        query=[("format", "json"), ("per_page", "1000")],
    )
    async with worldbank(replay) as client:
        with pytest.raises(UpstreamRejected) as caught:
            await client.fetch(["SM.POP.REFG"], [DEU])
    assert caught.value.code == "175"
    assert "deleted or archived" in caught.value.message
    assert "SM.POP.REFG" in caught.value.message
    assert client.breaker.state == "closed"


@pytest.mark.asyncio
async def test_invalid_country_is_a_typed_rejection(replay: Replay) -> None:
    replay.add_fixture(
        "worldbank_error_invalid_country_XXX.json", query=[("format", "json"), ("per_page", "1000")]
    )
    unknown = StateRef(iso3="XXX", iso2="XX", m49=999)
    async with worldbank(replay) as client:
        with pytest.raises(UpstreamRejected) as caught:
            await client.fetch(["SM.POP.NETM"], [unknown])
    assert caught.value.code == "120"


@pytest.mark.asyncio
async def test_a_bare_object_is_a_bad_response(replay: Replay) -> None:
    replay.add(
        fixture_url("worldbank_DEU_SM.POP.TOTL.json"),
        [("format", "json"), ("per_page", "1000")],
        json_response({"page": 1}),
    )
    async with worldbank(replay) as client:
        with pytest.raises(UpstreamBadResponse, match=r"\[meta, rows\]"):
            await client.fetch(["SM.POP.TOTL"], [DEU])


@pytest.mark.asyncio
async def test_path_breaking_indicator_codes_are_refused(replay: Replay) -> None:
    async with worldbank(replay) as client:
        with pytest.raises(ValueError, match="not a valid code"):
            await client.fetch(["../SM.POP.TOTL"], [DEU])
    assert replay.requests == []
