"""Pure ASGI middleware: response compression, CORS, the request guard (answers to unhandled
errors, the request body size limit), and the request ids the operations layer gives."""

import logging
import os
import re

import orjson
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resolvers.errors import ErrorCode, server_failure
from resolvers.request_record import current_record
from service.compression import Compression
from service.settings import Settings

log = logging.getLogger("iscm_graph.errors")

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_NAME = REQUEST_ID_HEADER.lower().encode()
REQUEST_ID_KEY = "iscm_graph.request_id"
MAX_REQUEST_ID_LENGTH = 128
# Printable ASCII without surrounding spaces: safe to echo in a header and to write in a log.
_REQUEST_ID = re.compile(r"[!-~]([ -~]*[!-~])?")


def header_of(scope: Scope, name: bytes) -> str | None:
    """Return the first value of header `name` (lower-case bytes) of an HTTP request, or None.

    A plain scan of the raw headers: every request passes through several middlewares, and
    building a Headers object in each costs more than the look-up itself.
    """
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def accepts_gzip(scope: Scope) -> bool:
    """Whether the client accepts gzip-encoded responses (as the compression middleware decides)."""
    return "gzip" in (header_of(scope, b"accept-encoding") or "")


def accepted_request_id(value: str | None) -> str:
    """Return the client's request id when it is printable and short enough, else a new one."""
    if value and len(value) <= MAX_REQUEST_ID_LENGTH and _REQUEST_ID.fullmatch(value):
        return value
    return os.urandom(16).hex()  # a uuid4's 32 hex digits, without building a UUID


def request_id_of(scope: Scope) -> str | None:
    """Return the id the operations layer (service/operations.py) gave this request, if it ran."""
    return scope.get(REQUEST_ID_KEY)


class BodyTooLargeError(Exception):
    """The request body grew past the limit while it was read."""


def graphql_error(code: ErrorCode, message: str, **details: object) -> dict[str, object]:
    """Return one GraphQL-shaped error, as it goes in an `errors` list."""
    return {"message": message, "extensions": {"code": code.value, **details}}


def error_body(code: ErrorCode, message: str, **details: object) -> bytes:
    """Return a GraphQL-shaped JSON error body."""
    return orjson.dumps({"errors": [graphql_error(code, message, **details)]})


class WatchedResponse:
    """A `send` that notes the response's status when it starts (None until then)."""

    def __init__(self, send: Send) -> None:
        self.status: int | None = None
        self._send = send

    async def send(self, message: Message) -> None:
        """Note the status of a response start, then pass the message on."""
        if message["type"] == "http.response.start":
            self.status = message["status"]
        await self._send(message)


# When a client may try again after a 503 (the database unreachable): a few seconds, long
# enough for a restart or a failover, short enough not to lose a user.
RETRY_AFTER_SECONDS = 5
RETRY_AFTER = (b"retry-after", str(RETRY_AFTER_SECONDS).encode())


async def send_json(send: Send, status: int, body: bytes, *headers: tuple[bytes, bytes]) -> None:
    """Send a whole JSON response."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """The innermost layer of every HTTP request: its body size limit, and an answer to any
    exception no route answered.

    Bodies above `max_bytes` are refused with 413, counting bytes as they arrive. An
    exception becomes a GraphQL-shaped error, never plain text: a database that cannot be
    reached is 503 SERVICE_UNAVAILABLE; anything else is 500 INTERNAL_SERVER_ERROR. Both name
    the request id, under which the log has the details.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, count what is received, answer what is raised."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header_of(scope, b"content-length") or ""
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError
            return message

        response = WatchedResponse(send)
        try:
            await self.app(scope, counting_receive, response.send)
        except BodyTooLargeError:
            if response.status is None:
                await self._refuse(send)
        except Exception as error:
            if response.status is not None:
                raise  # too late for an answer: the server cuts the response
            await answer_failure(scope, send, error)

    async def _refuse(self, send: Send) -> None:
        body = error_body(
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"The request body is larger than {self.max_bytes} bytes.",
            maximum=self.max_bytes,
        )
        await send_json(send, 413, body, (b"connection", b"close"))


async def answer_failure(scope: Scope, send: Send, error: Exception) -> None:
    """Log an exception no route answered and answer it with a GraphQL-shaped error."""
    request_id = request_id_of(scope)
    code, message = server_failure(error, request_id)
    if code is ErrorCode.SERVICE_UNAVAILABLE:
        log.warning(
            "request.database_unavailable request_id=%s path=%s error=%s",
            request_id,
            scope.get("path"),
            type(error).__name__,
        )
    else:
        log.error(
            "request.unexpected_error request_id=%s path=%s",
            request_id,
            scope.get("path"),
            exc_info=error,
        )
    record = current_record()
    if record is not None:
        record.error_codes = [code.value]
    body = error_body(code, message, requestId=request_id)
    if code is ErrorCode.SERVICE_UNAVAILABLE:
        await send_json(send, 503, body, RETRY_AFTER)
    else:
        await send_json(send, 500, body)


def middleware_for(settings: Settings) -> list[Middleware]:
    """Return the middleware inside the operations layer (service/operations.py), outermost
    first: compression and CORS when configured, then the request guard (inside CORS, so
    browsers can read its answers).

    Each layer costs every request a frame and a wrapped `send`, so what can share a layer
    does.
    """
    stack = []
    if settings.compress_min_bytes:
        # HTTP only: WebSocket messages pass untouched.
        stack.append(Middleware(Compression, minimum_size=settings.compress_min_bytes))
    if settings.cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["*"],
                expose_headers=[REQUEST_ID_HEADER],
                max_age=600,
            )
        )
    stack.append(Middleware(RequestGuard, max_bytes=settings.max_body_bytes))
    return stack
