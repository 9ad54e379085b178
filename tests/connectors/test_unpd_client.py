"""UnpdClient against the recorded Data Portal answers."""

from __future__ import annotations

import json

import pytest

from connectors import SourceNotConfigured, UnpdClient, UpstreamBadResponse
from tests.connectors.un_replay import (
    DEU,
    INDEX,
    MEX,
    PHL,
    Replay,
    fixture_json,
    fixture_url,
    json_response,
)

IND65_PAGE1 = "unpd_dataportal_data_ind65_loc608-484-276_2020-2023_page1.json"
IND65_PAGE2 = "unpd_dataportal_data_ind65_loc608-484-276_2020-2023_page2.json"
IND66 = "unpd_dataportal_data_ind66_loc276_2021-2023.json"
IND66_HEADER = "unpd_dataportal_data_ind66_loc276_2021-2023_pagingInHeader.json"
REAL_BASE = "https://population.un.org/dataportalapi/api/v1"
TEST_BASE = "http://unpd.test:8080/portal/api/v1"
TOKEN = "test-token-123"


def unpd(replay: Replay, **kwargs) -> UnpdClient:
    return UnpdClient(http=replay.client(), **kwargs)


@pytest.mark.asyncio
async def test_without_token_the_source_is_not_configured(replay: Replay) -> None:
    async with unpd(replay) as client:
        assert not client.is_configured
        with pytest.raises(SourceNotConfigured) as caught:
            await client.fetch(["65"], [PHL], 2020, 2023)
    assert caught.value.source == "UNPD"
    assert "token" in caught.value.message
    assert replay.requests == []  # no anonymous call that would only earn a 401


@pytest.mark.asyncio
async def test_a_refused_token_is_reported_as_not_configured(replay: Replay) -> None:
    assert INDEX["unpd_dataportal_data_401_unauthorized.txt"]["http_status"] == 401
    replay.add_fixture(
        "unpd_dataportal_data_401_unauthorized.txt",
        query=[
            ("pageNumber", "1"),
            ("pageSize", "500"),
            ("pagingInHeader", "false"),
            ("format", "json"),
        ],
    )
    async with unpd(replay, token="expired") as client:
        with pytest.raises(SourceNotConfigured, match="refused the configured bearer token"):
            await client.fetch(["65"], [PHL, MEX, DEU], 2020, 2023)
    assert len(replay.requests) == 1  # a 401 is not retried


@pytest.mark.asyncio
async def test_next_page_is_followed_on_the_configured_host_with_the_token(
    replay: Replay,
) -> None:
    replay.add_fixture(IND65_PAGE1, rebase=(REAL_BASE, TEST_BASE))
    replay.add_fixture(IND65_PAGE2, rebase=(REAL_BASE, TEST_BASE))
    async with unpd(replay, base_url=TEST_BASE, token=TOKEN, page_size=6) as client:
        observations = await client.fetch(["65"], [PHL, MEX, DEU], 2020, 2023)

    assert len(replay.requests) == 2
    first, second = replay.requests
    assert (
        first.url.path
        == "/portal/api/v1/data/indicators/65/locations/608,484,276/start/2020/end/2023"
    )
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in replay.requests)
    assert second.url.host == "unpd.test"  # rewritten from population.un.org
    next_page = fixture_json(IND65_PAGE1)["nextPage"]
    assert second.url.query.decode() == next_page.split("?", 1)[1]  # query kept verbatim
    assert len(observations) == 12
    values = {(o.iso3, o.year): o.value for o in observations}
    assert values["DEU", 2022] == 1486134.0
    assert values["PHL", 2023] == -164510.0
    assert values["MEX", 2020] == -59823.0
    sample = observations[0]
    assert sample.code == "65"
    assert sample.name == "Total net-migration"
    assert sample.unit == "number of persons"
    assert sample.dimensions == {"variant": "Median", "sex": "Both sexes", "age": "Total"}


@pytest.mark.asyncio
async def test_a_missing_page_is_detected_against_total(replay: Replay) -> None:
    page2 = fixture_json(IND65_PAGE2)
    page2["data"] = page2["data"][:-1]
    replay.add_fixture(IND65_PAGE1)
    replay.add_fixture(IND65_PAGE2, body=json.dumps(page2).encode())
    async with unpd(replay, token=TOKEN, page_size=6) as client:
        with pytest.raises(UpstreamBadResponse, match="11 records where the total is 12"):
            await client.fetch(["65"], [PHL, MEX, DEU], 2020, 2023)


@pytest.mark.asyncio
async def test_single_page_envelope(replay: Replay) -> None:
    replay.add_fixture(
        IND66,
        query=[
            ("pageNumber", "1"),
            ("pageSize", "500"),
            ("pagingInHeader", "false"),
            ("format", "json"),
        ],
    )
    async with unpd(replay, token=TOKEN) as client:
        observations = await client.fetch(["66"], [DEU], 2021, 2023)

    assert [(o.year, o.value) for o in observations] == [
        (2021, 3.812),
        (2022, 17.765),
        (2023, 8.071),
    ]
    assert observations[0].unit == "per 1,000 population"


@pytest.mark.asyncio
async def test_paging_in_header_variant(replay: Replay) -> None:
    assert "X-Pagination" in INDEX[IND66_HEADER]["response_headers"]
    replay.add_fixture(
        IND66_HEADER,
        query=[
            ("pageNumber", "1"),
            ("pageSize", "500"),
            ("pagingInHeader", "true"),
            ("format", "json"),
        ],
    )
    async with unpd(replay, token=TOKEN, paging_in_header=True) as client:
        observations = await client.fetch(["66"], [DEU], 2021, 2023)

    assert [(o.iso3, o.year, o.value) for o in observations] == [
        ("DEU", 2021, 3.812),
        ("DEU", 2022, 17.765),
        ("DEU", 2023, 8.071),
    ]


@pytest.mark.asyncio
async def test_paging_in_header_follows_next_page(replay: Replay) -> None:
    rows = fixture_json(IND66_HEADER)
    url = fixture_url(IND66_HEADER)
    second = f"{url}?pageNumber=2&pageSize=2&pagingInHeader=true&format=json"
    replay.add(
        url,
        [("pageNumber", "1"), ("pageSize", "2"), ("pagingInHeader", "true"), ("format", "json")],
        json_response(
            rows[:2],
            headers={
                "X-Pagination": json.dumps(
                    {
                        "TotalCount": 3,
                        "PageSize": 2,
                        "CurrentPage": 1,
                        "TotalPages": 2,
                        "PreviousPage": None,
                        "NextPage": second,
                    }
                )
            },
        ),
    )
    replay.add(
        url,
        [("pageNumber", "2"), ("pageSize", "2"), ("pagingInHeader", "true"), ("format", "json")],
        json_response(
            rows[2:],
            headers={
                "X-Pagination": json.dumps(
                    {
                        "TotalCount": 3,
                        "PageSize": 2,
                        "CurrentPage": 2,
                        "TotalPages": 2,
                        "PreviousPage": None,
                        "NextPage": None,
                    }
                )
            },
        ),
    )
    async with unpd(replay, token=TOKEN, paging_in_header=True, page_size=2) as client:
        observations = await client.fetch(["66"], [DEU], 2021, 2023)

    assert len(replay.requests) == 2
    assert replay.requests[1].headers["Authorization"] == f"Bearer {TOKEN}"
    assert [o.value for o in observations] == [3.812, 17.765, 8.071]


@pytest.mark.asyncio
async def test_other_variants_and_sexes_are_filtered_out(replay: Replay) -> None:
    page = fixture_json(IND66)
    median = page["data"][0]
    page["data"] += [
        dict(median, variantId=2, variant="High", value=99.0),
        dict(median, sexId=1, sex="Male", value=55.0),
    ]
    page["total"] = len(page["data"])
    replay.add(
        fixture_url(IND66),
        [("pageNumber", "1"), ("pageSize", "500"), ("pagingInHeader", "false"), ("format", "json")],
        json_response(page),
    )
    async with unpd(replay, token=TOKEN) as client:
        observations = await client.fetch(["66"], [DEU], 2021, 2023)

    assert [o.value for o in observations] == [3.812, 17.765, 8.071]


@pytest.mark.asyncio
async def test_next_page_on_a_foreign_host_is_pulled_back_to_the_base(replay: Replay) -> None:
    async with unpd(replay, base_url=TEST_BASE, token=TOKEN) as client:
        moved = client.rebase("https://evil.example/dataportalapi/api/v1/data/x?pageNumber=2")
    assert str(moved) == "http://unpd.test:8080/portal/api/v1/data/x?pageNumber=2"
