"""OpenTelemetry end to end: the caller's trace is continued, with database and HTTP spans.

Tracing is switched on as in production (OTEL_EXPORTER_OTLP_ENDPOINT set), but spans go to
memory. A tracer provider can be installed once per process, so this module installs it once
and takes the instrumentations off again when it ends.
"""

import os
from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from db.session import RequestSession
from resolvers.context import ApiConfig, Context
from schema import schema
from schema.observability import OTEL_ENDPOINT_VARIABLE, tracing_extensions
from service import tracing
from service.settings import Settings
from tests.in_process import app_client
from tests.un_upstream import UpstreamServer, serve_upstream

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{CALLER_SPAN_ID}-01"
TRACESTATE = "caller=opaque-value"
STATE_WITH_REMITTANCES = """
query Traced { memberState(iso3: "PHL") { name remittancesReceived { value year } } }
"""
ASYNCPG = "opentelemetry.instrumentation.asyncpg"
HTTPX = "opentelemetry.instrumentation.httpx"


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    """Tracing on, exporting to memory, for this module only."""
    patch = pytest.MonkeyPatch()
    patch.setenv(OTEL_ENDPOINT_VARIABLE, "http://127.0.0.1:4318")
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    assert tracing.configure_tracing(provider=provider)
    # the schema is built once per process: add the extension as building it now would
    patch.setattr(schema, "extensions", [*schema.extensions, *tracing_extensions()])
    yield exporter
    AsyncPGInstrumentor().uninstrument()
    HTTPXClientInstrumentor().uninstrument()
    patch.undo()


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> InMemorySpanExporter:
    exporter.clear()
    return exporter


@pytest.fixture(scope="module")
def upstream_server() -> Iterator[UpstreamServer]:
    yield from serve_upstream()


def hex_trace(span: ReadableSpan) -> str:
    return format(span.context.trace_id, "032x")


def from_scope(spans: list[ReadableSpan], scope: str) -> list[ReadableSpan]:
    return [
        span
        for span in spans
        if span.instrumentation_scope is not None and span.instrumentation_scope.name == scope
    ]


async def test_spans_cover_the_operation_and_its_read(spans, session_factory):
    # when
    context = Context.create(RequestSession(session_factory), ApiConfig())
    result = await schema.execute(
        "query Traced { iscms(first: 2) { totalCount edges { node { slug } } } }",
        context_value=context,
    )
    await context.db.close()

    # then
    assert result.errors is None
    names = [span.name for span in spans.get_finished_spans()]
    assert "GraphQL Query: Traced" in names
    assert any("iscms" in name for name in names)
    assert trace.get_tracer_provider() is not None


async def test_a_request_continues_the_callers_trace_with_database_and_http_spans(
    spans, database_url, session_factory, upstream_server
):
    # given the service fetching UN data from the loopback source
    upstream_server.reset()
    settings = Settings(database_url=database_url, offline=False, **upstream_server.base_urls())

    # when a caller sends its trace context
    async with app_client(settings, session_factory) as client:
        spans.clear()  # start-up's own work (measuring list sizes) is not the caller's
        response = await client.post(
            "/graphql",
            json={"query": STATE_WITH_REMITTANCES},
            headers={"traceparent": TRACEPARENT, "tracestate": TRACESTATE},
        )

    # then every span belongs to the caller's trace, under the caller's span
    assert response.status_code == 200
    assert response.json()["data"]["memberState"]["remittancesReceived"], response.json()
    finished = spans.get_finished_spans()
    assert {hex_trace(span) for span in finished} == {TRACE_ID}
    [server] = [span for span in finished if span.kind is SpanKind.SERVER and span.parent.is_remote]
    assert format(server.parent.span_id, "016x") == CALLER_SPAN_ID
    assert server.context.trace_state.get("caller") == "opaque-value"
    [operation] = [span for span in finished if span.name == "GraphQL Query: Traced"]
    assert operation.parent.span_id == server.context.span_id
    # and the database statements and the call to the World Bank have their own spans
    statements = from_scope(finished, ASYNCPG)
    assert statements, [span.name for span in finished]
    assert all(span.kind is SpanKind.CLIENT for span in statements)
    assert any(span.name == "SELECT" for span in statements)
    calls = from_scope(finished, HTTPX)
    assert calls, [span.name for span in finished]
    assert all(span.kind is SpanKind.CLIENT for span in calls)
    # and the source was told the trace, so its own spans can join it
    worldbank = upstream_server.requests("WORLDBANK")
    assert worldbank
    assert all(seen.traceparent.split("-")[1] == TRACE_ID for seen in worldbank)


async def test_a_read_continues_the_trace_with_its_one_statement(spans, settings, session_factory):
    async with app_client(settings, session_factory) as client:
        spans.clear()  # start-up's own work (measuring list sizes) is not the caller's
        response = await client.post(
            "/graphql",
            json={"query": 'query Bali { iscm(slug: "bali-process") { name } }'},
            headers={"traceparent": TRACEPARENT},
        )

    assert response.json()["data"]["iscm"]["name"].startswith("Bali Process")
    finished = spans.get_finished_spans()
    assert {hex_trace(span) for span in finished} == {TRACE_ID}
    statements = from_scope(finished, ASYNCPG)
    assert any(
        "json_build_object" in str((span.attributes or {}).get("db.statement", ""))
        or "json_build_object" in str((span.attributes or {}).get("db.query.text", ""))
        for span in statements
    ), [dict(span.attributes or {}) for span in statements]


def test_tracing_is_off_without_the_endpoint(monkeypatch):
    monkeypatch.delenv(OTEL_ENDPOINT_VARIABLE, raising=False)

    assert tracing_extensions() == []
    assert tracing.tracing_middleware() == []
    assert tracing.configure_tracing() is False
    assert OTEL_ENDPOINT_VARIABLE not in os.environ
