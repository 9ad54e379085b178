"""Operations over HTTP: access log, metrics, rate limits, persisted queries, ftv1, timeouts."""

import asyncio
import hashlib
import json
import logging
import re

import pytest

from db.queries import persisted_queries
from resolvers.errors import ErrorCode
from service.logging import JsonFormatter
from service.middleware import REQUEST_ID_HEADER
from service.persisted import allow_list_variants, sha256_of
from service.timeouts import RequestTimeout
from tests.in_process import app_client

COUNT_ISCMS = "query CountIscms { iscms { totalCount } }"
COUNT_BODY = {"query": COUNT_ISCMS, "operationName": "CountIscms"}
FTV1_HEADER = "apollo-federation-include-trace"


def apq(sha256: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


def metric_value(exposition: str, name: str, **labels: str) -> float:
    """Return one sample's value from a Prometheus exposition (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in exposition.splitlines():
        match = re.fullmatch(rf"{re.escape(name)}\{{(.*)\}} (\S+)", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    return 0.0


async def test_access_log_has_one_json_ready_line_with_the_request_id_and_statement_count(
    client, caplog
):
    # given a client-chosen request id
    caplog.set_level(logging.INFO, logger="iscm_graph.access")
    # when
    response = await client.post(
        "/graphql", json=COUNT_BODY, headers={REQUEST_ID_HEADER: "trace-42"}
    )
    # then the id is echoed and logged with the operation, status, client and SQL count
    assert response.status_code == 200
    assert response.headers[REQUEST_ID_HEADER] == "trace-42"
    lines = [r for r in caplog.records if r.name == "iscm_graph.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line.request_id == "trace-42"
    assert line.operation == "CountIscms"
    assert line.operation_type == "query"
    assert line.status == 200
    assert line.client == "anonymous"
    assert line.statements >= 1
    assert line.duration_ms > 0
    assert line.error_codes == []


async def test_a_compiled_read_logs_its_operation_and_its_statements(client, caplog, statements):
    # given an operation the compiled path answers (it runs on asyncpg, out of SQLAlchemy's sight)
    caplog.set_level(logging.INFO, logger="iscm_graph.access")
    body = {"query": 'query Bali { iscm(slug: "bali-process") { name } }'}
    statements.reset()

    # when it runs
    response = await client.post("/graphql", json=body)

    # then its access line names it and counts every statement, its one compiled statement
    # among them (the others are the test transaction's savepoints)
    assert response.json()["data"]["iscm"]["name"].startswith("Bali Process")
    [line] = [r for r in caplog.records if r.name == "iscm_graph.access"]
    assert (line.operation, line.operation_type) == ("Bali", "query")
    assert line.statements == len(statements.statements)
    assert [s for s in statements.statements if "SAVEPOINT" not in s] == [
        s for s in statements.statements if "json_build_object" in s
    ]
    assert len([s for s in statements.statements if "json_build_object" in s]) == 1


async def test_a_generated_request_id_is_logged_too(client, caplog):
    caplog.set_level(logging.INFO, logger="iscm_graph.access")
    response = await client.post("/graphql", json=COUNT_BODY)
    generated = response.headers[REQUEST_ID_HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert [r.request_id for r in caplog.records if r.name == "iscm_graph.access"] == [generated]


def test_the_json_formatter_writes_extras_as_fields():
    record = logging.makeLogRecord(
        {"name": "iscm_graph.access", "msg": "request", "levelname": "INFO", "status": 201}
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request"
    assert line["status"] == 201
    assert line["logger"] == "iscm_graph.access"


async def test_metrics_count_requests_by_operation_and_outcome_and_errors_by_code(
    settings, session, session_factory
):
    # given an allow-listed document, and the counters as they are now (the registry lives
    # as long as the process)
    await persisted_queries.register(
        session, sha256_of(COUNT_ISCMS), COUNT_ISCMS, "CountIscms", allow_listed=True
    )
    async with app_client(settings, session_factory) as client:
        before = (await client.get("/metrics")).text
        # when two good requests and one invalid document are sent
        for _ in range(2):
            await client.post("/graphql", json=COUNT_BODY)
        await client.post("/graphql", json={"query": "query Broken { nope }"})
        # then
        after = await client.get("/metrics")
    assert after.status_code == 200
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text

    def delta(name: str, **labels: str) -> float:
        return metric_value(text, name, **labels) - metric_value(before, name, **labels)

    assert delta("iscm_graphql_requests_total", operation="CountIscms", outcome="ok") == 2
    # a name no known document has is labelled `other`
    assert delta("iscm_graphql_requests_total", operation="Broken", outcome="error") == 0
    assert delta("iscm_graphql_requests_total", operation="other", outcome="error") == 1
    assert (
        delta("iscm_graphql_request_duration_seconds_count", operation="CountIscms", outcome="ok")
        == 2
    )
    assert delta("iscm_graphql_errors_total", code="GRAPHQL_VALIDATION_FAILED") == 1
    assert 'iscm_db_pool_connections{state="in_use"}' in text
    assert 'iscm_db_pool_connections{state="waiting"}' in text


async def test_the_rate_limit_answers_429_with_retry_after(settings, session_factory):
    # given two requests a minute for anonymous clients
    limited = settings.model_copy(
        update={"rate_limit_anonymous_per_minute": 2, "rate_limit_burst": 2}
    )
    async with app_client(limited, session_factory) as client:
        # when three arrive at once
        statuses = [(await client.post("/graphql", json=COUNT_BODY)).status_code for _ in range(3)]
        refused = await client.post("/graphql", json=COUNT_BODY)
        health = await client.get("/healthz")
    # then the third is refused with a typed error and a wait of 30 s (one token per 30 s)
    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "30"
    assert refused.json()["errors"][0]["extensions"]["code"] == ErrorCode.RATE_LIMITED
    assert health.status_code == 200  # probes are never limited


async def test_api_keys_have_their_own_bucket(settings, session_factory):
    limited = settings.model_copy(
        update={"rate_limit_anonymous_per_minute": 1, "rate_limit_per_minute": 0}
    )
    async with app_client(limited, session_factory) as client:
        first = await client.post("/graphql", json=COUNT_BODY)
        second = await client.post("/graphql", json=COUNT_BODY)
        # a (bad) key is not limited here (0 disables the per-key limit): auth refuses it
        keyed = await client.post(
            "/graphql", json=COUNT_BODY, headers={"Authorization": "Bearer iscm_nope"}
        )
    assert [first.status_code, second.status_code, keyed.status_code] == [200, 429, 401]


async def test_apq_miss_then_registration_then_hit(client):
    # given a document the server has never seen
    document = "query PersistedCount { iscms { totalCount } }"
    sha256 = hashlib.sha256(document.encode()).hexdigest()
    # when the client sends only its hash
    miss = await client.post("/graphql", json={"extensions": apq(sha256)})
    # then it is told to send the document
    assert miss.status_code == 200
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    # when it sends a document with a hash that is not the document's
    wrong = await client.post("/graphql", json={"query": document, "extensions": apq("0" * 64)})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["extensions"]["code"] == ErrorCode.BAD_USER_INPUT
    # when it sends the document with its hash, it is registered and runs
    registered = await client.post("/graphql", json={"query": document, "extensions": apq(sha256)})
    assert registered.json() == {"data": {"iscms": {"totalCount": 34}}}
    # then the hash alone runs it, over POST and over a cacheable GET
    hit = await client.post("/graphql", json={"extensions": apq(sha256)})
    assert hit.json() == {"data": {"iscms": {"totalCount": 34}}}
    get = await client.get(
        "/graphql",
        params={"extensions": f'{{"persistedQuery":{{"version":1,"sha256Hash":"{sha256}"}}}}'},
    )
    assert get.status_code == 200
    assert get.json() == {"data": {"iscms": {"totalCount": 34}}}
    assert get.headers["cache-control"] == "public, max-age=300"


async def test_apq_with_a_bad_version_is_refused(client):
    response = await client.post(
        "/graphql", json={"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "a"}}}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == ErrorCode.BAD_USER_INPUT


async def test_authenticated_gets_are_not_publicly_cacheable(client):
    document = "query PrivateCount { iscms { totalCount } }"
    sha256 = sha256_of(document)
    await client.post("/graphql", json={"query": document, "extensions": apq(sha256)})
    response = await client.get(
        "/graphql",
        params={"extensions": f'{{"persistedQuery":{{"version":1,"sha256Hash":"{sha256}"}}}}'},
        headers={"Authorization": "Bearer iscm_nope"},
    )
    assert "cache-control" not in response.headers


async def test_allow_list_mode_refuses_documents_not_registered(settings, session_factory, session):
    # given one allow-listed document and the allow-list mode
    listed = "query Listed { iscms { totalCount } }"
    for variant in allow_list_variants(listed):
        await persisted_queries.register(
            session, sha256_of(variant), variant, "Listed", allow_listed=True
        )
    await session.flush()
    strict = settings.model_copy(update={"persisted_only": True})
    async with app_client(strict, session_factory) as client:
        # when
        other = await client.post("/graphql", json={"query": COUNT_ISCMS})
        other_by_hash = await client.post(
            "/graphql", json={"query": COUNT_ISCMS, "extensions": apq(sha256_of(COUNT_ISCMS))}
        )
        unknown_hash = await client.post("/graphql", json={"extensions": apq("1" * 64)})
        full = await client.post("/graphql", json={"query": listed})
        reformatted = await client.post(
            "/graphql", json={"query": "query Listed {\n  iscms {\n    totalCount\n  }\n}"}
        )
        by_hash = await client.post("/graphql", json={"extensions": apq(sha256_of(listed))})
    # then only the allow-listed document runs, whichever way it is sent
    for refused in (other, other_by_hash, unknown_hash):
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
    for allowed in (full, reformatted, by_hash):
        assert allowed.json() == {"data": {"iscms": {"totalCount": 34}}}


async def test_introspection_off_refuses_schema_queries(settings, session_factory):
    closed = settings.model_copy(update={"introspection": False})
    async with app_client(closed, session_factory) as client:
        response = await client.post("/graphql", json={"query": "{ __schema { types { name } } }"})
    assert response.json().get("data") is None
    assert response.json()["errors"][0]["extensions"]["code"]


async def test_ftv1_traces_only_when_the_gateway_asks(client):
    plain = await client.post("/graphql", json=COUNT_BODY)
    traced = await client.post("/graphql", json=COUNT_BODY, headers={FTV1_HEADER: "ftv1"})
    assert "extensions" not in plain.json() or "ftv1" not in plain.json()["extensions"]
    ftv1 = traced.json()["extensions"]["ftv1"]
    assert isinstance(ftv1, str)
    assert len(ftv1) > 20


async def test_a_request_past_the_timeout_gets_504_with_a_graphql_error():
    # given an app slower than the limit
    async def slow(scope, receive, send):
        await asyncio.sleep(5)

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    # when
    await RequestTimeout(slow, seconds=0.05)({"type": "http", "path": "/graphql"}, receive, send)
    # then
    assert sent[0]["status"] == 504
    body = json.loads(sent[1]["body"])
    assert body["errors"][0]["extensions"] == {"code": "TIMEOUT", "seconds": 0.05}


@pytest.mark.parametrize("path", ["/healthz"])
async def test_fast_requests_pass_the_timeout(settings, session_factory, path):
    quick = settings.model_copy(update={"request_timeout_seconds": 5})
    async with app_client(quick, session_factory) as client:
        assert (await client.get(path)).status_code == 200
