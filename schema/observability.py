"""Schema extensions for operations: the request record, and tracing when it is switched on."""

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from resolvers.request_record import current_record

log = logging.getLogger("iscm_graph.tracing")

OTEL_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT"


class RecordOperation(SchemaExtension):
    """Write the operation's name, type and error codes into the request record."""

    def on_operation(self) -> Iterator[None]:
        """Fill the record once the operation has run (or been refused)."""
        yield
        record = current_record()
        if record is None:
            return
        context = self.execution_context
        record.operation_name = context.operation_name
        try:
            record.operation_type = context.operation_type.value
        except (RuntimeError, AttributeError):  # no parsable document: no operation type
            record.operation_type = None
        # A refused request's result repeats its pre-execution errors: take one or the other.
        errors: list[GraphQLError] = list(
            (context.result.errors if context.result is not None else None)
            or context.pre_execution_errors
            or []
        )
        record.error_codes = [str((e.extensions or {}).get("code", "UNKNOWN")) for e in errors]


def tracing_extensions() -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    """Return OpenTelemetry's extension when OTLP export is configured and installed, else none."""
    if not os.environ.get(OTEL_ENDPOINT_VARIABLE):
        return []
    try:
        from strawberry.extensions.tracing import OpenTelemetryExtension  # noqa: PLC0415
    except ImportError:
        log.warning("tracing.disabled reason=opentelemetry packages are not installed")
        return []
    return [OpenTelemetryExtension]


@contextmanager
def read_span(name: str) -> Iterator[None]:
    """A span around a read of the read path (its one statement, its UN data), when
    OpenTelemetry export is configured; resolver spans cover the fields resolvers answer."""
    if not os.environ.get(OTEL_ENDPOINT_VARIABLE):
        yield
        return
    try:
        from opentelemetry import trace  # noqa: PLC0415 - optional
    except ImportError:
        yield
        return
    with trace.get_tracer("iscm_graph.read_path").start_as_current_span(name):
        yield
