"""Editors' writes to documents: a document's fields, the ISCMs it concerns and the events
that adopted it (resolvers/content_writes.py does the writing)."""

from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.outcome_data import DOCUMENT_KIND
from db.queries.audit import DOCUMENT_ENTITY
from resolvers.authorization import Action
from resolvers.content_writes import ContentKind, Link
from resolvers.user_errors import Problem
from resolvers.validation import NOTE_MAX, SLUG_MAX, TEXT_MAX, TITLE_MAX, Checker
from resolvers.writes import today

EARLIEST = date(1945, 1, 1)
TEXT_FIELDS = (
    ("title", True, TITLE_MAX),
    ("place", False, NOTE_MAX),
    ("summary", False, TEXT_MAX),
)


async def normalise(
    _session: AsyncSession, checker: Checker, fields: dict[str, Any], current: Row[Any] | None
) -> dict[str, Any]:
    """Check and normalise the document fields present in `fields` (snake_case names)."""
    creating = current is None
    values: dict[str, Any] = {}
    if creating and fields.get("slug") is not None:
        values["slug"] = checker.slug(
            "slug",
            fields["slug"],
            required=False,
            max_length=SLUG_MAX,
            example="rabat-declaration-2018",
        )
    for name, required, max_length in TEXT_FIELDS:
        if creating or name in fields:
            values[name] = checker.text(
                name, fields.get(name), required=required, max_length=max_length
            )
    if (creating or "kind" in fields) and fields.get("kind") is None:
        checker.add(Problem.REQUIRED, "kind", "`kind` is required and cannot be cleared")
    elif "kind" in fields:
        values["kind"] = fields["kind"]
        # The file's finer kind stays only while it still reads as the kind an editor chose.
        detailed = current.detailed_kind if current is not None else None
        if detailed is not None and DOCUMENT_KIND.get(detailed) != values["kind"]:
            values["detailed_kind"] = None
    for name in ("published_on", "adopted_on"):
        if name in fields:
            values[name] = checker.date_in(name, fields[name], earliest=EARLIEST, latest=today())
    if "year" in fields:
        values["year"] = checker.year("year", fields["year"])
    if "url" in fields:
        values["url"] = checker.url("url", fields["url"], required=False)
    return values


KIND = ContentKind(
    model=models.Document,
    entity=DOCUMENT_ENTITY,
    type_name="Document",
    noun="document",
    action=Action.EDIT_DOCUMENT,
    normalise=normalise,
    links={
        "iscms": Link(models.document_iscms, "document_id", "iscm_id", "Iscm"),
        "events": Link(models.document_events, "document_id", "event_id", "Event", models.Event),
    },
    iscm_of=lambda _row: None,
)
