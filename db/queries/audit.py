"""SQL for the append-only audit trail: appending, a record's history and published versions,
and the whole log for admins (read by schema/audit.py's declarations).

What each reader may see of the trail is decided by db/queries/visibility.py.
"""

from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    Text,
    cast,
    column,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.visibility import Visibility, history_visible, public_content, published_version
from db.readsql.tree import SortKey

EVENT = models.AuditEvent
CONTRIBUTION_ENTITY = "review_contribution"
RECOMMENDATION_ENTITY = "recommendation"
EVENT_ENTITY = "event"
DOCUMENT_ENTITY = "document"
# The action of a record's creation through the API.
CREATED = "CREATED"
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


async def created_through_api(session: AsyncSession, entity: str) -> set[int]:
    """The ids of the `entity` records created through the API (not loaded from files)."""
    found = await session.execute(
        select(EVENT.entity_id).where(EVENT.entity == entity, EVENT.action == CREATED)
    )
    return {int(entity_id) for entity_id in found.scalars()}


async def count_events(session: AsyncSession) -> int:
    """Return how many events the trail holds."""
    return (await session.execute(select(func.count()).select_from(models.AuditEvent))).scalar_one()


def history(entity: str, record: Any, event: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Whether `event` is of the `entity` record `record` and the reader may read it."""
    return (
        (event.c.entity == entity)
        & (event.c.entity_id == cast(record.c.id, Text))
        & history_visible(event, visibility)
    )


def published_versions(entity: str) -> Select[Any]:
    """Every published version of the records of `entity`: (id, record_id, version,
    published_at, iscm_id, changes), `changes` being the public fields that differ from the
    previous published version as a JSON array of {field, before, after}, by field name.

    Read for one record at a time: a condition on `record_id` reaches into the window
    (it partitions by `record_id`), so only that record's events are read.
    """
    event = EVENT.__table__.alias()
    versions = (
        select(
            cast(event.c.entity_id, BigInteger).label("record_id"),
            event.c.id,
            cast(event.c.after["version"].astext, Integer).label("version"),
            event.c.occurred_at.label("published_at"),
            event.c.iscm_id,
            public_content(entity, event.c.after).label("content"),
        )
        .where(event.c.entity == entity, published_version(event))
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
                type_=JSONB,
            )
        )
        .select_from(field)
        .where(field.c.value.is_distinct_from(before))
        .correlate(paired)
        .scalar_subquery()
    )
    return select(
        paired.c.id,
        paired.c.record_id,
        paired.c.version,
        paired.c.published_at,
        paired.c.iscm_id,
        changes.label("changes"),
    )


def field_changes(version: Any) -> Select[Any]:
    """A published version's changes, one row each: (field, before, after, position)."""
    change = (
        func.jsonb_array_elements(version.c.changes)
        .table_valued(column("value", JSONB), with_ordinality="position")
        .render_derived()
    )
    return select(
        change.c.value["field"].astext.label("field"),
        change.c.value["before"].label("before"),
        change.c.value["after"].label("after"),
        change.c.position,
    )
