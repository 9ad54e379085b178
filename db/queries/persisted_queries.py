"""Persisted queries: documents stored by their SHA-256, some of them allow-listed."""

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
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
    """Store a document (as just used); allow-listing an already stored one flags it (never
    unflags)."""
    # The clock, not the transaction's start: uses within one transaction stay ordered.
    statement = insert(PersistedQuery).values(
        sha256=sha256,
        query=query,
        operation_name=operation_name,
        allow_listed=allow_listed,
        last_used_at=func.clock_timestamp(),
    )
    changes: dict[str, object] = {"last_used_at": func.clock_timestamp()}
    if allow_listed:
        changes |= {"allow_listed": True, "operation_name": operation_name}
    statement = statement.on_conflict_do_update(
        index_elements=[PersistedQuery.sha256], set_=changes
    )
    await session.execute(statement)


async def evict_registrations(session: AsyncSession, keep: int) -> int:
    """Delete the APQ registrations beyond the `keep` most recently used; return how many.

    Allow-listed documents are never evicted.
    """
    stale = (
        select(PersistedQuery.sha256)
        .where(~PersistedQuery.allow_listed)
        .order_by(PersistedQuery.last_used_at.desc(), PersistedQuery.sha256)
        .offset(keep)
    )
    result = await session.execute(
        delete(PersistedQuery).where(PersistedQuery.sha256.in_(stale.scalar_subquery()))
    )
    # A DELETE's result is a CursorResult; AsyncSession.execute is typed as for a SELECT.
    return cast(CursorResult[Any], result).rowcount or 0


async def mark_used(session: AsyncSession, sha256: str) -> None:
    """Record that a stored document was just used (it moves away from eviction)."""
    await session.execute(
        update(PersistedQuery)
        .where(PersistedQuery.sha256 == sha256)
        .values(last_used_at=func.clock_timestamp())
    )


async def allow_listed_queries(session: AsyncSession) -> Sequence[PersistedQuery]:
    """Return every allow-listed document, by operation name then hash."""
    result = await session.scalars(
        select(PersistedQuery)
        .where(PersistedQuery.allow_listed)
        .order_by(PersistedQuery.operation_name, PersistedQuery.sha256)
    )
    return result.all()
