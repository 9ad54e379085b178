"""The one error type resolvers raise for anything a client did or may need to handle."""

from enum import StrEnum
from typing import Any

from db.session import database_unavailable


class ErrorCode(StrEnum):
    """Machine-readable error codes, carried in `extensions.code`."""

    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
    UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE"
    SOURCE_NOT_CONFIGURED = "SOURCE_NOT_CONFIGURED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    # The database cannot be reached right now (HTTP 503); the request may be retried.
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    # The document or the HTTP request itself was refused, before any resolver ran.
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
    BAD_REQUEST = "BAD_REQUEST"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    # Protection (service/ratelimit.py, service/persisted.py, service/timeouts.py).
    RATE_LIMITED = "RATE_LIMITED"
    TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"
    TIMEOUT = "TIMEOUT"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"


class ApiError(Exception):
    """An expected failure whose message and code are safe to show to the client.

    graphql-core copies `extensions` from the original exception onto the located
    GraphQL error, so raising this inside a resolver is all it takes.
    """

    def __init__(self, code: ErrorCode, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extensions: dict[str, Any] = {"code": code.value, **details}


def server_failure(error: BaseException | None, request_id: str | None) -> tuple[ErrorCode, str]:
    """Return the code and the client's message of a failure that is not the client's doing.

    A database that cannot be reached is SERVICE_UNAVAILABLE (the request may be retried);
    anything else is INTERNAL_SERVER_ERROR. Either message names the request id, under
    which the log holds the details.
    """
    if error is not None and database_unavailable(error):
        return (
            ErrorCode.SERVICE_UNAVAILABLE,
            f"The database is unavailable; retry shortly (request {request_id}).",
        )
    return ErrorCode.INTERNAL_SERVER_ERROR, f"Internal server error (request {request_id})."
