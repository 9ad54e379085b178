"""Pure ASGI middleware: request ids, response compression, CORS and the request body size limit."""

import os
import re

import orjson
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resolvers.errors import ErrorCode
from service.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_NAME = REQUEST_ID_HEADER.lower().encode()
REQUEST_ID_KEY = "iscm_graph.request_id"
MAX_REQUEST_ID_LENGTH = 128
# Printable ASCII without surrounding spaces: safe to echo in a header and to write in a log.
_REQUEST_ID = re.compile(r"[!-~]([ -~]*[!-~])?")
# zlib's default: close to the best ratio on JSON at a fraction of level 9's time.
GZIP_LEVEL = 6
# Streams are sent as they are produced, never held back to be compressed.
NOT_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "multipart/mixed")


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
    """Return the id RequestIds gave this request, if it ran."""
    return scope.get(REQUEST_ID_KEY)


class RequestIds:
    """Give every HTTP request an id (the client's X-Request-ID if valid) and echo it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Store the id in the scope and add it to the response headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(header_of(scope, REQUEST_ID_NAME))
        scope[REQUEST_ID_KEY] = request_id
        echoed = (REQUEST_ID_NAME, request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Nothing inside sets the id, so it is added, not replaced.
                message["headers"] = [*message.get("headers", ()), echoed]
            await send(message)

        await self.app(scope, receive, send_with_id)


class BodyTooLargeError(Exception):
    """The request body grew past the limit while it was read."""


def error_body(code: ErrorCode, message: str, **details: object) -> bytes:
    """Return a GraphQL-shaped JSON error body."""
    return orjson.dumps(
        {"errors": [{"message": message, "extensions": {"code": code.value, **details}}]}
    )


class BodySizeLimit:
    """Refuse request bodies above `max_bytes` with 413, counting bytes as they arrive."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what is received."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header_of(scope, b"content-length") or ""
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLargeError:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = error_body(
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"The request body is larger than {self.max_bytes} bytes.",
            maximum=self.max_bytes,
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def middleware_for(settings: Settings) -> list[Middleware]:
    """Return the middleware stack, outermost first: ids, compression and CORS when
    configured, body limit."""
    stack = [Middleware(RequestIds)]
    if settings.compress_min_bytes:
        # HTTP only: WebSocket messages pass untouched.
        stack.append(
            Middleware(
                GZipMiddleware,
                minimum_size=settings.compress_min_bytes,
                compresslevel=GZIP_LEVEL,
                exclude_content_types=NOT_COMPRESSED,
            )
        )
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
    stack.append(Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes))
    return stack
