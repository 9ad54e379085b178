"""What one request did, gathered while it runs and written to the access log and metrics."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class RequestRecord:
    """Facts about one request that the layers below HTTP learn (operation, errors, SQL)."""

    operation_name: str | None = None
    operation_type: str | None = None
    error_codes: list[str] = field(default_factory=list)
    statements: int = 0


_current: ContextVar[RequestRecord | None] = ContextVar("iscm_graph_request_record", default=None)


def current_record() -> RequestRecord | None:
    """Return the record of the request being served, if one is being recorded."""
    return _current.get()


@contextmanager
def recording() -> Iterator[RequestRecord]:
    """Record the request run inside this block (child tasks share the same record)."""
    record = RequestRecord()
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


def count_statement() -> None:
    """Count one SQL statement against the current request, if any."""
    record = _current.get()
    if record is not None:
        record.statements += 1
