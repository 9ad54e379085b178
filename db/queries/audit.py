"""SQL for the append-only audit trail: appending, a record's history and published versions,
and the whole log for admins.

What each reader may see of the trail is decided by db/queries/visibility.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Integer, Row, Select, cast, func, insert, literal_column, select
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey
from db.queries.viewer import Viewer
from db.queries.visibility import public_content, published_version

EVENT = models.AuditEvent
CONTRIBUTION_ENTITY = "review_contribution"
RECOMMENDATION_ENTITY = "recommendation"
# The log as admins read it: newest first.
AUDIT_SORTS = {"OCCURRED": SortKey("OCCURRED", (EVENT.id,))}


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


async def count_events(session: AsyncSession) -> int:
    """Return how many events the trail holds."""
    return (await session.execute(select(func.count()).select_from(models.AuditEvent))).scalar_one()


def _of_records(entity: str, record_ids: Sequence[int]) -> Any:
    """The events of these records of `entity`."""
    return (EVENT.entity == entity) & EVENT.entity_id.in_([str(i) for i in record_ids])


async def _history(
    session: AsyncSession, entity: str, record_ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    query = (
        select(EVENT.__table__, cast(EVENT.entity_id, BigInteger).label("record_id"))
        .where(_of_records(entity, record_ids), viewer.sees_history())
        .order_by(EVENT.id)
    )
    return list((await session.execute(query)).all())


async def contribution_history(
    session: AsyncSession, contribution_ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return the events of these contributions `viewer` may read (as `record_id`), oldest first."""
    return await _history(session, CONTRIBUTION_ENTITY, contribution_ids, viewer)


async def recommendation_history(
    session: AsyncSession, recommendation_ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return the events of these recommendations `viewer` may read (as `record_id`), oldest
    first."""
    return await _history(session, RECOMMENDATION_ENTITY, recommendation_ids, viewer)


def published_versions_query(entity: str, record_ids: Sequence[int]) -> Select[Any]:
    """Select each published version of these records, oldest first: (record_id, version,
    published_at, iscm_id, changes), `changes` being the public fields that differ from the
    previous published version as a JSON array of {field, before, after}, by field name."""
    versions = (
        select(
            cast(EVENT.entity_id, BigInteger).label("record_id"),
            EVENT.id,
            cast(EVENT.after["version"].astext, Integer).label("version"),
            EVENT.occurred_at.label("published_at"),
            EVENT.iscm_id,
            public_content(entity, EVENT.after).label("content"),
        )
        .where(_of_records(entity, record_ids), published_version())
        .subquery("published")
    )
    previous = func.lag(versions.c.content, type_=JSONB).over(
        partition_by=versions.c.record_id, order_by=versions.c.id
    )
    paired = select(versions, previous.label("previous")).subquery("paired")
    field = func.jsonb_each(paired.c.content).table_valued("key", "value").alias("field")
    before = func.coalesce(paired.c.previous.op("->")(field.c.key), literal_column("'null'::jsonb"))
    change = func.jsonb_build_object(
        "field", field.c.key, "before", before, "after", field.c.value, type_=JSONB
    )
    changes = (
        select(
            func.coalesce(
                func.jsonb_agg(aggregate_order_by(change, field.c.key)),
                literal_column("'[]'::jsonb"),
            )
        )
        .select_from(field)
        .where(field.c.value.is_distinct_from(before))
        .scalar_subquery()
    )
    return select(
        paired.c.record_id,
        paired.c.version,
        paired.c.published_at,
        paired.c.iscm_id,
        changes.label("changes"),
    ).order_by(paired.c.record_id, paired.c.id)


async def contribution_versions(
    session: AsyncSession, contribution_ids: Sequence[int]
) -> list[Row[Any]]:
    """Return the published versions of these contributions (see published_versions_query)."""
    query = published_versions_query(CONTRIBUTION_ENTITY, contribution_ids)
    return list((await session.execute(query)).all())


async def recommendation_versions(
    session: AsyncSession, recommendation_ids: Sequence[int]
) -> list[Row[Any]]:
    """Return the published versions of these recommendations (see published_versions_query)."""
    query = published_versions_query(RECOMMENDATION_ENTITY, recommendation_ids)
    return list((await session.execute(query)).all())


@dataclass(frozen=True)
class AuditCriteria:
    """Filters on the audit log; None means no constraint."""

    entity: str | None = None
    entity_id: str | None = None
    iscm_id: int | None = None
    actor: str | None = None
    action: str | None = None


def audit_log(criteria: AuditCriteria, viewer: Viewer) -> Select[Any]:
    """Select the events of the log `viewer` may read that meet every criterion."""
    query = select(EVENT.__table__).where(viewer.sees_audit_log())
    equal = (
        (EVENT.entity, criteria.entity),
        (EVENT.entity_id, criteria.entity_id),
        (EVENT.iscm_id, criteria.iscm_id),
        (EVENT.actor, criteria.actor),
        (EVENT.action, criteria.action),
    )
    for column, value in equal:
        if value is not None:
            query = query.where(column == value)
    return query
