"""The UN data cache over the real database, with the sources behind httpx.MockTransport."""

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import text

from connectors import HttpSettings, ResilienceConfig, SdgClient, StateRef, WorldBankClient
from db.session import RequestSession
from resolvers.indicator_cache import CachePolicy, IndicatorService, dimensions_key, sync_series
from service.indicators import cache_policy, connector_config
from service.settings import Settings

BASE = "http://upstream.test"
PHL = StateRef(iso3="PHL", iso2="PH", m49=608)
MEX = StateRef(iso3="MEX", iso2="MX", m49=484)
NO_RETRIES = HttpSettings(resilience=ResilienceConfig(attempts=1, initial_backoff=0))


@dataclass
class FakeWorldBank:
    """A MockTransport handler answering in the World Bank's [meta, rows] shape."""

    rows: dict[str, list[tuple[str, float | None]]] = field(default_factory=dict)
    status: int = 200
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status != 200:
            return httpx.Response(self.status)
        _, _, countries_part, _, code = request.url.path.split("/")
        countries = countries_part.split(";")
        rows = [
            {
                "indicator": {"id": code, "value": f"Name of {code}"},
                "country": {"id": iso3[:2], "value": iso3},
                "countryiso3code": iso3,
                "date": date,
                "value": value,
                "unit": "",
            }
            for iso3 in countries
            for date, value in self.rows.get(iso3, [])
        ]
        meta = {"page": 1, "pages": 1, "per_page": 1000, "total": len(rows)}
        return httpx.Response(200, content=json.dumps([meta, rows or None]).encode())


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 6, 1, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def worldbank() -> FakeWorldBank:
    return FakeWorldBank()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def service(worldbank: FakeWorldBank, clock: Clock) -> AsyncIterator[IndicatorService]:
    http = httpx.AsyncClient(transport=httpx.MockTransport(worldbank))
    client = WorldBankClient(BASE, http=http, settings=NO_RETRIES)
    policy = CachePolicy(ttl={"WORLDBANK": timedelta(hours=1)}, first_year=2015)
    yield IndicatorService({"WORLDBANK": client}, policy, clock=clock)
    await http.aclose()


@pytest.fixture
def db(session_factory) -> RequestSession:
    return RequestSession(session_factory)


async def cached_years(session, iso3: str) -> list[tuple[int, float | None]]:
    rows = await session.execute(
        text(
            "SELECT year, value FROM indicator_observations"
            " WHERE source = 'WORLDBANK' AND code = 'SM.POP.TOTL' AND iso3 = :iso3 ORDER BY year"
        ),
        {"iso3": iso3},
    )
    return [tuple(row) for row in rows]


def test_dimensions_key_is_sorted_and_stable():
    assert dimensions_key({}) == ""
    assert dimensions_key({"Sex": "FEMALE", "Age": "15+"}) == "Age=15+|Sex=FEMALE"


async def test_a_refresh_replaces_what_the_source_no_longer_has(
    service, worldbank, clock, db, session
):
    # given a first answer with two years
    worldbank.rows["PHL"] = [("2020", 5.0), ("2019", 4.0)]
    await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "PHL")])

    # when the TTL has passed and the source now has one revised year only
    clock.now += timedelta(hours=2)
    worldbank.rows["PHL"] = [("2020", 5.5)]
    [series] = await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "PHL")])

    # then
    assert [(o.year, o.value) for o in series.observations] == [(2020, 5.5)]
    assert await cached_years(session, "PHL") == [(2020, 5.5)]
    assert len(worldbank.requests) == 2


async def test_within_the_ttl_nothing_is_fetched(service, worldbank, clock, db):
    worldbank.rows["PHL"] = [("2020", 5.0)]
    await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "PHL")])

    clock.now += timedelta(minutes=59)
    [series] = await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "PHL")])

    assert len(worldbank.requests) == 1
    assert series.stale is False
    assert [o.value for o in series.observations] == [5.0]


async def test_the_ttl_is_per_source(worldbank, clock, db):
    # given SDG answers stay fresh for two days, World Bank ones for one hour
    sdg_calls: list[httpx.Request] = []

    def sdg_handler(request: httpx.Request) -> httpx.Response:
        sdg_calls.append(request)
        body = {"totalPages": 1, "pageNumber": 1, "data": []}
        return httpx.Response(200, content=json.dumps(body).encode())

    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(worldbank)) as wb_http,
        httpx.AsyncClient(transport=httpx.MockTransport(sdg_handler)) as sdg_http,
    ):
        clients = {
            "WORLDBANK": WorldBankClient(BASE, http=wb_http, settings=NO_RETRIES),
            "SDG": SdgClient(BASE, http=sdg_http, settings=NO_RETRIES),
        }
        policy = CachePolicy(ttl={"WORLDBANK": timedelta(hours=1), "SDG": timedelta(days=2)})
        service = IndicatorService(clients, policy, clock=clock)
        keys = [("WORLDBANK", "SM.POP.TOTL", "PHL"), ("SDG", "SI_RMT_COST", "PHL")]
        await service.load(db, keys)

        # when
        clock.now += timedelta(hours=3)
        await service.load(db, keys)

    # then
    assert len(worldbank.requests) == 2
    assert len(sdg_calls) == 1


async def test_one_batch_asks_once_for_all_its_states(service, worldbank, db):
    worldbank.rows.update({"PHL": [("2020", 1.0)], "MEX": [("2020", 2.0)]})

    series = await service.load(
        db, [("WORLDBANK", "SM.POP.TOTL", "PHL"), ("WORLDBANK", "SM.POP.TOTL", "MEX")]
    )

    assert [[o.value for o in item.observations] for item in series] == [[1.0], [2.0]]
    assert len(worldbank.requests) == 1
    assert worldbank.requests[0].url.path == "/country/MEX;PHL/indicator/SM.POP.TOTL"
    assert ("date", "2015:2026") in worldbank.requests[0].url.params.multi_items()


async def test_repeated_rows_in_one_answer_are_stored_once(service, worldbank, db, session):
    worldbank.rows["PHL"] = [("2020", 1.0), ("2020", 2.0)]

    [series] = await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "PHL")])

    assert [(o.year, o.value) for o in series.observations] == [(2020, 2.0)]
    assert await cached_years(session, "PHL") == [(2020, 2.0)]


async def test_a_failed_refresh_keeps_the_cached_rows_and_marks_them_stale(
    service, worldbank, clock, db, session
):
    worldbank.rows["PHL"] = [("2020", 1.0)]
    await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "PHL")])

    clock.now += timedelta(hours=2)
    worldbank.status = 503
    [series] = await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "PHL")])

    assert series.stale is True
    assert series.cold is False
    assert [(o.value, o.stale) for o in series.observations] == [(1.0, True)]
    assert series.failure is not None
    assert series.failure.code == "UPSTREAM_UNAVAILABLE"
    assert await cached_years(session, "PHL") == [(2020, 1.0)]


async def test_a_state_the_database_does_not_know_is_never_fetched(service, worldbank, db):
    [series] = await service.load(db, [("WORLDBANK", "SM.POP.TOTL", "ZZZ")])

    assert series.observations == ()
    assert series.failure is None
    assert worldbank.requests == []


async def test_sync_counts_fetched_unchanged_and_failed(service, worldbank, session):
    # given
    worldbank.rows.update({"PHL": [("2020", 1.0)], "MEX": []})

    # when: twice the same answers, then a change for one State, then an outage
    first = await sync_series(service, session, "WORLDBANK", "SM.POP.TOTL", [PHL, MEX])
    second = await sync_series(service, session, "WORLDBANK", "SM.POP.TOTL", [PHL, MEX])
    worldbank.rows["MEX"] = [("2021", 3.0)]
    third = await sync_series(service, session, "WORLDBANK", "SM.POP.TOTL", [PHL, MEX])
    worldbank.status = 503
    fourth = await sync_series(service, session, "WORLDBANK", "SM.POP.TOTL", [PHL, MEX])

    # then
    assert (first.fetched, first.unchanged, first.failed) == (2, 0, 0)
    assert (second.fetched, second.unchanged, second.failed) == (0, 2, 0)
    assert (third.fetched, third.unchanged, third.failed) == (1, 1, 0)
    assert (fourth.fetched, fourth.unchanged, fourth.failed) == (0, 0, 2)
    assert fourth.failure is not None
    assert "HTTP 503" in fourth.failure.message


def test_settings_give_a_ttl_per_source_and_keep_the_token_secret(monkeypatch):
    # given
    monkeypatch.setenv("ISCM_INDICATOR_TTL_HOURS", "12")
    monkeypatch.setenv("ISCM_WORLDBANK_TTL_HOURS", "2")
    monkeypatch.setenv("ISCM_UNPD_API_TOKEN", "s3cret-token")
    monkeypatch.setenv("ISCM_UNHCR_API_URL", "http://127.0.0.1:9/population/v1/")

    # when
    settings = Settings()
    policy = cache_policy(settings)
    config = connector_config(settings)

    # then
    assert policy.ttl_of("WORLDBANK") == timedelta(hours=2)
    assert policy.ttl_of("SDG") == policy.ttl_of("UNHCR") == timedelta(hours=12)
    assert config.unpd_token == "s3cret-token"
    assert config.unhcr_base_url == "http://127.0.0.1:9/population/v1"
    assert "s3cret" not in repr(settings)
    assert "s3cret" not in repr(config)


def test_a_base_url_that_is_not_http_is_refused():
    with pytest.raises(ValidationError, match="sdg_api_url"):
        Settings(sdg_api_url="file:///etc/passwd")
