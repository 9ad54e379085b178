"""OpenTelemetry: export traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.

Off, nothing is imported and nothing is traced. On:

- every HTTP request and WebSocket gets a server span that continues the caller's trace when it
  sends W3C `traceparent`/`tracestate` (OpenTelemetry's ASGI middleware, `tracing_middleware`);
- inside it, Strawberry's extension adds a span for the operation and one per resolver
  (schema/observability.py);
- every database statement gets a span (asyncpg's instrumentation: SQLAlchemy's statements
  and the compiled reads both run on asyncpg), and so does every request to a UN source
  (httpx's instrumentation, which also passes the trace on in `traceparent`).

`configure_tracing` installs a tracer provider exporting to the endpoint and the
instrumentations. The packages come with the `otel` extra (`pip install 'iscm-graph[otel]'`);
without them a warning is logged once and nothing is traced.
"""

import logging
import os
from typing import Any

from starlette.middleware import Middleware

from schema.observability import OTEL_ENDPOINT_VARIABLE

log = logging.getLogger("iscm_graph.tracing")
SERVICE_NAME = "iscm-graph"
# Probes and scrapes are not worth a trace each.
UNTRACED_PATHS = "healthz,readyz,metrics"


def configure_tracing(provider: Any = None) -> bool:
    """Install the tracer provider and instrumentations when the endpoint is set; return
    whether tracing is on.

    `provider` replaces the OTLP-exporting one (tests pass one with an in-memory exporter).
    """
    if not os.environ.get(OTEL_ENDPOINT_VARIABLE):
        return False
    try:
        from opentelemetry import trace  # noqa: PLC0415 - imported only when switched on
        from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor  # noqa: PLC0415
        from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor  # noqa: PLC0415
        from opentelemetry.sdk.resources import Resource  # noqa: PLC0415
        from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415
        from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415
    except ImportError:
        log.warning("tracing.disabled reason=install the `otel` extra to export traces")
        return False
    if provider is None:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # noqa: PLC0415
                OTLPSpanExporter,
            )
        except ImportError:
            log.warning("tracing.disabled reason=the OTLP exporter is not installed")
            return False
        provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    for instrumentor in (AsyncPGInstrumentor(), HTTPXClientInstrumentor()):
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()
    return True


def tracing_middleware() -> list[Middleware]:
    """Return the middleware opening each request's server span when tracing is on, else none."""
    if not os.environ.get(OTEL_ENDPOINT_VARIABLE):
        return []
    try:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware  # noqa: PLC0415
    except ImportError:
        return []  # configure_tracing has said why
    # No span for each ASGI message: one per request (or WebSocket), its children below it.
    return [
        Middleware(
            OpenTelemetryMiddleware,
            excluded_urls=UNTRACED_PATHS,
            exclude_spans=["receive", "send"],
        )
    ]
