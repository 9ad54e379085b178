"""Smoke test of the benchmark (bench/): its generator, and the limit's SQL against iscm-graph.

No timing, no wrk, no Node: the rows of scale 0.01 go into the test transaction, then each
query's hand-written statement must produce exactly iscm-graph's answer, every form sent as
the benchmark sends it (the atlas's questions by the hash of the atlas's own documents).
PostGraphile's forms are checked without it: each question has one with its adapter (or says
why not), and the SQL functions they rest on install on the current schema and count what the
limit counts.
"""

import asyncio
import json
import struct
from typing import Any

import pytest
from graphql import parse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bench.answers import ADAPTERS, compare, unsupported_reason
from bench.catalog import OURS, QUERIES, BenchQuery, by_name
from bench.forms import FORMS
from bench.generate import Counts, insert_synthetic_rows, install_postgraphile_functions
from bench.report import evaluate_targets, latency_targets, throughput_targets
from bench.statements import FrontendParser, StatementLog
from service.atlas import documents

SCALE = 0.01
TIME_LIMIT_SECONDS = 15
SYNTHETIC_COUNTS = """
SELECT (SELECT count(*) FROM recommendations WHERE synthetic) AS recommendations,
       (SELECT count(*) FROM review_contributions WHERE synthetic) AS contributions,
       (SELECT count(*) FROM review_contributions WHERE NOT synthetic) AS real_contributions
"""


@pytest.fixture
async def bench_rows(connection):
    """The benchmark's synthetic rows at scale 0.01, inside the test transaction."""
    async with asyncio.timeout(TIME_LIMIT_SECONDS):
        return await insert_synthetic_rows(connection, Counts.at_scale(SCALE))


async def test_generator_adds_flagged_rows_at_the_requested_scale(connection, bench_rows):
    # given the expected counts at scale 0.01
    counts = Counts.at_scale(SCALE)

    # when
    found = (await connection.execute(text(SYNTHETIC_COUNTS))).one()

    # then
    assert found.recommendations == counts.recommendations == 200
    assert found.contributions == counts.review_contributions == 500
    assert found.real_contributions == 0
    assert not [note for note in bench_rows if "could not" in note]


async def test_limit_sql_answers_exactly_as_iscm_graph_in_every_form(
    connection, client, bench_rows
):
    # given the queries, each supported by iscm-graph's schema
    assert [query.name for query in QUERIES if unsupported_reason(query) is not None] == []

    async with asyncio.timeout(TIME_LIMIT_SECONDS):
        for query in QUERIES:
            if "limit" in query.no_form:
                continue
            reference = json.loads((await connection.exec_driver_sql(query.sql)).scalar_one())
            for form in FORMS:
                # when iscm-graph answers the query in this form, sent as the benchmark sends it
                answer = await client.post(
                    "/graphql",
                    content=query.body(form),
                    headers={"content-type": "application/json"},
                )
                body = answer.json()

                # then its answer is the limit's
                entry = OURS if form == "written" else f"{OURS} {form}"
                assert compare(query, reference, entry, body) is None, (query.name, form)
                if form == "written":
                    assert reference["data"] == body["data"], query.name
            # and the answer is not empty: the question is asked of rows that exist
            assert any(v not in (None, [], {}) for v in reference["data"].values()), query.name


async def limit_data(connection: AsyncConnection, name: str) -> Any:
    """The limit's `data` for the question called `name`."""
    return json.loads((await connection.exec_driver_sql(by_name(name).sql)).scalar_one())["data"]


async def rows_of(connection: AsyncConnection, sql: str, **values: Any) -> list[tuple[Any, ...]]:
    """The rows of one statement, as tuples."""
    return [tuple(row) for row in await connection.execute(text(sql), values)]


def camel(name: str) -> str:
    """GraphQL's name of a column, as PostGraphile's inflector writes it."""
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def nonzero_cells(coverage: Any) -> dict[tuple[str, int], tuple[int, int]]:
    """A coverage matrix's cells that count something, by ISCM slug and objective."""
    return {
        (row["iscm"]["slug"], cell["objectiveNumber"]): (
            cell["recommendationCount"],
            cell["contributionCount"],
        )
        for row in coverage["rows"]
        for cell in row["cells"]
        if cell["recommendationCount"] or cell["contributionCount"]
    }


OBJECTIVE_COUNTS = """
SELECT i.slug, c.objective_number, c.recommendation_count, c.contribution_count
FROM iscms AS i, iscms_gcm_objective_counts(i, :synthetic) AS c
"""
CARD_COUNTS = """
SELECT i.slug,
       (SELECT count(*) FROM iscms_recommendations_with_shared(i) AS r
        WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL),
       (SELECT count(*) FROM iscms_events_with_shared(i))
FROM iscms AS i
WHERE i.slug = ANY(:slugs)
"""
ISCM_THEMES = """
SELECT i.slug, t.slug, t.name
FROM iscms AS i, iscms_thematic_areas(i) AS t
WHERE i.slug = ANY(:slugs)
"""
CELL_COUNTS = """
SELECT (SELECT count(*) FROM recommendations_addressing(:iscm, :objective) WHERE NOT synthetic),
       (SELECT count(*) FROM review_contributions_addressing(:iscm, :objective)
        WHERE NOT synthetic)
"""


def test_every_question_has_a_postgraphile_form_with_its_adapter_or_says_why():
    for query in QUERIES:
        if "postgraphile" in query.no_form:
            assert query.name not in ADAPTERS, query.name
            continue
        # a form PostGraphile can parse, and the adapter that maps its answer onto ours
        assert parse(query.postgraphile).definitions, query.name
        assert query.name in ADAPTERS, query.name


async def test_postgraphile_functions_count_what_the_limit_counts(connection, bench_rows):
    # given PostGraphile's SQL functions on the migrated schema, and recommendations shared with
    # ISCMs other than their own (the reference data's)
    await install_postgraphile_functions(connection)
    shared = await rows_of(connection, "SELECT count(*) FROM recommendation_shared_iscms")
    assert shared[0][0] > 0

    async with asyncio.timeout(TIME_LIMIT_SECONDS):
        for name, synthetic in (("gcm_coverage", True), ("atlas_coverage", False)):
            # when an ISCM's objective counts are read through its computed column
            counted = await rows_of(connection, OBJECTIVE_COUNTS, synthetic=synthetic)

            # then they are the limit's matrix, its empty cells left out
            coverage = (await limit_data(connection, name))["gcmCoverage"]
            assert {(s, n): (r, c) for s, n, r, c in counted} == nonzero_cells(coverage), name

        # and the heatmap's basis is the limit's
        found = await connection.execute(text("SELECT (gcm_coverage_basis(false)).*"))
        basis = dict(zip(map(camel, found.keys()), found.one(), strict=True))
        assert basis == {k: v for k, v in coverage["basis"].items() if k != "__typename"}

        # and so are the cards' recommendation and meeting counts, shared ones included
        cards = [
            edge["node"]
            for edge in (await limit_data(connection, "atlas_iscm_index"))["iscms"]["edges"]
        ]
        slugs = [card["slug"] for card in cards]
        assert {s: (r, e) for s, r, e in await rows_of(connection, CARD_COUNTS, slugs=slugs)} == {
            card["slug"]: (
                card["recommendations"]["totalCount"],
                card["events"]["totalCount"],
            )
            for card in cards
        }

        # and the catalogue's thematic areas, in order
        page = [
            edge["node"]
            for edge in (await limit_data(connection, "catalogue_page"))["iscms"]["edges"]
        ]
        themes: dict[str, list[dict[str, str]]] = {}
        for iscm, slug, theme in await rows_of(
            connection, ISCM_THEMES, slugs=[i["slug"] for i in page]
        ):
            themes.setdefault(iscm, []).append({"slug": slug, "name": theme})
        assert themes == {i["slug"]: i["thematicAreas"] for i in page if i["thematicAreas"]}

        # and the records of the atlas's heatmap cell
        cell = await limit_data(connection, "atlas_cell_outcomes")
        variables = by_name("atlas_cell_outcomes").variables
        assert await rows_of(connection, CELL_COUNTS, **variables) == [
            (cell["recommendations"]["totalCount"], cell["reviewContributions"]["totalCount"])
        ]


def test_generator_refuses_a_scale_that_is_not_positive():
    with pytest.raises(ValueError, match="positive"):
        Counts.at_scale(0)


def frontend_message(kind: bytes, *fields: bytes) -> bytes:
    """Encode one PostgreSQL frontend message."""
    payload = b"".join(fields)
    return kind + struct.pack("!I", len(payload) + 4) + payload


def test_statement_counter_reads_simple_and_extended_queries():
    # given a client that starts up, prepares once and executes twice, and runs BEGIN
    log = StatementLog()
    parser = FrontendParser(log)
    parameters = b"user\0x\0\0"
    startup = struct.pack("!II", 8 + len(parameters), 196608) + parameters
    stream = (
        struct.pack("!II", 8, 80877103)  # SSLRequest, refused by the proxy
        + startup
        + frontend_message(b"Q", b"BEGIN;\0")
        + frontend_message(b"P", b"s1\0", b"SELECT json_build_object('a', 1)\0", b"\0\0")
        + frontend_message(b"B", b"\0", b"s1\0", b"\0\0\0\0\0\0")
        + frontend_message(b"E", b"\0", b"\0\0\0\0")
        + frontend_message(b"B", b"\0", b"s1\0", b"\0\0\0\0\0\0")
        + frontend_message(b"E", b"\0", b"\0\0\0\0")
        + frontend_message(b"Q", b";\0")
    )

    # when the bytes arrive in awkward pieces
    for start in range(0, len(stream), 7):
        parser.feed(stream[start : start + 7])

    # then
    assert log.counts == {"transaction": 1, "data": 2, "session": 1}
    assert log.data_statements == ["SELECT json_build_object('a', 1)"] * 2


def test_a_run_with_failed_requests_meets_no_target():
    # given iscm-graph "faster than the limit" only because most requests were refused (429s)
    query = BenchQuery(name="q", label="q", kind="nested", description="")
    fast = {"rps": 500.0, "p50_ms": 1.0, "p99_ms": 2.0, "requests": 1000}
    ours = {
        "connections": {"1": {**fast, "errors": 900}, "8": {**fast, "errors": 0}},
        "ratios": {"connections": {c: {"rps": 2.0, "p50_ms": 0.5, "p99_ms": 0.5} for c in "18"}},
    }
    theirs = {"connections": {c: {**fast, "rps": 10.0, "errors": 0} for c in "18"}}

    # when
    lines = throughput_targets(query, ours, theirs) + latency_targets(query, ours)

    # then nothing measured on the failing run counts, and the clean run still does
    at_one = [line for line in lines if line["connections"] == 1]
    assert at_one
    assert all(line["met"] is False for line in at_one)
    assert all("900 of 1000 requests failed" in line["detail"] for line in at_one)
    assert any(line["met"] for line in lines if line["connections"] == 8)


def test_the_tail_target_shows_the_limits_own_tail_beside_ours():
    # given a run where the limit itself has a long tail at 8 connections
    query = BenchQuery(name="q", label="q", kind="small", description="")
    figures_ = {"rps": 500.0, "requests": 1000, "errors": 0}
    ours = {
        "status": "ok",
        "connections": {"8": {**figures_, "p50_ms": 1.0, "p99_ms": 3.5}},
        "ratios": {"connections": {}},
    }
    limit = {"connections": {"8": {**figures_, "p50_ms": 0.5, "p99_ms": 2.5}}}

    # when
    (tail,) = [
        line for line in latency_targets(query, ours, limit=limit) if line["connections"] == 8
    ]

    # then the target is judged on ours alone, the limit's spread shown beside it
    assert tail["met"] is False
    times = "\N{MULTIPLICATION SIGN}"
    assert tail["detail"] == f"p99 = 3.5 {times} p50 (the limit's: 5.0 {times})"


def export_run(scale: float, p50_ms: float, rss_mb: float) -> dict:
    """Return saved results of an export-only run at `scale`, as the report keeps them."""
    ours = {
        "connections": {"1": {"p50_ms": p50_ms}},
        "statements_per_request": 1.0,
        "peak_rss_mb": rss_mb,
    }
    return {
        "generated_at": f"run at scale {scale:g}",
        "database": {"scale": scale},
        "queries": {"contribution_export": {"servers": {"iscm-graph": ours}}},
    }


def test_scale_targets_are_judged_on_the_saved_runs():
    # given a scale 1 run, an earlier scale 0.1 run and a later scale 10 run
    this = export_run(1, p50_ms=3.0, rss_mb=120)
    saved: dict[str, dict[str, Any] | None] = {
        "tenth": export_run(0.1, p50_ms=2.0, rss_mb=110),
        "ten": export_run(10, p50_ms=45.0, rss_mb=180),
        "one": this,
    }

    # when the targets are judged
    targets = evaluate_targets(this, (), saved)

    # then memory is judged at scale 10, and growth twice: 1 vs 0.1 (met) and 10 vs 1 (15 times)
    [memory] = [t for t in targets if t["target"].startswith("RSS")]
    assert memory["met"] is True
    assert "peak 180 MB at scale 10" in memory["detail"]
    growth = [t for t in targets if t["target"].startswith("growth")]
    assert [t["met"] for t in growth] == [True, False]
    assert "1.5 \N{MULTIPLICATION SIGN} the scale 0.1 run's" in growth[0]["detail"]
    assert "15.0 \N{MULTIPLICATION SIGN} the scale 1 run's" in growth[1]["detail"]


def test_every_atlas_query_is_a_benchmark_question_in_the_atlas_text():
    # given the documents the atlas allow-lists and sends
    sent = {document.operation_name: document for document in documents()}

    # when the benchmark's atlas questions are read
    asked = {query.atlas: query for query in QUERIES if query.atlas is not None}

    # then each is a question, asked in the atlas's own text and, as the client form, by hash
    assert asked.keys() == sent.keys()
    for name, query in asked.items():
        assert query.graphql == sent[name].text
        body = json.loads(query.body("client"))
        assert "query" not in body
        assert body["extensions"]["persistedQuery"]["sha256Hash"] == sent[name].sha256
        assert body["operationName"] == name
        # and a server without a form of it says why rather than being left out silently
        assert all(reason.strip() for reason in query.no_form.values())
