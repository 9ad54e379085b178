"""Editors' writes to the ISCM calendar: an event's fields, the ISCMs that share it and the
documents it adopted (resolvers/content_writes.py does the writing)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.outcome_data import EVENT_KIND
from db.queries import content_writes as content_queries
from db.queries import reference_lookups
from db.queries.audit import EVENT_ENTITY
from resolvers.authorization import Action
from resolvers.content_writes import ContentKind, Link
from resolvers.user_errors import Problem
from resolvers.validation import NOTE_MAX, SLUG_MAX, TEXT_MAX, TITLE_MAX, Checker

EARLIEST = date(1945, 1, 1)
LATEST = date(2100, 12, 31)
SEQUENCES = range(1, 1000)
TEXT_FIELDS = (
    ("title", True, TITLE_MAX),
    ("city", False, NOTE_MAX),
    ("host", False, NOTE_MAX),
    ("theme", False, NOTE_MAX),
    ("notes", False, TEXT_MAX),
)


async def iscm_id(session: AsyncSession, checker: Checker, slug: Any) -> int | None:
    """Return the id of the ISCM that held the event (None: several, or a GRCP meeting)."""
    clean = checker.text("iscm", slug, required=False, max_length=SLUG_MAX)
    if clean is None:
        return None
    found = await reference_lookups.iscm_by_slug(session, clean)
    if found is None:
        checker.add(Problem.UNKNOWN_REFERENCE, "iscm", f"there is no ISCM {clean!r}")
        return None
    return int(found.id)


async def country(session: AsyncSession, checker: Checker, code: Any) -> str | None:
    """Return the ISO alpha-3 code of the country the event took place in, if it is one."""
    clean = checker.text("country", code, required=False, max_length=3)
    if clean is None:
        return None
    if await reference_lookups.state_un_status(session, clean.upper()) is None:
        checker.add(Problem.UNKNOWN_REFERENCE, "country", f"there is no State {clean!r}")
        return None
    return clean.upper()


def check_dates(checker: Checker, event: dict[str, Any], changed: set[str]) -> None:
    """An event ends on or after its first day, which falls in its year (checked where the
    change touches them: an update need not fix what it does not touch)."""
    if changed.isdisjoint({"year", "starts_on", "ends_on"}):
        return
    starts_on: date | None = event.get("starts_on")
    ends_on: date | None = event.get("ends_on")
    if starts_on is not None and ends_on is not None and starts_on > ends_on:
        checker.add(Problem.INVALID, "ends_on", "`endsOn` must not be before `startsOn`")
    year = event.get("year")
    if starts_on is not None and year is not None and starts_on.year != year:
        checker.add(Problem.INVALID, "starts_on", f"`startsOn` must fall in `year` ({year})")


def kind_and_year(
    checker: Checker, fields: dict[str, Any], current: Row[Any] | None
) -> dict[str, Any]:
    """Return the event's kind and year where given (both required, neither cleared)."""
    values: dict[str, Any] = {}
    for name in ("kind", "year"):
        if (current is None or name in fields) and fields.get(name) is None:
            checker.add(Problem.REQUIRED, name, f"`{name}` is required and cannot be cleared")
        elif name in fields:
            values[name] = fields[name] if name == "kind" else checker.year(name, fields[name])
    # The file's finer kind stays only while it still reads as the kind an editor chose.
    detailed = current.detailed_kind if current is not None else None
    if "kind" in values and detailed is not None and EVENT_KIND.get(detailed) != values["kind"]:
        values["detailed_kind"] = None
    return values


async def normalise(
    session: AsyncSession, checker: Checker, fields: dict[str, Any], current: Row[Any] | None
) -> dict[str, Any]:
    """Check and normalise the event fields present in `fields` (snake_case names)."""
    creating = current is None
    values: dict[str, Any] = {}
    if creating:
        values["slug"] = checker.slug(
            "slug",
            fields.get("slug"),
            required=True,
            max_length=SLUG_MAX,
            example="rabat-process-ministerial-2024",
        )
    if "iscm" in fields:
        values["iscm_id"] = await iscm_id(session, checker, fields["iscm"])
        if current is not None and values["iscm_id"] is not None:
            shared = await content_queries.linked(
                session, models.event_shared_iscms, "event_id", current.id, "iscm_id"
            )
            if values["iscm_id"] in shared:
                checker.add(
                    Problem.INVALID,
                    "iscm",
                    "this ISCM shares the event already: unlink it (`linkEventToIscms`) first",
                )
    for name, required, max_length in TEXT_FIELDS:
        if creating or name in fields:
            values[name] = checker.text(
                name, fields.get(name), required=required, max_length=max_length
            )
    values.update(kind_and_year(checker, fields, current))
    if "sequence" in fields:
        sequence = fields["sequence"]
        if sequence is not None and sequence not in SEQUENCES:
            checker.add(Problem.OUT_OF_RANGE, "sequence", "`sequence` must be from 1 to 999")
        values["sequence"] = sequence
    for name in ("starts_on", "ends_on"):
        if name in fields:
            values[name] = checker.date_in(name, fields[name], earliest=EARLIEST, latest=LATEST)
    if "country" in fields:
        values["country_iso3"] = await country(session, checker, fields["country"])
    if "url" in fields:
        values["url"] = checker.url("url", fields["url"], required=False)
    stored = dict(current._mapping) if current is not None else {}
    check_dates(checker, {**stored, **values}, set(values))
    return values


def not_its_own_iscm(
    checker: Checker, event: Mapping[str, Any], links: dict[str, tuple[str, list[int]]]
) -> None:
    """The ISCM that held an event is not also one that shares it."""
    field, shared = links.get("also_iscms", ("", []))
    if event.get("iscm_id") is not None and event["iscm_id"] in shared:
        checker.add(
            Problem.INVALID,
            field,
            "the ISCM that held the event is its own already: list only the others that share it",
        )


KIND = ContentKind(
    model=models.Event,
    entity=EVENT_ENTITY,
    type_name="Event",
    noun="event",
    action=Action.EDIT_EVENT,
    normalise=normalise,
    links={
        "also_iscms": Link(models.event_shared_iscms, "event_id", "iscm_id", "Iscm"),
        "documents": Link(
            models.document_events, "event_id", "document_id", "Document", models.Document
        ),
    },
    iscm_of=lambda row: row.iscm_id,
    link_rule=not_its_own_iscm,
)
