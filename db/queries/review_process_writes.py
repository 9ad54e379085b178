"""SQL the write API runs on review processes (editors' reference data)."""

from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models

PROCESS = models.ReviewProcess


async def process_by_slug(session: AsyncSession, slug: str) -> Row[Any] | None:
    """Return the review process `slug`, or None."""
    query = select(PROCESS.__table__).where(PROCESS.slug == slug)
    return (await session.execute(query)).first()


async def insert_process(session: AsyncSession, values: dict[str, Any]) -> Row[Any] | None:
    """Insert a review process; None when its slug is taken."""
    query = (
        insert(PROCESS)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["slug"])
        .returning(*PROCESS.__table__.c)
    )
    return (await session.execute(query)).first()


async def update_process(
    session: AsyncSession, process_id: int, expected_version: int, values: dict[str, Any]
) -> Row[Any] | None:
    """Apply `values` from `expected_version` (its version increments, so `iscm-graph seed`
    keeps the record as edited); None when the row has moved on."""
    query = (
        update(PROCESS)
        .where(PROCESS.id == process_id, PROCESS.version == expected_version)
        .values(**values, version=PROCESS.version + 1, updated_at=func.now())
        .returning(*PROCESS.__table__.c)
    )
    return (await session.execute(query)).first()
