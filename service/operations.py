"""The operations layer, outermost of every HTTP request: its id, the access log and metrics,
and its deadline; then the rate limit when one is set.

One layer does the first three: every layer costs each request a frame and a wrapped `send`
per message. In order, as separate layers would: the request id is taken (the client's
X-Request-ID if valid) and echoed in the response; the request is recorded and, once
answered, logged and counted; it runs under its deadline (504 past it, service/timeouts.py).
"""

import time

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resolvers.request_record import recording
from service.logging import account
from service.middleware import REQUEST_ID_KEY, REQUEST_ID_NAME, accepted_request_id, header_of
from service.ratelimit import RateLimit
from service.settings import Settings
from service.timeouts import within_deadline


class Operations:
    """Pure ASGI middleware: request id, access log and metrics, deadline (see the module)."""

    def __init__(self, app: ASGIApp, *, record_metrics: bool, timeout_seconds: float) -> None:
        self.app = app
        self.record_metrics = record_metrics
        self.timeout_seconds = timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run one HTTP request within its id, record and deadline; WebSockets pass."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(header_of(scope, REQUEST_ID_NAME))
        scope[REQUEST_ID_KEY] = request_id
        echoed = (REQUEST_ID_NAME, request_id.encode("latin-1"))
        status = 500
        started = False

        async def answer(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status = message["status"]
                started = True
                # Nothing inside sets the id, so it is added, not replaced.
                message["headers"] = [*message.get("headers", ()), echoed]
            await send(message)

        began = time.perf_counter()
        with recording() as record:
            try:
                await within_deadline(
                    self.app, scope, receive, answer, self.timeout_seconds, lambda: started
                )
            finally:
                account(scope, status, time.perf_counter() - began, record, self.record_metrics)


def operations_middleware(settings: Settings) -> list[Middleware]:
    """Return, outermost first, the operations layer and the rate limit when one is set."""
    stack = [
        Middleware(
            Operations,
            record_metrics=settings.metrics,
            timeout_seconds=settings.request_timeout_seconds,
        )
    ]
    if settings.rate_limit_per_minute or settings.rate_limit_anonymous_per_minute:
        stack.append(Middleware(RateLimit, settings=settings))
    return stack


def with_operations(stack: list[Middleware], settings: Settings) -> list[Middleware]:
    """Put the operations layer (and the rate limit) outside `stack` (middleware_for's)."""
    return [*operations_middleware(settings), *stack]
