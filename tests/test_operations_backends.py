"""Rate-limit buckets (in-process and Redis) and OpenTelemetry tracing, without HTTP."""

import uuid

import pytest

from db.session import RequestSession
from resolvers.context import ApiConfig, Context
from schema import schema
from schema.observability import tracing_extensions
from service import tracing
from service.ratelimit import Limit, LocalBuckets, RedisBuckets

REDIS_URL = "redis://127.0.0.1:6379/0"
TWO_PER_MINUTE = Limit.per_minute(2, burst=2)


async def test_local_buckets_refuse_when_empty_and_refill_with_time():
    # given a clock the test moves
    now = [100.0]
    buckets = LocalBuckets(clock=lambda: now[0])
    # when three requests come at once
    decisions = [await buckets.take("address:a", TWO_PER_MINUTE) for _ in range(3)]
    # then the third waits 30 s, another client is unaffected, and 30 s later one more passes
    assert [d.allowed for d in decisions] == [True, True, False]
    assert decisions[2].retry_after == pytest.approx(30.0)
    assert (await buckets.take("address:b", TWO_PER_MINUTE)).allowed
    now[0] += 30.0
    assert (await buckets.take("address:a", TWO_PER_MINUTE)).allowed
    assert not (await buckets.take("address:a", TWO_PER_MINUTE)).allowed


async def redis_buckets() -> RedisBuckets:
    buckets = RedisBuckets(REDIS_URL, prefix=f"iscm-graph-test:{uuid.uuid4().hex}:")
    try:
        await buckets._redis.ping()
    except OSError as error:  # redis-py's ConnectionError is an OSError too
        await buckets.close()
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    return buckets


async def test_redis_buckets_are_shared_by_every_instance():
    # given two instances' limiters on the same Redis
    first = await redis_buckets()
    second = RedisBuckets(REDIS_URL, prefix=first._prefix)
    try:
        # when each takes from the same client's bucket
        taken = [
            await first.take("key:k1", TWO_PER_MINUTE),
            await second.take("key:k1", TWO_PER_MINUTE),
            await first.take("key:k1", TWO_PER_MINUTE),
        ]
        # then the bucket is one: the third request is refused, with the wait to the next token
        assert [d.allowed for d in taken] == [True, True, False]
        assert 29.0 < taken[2].retry_after <= 30.0
        assert (await second.take("key:other", TWO_PER_MINUTE)).allowed
        ttl = await first._redis.pttl(first._prefix + "key:k1")
        assert 0 < ttl <= 61_000
    finally:
        await first._redis.delete(first._prefix + "key:k1", first._prefix + "key:other")
        await first.close()
        await second.close()


async def test_an_unreachable_redis_lets_requests_through():
    buckets = RedisBuckets("redis://127.0.0.1:1/0")
    try:
        assert (await buckets.take("key:k", TWO_PER_MINUTE)).allowed
    finally:
        await buckets.close()


async def test_opentelemetry_spans_cover_the_operation_and_its_reads(monkeypatch, session_factory):
    # given OTLP export configured (spans go to memory here)
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry import trace  # noqa: PLC0415 - optional
    from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415 - optional
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: PLC0415 - optional
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: PLC0415 - optional

    exporter = InMemorySpanExporter()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    assert tracing.configure_tracing(provider=provider)
    # the schema is built once per process: add the extension as building it now would
    monkeypatch.setattr(schema, "extensions", [*schema.extensions, *tracing_extensions()])
    traced = schema
    # when
    context = Context.create(RequestSession(session_factory), ApiConfig())
    result = await traced.execute(
        "query Traced { iscms(first: 2) { totalCount edges { node { slug } } } }",
        context_value=context,
    )
    await context.db.close()
    # then
    assert result.errors is None
    names = [span.name for span in exporter.get_finished_spans()]
    assert "GraphQL Query: Traced" in names
    assert any("iscms" in name for name in names), names
    assert trace.get_tracer_provider() is provider


def test_tracing_is_off_without_the_endpoint(monkeypatch):

    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert tracing_extensions() == []
    assert tracing.configure_tracing() is False
