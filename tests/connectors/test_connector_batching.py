"""The registry, and request counts: one request sequence per code, never one per State."""

from __future__ import annotations

import asyncio
import itertools
import json
import string

import httpx
import pytest

from connectors import (
    SDG_BASE_URL,
    UNHCR_BASE_URL,
    UNPD_BASE_URL,
    WORLDBANK_BASE_URL,
    ConnectorConfig,
    HttpSettings,
    SdgClient,
    SourceClient,
    StateRef,
    UnhcrClient,
    UnpdClient,
    WorldBankClient,
    aclose,
    build_clients,
)


def fifty_states() -> list[StateRef]:
    letters = itertools.product(string.ascii_uppercase, repeat=2)
    return [
        StateRef(iso3=f"Q{a}{b}", iso2=f"{a}{b}", m49=100 + index)
        for index, (a, b) in enumerate(itertools.islice(letters, 50))
    ]


STATES = fifty_states()
BY_ISO3 = {state.iso3: state for state in STATES}
BY_M49 = {state.m49: state for state in STATES}


def body(data: object, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        200,
        headers={"Content-Type": "application/json", **(headers or {})},
        content=json.dumps(data).encode(),
    )


def sdg_answer(request: httpx.Request) -> httpx.Response:
    areas = request.url.params.get_list("areaCode")
    rows = [
        {
            "series": request.url.params["seriesCode"],
            "seriesDescription": "x",
            "geoAreaCode": area,
            "timePeriodStart": 2020.0,
            "value": str(int(area)),
            "footnotes": [],
            "attributes": {"Units": "NUMBER"},
            "dimensions": {"Reporting Type": "G"},
        }
        for area in areas
    ]
    return body(
        {"size": 1000, "totalElements": len(rows), "totalPages": 1, "pageNumber": 1, "data": rows}
    )


def worldbank_answer(request: httpx.Request) -> httpx.Response:
    isos = request.url.path.split("/")[3].split(";")
    code = request.url.path.split("/")[5]
    rows = [
        {
            "indicator": {"id": code, "value": code},
            "country": {"id": "", "value": ""},
            "countryiso3code": iso,
            "date": "2020",
            "value": BY_ISO3[iso].m49,
            "unit": "",
        }
        for iso in isos
    ]
    return body([{"page": 1, "pages": 1, "per_page": 1000, "total": len(rows)}, rows])


def unpd_answer(request: httpx.Request) -> httpx.Response:
    segments = request.url.path.split("/")
    code, locations = segments[6], segments[8].split(",")
    rows = [
        {
            "locationId": int(location),
            "indicatorId": int(code),
            "indicator": "x",
            "variantId": 4,
            "timeLabel": "2020",
            "sexId": 3,
            "ageLabel": "Total",
            "value": float(location),
        }
        for location in locations
    ]
    return body({"pageNumber": 1, "nextPage": None, "total": len(rows), "data": rows})


def unhcr_answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/countries/"):
        items = [{"id": s.m49, "code": f"U{s.iso3[1:]}", "iso": s.iso3} for s in STATES]
        return body({"page": 1, "maxPages": 1, "items": items})
    items = [
        {
            "year": 2020,
            "coa": code,
            "coa_iso": "Q" + code[1:],
            "coo": "-",
            "coo_iso": "-",
            "refugees": BY_ISO3["Q" + code[1:]].m49,
            "asylum_seekers": str(BY_ISO3["Q" + code[1:]].m49),
        }
        for code in request.url.params["coa"].split(",")
    ]
    return body({"page": 1, "maxPages": 1, "items": items})


ANSWERS = {
    "unstats.un.org": sdg_answer,
    "api.worldbank.org": worldbank_answer,
    "population.un.org": unpd_answer,
    "api.unhcr.org": unhcr_answer,
}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("make", "codes", "expected_requests"),
    [
        (lambda http: SdgClient(http=http), ["SM_POP_REFG_OR", "SM_DTH_MIGR"], 2),
        (lambda http: WorldBankClient(http=http), ["SM.POP.NETM", "SM.POP.TOTL"], 2),
        (lambda http: UnpdClient(http=http, token="t"), ["65", "66"], 2),
        # countries/ once, then both hosted measures share one population/ request.
        (lambda http: UnhcrClient(http=http), ["refugees_hosted", "asylum_seekers_hosted"], 2),
    ],
)
async def test_fifty_states_cost_one_request_per_code(make, codes, expected_requests) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return ANSWERS[request.url.host](request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client: SourceClient = make(http)
        observations = await client.fetch(codes, STATES, 2020, 2020)

    assert len(sent) == expected_requests
    assert len(observations) == 50 * len(codes)
    for observation in observations:
        assert observation.value == BY_ISO3[observation.iso3].m49  # joined to the right State


def test_build_clients_defaults_to_the_public_apis() -> None:
    clients = build_clients()
    assert set(clients) == {"SDG", "UNPD", "UNHCR", "WORLDBANK"}
    assert clients["SDG"].base_url == SDG_BASE_URL
    assert clients["UNPD"].base_url == UNPD_BASE_URL
    assert clients["UNHCR"].base_url == UNHCR_BASE_URL
    assert clients["WORLDBANK"].base_url == WORLDBANK_BASE_URL
    assert isinstance(clients["UNPD"], UnpdClient)
    assert not clients["UNPD"].is_configured
    assert {client.info.key for client in clients.values()} == set(clients)


@pytest.mark.asyncio
async def test_aclose_closes_every_owned_client() -> None:
    clients = build_clients(ConnectorConfig(unpd_token="secret", max_concurrency=2))
    assert clients["UNPD"].is_configured  # type: ignore[attr-defined]
    assert "secret" not in repr(ConnectorConfig(unpd_token="secret"))
    await aclose(clients)
    assert all(client._http.is_closed for client in clients.values())


@pytest.mark.asyncio
async def test_a_given_http_client_is_left_open() -> None:
    async with httpx.AsyncClient() as http:
        client = SdgClient(http=http)
        await client.aclose()
        assert not http.is_closed


@pytest.mark.asyncio
async def test_concurrency_is_limited_per_client() -> None:
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return worldbank_answer(request)

    settings = HttpSettings(max_concurrency=2)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = WorldBankClient(http=http, settings=settings)
        codes = [f"SM.POP.X{index}" for index in range(6)]
        observations = await client.fetch(codes, STATES[:3], 2020, 2020)

    assert peak == 2
    assert len(observations) == 18


@pytest.mark.asyncio
async def test_reversed_years_are_refused_before_any_request() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(worldbank_answer)) as http:
        client = WorldBankClient(http=http)
        with pytest.raises(ValueError, match="after end_year"):
            await client.fetch(["SM.POP.NETM"], STATES[:1], 2024, 2020)
