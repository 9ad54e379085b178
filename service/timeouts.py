"""Request timeouts: a request running longer than the limit is answered 504."""

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resolvers.errors import ErrorCode
from service.middleware import error_body

log = logging.getLogger("iscm_graph.timeouts")


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

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, tracking_send)
        except TimeoutError:
            log.warning("request.timeout path=%s seconds=%s", scope.get("path"), self.seconds)
            if started:
                return  # the status is already sent; the client sees a cut response
            body = error_body(
                ErrorCode.TIMEOUT,
                f"The request took longer than {self.seconds:g} seconds and was stopped.",
                seconds=self.seconds,
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
