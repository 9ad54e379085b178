"""Engine, session factory and the one per-request session helper."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SessionFactory = async_sessionmaker[AsyncSession]


# Connections older than this are replaced at checkout instead of being pinged at every one:
# a ping is a round trip per request, and a connection that died anyway fails that request.
POOL_RECYCLE_SECONDS = 1800
# Request sessions read in autocommit: no BEGIN/ROLLBACK round trips around their statements.
# Under READ COMMITTED each statement has its own snapshot anyway, so reads see the same data.
READ_ISOLATION_LEVEL = "AUTOCOMMIT"
WRITE_ISOLATION_LEVEL = "READ COMMITTED"


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    """Create the async engine for `url` (an asyncpg SQLAlchemy URL)."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=POOL_RECYCLE_SECONDS,
        # JIT planning costs more than it saves on the short OLTP statements this API runs.
        connect_args={"server_settings": {"jit": "off", "application_name": "iscm-graph"}},
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

    def __init__(self, factory: SessionFactory) -> None:
        self._factory = factory
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncSession]:
        """Hold the request's session for one unit of work."""
        async with self._lock:
            if self._session is None:
                self._session = self._factory()
            yield self._session

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
