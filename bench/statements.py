"""Count the SQL statements a server sends PostgreSQL, with a small wire-protocol proxy.

The local PostgreSQL has no pg_stat_statements (it is not in shared_preload_libraries), so
the benchmark puts this proxy between a server and the database while it counts, and reads
the frontend messages going by: each simple `Query` and each extended-protocol `Execute`
is one statement; `Parse` and `Bind` messages tell which SQL an `Execute` runs. The same
method serves all three servers. The proxy refuses TLS so the messages stay readable.
"""

import asyncio
import contextlib
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
TRANSACTION_CONTROL = ("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE")
HOUSEKEEPING = ("SET", "RESET", "SHOW", "DISCARD", "DEALLOCATE", "CLOSE", "UNLISTEN", "LISTEN")


def classify(sql: str) -> str:
    """Say whether `sql` reads data or only manages the session ("data", "transaction", "session")."""
    words = sql.strip().lstrip("(").split(None, 1)
    first = words[0].upper().rstrip(";") if words else ""
    if first in TRANSACTION_CONTROL:
        return "transaction"
    lowered = " ".join(sql.lower().split())
    # SQLAlchemy's asyncpg dialect pings with an empty statement, others with SELECT 1.
    if first in HOUSEKEEPING or lowered in ("", ";", "select 1", "select 1;"):
        return "session"
    # Driver bookkeeping: type introspection, version and setting probes, pool resets.
    if "pg_catalog.pg_type" in lowered or "pg_advisory_unlock_all" in lowered:
        return "session"
    if lowered.startswith(("select pg_catalog.version()", "select current_schema()")):
        return "session"
    if "set_config(" in lowered and " from " not in lowered:
        return "session"
    return "data"


@dataclass
class StatementLog:
    """What went by: statement counts per class and the data statements' text."""

    counts: Counter[str] = field(default_factory=Counter)
    data_statements: list[str] = field(default_factory=list)

    def record(self, sql: str) -> None:
        """Count one executed statement."""
        kind = classify(sql)
        self.counts[kind] += 1
        if kind == "data":
            self.data_statements.append(sql)

    def reset(self) -> None:
        """Forget everything seen so far."""
        self.counts.clear()
        self.data_statements.clear()

    @property
    def total(self) -> int:
        """Every statement, session management included."""
        return sum(self.counts.values())


class FrontendParser:
    """Follows one client's messages to PostgreSQL and records each executed statement."""

    def __init__(self, log: StatementLog) -> None:
        self.log = log
        self.buffer = bytearray()
        self.started = False
        self.prepared: dict[bytes, str] = {}
        self.portals: dict[bytes, str] = {}

    def feed(self, data: bytes) -> None:
        """Consume bytes the client sent."""
        self.buffer += data
        while True:
            if not self.started:
                if len(self.buffer) < 8:
                    return
                length = struct.unpack("!I", self.buffer[:4])[0]
                if len(self.buffer) < length:
                    return
                code = struct.unpack("!I", self.buffer[4:8])[0]
                del self.buffer[:length]
                if code not in (SSL_REQUEST, GSSENC_REQUEST):
                    self.started = True
                continue
            if len(self.buffer) < 5:
                return
            kind = chr(self.buffer[0])
            length = struct.unpack("!I", self.buffer[1:5])[0]
            if len(self.buffer) < 1 + length:
                return
            payload = bytes(self.buffer[5 : 1 + length])
            del self.buffer[: 1 + length]
            self.message(kind, payload)

    def message(self, kind: str, payload: bytes) -> None:
        """Handle one complete frontend message."""
        if kind == "Q":
            self.log.record(payload.split(b"\0", 1)[0].decode(errors="replace"))
        elif kind == "P":
            name, rest = payload.split(b"\0", 1)
            self.prepared[name] = rest.split(b"\0", 1)[0].decode(errors="replace")
        elif kind == "B":
            portal, rest = payload.split(b"\0", 1)
            statement = rest.split(b"\0", 1)[0]
            self.portals[portal] = self.prepared.get(statement, "")
        elif kind == "E":
            portal = payload.split(b"\0", 1)[0]
            self.log.record(self.portals.get(portal, ""))


class CountingProxy:
    """A loopback TCP proxy to PostgreSQL that records what its clients execute.

    It runs its own event loop in a thread, so it keeps relaying whatever the harness does
    (including blocking waits for servers that connect through it).
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.log = StatementLog()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None

    def __enter__(self) -> "CountingProxy":
        """Start listening on a free loopback port (see `port`)."""
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop
        ).result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *_: object) -> None:
        """Stop listening, drop open connections and end the thread."""
        if self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    async def _serve(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        parser = FrontendParser(self.log)
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                self.target_host, self.target_port
            )
        except OSError:
            client_writer.close()
            return
        try:
            await self._refuse_encryption(client_reader, client_writer, parser, upstream_writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            for writer in (client_writer, upstream_writer):
                writer.close()
            return
        try:
            await asyncio.gather(
                self._pipe(client_reader, upstream_writer, parser),
                self._pipe(upstream_reader, client_writer, None),
            )
        finally:
            for writer in (client_writer, upstream_writer):
                with contextlib.suppress(Exception):
                    writer.close()

    @staticmethod
    async def _refuse_encryption(
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        parser: FrontendParser,
        upstream: asyncio.StreamWriter,
    ) -> None:
        """Answer SSL/GSS requests with 'N' so the client speaks in the clear, then pass the startup on."""
        while True:
            header = await reader.readexactly(8)
            length, code = struct.unpack("!II", header)
            rest = await reader.readexactly(length - 8)
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                writer.write(b"N")
                await writer.drain()
                continue
            parser.feed(header + rest)
            upstream.write(header + rest)
            await upstream.drain()
            return

    @staticmethod
    async def _pipe(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, parser: FrontendParser | None
    ) -> None:
        try:
            while data := await reader.read(65536):
                if parser is not None:
                    parser.feed(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
