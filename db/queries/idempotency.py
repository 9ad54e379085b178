"""SQL for idempotency keys: claim a key in the write's transaction, replay a stored result."""

from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models


async def claim(
    session: AsyncSession, *, principal: str, key: str, operation: str, request_hash: str
) -> bool:
    """Claim `key` for this write; False when it was used before.

    A concurrent claim of the same key waits on the unique index until the first
    transaction ends, so two retries racing each other never both write.
    """
    inserted = await session.execute(
        insert(models.IdempotencyKey)
        .values(principal=principal, key=key, operation=operation, request_hash=request_hash)
        .on_conflict_do_nothing(index_elements=["principal", "key"])
        .returning(models.IdempotencyKey.id)
    )
    return inserted.first() is not None


async def stored(session: AsyncSession, *, principal: str, key: str) -> Row[Any] | None:
    """Return the stored use of `key` by `principal`, or None."""
    table = models.IdempotencyKey
    query = select(table.operation, table.request_hash, table.result).where(
        table.principal == principal, table.key == key
    )
    return (await session.execute(query)).first()


async def record_result(
    session: AsyncSession, *, principal: str, key: str, result: dict[str, Any]
) -> None:
    """Store the result of the write that claimed `key`."""
    table = models.IdempotencyKey
    await session.execute(
        update(table).where(table.principal == principal, table.key == key).values(result=result)
    )
