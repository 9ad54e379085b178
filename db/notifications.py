"""PostgreSQL LISTEN/NOTIFY, fanned out in process: one listening connection, many subscribers.

Writers call `pg_notify` inside their transaction, so only committed changes are announced,
whichever service instance (or script) committed them. Each process keeps one dedicated
asyncpg connection listening, opened when the first subscriber arrives and re-opened after
a lost connection, and copies every payload into each subscriber's queue.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger("iscm_graph.notifications")

LISTENER_APPLICATION_NAME = "iscm-graph-listener"
QUEUE_SIZE = 256
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)
LISTEN_TIMEOUT_SECONDS = 10.0


def asyncpg_dsn(database_url: str) -> str:
    """Turn the service's SQLAlchemy URL into a DSN asyncpg accepts."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class NotificationHub:
    """Listens on one channel and hands each payload to every current subscriber."""

    def __init__(self, database_url: str, channel: str) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.channel = channel
        self._subscribers: set[asyncio.Queue[str]] = set()
        self._listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def subscriber_count(self) -> int:
        """How many subscribers are attached."""
        return len(self._subscribers)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[str]]:
        """Attach a queue that receives every payload from now on (LISTEN is active on entry)."""
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._subscribers.add(queue)
        try:
            if self._task is None or self._task.done():
                self._task = asyncio.create_task(self._listen_forever(), name="pg-listener")
            await asyncio.wait_for(self._listening.wait(), LISTEN_TIMEOUT_SECONDS)
            yield queue
        finally:
            self._subscribers.discard(queue)

    def _deliver(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        for queue in list(self._subscribers):
            if queue.full():
                # A subscriber that stopped reading loses its oldest event, not the others' events.
                queue.get_nowait()
                log.warning("notifications.subscriber_lagging channel=%s", self.channel)
            queue.put_nowait(payload)

    async def _listen_forever(self) -> None:
        attempt = 0
        while True:
            lost = asyncio.Event()
            try:
                connection = await asyncpg.connect(
                    self.dsn, server_settings={"application_name": LISTENER_APPLICATION_NAME}
                )
            except (OSError, asyncpg.PostgresError) as error:
                delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
                log.warning("notifications.connect_failed error=%s retry_in=%s", error, delay)
                attempt += 1
                await asyncio.sleep(delay)
                continue
            try:
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(self.channel, self._deliver)
                attempt = 0
                self._listening.set()
                await lost.wait()
                log.warning("notifications.connection_lost channel=%s", self.channel)
            finally:
                self._listening.clear()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(connection.close(), 2)

    async def close(self) -> None:
        """Stop listening and close the connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
