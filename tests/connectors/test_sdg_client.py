"""SdgClient against the recorded SDG Global Database answers."""

from __future__ import annotations

import json

import httpx
import pytest

from connectors import (
    SdgClient,
    StateRef,
    UpstreamBadResponse,
    UpstreamRejected,
)
from tests.connectors.un_replay import (
    DEU,
    MEX,
    PHL,
    Replay,
    SleepRecorder,
    fixture_json,
    json_response,
)

REFG_PAGE1 = "sdg_series_data_SM_POP_REFG_OR_page1.json"
REFG_PAGE2 = "sdg_series_data_SM_POP_REFG_OR_page2.json"
SERIES_DATA = "https://unstats.un.org/sdgs/UNSDGAPIV5/v1/sdg/Series/Data"


def sdg(replay: Replay, sleeps: SleepRecorder | None = None, **kwargs) -> SdgClient:
    return SdgClient(http=replay.client(), sleep=sleeps, **kwargs)


@pytest.mark.asyncio
async def test_two_pages_are_followed_and_parsed(replay: Replay) -> None:
    replay.add_fixture(REFG_PAGE1)
    replay.add_fixture(REFG_PAGE2)
    async with sdg(replay, page_size=5) as client:
        observations = await client.fetch(["SM_POP_REFG_OR"], [DEU, MEX, PHL], 2021, 2023)

    assert len(replay.requests) == 2
    assert replay.params(0) == [
        ("seriesCode", "SM_POP_REFG_OR"),
        ("areaCode", "276"),
        ("areaCode", "484"),
        ("areaCode", "608"),
        ("timePeriod", "2021"),
        ("timePeriod", "2022"),
        ("timePeriod", "2023"),
        ("pageSize", "5"),
        ("page", "1"),
    ]
    assert len(observations) == 9
    by_key = {(o.iso3, o.year): o for o in observations}
    assert by_key["MEX", 2023].value == pytest.approx(20.12)
    assert by_key["MEX", 2023].raw_value == "20.12"
    assert by_key["DEU", 2021].value == pytest.approx(0.18)
    assert by_key["PHL", 2022].footnotes == ()  # the recorded [""] means no footnote
    first = by_key["PHL", 2021]
    assert first.source == "SDG"
    assert first.code == "SM_POP_REFG_OR"
    assert first.unit == "PER_100000_POP"
    assert first.name.startswith("Number of refugees per 100,000 population")
    assert first.dimensions == {"Reporting Type": "G"}


@pytest.mark.asyncio
async def test_short_page_ends_paging_when_total_pages_is_missing(replay: Replay) -> None:
    pages = [fixture_json(REFG_PAGE1), fixture_json(REFG_PAGE2)]
    for page in pages:
        del page["totalPages"]
    base = [
        ("seriesCode", "SM_POP_REFG_OR"),
        ("areaCode", "276"),
        ("areaCode", "484"),
        ("areaCode", "608"),
        ("pageSize", "5"),
    ]
    replay.add(SERIES_DATA, [*base, ("page", "1")], json_response(pages[0]))
    replay.add(SERIES_DATA, [*base, ("page", "2")], json_response(pages[1]))
    async with sdg(replay, page_size=5) as client:
        observations = await client.fetch(["SM_POP_REFG_OR"], [DEU, MEX, PHL])

    assert len(replay.requests) == 2  # page 2 has 4 rows < 5: no third request
    assert len(observations) == 9


@pytest.mark.asyncio
async def test_three_areas_in_one_request(replay: Replay) -> None:
    replay.add_fixture("sdg_series_data_BX_TRF_PWKR_areas276-484-608_2022-2023.json")
    async with sdg(replay, page_size=100) as client:
        observations = await client.fetch(["BX_TRF_PWKR"], [DEU, MEX, PHL], 2022, 2023)

    assert len(replay.requests) == 1
    values = {(o.iso3, o.year): o.value for o in observations}
    assert values == {
        ("DEU", 2022): 0.42,
        ("DEU", 2023): 0.40,
        ("MEX", 2022): 4.24,
        ("MEX", 2023): 3.69,
        ("PHL", 2022): 9.39,
        ("PHL", 2023): 8.94,
    }
    assert {o.unit for o in observations} == {"PERCENT"}


@pytest.mark.asyncio
async def test_policy_domains_keep_the_total_slice(replay: Replay) -> None:
    replay.add_fixture("sdg_series_data_SG_CPA_MIGRS_area608_2023.json")
    async with sdg(replay, page_size=100) as client:
        observations = await client.fetch(["SG_CPA_MIGRS"], [PHL], 2023, 2023)

    assert len(observations) == 1
    (total,) = observations
    assert total.dimensions == {"Policy Domains": "_T", "Reporting Type": "G"}
    assert total.value == 3.0


@pytest.mark.asyncio
async def test_policy_domains_all_slices_on_request(replay: Replay) -> None:
    replay.add_fixture("sdg_series_data_SG_CPA_MIGRS_area608_2023.json")
    async with sdg(replay, page_size=100, totals_only=False) as client:
        observations = await client.fetch(["SG_CPA_MIGRS"], [PHL], 2023, 2023)

    domains = {o.dimensions["Policy Domains"]: o.value for o in observations}
    assert domains == {"_T": 3, "PD_1": 3, "PD_2": 4, "PD_3": 4, "PD_4": 3, "PD_5": 3, "PD_6": 3}


@pytest.mark.asyncio
async def test_footnotes_are_kept(replay: Replay) -> None:
    replay.add_fixture("sdg_series_data_SM_DTH_MIGR_area484_2021-2023.json")
    async with sdg(replay, page_size=100) as client:
        observations = await client.fetch(["SM_DTH_MIGR"], [MEX], 2021, 2023)

    assert [(o.year, o.value) for o in observations] == [(2021, 291), (2022, 461), (2023, 487)]
    assert observations[0].footnotes[0].startswith("Figures are minimum estimates")


@pytest.mark.asyncio
async def test_sex_and_age_slices_do_not_double_count(replay: Replay) -> None:
    page = fixture_json("sdg_series_data_SM_DTH_MIGR_area484_2021-2023.json")
    template = page["data"][0]
    rows = []
    for sex, age, value in [
        ("BOTHSEX", "ALLAGE", "10"),
        ("MALE", "ALLAGE", "6"),
        ("FEMALE", "ALLAGE", "4"),
        ("BOTHSEX", "Y0T14", "3"),
    ]:
        rows.append(
            {
                **template,
                "value": value,
                "dimensions": {"Sex": sex, "Age": age, "Reporting Type": "G"},
            }
        )
    page["data"] = rows
    replay.add(
        SERIES_DATA,
        [("seriesCode", "SM_DTH_MIGR"), ("areaCode", "484"), ("pageSize", "100"), ("page", "1")],
        json_response(page),
    )
    async with sdg(replay, page_size=100) as client:
        observations = await client.fetch(["SM_DTH_MIGR"], [MEX])

    assert [(o.value, o.dimensions["Sex"], o.dimensions["Age"]) for o in observations] == [
        (10.0, "BOTHSEX", "ALLAGE")
    ]


@pytest.mark.asyncio
async def test_string_values_float_years_and_leading_zero_areas(replay: Replay) -> None:
    page = fixture_json(REFG_PAGE2)
    raw_values = ["<0.1", "NaN", "", None]
    page["data"] = page["data"][:4]
    for row, raw in zip(page["data"], raw_values, strict=True):
        row["value"] = raw
    australia = dict(
        page["data"][0],
        geoAreaCode="036",
        geoAreaName="Australia",
        value="12.5",
        timePeriodStart=2007.0,
    )
    page["data"].append(australia)
    aus = StateRef(iso3="AUS", iso2="AU", m49=36)
    replay.add(
        SERIES_DATA,
        [
            ("seriesCode", "SM_POP_REFG_OR"),
            ("areaCode", "484"),
            ("areaCode", "608"),
            ("areaCode", "36"),
            ("pageSize", "100"),
            ("page", "1"),
        ],
        json_response(page),
    )
    async with sdg(replay, page_size=100) as client:
        observations = await client.fetch(["SM_POP_REFG_OR"], [MEX, PHL, aus])

    by_key = {(o.iso3, o.year): o for o in observations}
    assert (by_key["MEX", 2023].value, by_key["MEX", 2023].raw_value) == (None, "<0.1")
    assert (by_key["PHL", 2021].value, by_key["PHL", 2021].raw_value) == (None, "NaN")
    assert ("PHL", 2022) not in by_key  # "" and null carry nothing: no observation
    assert ("PHL", 2023) not in by_key
    assert (by_key["AUS", 2007].value, by_key["AUS", 2007].year) == (12.5, 2007)


@pytest.mark.asyncio
async def test_unknown_series_is_an_empty_answer(replay: Replay) -> None:
    replay.add_fixture("sdg_series_data_UNKNOWN_SERIES_empty.json")
    async with sdg(replay, page_size=100) as client:
        assert await client.fetch(["XX_NOT_A_SERIES"], [PHL]) == []
    assert len(replay.requests) == 1


@pytest.mark.asyncio
async def test_html_error_page_with_200_is_a_bad_response(replay: Replay) -> None:
    page = httpx.Response(
        200,
        headers={"Content-Type": "text/html"},
        content=b"<!DOCTYPE html><html><body>Service error</body></html>",
    )
    replay.add(
        SERIES_DATA,
        [("seriesCode", "SM_DTH_MIGR"), ("areaCode", "484"), ("pageSize", "100"), ("page", "1")],
        page,
    )
    async with sdg(replay, page_size=100) as client:
        with pytest.raises(UpstreamBadResponse) as caught:
            await client.fetch(["SM_DTH_MIGR"], [MEX])
    assert caught.value.source == "SDG"
    assert "HTML" in caught.value.message
    assert client.breaker.state == "closed"


@pytest.mark.asyncio
async def test_400_html_page_is_a_rejection_without_retry(replay: Replay) -> None:
    page = httpx.Response(400, headers={"Content-Type": "text/html"}, content=b"<html>Bad</html>")
    replay.add(
        SERIES_DATA,
        [("seriesCode", "SM_DTH_MIGR"), ("areaCode", "484"), ("pageSize", "100"), ("page", "1")],
        page,
    )
    sleeps = SleepRecorder()
    async with sdg(replay, sleeps, page_size=100) as client:
        with pytest.raises(UpstreamRejected) as caught:
            await client.fetch(["SM_DTH_MIGR"], [MEX])
    assert caught.value.code == "400"
    assert len(replay.requests) == 1
    assert sleeps.calls == []


@pytest.mark.asyncio
async def test_malformed_json_is_a_bad_response(replay: Replay) -> None:
    truncated = json.dumps(fixture_json(REFG_PAGE1))[:200].encode()
    replay.add(
        SERIES_DATA,
        [("seriesCode", "SM_POP_REFG_OR"), ("areaCode", "276"), ("pageSize", "100"), ("page", "1")],
        httpx.Response(200, headers={"Content-Type": "application/json"}, content=truncated),
    )
    async with sdg(replay, page_size=100) as client:
        with pytest.raises(UpstreamBadResponse, match="malformed JSON") as caught:
            await client.fetch(["SM_POP_REFG_OR"], [DEU])
    assert "Traceback" not in str(caught.value)


@pytest.mark.asyncio
async def test_unexpected_shape_is_a_bad_response(replay: Replay) -> None:
    replay.add(
        SERIES_DATA,
        [("seriesCode", "SM_POP_REFG_OR"), ("areaCode", "276"), ("pageSize", "100"), ("page", "1")],
        json_response(fixture_json("sdg_geoarea_list_subset.json")),
    )
    async with sdg(replay, page_size=100) as client:
        with pytest.raises(UpstreamBadResponse, match="unexpected response shape"):
            await client.fetch(["SM_POP_REFG_OR"], [DEU])


@pytest.mark.asyncio
async def test_invalid_series_code_is_refused_before_any_request(replay: Replay) -> None:
    async with sdg(replay) as client:
        with pytest.raises(ValueError, match="not a valid code"):
            await client.fetch(["SM_DTH&areaCode=1"], [MEX])
    assert replay.requests == []


@pytest.mark.asyncio
async def test_json_labelled_as_html_is_still_read(replay: Replay) -> None:
    mislabelled = httpx.Response(
        200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        content=json.dumps(
            fixture_json("sdg_series_data_SM_DTH_MIGR_area484_2021-2023.json")
        ).encode(),
    )
    replay.add(
        SERIES_DATA,
        [("seriesCode", "SM_DTH_MIGR"), ("areaCode", "484"), ("pageSize", "100"), ("page", "1")],
        mislabelled,
    )
    async with sdg(replay, page_size=100) as client:
        observations = await client.fetch(["SM_DTH_MIGR"], [MEX])
    assert [o.value for o in observations] == [291, 461, 487]
