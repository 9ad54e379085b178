"""A TCP relay in front of PostgreSQL that a test can cut: a real outage, nothing mocked.

The app connects through the relay (which reaches the server over TCP, or over its Unix socket
when the URL names a socket directory, as the embedded server's does); `cut()` closes every relayed connection and stops
listening, so open connections die and new ones are refused, as when the server goes away.
`restore()` listens again on the same port.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from sqlalchemy.engine import make_url

CHUNK_BYTES = 65536


class TcpRelay:
    """Relays loopback connections on `port` to `target_host:target_port`, or to the Unix
    socket of that port in the directory `target_host` when it is a path."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        """Listen (on a free port the first time, on the same port afterwards)."""
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Stop listening and close every connection relayed so far."""
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        await self._server.wait_closed()

    async def restore(self) -> None:
        """Listen again after `cut()`."""
        await self.start()

    async def _relay(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        try:
            server_reader, server = await self._connect()
        except OSError:
            client.transport.abort()
            return
        self._writers |= {client, server}
        await asyncio.gather(self._pipe(client_reader, server), self._pipe(server_reader, client))

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        host, port = self.target
        if host.startswith("/"):
            return await asyncio.open_unix_connection(f"{host}/.s.PGSQL.{port}")
        return await asyncio.open_connection(host, port)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(CHUNK_BYTES):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()
        self._writers.discard(writer)


@asynccontextmanager
async def relayed(database_url: str) -> AsyncIterator[tuple[TcpRelay, str]]:
    """Yield a running relay to the server of `database_url`, and the URL through it."""
    url = make_url(database_url)
    socket_directory = url.query.get("host")
    target = socket_directory if isinstance(socket_directory, str) else url.host
    relay = TcpRelay(target or "127.0.0.1", url.port or 5432)
    await relay.start()
    try:
        through_relay = url.difference_update_query(["host"]).set(host="127.0.0.1", port=relay.port)
        yield relay, through_relay.render_as_string(hide_password=False)
    finally:
        with suppress(AssertionError, OSError):
            await relay.cut()
