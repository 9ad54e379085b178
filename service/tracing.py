"""OpenTelemetry: export traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.

Off, nothing is imported and nothing is traced. On, the schema adds Strawberry's
OpenTelemetry extension (a span for the operation and one per resolver, schema/observability.py)
and this module installs a tracer provider exporting to the endpoint. The packages come with
the `otel` extra (`pip install 'iscm-graph[otel]'`); without them a warning is logged once.
"""

import logging
import os
from typing import Any

from schema.observability import OTEL_ENDPOINT_VARIABLE

log = logging.getLogger("iscm_graph.tracing")
SERVICE_NAME = "iscm-graph"


def configure_tracing(provider: Any = None) -> bool:
    """Install the tracer provider when the endpoint is set; return whether tracing is on.

    `provider` replaces the OTLP-exporting one (tests pass one with an in-memory exporter).
    """
    if not os.environ.get(OTEL_ENDPOINT_VARIABLE):
        return False
    try:
        from opentelemetry import trace  # noqa: PLC0415 - imported only when switched on
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
    return True
