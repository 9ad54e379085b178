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


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    """Create the async engine for `url` (an asyncpg SQLAlchemy URL)."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        # JIT planning costs more than it saves on the short OLTP statements this API runs.
        connect_args={"server_settings": {"jit": "off", "application_name": "iscm-graph"}},
    )


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    """Return the sessionmaker every request session comes from."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


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

    async def close(self) -> None:
        """Close the session (rolling back anything not committed)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
