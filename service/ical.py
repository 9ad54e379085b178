"""iCalendar (RFC 5545) text: all-day events, TEXT escaping, 75-octet folding, CRLF endings."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
LINE_OCTETS = 75  # RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding CRLF
PRODUCT_ID = "-//iscm-graph//ISCM calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event; `last_day` is inclusive, as people say it."""

    uid: str
    first_day: date
    last_day: date
    summary: str
    stamp: datetime
    location: str | None = None
    url: str | None = None
    description: str | None = None


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, line breaks."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a UTF-8 character.

    Continuation lines start with one space, which counts towards their 75 octets.
    """
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(character)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def day(value: date) -> str:
    """Format a DATE value."""
    return value.strftime("%Y%m%d")


def timestamp(value: datetime) -> str:
    """Format a UTC DATE-TIME value."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: CalendarEvent) -> list[str]:
    """Return the content lines of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{timestamp(event.stamp)}",
        f"DTSTART;VALUE=DATE:{day(event.first_day)}",
        # DTEND of an all-day event is exclusive: the day after the last day.
        f"DTEND;VALUE=DATE:{day(event.last_day + timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")  # a URI value, which TEXT escaping would corrupt
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append("END:VEVENT")
    return lines


def calendar_text(name: str, events: Iterable[CalendarEvent]) -> str:
    """Return a whole VCALENDAR with these events."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
