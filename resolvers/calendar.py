"""Query logic for the ISCM calendar: event pages, ISCMs' events and the iCalendar feed."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row

from db.queries import calendar
from db.queries.calendar import EVENT_SORTS, EventCriteria, filtered_events
from resolvers import arguments
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode
from resolvers.pages import nested_page, root_page
from resolvers.pagination import PageResult


async def event_criteria(
    context: Context,
    *,
    iscm: str | None = None,
    starts: date | None = None,
    ends: date | None = None,
    kind: str | None = None,
) -> EventCriteria:
    """Check an event filter: events overlapping [starts, ends], of one ISCM or kind."""
    arguments.date_span(starts, ends, "filter.from", "filter.to")
    return EventCriteria(
        iscm_id=await arguments.iscm_id(context, iscm, "filter.iscm"),
        ends_from=starts,
        starts_by=ends,
        kind=kind,
    )


async def event_page(
    context: Context,
    criteria: EventCriteria,
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of the events meeting `criteria`."""
    return await root_page(
        context,
        filtered_events(criteria),
        EVENT_SORTS,
        order_field=order_field,
        descending=descending,
        first=first,
        after=after,
        last=last,
        before=before,
    )


async def events_of_iscm(
    context: Context,
    iscm_id: int,
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of an ISCM's events (batched across ISCMs)."""
    return await nested_page(
        context,
        context.graph_loaders.events_of_iscm,
        iscm_id,
        EVENT_SORTS,
        order_field=order_field,
        descending=descending,
        first=first,
        after=after,
        last=last,
        before=before,
    )


@dataclass(frozen=True)
class CalendarFeed:
    """What a calendar feed shows: its name and its dated events, in date order."""

    name: str
    entries: list[Row[Any]]


async def calendar_feed(
    context: Context, *, iscm: str | None, starts: date | None, ends: date | None
) -> CalendarFeed:
    """Return the dated events of the feed, with country and ISCM names, in date order.

    Events known only by year have no day to put in a calendar, so the feed leaves them out.
    An unknown ISCM slug is NOT_FOUND; a span ending before it starts is BAD_USER_INPUT.
    """
    arguments.date_span(starts, ends, "from", "to")
    iscm_id, name = None, "ISCM calendar"
    if iscm is not None:
        row = await context.loaders.iscm_by_slug.load(iscm)
        if row is None:
            raise ApiError(ErrorCode.NOT_FOUND, f"No ISCM has the slug {iscm!r}.", argument="iscm")
        iscm_id, name = row.id, f"{row.name}: calendar"
    criteria = EventCriteria(iscm_id=iscm_id, ends_from=starts, starts_by=ends, dated_only=True)
    async with context.db.use() as session:
        return CalendarFeed(name=name, entries=await calendar.calendar_entries(session, criteria))
