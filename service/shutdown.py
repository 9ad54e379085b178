"""Graceful shutdown: on SIGTERM, close subscriptions with 1001 (going away) first.

uvicorn already stops accepting connections and lets in-flight HTTP requests finish
(ISCM_GRACEFUL_SHUTDOWN_SECONDS), but it closes WebSockets with 1012. Clients should hear
"going away" so they reconnect to another instance: this module tracks open WebSockets and,
when the termination signal arrives, closes them with 1001 before handing the signal on.
"""

import asyncio
import contextlib
import logging
import signal
from types import FrameType
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("iscm_graph.shutdown")

GOING_AWAY = 1001
SHUTDOWN_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class OpenWebSockets:
    """Pure ASGI wrapper of a WebSocket route: remember each open socket's `send`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.open: dict[int, Send] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Track the socket while the handler runs."""
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        closed = False

        async def tracking_send(message: Message) -> None:
            nonlocal closed
            if closed:
                return  # already closed for shutdown: the handler's own close is moot
            closed = message["type"] == "websocket.close"
            await send(message)

        key = id(tracking_send)
        self.open[key] = tracking_send
        try:
            await self.app(scope, receive, tracking_send)
        finally:
            self.open.pop(key, None)

    async def close_all(self, code: int = GOING_AWAY) -> None:
        """Close every open WebSocket with `code`."""
        for send in list(self.open.values()):
            with contextlib.suppress(Exception):  # a socket that already went is fine
                await send({"type": "websocket.close", "code": code, "reason": "server shutdown"})
        if self.open:
            log.info("shutdown.websockets_closed count=%d code=%d", len(self.open), code)


def close_websockets_on_signal(sockets: OpenWebSockets) -> None:
    """Chain a handler before the server's: close WebSockets, then let the server stop."""
    loop = asyncio.get_running_loop()
    for signum in SHUTDOWN_SIGNALS:
        previous = signal.getsignal(signum)
        if not callable(previous):
            continue  # nobody (such as uvicorn) handles this signal: leave it alone

        def handle(signum: int, frame: FrameType | None, previous: Any = previous) -> None:
            async def close_then_stop() -> None:
                await sockets.close_all()
                previous(signum, frame)

            loop.call_soon_threadsafe(lambda: loop.create_task(close_then_stop()))

        signal.signal(signum, handle)
