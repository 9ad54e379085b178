"""SQL for the ISCM calendar: events, including the Global RCP (GRCP) meetings.

Some events are known only by year. Where a date is needed they count as spanning their
year: from 1 January (or their start) to 31 December (or their end).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Row, exists, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.readsql.tree import SortKey

Event = models.Event


def event_start(event: Any = Event.__table__) -> ColumnElement[date]:
    """The day an event starts, or 1 January of its year."""
    return func.coalesce(event.c.starts_on, func.make_date(event.c.year, 1, 1, type_=Date))


def event_end(event: Any = Event.__table__) -> ColumnElement[date]:
    """The day an event ends (its start for one-day events), or 31 December of its year."""
    return func.coalesce(
        event.c.ends_on, event.c.starts_on, func.make_date(event.c.year, 12, 31, type_=Date)
    )


EVENT_SORTS = {
    "STARTS_ON": SortKey("STARTS_ON", (event_start(), Event.id)),
    "TITLE": SortKey("TITLE", (Event.title, Event.id)),
}


@dataclass(frozen=True)
class FeedCriteria:
    """Which dated events a calendar feed shows: of one ISCM, overlapping a span."""

    iscm_id: int | None = None
    ends_from: date | None = None
    starts_by: date | None = None


async def calendar_entries(session: AsyncSession, criteria: FeedCriteria) -> list[Row[Any]]:
    """Return dated events with their country and ISCM names, in date order, for a feed."""
    event = Event.__table__
    query = (
        select(
            event,
            models.MemberState.name.label("country_name"),
            models.Iscm.name.label("iscm_name"),
        )
        .outerjoin(models.MemberState, models.MemberState.iso3 == event.c.country_iso3)
        .outerjoin(models.Iscm, models.Iscm.id == event.c.iscm_id)
        .where(event.c.starts_on.is_not(None), event.c.deleted_at.is_(None))
        .order_by(event_start(), event.c.id)
    )
    if criteria.iscm_id is not None:
        query = query.where(held_by(event, criteria.iscm_id))
    if criteria.ends_from is not None:
        query = query.where(event_end() >= criteria.ends_from)
    if criteria.starts_by is not None:
        query = query.where(event_start() <= criteria.starts_by)
    return list((await session.execute(query)).all())


def held_by(event: Any, iscm_id: Any) -> ColumnElement[bool]:
    """Whether the ISCM held the event, alone or together with others.

    An EXISTS over the (event, ISCM) pairs rather than `own OR shared`: PostgreSQL reads the
    pairs of one ISCM by index, where the OR made it filter every event.
    """
    pairs = iscm_event_pairs()
    return (
        exists()
        .where(pairs.c.event_id == event.c.id, pairs.c.iscm_id == iscm_id)
        .correlate_except(pairs)
    )


def iscm_event_pairs() -> Any:
    """(event_id, iscm_id): every ISCM that held each event, alone or with others."""
    own = models.Event.__table__.alias()
    shared = models.event_shared_iscms.alias()
    return union_all(
        select(own.c.id.label("event_id"), own.c.iscm_id).where(own.c.iscm_id.is_not(None)),
        select(shared.c.event_id, shared.c.iscm_id),
    ).subquery()
