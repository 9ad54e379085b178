"""Engine, session factory and the one per-request session helper."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import exc as sqlalchemy_errors
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

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
# counter of the access log, the tests' statement log): SQLAlchemy's events never see those.
DRIVER_STATEMENT_LISTENERS: list[Callable[[str], None]] = []


# Connections older than this are replaced at checkout instead of being pinged at every one:
# a ping is a round trip per request, and a connection that died anyway fails that request.
POOL_RECYCLE_SECONDS = 1800
# Request sessions read in autocommit: no BEGIN/ROLLBACK round trips around their statements.
# Under READ COMMITTED each statement has its own snapshot anyway, so reads see the same data.
READ_ISOLATION_LEVEL = "AUTOCOMMIT"
WRITE_ISOLATION_LEVEL = "READ COMMITTED"


# JIT planning costs more than it saves on the short OLTP statements this API runs. Compiled
# reads write their constants into their SQL text: standard conforming strings keep a
# backslash a backslash there, whatever the server's default.
SERVER_SETTINGS = {
    "jit": "off",
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


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    """Create the async engine for `url` (an asyncpg SQLAlchemy URL)."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=POOL_RECYCLE_SECONDS,
        connect_args={"server_settings": SERVER_SETTINGS},
    )


async def _keep_session(_connection: asyncpg.Connection) -> None:
    """Skip asyncpg's reset on release (a round trip): compiled reads change no session state."""


async def create_read_pool(dsn: str, *, size: int) -> asyncpg.Pool:
    """Create the pool compiled reads borrow from when their request has no session open.

    Plain asyncpg: borrowing from it costs a tenth of checking out an SQLAlchemy connection,
    which on a small query is a quarter of the request. `dsn` is a plain postgresql:// DSN.
    """
    return await asyncpg.create_pool(
        dsn,
        min_size=1,
        max_size=size,
        reset=_keep_session,
        server_settings=SERVER_SETTINGS,
        max_inactive_connection_lifetime=POOL_RECYCLE_SECONDS,
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


class RequestSession:
    """One AsyncSession for one request, opened on first use.

    graphql-core resolves sibling fields concurrently and an AsyncSession must not be
    used by two tasks at once, so every use goes through a lock: loaders and resolvers
    take turns on the same connection instead of each holding a pooled connection.
    """

    def __init__(self, factory: SessionFactory, read_pool: asyncpg.Pool | None = None) -> None:
        self._factory = factory
        self._read_pool = read_pool
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncSession]:
        """Hold the request's session for one unit of work."""
        async with self._lock:
            if self._session is None:
                self._session = self._factory()
            yield self._session

    async def fetch_value(self, sql: str, *arguments: object) -> Any:
        """Run one pre-rendered read statement and return its value.

        For the compiled reads: the statement goes straight to asyncpg (prepared once per
        connection, cached by its text), skipping SQLAlchemy's per-execution work, which
        costs more than a small query itself. With a session open (a principal was looked
        up, or the tests' transaction) it runs on the session's connection, in its
        transaction if one is open; otherwise on a connection of the read pool.
        SQLAlchemy's events do not see it: DRIVER_STATEMENT_LISTENERS hear of it instead.
        """
        for listener in DRIVER_STATEMENT_LISTENERS:
            listener(sql)
        async with self._lock:
            if self._session is None and self._read_pool is not None:
                # Nothing opened a session yet: one statement needs no more than a connection.
                return await self._read_pool.fetchval(sql, *arguments)
            if self._session is None:
                self._session = self._factory()
            connection = await self._session.connection()
            driver = (await connection.get_raw_connection()).driver_connection
            return await driver.fetchval(sql, *arguments)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Hold the session for one write transaction: committed at the end, rolled back on error.

        Reads earlier in the request only ever read, so their transaction is ended first.
        """
        async with self.use() as session:
            if session.in_transaction():
                await session.commit()
            async with session.begin():
                await begin_write(session)
                yield session

    async def close(self) -> None:
        """Close the session (rolling back anything not committed)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
