"""SQL the write API runs on review contributions only: what a bulk import row names, change
notifications, and the visibility read of subscriptions. The rest is db/queries/record_writes.py."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import Row, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.visibility import Visibility, record_visible

CONTRIBUTION = models.ReviewContribution
CONTRIBUTION_EVENTS_CHANNEL = "iscm_graph_review_contribution_events"
# Imports of one ISCM's contributions take turns on this lock (with the ISCM's id), so two
# imports of the same new row cannot both store it.
IMPORT_LOCK = 0x1C5C


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
        record_visible(
            CONTRIBUTION.__table__,
            Visibility(sees_everything=sees_everything, own_iscm_ids=own_iscm_ids),
        ),
    )
    return (await session.execute(query)).first()


async def removed_contribution(session: AsyncSession, contribution_id: int) -> Row[Any] | None:
    """Return the contribution if it is removed now (merged ones included), whoever may see
    it; None when it is not (restored since, say) or does not exist."""
    query = select(CONTRIBUTION.__table__).where(
        CONTRIBUTION.id == contribution_id, CONTRIBUTION.deleted_at.is_not(None)
    )
    return (await session.execute(query)).first()


async def lock_imports(session: AsyncSession, iscm_ids: Collection[int]) -> None:
    """Wait for other imports of these ISCMs' contributions to end (until this transaction does)."""
    for iscm_id in sorted(iscm_ids):
        await session.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK, iscm_id)))


async def import_candidates(
    session: AsyncSession, iscm_id: int, review_process_id: int, title: str, key: str | None
) -> list[Row[Any]]:
    """Return the contributions an import row may name, removed and merged ones included:
    the one stored under its key, and those with its natural key (ISCM, review process and
    title, case aside)."""
    natural = (CONTRIBUTION.review_process_id == review_process_id) & (
        func.lower(CONTRIBUTION.title) == func.lower(title)
    )
    named = or_(natural, CONTRIBUTION.import_key == key) if key is not None else natural
    query = (
        select(CONTRIBUTION.__table__)
        .where(CONTRIBUTION.iscm_id == iscm_id, named)
        .order_by(CONTRIBUTION.id)
    )
    return list((await session.execute(query)).all())


async def notify_contribution_event(session: AsyncSession, payload: str) -> None:
    """Announce a change; PostgreSQL delivers it only if the transaction commits."""
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CONTRIBUTION_EVENTS_CHANNEL, "payload": payload},
    )


async def count_contributions(session: AsyncSession) -> int:
    """Return how many contributions exist (any status)."""
    return (await session.execute(select(func.count()).select_from(CONTRIBUTION))).scalar_one()
