"""SQL for the append-only audit trail."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Row, cast, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models


async def append_event(
    session: AsyncSession,
    *,
    actor: str,
    actor_name: str | None,
    action: str,
    entity: str,
    entity_id: str,
    iscm_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
    request_id: str | None = None,
) -> None:
    """Append one event to the trail (in the caller's transaction)."""
    await session.execute(
        insert(models.AuditEvent).values(
            actor=actor,
            actor_name=actor_name,
            action=action,
            entity=entity,
            entity_id=entity_id,
            iscm_id=iscm_id,
            before=before,
            after=after,
            note=note,
            request_id=request_id,
        )
    )


async def events_of_entities(
    session: AsyncSession, entity: str, entity_ids: Sequence[str]
) -> list[Row[Any]]:
    """Return the events of these entities, oldest first."""
    event = models.AuditEvent
    query = (
        select(event.__table__)
        .where(event.entity == entity, event.entity_id.in_(list(entity_ids)))
        .order_by(event.id)
    )
    return list((await session.execute(query)).all())


async def count_events(session: AsyncSession) -> int:
    """Return how many events the trail holds."""
    return (await session.execute(select(func.count()).select_from(models.AuditEvent))).scalar_one()


async def contribution_events(
    session: AsyncSession, contribution_ids: Sequence[int]
) -> list[Row[Any]]:
    """Return the events of these review contributions (as `contribution_id`), oldest first."""
    event = models.AuditEvent
    query = (
        select(event.__table__, cast(event.entity_id, BigInteger).label("contribution_id"))
        .where(
            event.entity == "review_contribution",
            event.entity_id.in_([str(i) for i in contribution_ids]),
        )
        .order_by(event.id)
    )
    return list((await session.execute(query)).all())
