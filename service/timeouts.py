"""Request timeouts: a request running longer than the limit is answered 504.

Calls to UN sources made for the request end earlier, leaving time to serve cached values
and answer (connectors/resilience.py: upstream_deadline).
"""

import asyncio
import logging
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connectors import upstream_deadline
from resolvers.errors import ErrorCode
from service.middleware import error_body

log = logging.getLogger("iscm_graph.timeouts")

# What upstream calls leave of the request's time to read the cache, store what was fetched
# and send the answer: a fifth of it, at most two seconds.
ANSWER_SHARE = 0.2
MAX_ANSWER_SECONDS = 2.0


def answer_margin(seconds: float) -> float:
    """Return how long before a request's deadline its upstream calls must have ended."""
    return min(MAX_ANSWER_SECONDS, seconds * ANSWER_SHARE)


class RequestTimeout:
    """Pure ASGI middleware: cancel an HTTP request after `seconds` and answer 504."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request under a deadline; WebSockets live as long as they like."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        await within_deadline(
            self.app, scope, receive, tracking_send, self.seconds, lambda: started
        )


async def within_deadline(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    seconds: float,
    response_started: Callable[[], bool],
) -> None:
    """Run an HTTP request under its deadline; past it, answer 504 unless the response has
    started (`response_started`), in which case the client sees a cut response."""
    upstream_ends = asyncio.get_running_loop().time() + seconds - answer_margin(seconds)
    try:
        with upstream_deadline(upstream_ends):
            async with asyncio.timeout(seconds):
                await app(scope, receive, send)
    except TimeoutError:
        log.warning("request.timeout path=%s seconds=%s", scope.get("path"), seconds)
        if response_started():
            return
        body = error_body(
            ErrorCode.TIMEOUT,
            f"The request took longer than {seconds:g} seconds and was stopped.",
            seconds=seconds,
        )
        await send(
            {
                "type": "http.response.start",
                "status": 504,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
