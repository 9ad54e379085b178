"""Persisted queries: documents stored by their SHA-256, some of them allow-listed."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PersistedQuery


async def persisted_query(session: AsyncSession, sha256: str) -> PersistedQuery | None:
    """Return the stored document with this hash, if any."""
    return await session.get(PersistedQuery, sha256)


async def register(
    session: AsyncSession,
    sha256: str,
    query: str,
    operation_name: str | None,
    *,
    allow_listed: bool,
) -> None:
    """Store a document; allow-listing an already stored one flags it (never unflags)."""
    statement = insert(PersistedQuery).values(
        sha256=sha256, query=query, operation_name=operation_name, allow_listed=allow_listed
    )
    if allow_listed:
        statement = statement.on_conflict_do_update(
            index_elements=[PersistedQuery.sha256],
            set_={"allow_listed": True, "operation_name": operation_name},
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=[PersistedQuery.sha256])
    await session.execute(statement)


async def allow_listed_queries(session: AsyncSession) -> Sequence[PersistedQuery]:
    """Return every allow-listed document, by operation name then hash."""
    result = await session.scalars(
        select(PersistedQuery)
        .where(PersistedQuery.allow_listed)
        .order_by(PersistedQuery.operation_name, PersistedQuery.sha256)
    )
    return result.all()
