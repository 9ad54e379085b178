"""Prometheus metrics: one registry per process, merged across workers when ISCM_WORKERS > 1.

`iscm-graph serve --workers N` points PROMETHEUS_MULTIPROC_DIR at an emptied directory before
uvicorn starts the workers; prometheus-client then keeps every value in files there and
`/metrics` (answered by any worker) sums them. With one worker values live in memory.
"""

import os
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import asyncpg
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response

from resolvers.errors import ErrorCode
from resolvers.indicator_cache import (
    CachedObservation,
    CachedSeries,
    CacheEntry,
    FetchResult,
    IndicatorService,
    SeriesKey,
    StateRef,
)
from service.metrics_setup import MULTIPROC_VARIABLE

ANONYMOUS_OPERATION = "anonymous"
OTHER_OPERATION = "other"
# A response holding an error with one of these codes is a server error, whatever its status.
SERVER_ERROR_CODES = frozenset(
    {ErrorCode.INTERNAL_SERVER_ERROR.value, ErrorCode.SERVICE_UNAVAILABLE.value}
)

REGISTRY = CollectorRegistry()
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "iscm_graphql_requests_total",
    "GraphQL requests by operation name and outcome.",
    ["operation", "outcome"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "iscm_graphql_request_duration_seconds",
    "GraphQL request latency by operation name and outcome.",
    ["operation", "outcome"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
ERRORS = Counter(
    "iscm_graphql_errors_total",
    "GraphQL errors in responses, by extensions.code.",
    ["code"],
    registry=REGISTRY,
)
POOL = Gauge(
    "iscm_db_pool_connections",
    "Database pool connections in use and requests waiting for one (summed over workers).",
    ["state"],
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
UPSTREAM = Counter(
    "iscm_upstream_requests_total",
    "Calls to UN data sources by source and outcome (ok, failed).",
    ["source", "outcome"],
    registry=REGISTRY,
)
CACHE = Counter(
    "iscm_indicator_cache_total",
    "UN series served from the cache by outcome (hit, stale, refreshed, miss).",
    ["outcome"],
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "iscm_rate_limited_total",
    "Requests refused with 429, by who was limited (key, address).",
    ["kind"],
    registry=REGISTRY,
)
PERSISTED = Counter(
    "iscm_persisted_queries_total",
    "Persisted-query lookups by outcome (hit, miss, registered, refused).",
    ["outcome"],
    registry=REGISTRY,
)


class KnownOperations:
    """The operation names requests are labelled by; any other name is labelled `other`.

    Clients name operations as they like, so a label per name would let any client add
    series without bound. Known names are the explorer's example queries and the
    allow-listed documents' (`iscm-graph persisted add`), learnt at start-up and whenever
    an allow-listed document is read from the database.
    """

    def __init__(self) -> None:
        self._names: set[str] = set()

    def learn(self, names: Iterable[str]) -> None:
        """Label requests by these operation names from now on."""
        self._names.update(names)

    def label(self, name: str | None) -> str:
        """Return the label of a request running the operation `name` (None: unnamed)."""
        if not name:
            return ANONYMOUS_OPERATION
        return name if name in self._names else OTHER_OPERATION


KNOWN_OPERATIONS = KnownOperations()


def outcome_of(status: int, error_codes: Iterable[str]) -> str:
    """Classify a GraphQL response for the request metrics.

    An internal error in one field leaves the rest of a 200 answer, and is still a server
    error: monitoring must see it.
    """
    codes = set(error_codes)
    if status == 429:
        return "rate_limited"
    if status == 504:
        return "timeout"
    if status >= 500 or codes & SERVER_ERROR_CODES:
        return "server_error"
    if status >= 400:
        return "refused"
    return "error" if codes else "ok"


@lru_cache(maxsize=1024)
def _request_series(operation: str, outcome: str) -> tuple[Any, Any]:
    """Return the request counter and histogram of one label pair (labels() locks and checks)."""
    return REQUESTS.labels(operation, outcome), LATENCY.labels(operation, outcome)


def observe_request(
    operation: str | None, status: int, seconds: float, error_codes: list[str]
) -> None:
    """Count one GraphQL request, its latency and its errors."""
    requests, latency = _request_series(
        KNOWN_OPERATIONS.label(operation), outcome_of(status, error_codes)
    )
    requests.inc()
    latency.observe(seconds)
    for code in error_codes:
        ERRORS.labels(code).inc()


POOL_IN_USE = POOL.labels("in_use")
POOL_WAITING = POOL.labels("waiting")
# The gauges' last values: set only on a change, since with several workers each set is a
# write to a shared file.
_pool_seen: dict[str, int] = {}


def _set_pool_gauge(state: str, value: int) -> None:
    if _pool_seen.get(state) != value:
        _pool_seen[state] = value
        (POOL_IN_USE if state == "in_use" else POOL_WAITING).set(value)


def observe_pool(engine: AsyncEngine | None, read_pool: asyncpg.Pool | None = None) -> None:
    """Set the pool gauges from the engine's pool and the read pool (a few attribute reads)."""
    if engine is None:
        return
    pool: Any = engine.pool
    checked_out = getattr(pool, "checkedout", None)
    if checked_out is None:
        return
    in_use = checked_out()
    if read_pool is not None:
        in_use += read_pool.get_size() - read_pool.get_idle_size()
    _set_pool_gauge("in_use", in_use)
    # SQLAlchemy exposes no waiter count; its async queue keeps asyncio's getters list.
    queue = getattr(getattr(pool, "_pool", None), "_queue", None)
    _set_pool_gauge("waiting", len(getattr(queue, "_getters", ()) or ()))


def render() -> tuple[bytes, str]:
    """Return the exposition of every metric (merged across workers in multiprocess mode)."""
    if os.environ.get(MULTIPROC_VARIABLE):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


async def metrics_endpoint(_: Request) -> Response:
    """Serve the Prometheus exposition."""
    body, content_type = render()
    return Response(body, media_type=content_type)


class ObservedIndicatorService(IndicatorService):
    """The UN data cache front, counting upstream calls and cache outcomes."""

    async def fetch(self, source: str, code: str, states: list[StateRef]) -> FetchResult:
        """Fetch from upstream and count the call by source and outcome."""
        result = await super().fetch(source, code, states)
        UPSTREAM.labels(source, "failed" if result.failure is not None else "ok").inc()
        return result

    def serve(
        self,
        key: SeriesKey,
        entry: CacheEntry | None,
        result: FetchResult | None,
        refreshed: list[CachedObservation],
        now: Any,
    ) -> CachedSeries:
        """Serve one series and count where it came from."""
        if entry is None or not entry.known:
            outcome = "refreshed" if result is not None and result.failure is None else "miss"
        elif result is not None and result.failure is None:
            outcome = "refreshed"
        elif self.is_fresh(key[0], entry.checked_at, now):
            outcome = "hit"
        else:
            outcome = "stale"
        CACHE.labels(outcome).inc()
        return super().serve(key, entry, result, refreshed, now)
