"""GET /calendar.ics: the ISCM calendar as an iCalendar feed (optionally one ISCM's, a span).

Query parameters: `iscm` (slug), `from` and `to` (ISO dates; events overlapping the span).
Events known only by year are left out: a calendar entry needs a day. An unknown slug is a
404, a malformed or reversed span a 400, each with a one-line text body.
"""

from datetime import date
from typing import Any

from sqlalchemy import Row
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from db.session import RequestSession
from resolvers.calendar import calendar_feed
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode
from service.ical import CalendarEvent, calendar_text

MEDIA_TYPE = "text/calendar; charset=utf-8"


def calendar_event(row: Row[Any]) -> CalendarEvent:
    """Map an events row (with country and ISCM names) onto an iCalendar event."""
    r = row._mapping
    location = ", ".join(part for part in (r["city"], r["country_name"]) if part)
    details = [
        ("Held by", r["iscm_name"]),
        ("Theme", r["theme"]),
        ("Host", r["host"]),
        (None, r["notes"]),
    ]
    description = "\n".join(
        f"{label}: {text}" if label else text for label, text in details if text
    )
    return CalendarEvent(
        uid=f"event-{r['id']}@iscm-graph",
        first_day=r["starts_on"],
        last_day=r["ends_on"] or r["starts_on"],
        summary=r["title"],
        stamp=r["updated_at"],
        location=location or None,
        url=r["url"],
        description=description or None,
    )


def date_parameter(request: Request, name: str) -> date | None:
    """Read an ISO date query parameter; raise BAD_USER_INPUT when it is not one."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ApiError(
            ErrorCode.BAD_USER_INPUT, f"`{name}` must be a date such as 2025-01-31.", argument=name
        ) from None


async def calendar_endpoint(request: Request) -> Response:
    """Serve the feed; client mistakes get a short text answer, never a stack trace."""
    db = RequestSession(request.state.session_factory)
    try:
        context = Context.create(db, request.state.api_config)
        feed = await calendar_feed(
            context,
            iscm=request.query_params.get("iscm") or None,
            starts=date_parameter(request, "from"),
            ends=date_parameter(request, "to"),
        )
    except ApiError as error:
        status = 404 if error.code is ErrorCode.NOT_FOUND else 400
        return PlainTextResponse(error.message + "\n", status_code=status)
    finally:
        await db.close()
    body = calendar_text(feed.name, (calendar_event(row) for row in feed.entries))
    return Response(
        body,
        media_type=MEDIA_TYPE,
        headers={"content-disposition": 'inline; filename="iscm-calendar.ics"'},
    )


calendar_route = Route("/calendar.ics", calendar_endpoint, methods=["GET"])
