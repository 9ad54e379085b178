"""PostgreSQL LISTEN/NOTIFY, fanned out in process: one listening connection, many subscribers.

Writers call `pg_notify` inside their transaction, so only committed changes are announced,
whichever service instance (or script) committed them. Each process keeps one dedicated
asyncpg connection listening on every channel it knows, opened when the first subscriber
arrives and re-opened after a lost connection, and copies every payload into the queue of
each subscriber to that channel.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger("iscm_graph.notifications")

LISTENER_APPLICATION_NAME = "iscm-graph-listener"
QUEUE_SIZE = 256
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)
LISTEN_TIMEOUT_SECONDS = 10.0
# What a subscriber's queue receives after the listener re-connected: payloads sent while it
# was away are lost, and a subscriber that must not miss one re-reads the state instead.
RECONNECTED = None

Notification = str | None


def asyncpg_dsn(database_url: str) -> str:
    """Turn the service's SQLAlchemy URL into a DSN asyncpg accepts."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class NotificationHub:
    """Listens on a few channels and hands each payload to every subscriber of its channel."""

    def __init__(self, database_url: str, channels: Iterable[str]) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self._subscribers: dict[str, set[asyncio.Queue[Notification]]] = {
            channel: set() for channel in channels
        }
        self._listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[asyncio.Queue[Notification]]:
        """Attach a queue that receives every payload of `channel` from now on.

        LISTEN is active on entry. RECONNECTED in the queue says notifications may have
        been lost while the listening connection was down.
        """
        queue: asyncio.Queue[Notification] = asyncio.Queue(maxsize=QUEUE_SIZE)
        subscribers = self._subscribers[channel]
        subscribers.add(queue)
        try:
            if self._task is None or self._task.done():
                self._task = asyncio.create_task(self._listen_forever(), name="pg-listener")
            await asyncio.wait_for(self._listening.wait(), LISTEN_TIMEOUT_SECONDS)
            yield queue
        finally:
            subscribers.discard(queue)

    def _deliver(self, _connection: Any, _pid: int, channel: str, payload: Notification) -> None:
        for queue in list(self._subscribers.get(channel, ())):
            if queue.full():
                # A subscriber that stopped reading loses its oldest event, not the others' events.
                queue.get_nowait()
                log.warning("notifications.subscriber_lagging channel=%s", channel)
            queue.put_nowait(payload)

    async def _listen_forever(self) -> None:
        attempt = 0
        connected_before = False
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
                for channel in self._subscribers:
                    # asyncpg passes the payload as a str; its stubs say object.
                    await connection.add_listener(channel, self._deliver)  # type: ignore[arg-type]
                attempt = 0
                self._listening.set()
                if connected_before:
                    for channel in self._subscribers:
                        self._deliver(connection, 0, channel, RECONNECTED)
                connected_before = True
                await lost.wait()
                log.warning("notifications.connection_lost")
            finally:
                self._listening.clear()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(connection.close(), 2)

    async def close(self) -> None:
        """Stop listening and close the connection."""
        await stop(self._task)
        self._task = None


class ChannelReader:
    """A task of this process that handles each notification of one channel, in order.

    Started by the first `start()`, which returns once LISTEN is on (TimeoutError when the
    database cannot be reached), and started again by the next one if it ended.
    """

    def __init__(
        self,
        hub: NotificationHub,
        channel: str,
        handle: Callable[[Notification], Awaitable[None]],
    ) -> None:
        self._hub = hub
        self._channel = channel
        self._handle = handle
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Make sure notifications are handled from now on."""
        if self._task is None or self._task.done():
            self._ready.clear()
            self._task = asyncio.create_task(self._read(), name=f"read-{self._channel}")
        await asyncio.wait_for(self._ready.wait(), LISTEN_TIMEOUT_SECONDS)

    async def _read(self) -> None:
        try:
            async with self._hub.subscribe(self._channel) as notifications:
                self._ready.set()
                while True:
                    notification = await notifications.get()
                    try:
                        await self._handle(notification)
                    except Exception:  # one that fails must not stop those that follow
                        log.exception("notifications.handling_failed channel=%s", self._channel)
        except TimeoutError:  # whoever waits in start() times out too, and says so
            log.warning("notifications.listener_unavailable channel=%s", self._channel)

    async def close(self) -> None:
        """Stop reading."""
        await stop(self._task)
        self._task = None


async def stop(task: asyncio.Task[None] | None) -> None:
    """Cancel a background task and wait until it ended."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
