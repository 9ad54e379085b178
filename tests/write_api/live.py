"""Helpers of the tests against a live server: committed keys, WebSockets, commits from outside."""

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import orjson
import pytest
import websockets
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from websockets.typing import Subprotocol

from db.notifications import asyncpg_dsn
from db.queries.contribution_writes import CONTRIBUTION_EVENTS_CHANNEL
from service.api_keys import create_key
from tests.write_api.conftest import OPEN_PROCESS
from tests.write_api.support import LiveServer

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 10

SUBSCRIBE = """
subscription Events($iscm: String) {
  reviewContributionEvents(iscm: $iscm) { action version contribution { title status iscm { slug } } }
}
"""


async def committed_key(session: AsyncSession, role: str, iscms: list[str]) -> str:
    """Create and commit a key; return its token."""
    created = await create_key(session, name=f"live {role}", role=role, iscm_slugs=iscms)
    await session.commit()
    return created.token


async def wait_for(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll `condition` (an async callable) until it is true, for at most WAIT_SECONDS."""
    for _ in range(WAIT_SECONDS * 20):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def server_database_url(session: AsyncSession) -> str:
    """The URL of the database `session` is bound to."""
    bind = session.bind
    assert bind is not None, "the session is bound to no database"
    engine = bind if isinstance(bind, AsyncEngine) else bind.engine
    return engine.url.render_as_string(hide_password=False)


def running_subscriptions(server: LiveServer) -> int:
    """How many subscriptions the server runs right now."""
    return server.state["contribution_feed"].subscriber_count


async def subscriptions_reach(server: LiveServer, count: int) -> None:
    """Wait until the server runs `count` subscriptions."""

    async def reached() -> bool:
        return running_subscriptions(server) == count

    await wait_for(reached, f"{count} running subscriptions")


async def open_socket(url: str, token: str | None) -> Any:
    """Open a graphql-transport-ws socket, send `connection_init` (with the token), expect ack."""
    socket = await websockets.connect(
        url.replace("http://", "ws://") + "/graphql",
        subprotocols=[Subprotocol("graphql-transport-ws")],
    )
    init = {
        "type": "connection_init",
        "payload": {"Authorization": f"Bearer {token}"} if token else {},
    }
    await socket.send(json.dumps(init))
    ack = json.loads(await asyncio.wait_for(socket.recv(), WAIT_SECONDS))
    assert ack["type"] == "connection_ack", ack
    return socket


async def send_operation(
    socket: Any, operation_id: str, query: str, variables: dict[str, Any] | None = None
) -> None:
    """Send a `subscribe` message (any operation type)."""
    payload = {"query": query, "variables": variables or {}}
    await socket.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": payload}))


async def receive(socket: Any) -> dict[str, Any]:
    """Return the next message the server sends."""
    return json.loads(await asyncio.wait_for(socket.recv(), WAIT_SECONDS))


async def open_subscription(
    url: str, token: str | None, iscm: str | None, query: str = SUBSCRIBE
) -> Any:
    """Open a socket running one subscription (id "1"; `query` takes `$iscm`)."""
    socket = await open_socket(url, token)
    await send_operation(socket, "1", query, {"iscm": iscm})
    return socket


async def subscribed(
    server: LiveServer, token: str | None, iscm: str | None, query: str = SUBSCRIBE
) -> Any:
    """Open a socket running one subscription, once the server runs it."""
    before = running_subscriptions(server)
    socket = await open_subscription(server.url, token, iscm, query)
    await subscriptions_reach(server, before + 1)
    return socket


async def next_event(socket: Any, field: str = "reviewContributionEvents") -> dict[str, Any]:
    """Return the next event the socket receives (its root `field`)."""
    message = await receive(socket)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    return message["payload"]["data"][field]


async def closed_with(socket: Any) -> tuple[int, str]:
    """Wait for the server to close the socket (nothing else arriving); return code and reason."""
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(socket.recv(), WAIT_SECONDS)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code, closed.value.rcvd.reason


class OutsideWriter:
    """Commits contribution changes on a connection of its own, announcing them as writers do."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    @classmethod
    async def connect(cls, session: AsyncSession) -> "OutsideWriter":
        """Open a connection to the database `session` is bound to."""
        return cls(await asyncpg.connect(asyncpg_dsn(server_database_url(session))))

    async def write(self, sql: str, *args: object, action: str) -> int:
        """Run `sql` (returning id, iscm_id, status, version) and NOTIFY it, in one transaction."""
        async with self.connection.transaction():
            row = await self.connection.fetchrow(sql, *args)
            assert row is not None, "the statement returned no row"
            payload = {
                "id": row["id"],
                "iscm_id": row["iscm_id"],
                "action": action,
                "status": row["status"],
                "version": row["version"],
            }
            await self.connection.execute(
                "SELECT pg_notify($1, $2)",
                CONTRIBUTION_EVENTS_CHANNEL,
                orjson.dumps(payload).decode(),
            )
        return row["id"]

    async def create_draft(self, iscm: str, title: str) -> int:
        """Commit a new draft of ISCM `iscm` (a slug) in the open review process; return its id."""
        return await self.write(
            "INSERT INTO review_contributions (iscm_id, review_process_id, title, summary)"
            " SELECT iscms.id, review_processes.id, $3, 'S' FROM iscms, review_processes"
            " WHERE iscms.slug = $1 AND review_processes.slug = $2"
            " RETURNING id, iscm_id, status, version",
            iscm,
            OPEN_PROCESS,
            title,
            action="CREATED",
        )

    async def publish(self, contribution_id: int) -> None:
        """Commit the publication of a contribution."""
        await self.write(
            "UPDATE review_contributions SET status = 'PUBLISHED', submitted_at = now(),"
            " published_at = now(), version = version + 1 WHERE id = $1"
            " RETURNING id, iscm_id, status, version",
            contribution_id,
            action="PUBLISHED",
        )

    async def close(self) -> None:
        """Close the connection."""
        await self.connection.close()


async def run(*command: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run a command without blocking the event loop the server runs on."""
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None  # communicate() waited for the exit
    return process.returncode, out.decode(), err.decode()
