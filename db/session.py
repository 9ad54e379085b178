"""Engine, session factory and the one per-request session helper."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import exc as sqlalchemy_errors
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    AsyncSessionTransaction,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import Pool
from sqlalchemy.util import await_only, greenlet_spawn

SessionFactory = async_sessionmaker[AsyncSession]
# Driver errors that mean the server is gone, refusing connections or out of them: the
# request may succeed once it is back. A refused or reset socket surfaces as an OSError.
UNAVAILABLE_ERRORS = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    sqlalchemy_errors.TimeoutError,
)
# Called with the SQL of every statement RequestSession.fetch_value runs (the statement
# counter of the access log, the tests' statement log): SQLAlchemy's events never see
# statements sent on the driver connection itself.
DRIVER_STATEMENT_LISTENERS: list[Callable[[str], None]] = []


# Connections older than this are replaced at checkout instead of being pinged at every one:
# a ping is a round trip per request, and a connection that died anyway fails that request.
POOL_RECYCLE_SECONDS = 1800
# Request sessions read in autocommit: no BEGIN/ROLLBACK round trips around their statements.
# Under READ COMMITTED each statement has its own snapshot anyway, so reads see the same data.
READ_ISOLATION_LEVEL = "AUTOCOMMIT"
WRITE_ISOLATION_LEVEL = "READ COMMITTED"


# JIT planning costs more than it saves on the short OLTP statements this API runs. The data
# is small enough to stay in memory, where a random page read costs about what a sequential
# one does: at PostgreSQL's default (4) the planner rescans whole link tables inside per-row
# subqueries instead of using their indexes. Standard conforming strings keep a backslash a
# backslash in SQL text, whatever the server's default.
SERVER_SETTINGS = {
    "jit": "off",
    "random_page_cost": "1.1",
    "application_name": "iscm-graph",
    "standard_conforming_strings": "on",
}


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what it was raised from) says the database cannot be reached now.

    Only explicit causes are followed: an error merely raised while handling another says
    nothing about the database.
    """
    current: BaseException | None = error
    while current is not None:
        if isinstance(current, sqlalchemy_errors.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, UNAVAILABLE_ERRORS):
            return True
        current = current.__cause__
    return False


# asyncpg prepares each statement once per connection and keeps it, but by default only
# statements under 15 KB, and 100 of them: a page with its nested lists and counts compiles
# to more, and would be parsed and planned again on every request (planning such a statement
# costs more than running it). The read path makes one statement per document and shape.
STATEMENT_CACHE_SIZE = 500
MAX_CACHEABLE_STATEMENT_BYTES = 256 * 1024


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    """Create the async engine for `url` (an asyncpg SQLAlchemy URL)."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=POOL_RECYCLE_SECONDS,
        # The connection returned last is taken first: a few connections serve a quiet
        # service, with their backends' prepared statements, plans and caches warm (the pool
        # otherwise cycles through every connection a busy moment opened).
        pool_use_lifo=True,
        connect_args={
            "server_settings": SERVER_SETTINGS,
            "statement_cache_size": STATEMENT_CACHE_SIZE,
            "max_cacheable_statement_size": MAX_CACHEABLE_STATEMENT_BYTES,
        },
    )


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    """Return the sessionmaker every request session comes from."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_request_session_factory(engine: AsyncEngine) -> SessionFactory:
    """Return the sessionmaker of request sessions: autocommit reads, see `begin_write`."""
    return create_session_factory(engine.execution_options(isolation_level=READ_ISOLATION_LEVEL))


async def begin_write(session: AsyncSession) -> None:
    """Make the session's newly begun transaction a real one when it reads in autocommit.

    Call right after `session.begin()`, before any statement: the connection is procured
    with the write isolation level, which the pool resets when the connection returns.
    A session bound to a connection (the tests' savepoints) is left as it is.
    """
    options = session.sync_session.get_bind().get_execution_options()
    if options.get("isolation_level") == READ_ISOLATION_LEVEL:
        await session.connection(execution_options={"isolation_level": WRITE_ISOLATION_LEVEL})


@dataclass(frozen=True)
class _BoundReader:
    """The driver connection of a factory bound to one connection (not the pool's to return)."""

    driver_connection: Any


def read_pooled(pool: Pool, sql: str, arguments: tuple[object, ...]) -> Any:
    """Check a connection out of the engine's `pool`, run one read on its asyncpg connection
    and put it back, in one greenlet (run by `greenlet_spawn`: each spawn costs about as much
    Python as a small query, and a read needs neither an ORM session nor SQLAlchemy's
    Connection). A connection the read found closed is invalidated, so the pool does not hand
    it out again."""
    connection = pool.connect()
    try:
        driver = connection.driver_connection
        assert driver is not None  # a checked-out connection has its driver connection
        try:
            return await_only(driver.fetchval(sql, *arguments))
        except BaseException:
            if driver.is_closed():
                connection.invalidate()
            raise
    finally:
        connection.close()


class RequestSession:
    """One request's database access: one connection at a time, opened on first use.

    Reads (`fetch_value`) each take a pooled connection for just their statement, without an
    ORM session, until something needs the session (a write, or code using `use()`); from
    then on every statement runs on the session's connection. Concurrent tasks of one request take turns
    through a lock: an AsyncSession must not be used by two tasks at once.
    """

    def __init__(self, factory: SessionFactory) -> None:
        self._factory = factory
        self._session: AsyncSession | None = None
        self._reader: _BoundReader | None = None  # reads' connection, when bound to one
        self._lock = asyncio.Lock()
        # Inside commit_after(): write transactions stay open until its block ends.
        self._holding = False
        self._held: AsyncSessionTransaction | None = None
        # One read's answer handed to the request's next read of the same statement (see
        # `keep`); forgotten by any other read.
        self._kept: tuple[str, tuple[object, ...], Any] | None = None

    @asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncSession]:
        """Hold the request's session for one unit of work."""
        async with self._lock:
            yield await self._opened_session()

    async def _opened_session(self) -> AsyncSession:
        """The request's session, opened now if need be."""
        if self._session is None:
            self._reader = None
            self._session = self._factory()
        self._kept = None  # the session may write: what was read may change
        return self._session

    def keep(self, sql: str, arguments: tuple[object, ...], value: Any) -> None:
        """Let the request's next read answer `value` if it is this statement with these
        arguments, instead of running it again (the direct path hands the full path an
        answer it read; schema/read_path/read.py `query_text`)."""
        self._kept = (sql, arguments, value)

    async def fetch_value(self, sql: str, *arguments: object) -> Any:
        """Run one pre-rendered read statement on the session's connection; return its value.

        The read path's statements go straight to asyncpg (prepared once per connection,
        cached by their text), skipping SQLAlchemy's per-execution work, which costs more
        than a small query itself. They run in the session's transaction when one is open
        (a mutation's, before it commits). SQLAlchemy's events do not see them:
        DRIVER_STATEMENT_LISTENERS hear of them instead.
        """
        kept, self._kept = self._kept, None
        if kept is not None and kept[0] == sql and kept[1] == arguments:
            return kept[2]
        for listener in DRIVER_STATEMENT_LISTENERS:
            listener(sql)
        async with self._lock:
            if self._session is not None:
                connection = await self._session.connection()
                driver = (await connection.get_raw_connection()).driver_connection
                assert driver is not None  # a checked-out connection has its driver connection
                try:
                    return await driver.fetchval(sql, *arguments)
                except BaseException:
                    # SQLAlchemy does not see errors on the driver connection: a connection
                    # the error closed is invalidated, so the pool does not hand it out again.
                    if driver.is_closed():
                        await connection.invalidate()
                    raise
            bind = self._factory.kw["bind"]
            if not isinstance(bind, AsyncConnection):
                return await greenlet_spawn(read_pooled, bind.sync_engine.pool, sql, arguments)
            # A factory bound to a connection (the tests' savepoints) reads on that connection.
            reader = self._reader
            if reader is None:
                raw = await bind.get_raw_connection()
                reader = self._reader = _BoundReader(raw.driver_connection)
            driver = reader.driver_connection
            assert driver is not None  # a checked-out connection has its driver connection
            try:
                return await driver.fetchval(sql, *arguments)
            except BaseException:
                if driver.is_closed():
                    self._reader = None
                raise

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Hold the session for one write transaction: committed at the end, rolled back on error.

        Reads earlier in the request only ever read, so their transaction is ended first.
        Inside commit_after() the transaction stays open when the block ends, and commits
        when commit_after's block does.
        """
        async with self.use() as session:
            if session.in_transaction():
                await session.commit()
            if not self._holding:
                async with session.begin():
                    await begin_write(session)
                    yield session
                return
            transaction = await session.begin()
            await begin_write(session)
            try:
                yield session
            except BaseException:
                await transaction.rollback()
                raise
            self._held = transaction

    @asynccontextmanager
    async def commit_after(self) -> AsyncIterator[None]:
        """Keep write transactions begun inside this block open until it ends, then commit them.

        A mutation's payload is read in its write's transaction this way; an error before the
        end rolls the write back.
        """
        self._holding = True
        try:
            yield
        except BaseException:
            await self._end_held(commit=False)
            raise
        finally:
            self._holding = False
        await self._end_held(commit=True)

    async def _end_held(self, *, commit: bool) -> None:
        held, self._held = self._held, None
        if held is None:
            return
        async with self._lock:
            if commit:
                await held.commit()
            else:
                await held.rollback()

    async def close(self) -> None:
        """Close the session (rolling back anything not committed)."""
        self._reader = None
        if self._session is not None:
            await self._session.close()
            self._session = None


class SharedReads:
    """Read statements shared by everyone delivered one event: each distinct statement (its
    text and its values) runs once, on a connection of its own, and every reader gets its
    answer.

    A committed change reaches many subscribers; those who see it alike (the public, editors,
    partners of the same ISCMs) and ask for the same fields run the very same statement, so
    the database answers it once per visibility class, not once per subscriber. The answer
    is kept only as long as the event is.
    """

    def __init__(self, factory: SessionFactory) -> None:
        self._factory = factory
        self._answers: dict[tuple[str, bytes], asyncio.Future[Any]] = {}

    async def fetch_value(self, sql: str, *arguments: object) -> Any:
        """Return the value of the statement, running it if no reader has yet."""
        key = (sql, repr(arguments).encode())
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = asyncio.ensure_future(self._run(sql, arguments))
        return await asyncio.shield(answer)

    async def _run(self, sql: str, arguments: tuple[object, ...]) -> Any:
        session = RequestSession(self._factory)
        try:
            return await session.fetch_value(sql, *arguments)
        finally:
            await session.close()
