"""UN data through GraphQL, against a loopback server replaying the recorded UN API answers."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from service.settings import Settings
from tests.un_upstream import Reply, UpstreamServer, serve_upstream

STATE_SERIES = """
query State($iso3: String!) {
  memberState(iso3: $iso3) {
    name
    migrantStock { value rawValue year stale fetchedAt source { key name licence citation url } }
    remittancesReceived { value year unit stale }
    refugeesOriginating { value year unit stale }
  }
}
"""

MIGRANT_STOCK_RANGE = """
query Range($iso3: String!, $from: Int, $to: Int) {
  memberState(iso3: $iso3) { migrantStock(from: $from, to: $to) { year value } }
}
"""

THREE_STATES_SERIES = """
query Three($source: IndicatorSource!, $codes: [String!]!) {
  deu: memberState(iso3: "DEU") { indicators(source: $source, codes: $codes) { ...obs } }
  mex: memberState(iso3: "MEX") { indicators(source: $source, codes: $codes) { ...obs } }
  phl: memberState(iso3: "PHL") { indicators(source: $source, codes: $codes) { ...obs } }
}
fragment obs on Observation { code iso3 year value rawValue unit name dimensions { key value } }
"""

ONE_STATE_SERIES = """
query One($iso3: String!, $source: IndicatorSource!, $codes: [String!]!, $from: Int, $to: Int) {
  memberState(iso3: $iso3) {
    name
    indicators(source: $source, codes: $codes, from: $from, to: $to) { code year value stale }
  }
}
"""

FIFTY_STATES = """
{
  memberStates(first: 50) {
    edges { node {
      iso3
      migrantStock { value year }
      remittancesReceived { value year }
      remittanceCostPercent { value year }
      refugeesHosted { value year }
    } }
  }
}
"""

SUMMARY = """
query Summary($slug: String!, $year: Int) {
  iscm(slug: $slug) {
    name
    indicatorSummary(source: WORLDBANK, code: "SM.POP.TOTL", year: $year) {
      year members membersWithData coverage sum mean stale source { key }
    }
  }
}
"""

FAST_RETRIES = {
    "upstream_timeout": 5.0,
    "upstream_connect_timeout": 2.0,
    "upstream_attempts": 2,
    "upstream_backoff": 0.0,
    "upstream_max_retry_after": 0.3,
}


@pytest.fixture(scope="module")
def upstream_server() -> Iterator[UpstreamServer]:
    yield from serve_upstream()


@pytest.fixture
def upstream(upstream_server: UpstreamServer) -> UpstreamServer:
    upstream_server.reset()
    return upstream_server


@pytest.fixture
def upstream_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Per-test settings, given with indirect parametrisation."""
    return getattr(request, "param", {})


@pytest.fixture
def settings(
    database_url: str, upstream: UpstreamServer, upstream_overrides: dict[str, Any]
) -> Settings:
    """Online settings pointing every UN source at the loopback server."""
    return Settings(
        database_url=database_url,
        **upstream.base_urls(),
        **{"offline": False, **FAST_RETRIES, **upstream_overrides},
    )


def error_at(body: dict[str, Any], *path: str | int) -> dict[str, Any]:
    """Return the one error located at `path`."""
    found = [error for error in body.get("errors", []) if error.get("path") == list(path)]
    assert len(found) == 1, body.get("errors")
    return found[0]


async def age_cache(session, hours: int = 48) -> None:
    """Make every cached answer older than its TTL."""
    await session.execute(
        text("UPDATE indicator_fetches SET fetched_at = fetched_at - make_interval(hours => :h)"),
        {"h": hours},
    )
    await session.execute(
        text(
            "UPDATE indicator_observations SET fetched_at = fetched_at - make_interval(hours => :h)"
        ),
        {"h": hours},
    )
    await session.commit()


def cache_reads(statements) -> int:
    return sum(
        1
        for statement in statements.statements
        if statement.lstrip().upper().startswith("SELECT") and "indicator_fetches" in statement
    )


async def test_named_fields_serve_the_latest_recorded_value(graphql, upstream):
    # when
    deu = (await graphql.data(STATE_SERIES, {"iso3": "DEU"}))["memberState"]
    phl = (await graphql.data(STATE_SERIES, {"iso3": "PHL"}))["memberState"]

    # then: DEU's latest migrant stock is 2024 (2021-2023 are null upstream)
    [stock] = deu["migrantStock"]
    assert (stock["year"], stock["value"], stock["rawValue"]) == (2024, 16751376.0, "16751376")
    assert stock["stale"] is False
    assert stock["source"]["key"] == "WORLDBANK"
    assert stock["source"]["licence"] == "CC BY 4.0"
    assert "World Development Indicators" in stock["source"]["citation"]
    assert phl["remittancesReceived"] == [
        {"value": 39625140237.7, "year": 2023, "unit": None, "stale": False}
    ]
    # UNHCR speaks PHI for the Philippines; the graph asks with it and joins on ISO3
    assert phl["refugeesOriginating"] == [
        {"value": 465.0, "year": 2023, "unit": "persons", "stale": False}
    ]
    population = upstream.requests("UNHCR")
    assert any(("coo", "PHI") in seen.query for seen in population)


async def test_from_and_to_give_every_year_in_the_range(graphql, upstream):
    data = await graphql.data(MIGRANT_STOCK_RANGE, {"iso3": "DEU", "from": 2015, "to": 2020})
    assert data["memberState"]["migrantStock"] == [
        {"year": 2015, "value": 12005690.0},
        {"year": 2020, "value": 15762457.0},
    ]


async def test_a_fresh_cache_answers_without_calling_upstream(graphql, upstream):
    # given a first query that filled the cache
    first = await graphql.data(STATE_SERIES, {"iso3": "PHL"})
    calls = len(upstream.requests())
    assert calls > 0

    # when
    second = await graphql.data(STATE_SERIES, {"iso3": "PHL"})

    # then
    assert len(upstream.requests()) == calls
    assert second == first


async def test_multi_page_answers_are_followed_to_the_end(graphql, upstream):
    # when
    sdg = await graphql.data(THREE_STATES_SERIES, {"source": "SDG", "codes": ["SM_POP_REFG_OR"]})
    wb = await graphql.data(THREE_STATES_SERIES, {"source": "WORLDBANK", "codes": ["SM.POP.NETM"]})

    # then: one request sequence of two pages per series, for the three States at once
    assert len(upstream.requests("SDG")) == 2
    assert len(upstream.requests("WORLDBANK")) == 2
    assert [(o["year"], o["value"]) for o in sdg["mex"]["indicators"]] == [
        (2021, 16.66),
        (2022, 18.94),
        (2023, 20.12),
    ]
    assert sdg["phl"]["indicators"][0]["dimensions"] == [{"key": "Reporting Type", "value": "G"}]
    assert sdg["phl"]["indicators"][0]["unit"] == "PER_100000_POP"
    # the last page's State is there too
    assert [(o["year"], o["value"]) for o in wb["phl"]["indicators"]] == [
        (2019, -116240.0),
        (2020, -96220.0),
        (2021, -197530.0),
        (2022, -209125.0),
        (2023, -164510.0),
    ]


async def test_empty_answer_is_cached_as_nothing_there(graphql, upstream, session):
    variables = {"iso3": "PHL", "source": "SDG", "codes": ["XX_NOT_A_SERIES"]}

    # when
    first = await graphql.data(ONE_STATE_SERIES, variables)
    second = await graphql.data(ONE_STATE_SERIES, variables)

    # then
    assert first["memberState"]["indicators"] == second["memberState"]["indicators"] == []
    assert len(upstream.requests("SDG")) == 1
    outcome = await session.scalar(
        text("SELECT outcome FROM indicator_fetches WHERE code = 'XX_NOT_A_SERIES'")
    )
    assert outcome == "EMPTY"


async def test_malformed_json_fails_that_field_only(graphql, upstream):
    # given
    upstream.script(
        "WORLDBANK", Reply(200, b'[{"page": 1, "pages": ', {"Content-Type": "application/json"})
    )

    # when
    body = await graphql.execute(
        '{ memberState(iso3: "PHL") { name remittancesReceived { value } '
        "refugeesOriginating { value } } }"
    )

    # then
    state = body["data"]["memberState"]
    assert state["name"] == "Philippines"
    assert state["remittancesReceived"] is None
    assert state["refugeesOriginating"] == [{"value": 465.0}]
    error = error_at(body, "memberState", "remittancesReceived")
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert error["extensions"]["source"] == "WORLDBANK"
    assert "malformed JSON" in error["message"]
    assert len(body["errors"]) == 1
    assert len(upstream.requests("WORLDBANK")) == 1  # a broken body is not retried


async def test_429_with_retry_after_is_waited_for_then_answered(graphql, upstream):
    # given: the first UNHCR call is throttled with Retry-After 1 s (capped to 0.3 s in tests)
    upstream.script("UNHCR", Reply(429, b"", {"Retry-After": "1"}))

    # when
    started = time.monotonic()
    body = await graphql.execute(
        ONE_STATE_SERIES,
        {"iso3": "PHL", "source": "UNHCR", "codes": ["refugees_originating"]},
    )
    elapsed = time.monotonic() - started

    # then
    assert "errors" not in body, body.get("errors")
    assert [o["value"] for o in body["data"]["memberState"]["indicators"]] == [521, 480, 465]
    assert elapsed >= 0.3  # the wait came from Retry-After: retries have no backoff here
    assert len(upstream.requests("UNHCR")) == 3  # countries twice, then the population page


async def test_503_then_success_is_retried(graphql, upstream):
    upstream.script("WORLDBANK", Reply(503))

    data = await graphql.data(MIGRANT_STOCK_RANGE, {"iso3": "DEU", "from": 2024, "to": 2024})

    assert data["memberState"]["migrantStock"] == [{"year": 2024, "value": 16751376.0}]
    assert len(upstream.requests("WORLDBANK")) == 2


@pytest.mark.parametrize(
    "upstream_overrides",
    [{"upstream_timeout": 0.3, "upstream_connect_timeout": 0.3}],
    indirect=True,
)
async def test_timeouts_make_the_field_null_with_an_error(graphql, upstream):
    # given: the World Bank answers too late, every time
    upstream.slow["WORLDBANK"] = 1.0

    # when
    body = await graphql.execute(STATE_SERIES, {"iso3": "PHL"})

    # then
    state = body["data"]["memberState"]
    assert state["migrantStock"] is None
    assert state["remittancesReceived"] is None
    assert state["refugeesOriginating"][0]["year"] == 2023
    error = error_at(body, "memberState", "migrantStock")
    assert error["extensions"] == {
        "code": "UPSTREAM_UNAVAILABLE",
        "source": "WORLDBANK",
        "series": "SM.POP.TOTL",
    }
    assert "timed out" in error["message"]
    assert len(upstream.requests("WORLDBANK")) == 4  # two series, two attempts each


async def test_source_down_with_a_warm_cache_serves_stale_values_and_an_error(
    graphql, upstream, session
):
    # given a cache filled while the source was up, now older than its TTL
    fresh = (await graphql.data(STATE_SERIES, {"iso3": "PHL"}))["memberState"]
    await age_cache(session)
    upstream.down.add("WORLDBANK")

    # when
    body = await graphql.execute(STATE_SERIES, {"iso3": "PHL"})

    # then: data and error on the same path; the other source is refreshed and not stale
    state = body["data"]["memberState"]
    [remittances] = state["remittancesReceived"]
    assert remittances["value"] == fresh["remittancesReceived"][0]["value"]
    assert remittances["stale"] is True
    error = error_at(body, "memberState", "remittancesReceived")
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert error["extensions"]["source"] == "WORLDBANK"
    assert state["refugeesOriginating"][0]["stale"] is False
    assert state["name"] == "Philippines"
    paths = sorted(tuple(e["path"]) for e in body["errors"])
    assert paths == [
        ("memberState", "migrantStock"),
        ("memberState", "remittancesReceived"),
    ]


async def test_source_down_with_a_cold_cache_nulls_the_field_and_keeps_the_rest(graphql, upstream):
    upstream.down.add("UNHCR")

    body = await graphql.execute(STATE_SERIES, {"iso3": "PHL"})

    state = body["data"]["memberState"]
    assert state["refugeesOriginating"] is None
    assert state["remittancesReceived"][0]["year"] == 2023
    error = error_at(body, "memberState", "refugeesOriginating")
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert error["extensions"]["source"] == "UNHCR"
    assert len(body["errors"]) == 1


# The shipped upstream defaults (20 s per attempt, 3 attempts) against a short request deadline.
SHORT_DEADLINE = {
    "request_timeout_seconds": 1.5,
    "upstream_timeout": 20.0,
    "upstream_connect_timeout": 5.0,
    "upstream_attempts": 3,
    "upstream_backoff": 0.5,
    "upstream_max_retry_after": 10.0,
}
STALLS = ["hanging", "dripping"]


def stall(upstream: UpstreamServer, source: str, how: str) -> None:
    """Make `source` never answer, or send its body one byte every 50 ms."""
    if how == "hanging":
        upstream.hanging.add(source)
    else:
        upstream.dripping[source] = 0.05


async def timed_state_series(graphql) -> tuple[dict[str, Any], float]:
    """Run STATE_SERIES for PHL; return the body (after checking the status) and the seconds."""
    started = time.monotonic()
    response = await graphql.http.post(
        "/graphql", json={"query": STATE_SERIES, "variables": {"iso3": "PHL"}}
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    return response.json(), elapsed


def unavailable_paths(body: dict[str, Any]) -> set[tuple[str, ...]]:
    """Return the paths of the UPSTREAM_UNAVAILABLE errors from the World Bank."""
    return {
        tuple(error["path"])
        for error in body["errors"]
        if error["extensions"]
        == {"code": "UPSTREAM_UNAVAILABLE", "source": "WORLDBANK"}
        | {"series": error["extensions"].get("series")}
        and "timed out" in error["message"]
    }


@pytest.mark.parametrize("upstream_overrides", [SHORT_DEADLINE], indirect=True)
@pytest.mark.parametrize("how", STALLS)
async def test_a_stalled_source_with_a_warm_cache_serves_stale_values_within_the_deadline(
    graphql, upstream, session, how
):
    # given a cache filled while the World Bank was up, now older than its TTL
    fresh = (await graphql.data(STATE_SERIES, {"iso3": "PHL"}))["memberState"]
    assert fresh["remittancesReceived"]
    await age_cache(session)
    stall(upstream, "WORLDBANK", how)

    # when
    body, elapsed = await timed_state_series(graphql)

    # then: before the request's deadline, the stale values with an error on their paths
    assert elapsed < SHORT_DEADLINE["request_timeout_seconds"]
    state = body["data"]["memberState"]
    assert state["name"] == "Philippines"
    for field in ("migrantStock", "remittancesReceived"):
        assert state[field] == [{**value, "stale": True} for value in fresh[field]]
    assert unavailable_paths(body) == {
        ("memberState", "migrantStock"),
        ("memberState", "remittancesReceived"),
    }
    assert len(body["errors"]) == 2
    # and the sibling from another source was refreshed
    assert state["refugeesOriginating"] == [
        {"value": 465.0, "year": 2023, "unit": "persons", "stale": False}
    ]
    assert upstream.requests("WORLDBANK")


@pytest.mark.parametrize("upstream_overrides", [SHORT_DEADLINE], indirect=True)
@pytest.mark.parametrize("how", STALLS)
async def test_a_stalled_source_with_a_cold_cache_nulls_its_fields_within_the_deadline(
    graphql, upstream, how
):
    stall(upstream, "WORLDBANK", how)

    body, elapsed = await timed_state_series(graphql)

    assert elapsed < SHORT_DEADLINE["request_timeout_seconds"]
    state = body["data"]["memberState"]
    assert state["name"] == "Philippines"
    assert state["migrantStock"] is None
    assert state["remittancesReceived"] is None
    assert unavailable_paths(body) == {
        ("memberState", "migrantStock"),
        ("memberState", "remittancesReceived"),
    }
    assert len(body["errors"]) == 2
    assert state["refugeesOriginating"][0]["year"] == 2023


@pytest.mark.parametrize("upstream_overrides", [{"offline": True}], indirect=True)
async def test_offline_serves_the_cache_and_never_calls_upstream(graphql, upstream, session):
    # given one series in the cache (fetched long ago) and another never fetched
    await session.execute(
        text(
            "INSERT INTO indicator_observations (source, code, iso3, year, value, raw_value, name,"
            " fetched_at) VALUES ('WORLDBANK', 'SM.POP.TOTL', 'PHL', 2020, 2.5, '2.5',"
            " 'International migrant stock, total', now() - interval '30 days')"
        )
    )
    await session.commit()

    # when
    body = await graphql.execute(STATE_SERIES, {"iso3": "PHL"})

    # then
    assert upstream.requests() == []
    state = body["data"]["memberState"]
    assert state["migrantStock"][0]["value"] == 2.5
    assert state["migrantStock"][0]["stale"] is True
    assert state["remittancesReceived"] is None
    error = error_at(body, "memberState", "remittancesReceived")
    assert error["extensions"]["offline"] is True
    assert "iscm-graph sync" in error["message"]
    assert {tuple(e["path"]) for e in body["errors"]} == {
        ("memberState", "remittancesReceived"),
        ("memberState", "refugeesOriginating"),
    }


async def test_fifty_states_make_one_cache_read_and_one_request_sequence_per_series(
    graphql, upstream, statements
):
    # given 50 States with synthetic answers from three sources
    listing = await graphql.data("{ memberStates(first: 50) { edges { node { iso3 } } } }")
    iso3s = [edge["node"]["iso3"] for edge in listing["memberStates"]["edges"]]
    assert len(iso3s) == 50
    for n, iso3 in enumerate(iso3s):
        upstream.series.setdefault(("WORLDBANK", "SM.POP.TOTL"), {})[iso3] = {2020: 1000.0 + n}
        upstream.series.setdefault(("WORLDBANK", "BX.TRF.PWKR.CD.DT"), {})[iso3] = {2023: 5.0 * n}
        upstream.series.setdefault(("SDG", "SI_RMT_COST"), {})[iso3] = {2022: 6.5}
        upstream.series.setdefault(("UNHCR", "refugees_hosted"), {})[iso3] = {2024: float(n)}
    statements.reset()

    # when
    data = await graphql.data(FIFTY_STATES)

    # then: one request per series (UNHCR adds its country list), one cache read
    per_source = {
        source: len(upstream.requests(source)) for source in ("WORLDBANK", "SDG", "UNHCR", "UNPD")
    }
    assert per_source == {"WORLDBANK": 2, "SDG": 1, "UNHCR": 2, "UNPD": 0}
    assert cache_reads(statements) == 1
    nodes = {edge["node"]["iso3"]: edge["node"] for edge in data["memberStates"]["edges"]}
    tenth = nodes[iso3s[10]]
    assert tenth["migrantStock"] == [{"value": 1010.0, "year": 2020}]
    assert tenth["remittancesReceived"] == [{"value": 50.0, "year": 2023}]
    assert tenth["remittanceCostPercent"] == [{"value": 6.5, "year": 2022}]
    assert tenth["refugeesHosted"] == [{"value": 10.0, "year": 2024}]

    # and again: the cache is fresh, so one read and no upstream call at all
    statements.reset()
    assert await graphql.data(FIFTY_STATES) == data
    assert len(upstream.requests()) == sum(per_source.values())
    assert cache_reads(statements) == 1


async def test_a_state_unknown_to_the_world_bank_is_bisected_out_and_remembered(
    graphql, upstream, session
):
    # given: the World Bank refuses any call naming Aland (error 120 for the whole batch)
    query = """{
      alb: memberState(iso3: "ALB") { migrantStock { value } }
      ala: memberState(iso3: "ALA") { migrantStock { value } }
      arg: memberState(iso3: "ARG") { migrantStock { value } }
      aut: memberState(iso3: "AUT") { migrantStock { value } }
    }"""
    upstream.worldbank_unknown.add("ALA")
    for iso3, value in (("ALB", 1.0), ("ARG", 2.0), ("AUT", 3.0)):
        upstream.series.setdefault(("WORLDBANK", "SM.POP.TOTL"), {})[iso3] = {2020: value}

    # when
    first = await graphql.data(query)
    second = await graphql.data(query)

    # then: all four, two halves, then the half holding ALA split in two: five calls, once
    assert first == second
    assert first == {
        "alb": {"migrantStock": [{"value": 1.0}]},
        "ala": {"migrantStock": []},
        "arg": {"migrantStock": [{"value": 2.0}]},
        "aut": {"migrantStock": [{"value": 3.0}]},
    }
    assert len(upstream.requests("WORLDBANK")) == 5
    outcome = await session.scalar(
        text("SELECT outcome FROM indicator_fetches WHERE iso3 = 'ALA' AND code = 'SM.POP.TOTL'")
    )
    assert outcome == "REJECTED"


async def test_an_iscm_summary_aggregates_its_members(graphql, upstream):
    # given: Almaty Process members AFG AZE KAZ KGZ TJK TUR; three have 2020 data, one has 2023
    stock = upstream.series.setdefault(("WORLDBANK", "SM.POP.TOTL"), {})
    stock.update({"AFG": {2020: 100.0}, "AZE": {2020: 200.0}, "KAZ": {2020: 600.0, 2023: 50.0}})

    # when
    default = (await graphql.data(SUMMARY, {"slug": "almaty-process"}))["iscm"]
    latest = (await graphql.data(SUMMARY, {"slug": "almaty-process", "year": 2023}))["iscm"]

    # then: by default the year most members have data for
    assert default["indicatorSummary"] == {
        "year": 2020,
        "members": 6,
        "membersWithData": 3,
        "coverage": 0.5,
        "sum": 900.0,
        "mean": 300.0,
        "stale": False,
        "source": {"key": "WORLDBANK"},
    }
    assert latest["indicatorSummary"]["membersWithData"] == 1
    assert latest["indicatorSummary"]["sum"] == 50.0
    assert len(upstream.requests("WORLDBANK")) == 1


async def test_an_iscm_summary_with_its_source_down_and_nothing_cached_is_null(graphql, upstream):
    upstream.down.add("WORLDBANK")

    body = await graphql.execute(SUMMARY, {"slug": "almaty-process"})

    assert body["data"]["iscm"]["name"].startswith("Almaty Process")
    assert body["data"]["iscm"]["indicatorSummary"] is None
    error = error_at(body, "iscm", "indicatorSummary")
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


async def test_unpd_without_a_token_is_not_configured_and_never_called(graphql, upstream):
    body = await graphql.execute(
        ONE_STATE_SERIES, {"iso3": "DEU", "source": "UNPD", "codes": ["65"]}
    )

    assert body["data"]["memberState"] == {"name": "Germany", "indicators": None}
    error = error_at(body, "memberState", "indicators")
    assert error["extensions"]["code"] == "SOURCE_NOT_CONFIGURED"
    assert error["extensions"]["source"] == "UNPD"
    assert upstream.requests() == []


@pytest.mark.parametrize("upstream_overrides", [{"unpd_api_token": "test-token"}], indirect=True)
async def test_unpd_with_a_token_follows_next_page_links(graphql, upstream):
    data = await graphql.data(THREE_STATES_SERIES, {"source": "UNPD", "codes": ["65"]})

    values = {(o["year"], o["value"]) for o in data["deu"]["indicators"]}
    assert (2023, 681942.0) in values
    assert len(data["phl"]["indicators"]) == 4
    assert len(upstream.requests("UNPD")) == 2


async def test_a_series_the_source_refuses_is_bad_user_input(graphql, upstream):
    body = await graphql.execute(
        ONE_STATE_SERIES, {"iso3": "DEU", "source": "WORLDBANK", "codes": ["SM.POP.REFG"]}
    )

    assert body["data"]["memberState"]["indicators"] is None
    error = error_at(body, "memberState", "indicators")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["upstreamCode"] == "175"


async def test_a_source_refusing_this_server_is_unavailable_not_bad_input(graphql, upstream):
    upstream.script("WORLDBANK", Reply(403, b"<html>blocked</html>", {"Content-Type": "text/html"}))

    body = await graphql.execute(MIGRANT_STOCK_RANGE, {"iso3": "DEU"})

    assert body["data"]["memberState"]["migrantStock"] is None
    error = error_at(body, "memberState", "migrantStock")
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"source": "WORLDBANK", "codes": ["SM.POP.TOTL"], "from": 2020, "to": 2010}, "from"),
        ({"source": "WORLDBANK", "codes": ["SM.POP.TOTL"], "from": 1700}, "from"),
        ({"source": "WORLDBANK", "codes": ["SM.POP.TOTL"], "to": 3000}, "to"),
        ({"source": "WORLDBANK", "codes": ["../../etc/passwd"]}, "codes"),
        ({"source": "UNPD", "codes": ["net-migration"]}, "codes"),
        ({"source": "UNHCR", "codes": ["refugees"]}, "codes"),
        ({"source": "SDG", "codes": []}, "codes"),
        ({"source": "SDG", "codes": ["SI_RMT_COST"] * 21}, "codes"),
    ],
)
async def test_bad_arguments_are_bad_user_input_and_call_nothing(
    graphql, upstream, variables, argument
):
    body = await graphql.execute(ONE_STATE_SERIES, {"iso3": "PHL", **variables})

    assert body["data"]["memberState"]["name"] == "Philippines"
    assert body["data"]["memberState"]["indicators"] is None
    error = error_at(body, "memberState", "indicators")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert upstream.requests() == []


SDG_TARGET = """
query Target($code: String!, $iso3: String!) {
  sdgTarget(code: $code) {
    code
    series { code }
    observations(memberState: $iso3) { code iso3 year value unit source { key } }
  }
}
"""


async def test_an_sdg_indicator_gives_a_states_values_of_its_series(graphql, upstream):
    # given: indicator 10.7.3 is measured by SM_DTH_MIGR (recorded for Mexico)
    # when
    data = await graphql.data(SDG_TARGET, {"code": "10.7.3", "iso3": "MEX"})

    # then
    target = data["sdgTarget"]
    assert target["series"] == [{"code": "SM_DTH_MIGR"}]
    assert [o["code"] for o in target["observations"]] == ["SM_DTH_MIGR"] * 3
    assert [o["year"] for o in target["observations"]] == [2021, 2022, 2023]
    assert {o["source"]["key"] for o in target["observations"]} == {"SDG"}
    assert len(upstream.requests("SDG")) == 1


async def test_an_sdg_target_reads_the_series_of_its_indicators(graphql, upstream):
    # given: target 10.c has one indicator, 10.c.1, measured by three remittance-cost series
    upstream.series[("SDG", "SI_RMT_COST")] = {"PHL": {2022: 6.1, 2023: 5.9}}

    # when
    data = await graphql.data(SDG_TARGET, {"code": "10.c", "iso3": "PHL"})

    # then: a target has no series of its own, but its indicators' values
    target = data["sdgTarget"]
    assert target["series"] == []
    assert [(o["code"], o["year"], o["value"]) for o in target["observations"]] == [
        ("SI_RMT_COST", 2022, 6.1),
        ("SI_RMT_COST", 2023, 5.9),
    ]
    assert {seen.query[0][1] for seen in upstream.requests("SDG")} == {
        "SI_RMT_COST",
        "SI_RMT_COST_BC",
        "SI_RMT_COST_SC",
    }


async def test_sdg_observations_of_an_unknown_state_are_not_found(graphql, upstream):
    body = await graphql.execute(SDG_TARGET, {"code": "10.7.3", "iso3": "ZZZ"})

    assert body["data"]["sdgTarget"]["observations"] is None
    error = error_at(body, "sdgTarget", "observations")
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert upstream.requests() == []


def readme_query() -> str:
    """Return the example query of the README's UN data section."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## UN data in the graph", 1)[1]
    return section.split("```graphql", 1)[1].split("```", 1)[0]


async def test_the_readme_query_joins_members_with_their_statistics(graphql, upstream):
    # given synthetic answers for the Colombo Process members
    members = await graphql.data('{ iscm(slug: "colombo-process") { members { iso3 } } }')
    iso3s = [member["iso3"] for member in members["iscm"]["members"]]
    for n, iso3 in enumerate(iso3s):
        upstream.series.setdefault(("WORLDBANK", "SM.POP.TOTL"), {})[iso3] = {2020: 10.0 * n}
        upstream.series.setdefault(("WORLDBANK", "BX.TRF.PWKR.CD.DT"), {})[iso3] = {2023: 2.0}

    # when
    data = await graphql.data(readme_query())

    # then
    iscm = data["iscm"]
    assert len(iscm["members"]) == len(iso3s) == 12
    assert iscm["members"][1]["migrantStock"][0]["source"]["licence"] == "CC BY 4.0"
    assert iscm["indicatorSummary"] == {"year": 2023, "sum": 24.0, "mean": 2.0, "coverage": 1.0}
    assert len(upstream.requests("WORLDBANK")) == 2
    assert len(upstream.requests("SDG")) == 1
