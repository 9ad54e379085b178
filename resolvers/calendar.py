"""The ISCM calendar as an iCalendar feed (the GraphQL calendar is read by the read path)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row

from db.queries import calendar, reference_lookups
from db.queries.calendar import FeedCriteria
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode


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
    if starts is not None and ends is not None and starts > ends:
        raise ApiError(
            ErrorCode.BAD_USER_INPUT, f"`from` ({starts}) is after `to` ({ends})", argument="from"
        )
    async with context.db.use() as session:
        iscm_id, name = None, "ISCM calendar"
        if iscm is not None:
            row = await reference_lookups.iscm_by_slug(session, iscm)
            if row is None:
                raise ApiError(
                    ErrorCode.NOT_FOUND, f"No ISCM has the slug {iscm!r}.", argument="iscm"
                )
            iscm_id, name = row.id, f"{row.name}: calendar"
        criteria = FeedCriteria(iscm_id=iscm_id, ends_from=starts, starts_by=ends)
        return CalendarFeed(name=name, entries=await calendar.calendar_entries(session, criteria))
