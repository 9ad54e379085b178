"""SQL the write API runs on review contributions: read for update, insert, versioned update."""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.visibility import Visibility, contribution_visible

CONTRIBUTION = models.ReviewContribution
CONTRIBUTION_EVENTS_CHANNEL = "iscm_graph_review_contribution_events"


async def contribution_by_id(session: AsyncSession, contribution_id: int) -> Row[Any] | None:
    """Return the contribution row, whatever its status, or None."""
    query = select(CONTRIBUTION.__table__).where(CONTRIBUTION.id == contribution_id)
    return (await session.execute(query)).first()


async def visible_contribution(
    session: AsyncSession,
    contribution_id: int,
    *,
    sees_everything: bool,
    own_iscm_ids: Collection[int],
) -> Row[Any] | None:
    """Return the contribution if the reader may see it (the query visibility rule), else None."""
    query = select(CONTRIBUTION.__table__).where(
        CONTRIBUTION.id == contribution_id,
        contribution_visible(
            CONTRIBUTION.__table__,
            Visibility(sees_everything=sees_everything, own_iscm_ids=own_iscm_ids),
        ),
    )
    return (await session.execute(query)).first()


async def insert_contribution(session: AsyncSession, values: dict[str, Any]) -> Row[Any]:
    """Insert a contribution; return the stored row."""
    query = insert(CONTRIBUTION).values(**values).returning(*CONTRIBUTION.__table__.c)
    return (await session.execute(query)).one()


async def update_contribution(
    session: AsyncSession, contribution_id: int, expected_version: int, values: dict[str, Any]
) -> Row[Any] | None:
    """Apply `values` if the row is still at `expected_version`; None when it is not (or gone).

    The version check is in the WHERE clause: of two concurrent writers that read the same
    version, the second waits for the first's row lock, re-reads the row and matches nothing.
    """
    query = (
        update(CONTRIBUTION)
        .where(CONTRIBUTION.id == contribution_id, CONTRIBUTION.version == expected_version)
        .values(**values, version=CONTRIBUTION.version + 1, updated_at=func.now())
        .returning(*CONTRIBUTION.__table__.c)
    )
    return (await session.execute(query)).first()


async def objectives_of(session: AsyncSession, contribution_id: int) -> list[int]:
    """Return the GCM objective numbers a contribution addresses, in order."""
    link = models.review_contribution_gcm_objectives
    query = (
        select(link.c.objective_number)
        .where(link.c.contribution_id == contribution_id)
        .order_by(link.c.objective_number)
    )
    return list((await session.execute(query)).scalars())


async def set_objectives(
    session: AsyncSession, contribution_id: int, numbers: Sequence[int]
) -> None:
    """Make `numbers` the contribution's GCM objectives."""
    link = models.review_contribution_gcm_objectives
    await session.execute(delete(link).where(link.c.contribution_id == contribution_id))
    if numbers:
        await session.execute(
            insert(link),
            [{"contribution_id": contribution_id, "objective_number": n} for n in numbers],
        )


async def notify_contribution_event(session: AsyncSession, payload: str) -> None:
    """Announce a change; PostgreSQL delivers it only if the transaction commits."""
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CONTRIBUTION_EVENTS_CHANNEL, "payload": payload},
    )


async def count_contributions(session: AsyncSession) -> int:
    """Return how many contributions exist (any status)."""
    return (await session.execute(select(func.count()).select_from(CONTRIBUTION))).scalar_one()
