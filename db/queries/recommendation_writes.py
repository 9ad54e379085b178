"""SQL the write API runs on recommendations: read for update, insert, versioned update, links."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models

RECOMMENDATION = models.Recommendation
COLUMNS = tuple(c for c in RECOMMENDATION.__table__.c if c.name != "search_vector")


async def recommendation_by_id(session: AsyncSession, recommendation_id: int) -> Row[Any] | None:
    """Return the recommendation row, or None."""
    query = select(*COLUMNS).where(RECOMMENDATION.id == recommendation_id)
    return (await session.execute(query)).first()


async def insert_recommendation(session: AsyncSession, values: dict[str, Any]) -> Row[Any]:
    """Insert a recommendation; return the stored row."""
    query = insert(RECOMMENDATION).values(**values).returning(*COLUMNS)
    return (await session.execute(query)).one()


async def update_recommendation(
    session: AsyncSession, recommendation_id: int, expected_version: int, values: dict[str, Any]
) -> Row[Any] | None:
    """Apply `values` if the row is still at `expected_version`; None when it is not (or gone)."""
    query = (
        update(RECOMMENDATION)
        .where(RECOMMENDATION.id == recommendation_id, RECOMMENDATION.version == expected_version)
        .values(**values, version=RECOMMENDATION.version + 1, updated_at=func.now())
        .returning(*COLUMNS)
    )
    return (await session.execute(query)).first()


async def objectives_of(session: AsyncSession, recommendation_id: int) -> list[int]:
    """Return the GCM objective numbers a recommendation is linked to, in order."""
    link = models.recommendation_gcm_objectives
    query = (
        select(link.c.objective_number)
        .where(link.c.recommendation_id == recommendation_id)
        .order_by(link.c.objective_number)
    )
    return list((await session.execute(query)).scalars())


async def set_objectives(
    session: AsyncSession, recommendation_id: int, numbers: Sequence[int], *, replace: bool
) -> None:
    """Link the recommendation to `numbers`; with `replace`, unlink every other objective."""
    link = models.recommendation_gcm_objectives
    if replace:
        await session.execute(delete(link).where(link.c.recommendation_id == recommendation_id))
    if numbers:
        await session.execute(
            pg_insert(link)
            .values(
                [{"recommendation_id": recommendation_id, "objective_number": n} for n in numbers]
            )
            .on_conflict_do_nothing()
        )
