"""SQL for the ISCM calendar: events, including the Global RCP (GRCP) meetings.

Some events are known only by year. Where a date is needed they count as spanning their
year: from 1 January (or their start) to 31 December (or their end).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey

Event = models.Event


def event_start() -> ColumnElement[date]:
    """The day an event starts, or 1 January of its year."""
    return func.coalesce(Event.starts_on, func.make_date(Event.year, 1, 1, type_=Date))


def event_end() -> ColumnElement[date]:
    """The day an event ends (its start for one-day events), or 31 December of its year."""
    return func.coalesce(
        Event.ends_on, Event.starts_on, func.make_date(Event.year, 12, 31, type_=Date)
    )


EVENT_SORTS = {
    "STARTS_ON": SortKey("STARTS_ON", (event_start(), Event.id)),
    "TITLE": SortKey("TITLE", (Event.title, Event.id)),
}


@dataclass(frozen=True)
class EventCriteria:
    """Validated filters on events; `starts_by`/`ends_from` select events overlapping a span."""

    iscm_id: int | None = None
    ends_from: date | None = None
    starts_by: date | None = None
    kind: str | None = None
    dated_only: bool = False


def event_query() -> Select[Any]:
    """Select every event column."""
    return select(Event.__table__)


def filtered_events(criteria: EventCriteria) -> Select[Any]:
    """Select the events that meet every criterion."""
    query = event_query()
    if criteria.iscm_id is not None:
        query = query.where(Event.iscm_id == criteria.iscm_id)
    if criteria.kind is not None:
        query = query.where(Event.kind == criteria.kind)
    if criteria.ends_from is not None:
        query = query.where(event_end() >= criteria.ends_from)
    if criteria.starts_by is not None:
        query = query.where(event_start() <= criteria.starts_by)
    if criteria.dated_only:
        query = query.where(Event.starts_on.is_not(None))
    return query


async def events_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return the events with these ids (any order)."""
    query = event_query().where(Event.id.in_(ids))
    return list((await session.execute(query)).all())


def events_of_iscms() -> tuple[Select[Any], ColumnElement[Any]]:
    """Events nested under the ISCM that held them."""
    return event_query(), Event.iscm_id


async def calendar_entries(session: AsyncSession, criteria: EventCriteria) -> list[Row[Any]]:
    """Return events with their country and ISCM names, in date order, for a calendar feed."""
    query = (
        filtered_events(criteria)
        .add_columns(
            models.MemberState.name.label("country_name"),
            models.Iscm.name.label("iscm_name"),
        )
        .outerjoin(models.MemberState, models.MemberState.iso3 == Event.country_iso3)
        .outerjoin(models.Iscm, models.Iscm.id == Event.iscm_id)
        .order_by(event_start(), Event.id)
    )
    return list((await session.execute(query)).all())
