"""Editors' mutations of the ISCM calendar: create, update, link an event to the ISCMs that
share it and to the documents it adopted, remove and restore."""

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import content_writes, event_writes
from resolvers.workflow import Written
from schema.calendar import Event
from schema.graph_enums import EventKind
from schema.mutations.arguments import (
    IDEMPOTENCY_HELP,
    REPLACE_ARGUMENT,
    SOURCE_ARGUMENT,
    Info,
    id_argument,
)
from schema.mutations.errors import UserError, to_user_errors
from schema.mutations.lifecycle import content_creation, content_removal, content_update
from schema.mutations.payloads import as_written, errors_field, record_field
from schema.read_path.results import RowRef

ID_ARGUMENT = Annotated[strawberry.ID, id_argument("event")]


@strawberry.input(description="A meeting to add to the ISCM calendar.")
class CreateEventInput:
    slug: str = strawberry.field(
        description="Stable identifier: lower-case words joined by hyphens, e.g. `rabat-process-ministerial-2024`."
    )
    iscm: str | None = strawberry.field(
        default=None,
        description="Slug of the ISCM that held it; null for a Global RCP meeting or a meeting of several ISCMs.",
    )
    also_iscms: list[str] = strawberry.field(
        default_factory=list,
        description="Slugs of the other ISCMs that share it (a joint meeting).",
    )
    title: str = strawberry.field(description="Title, 1 to 500 characters.")
    kind: EventKind = strawberry.field(description="What kind of meeting it is.")
    sequence: int | None = strawberry.field(
        default=None, description="Its number in a series (1 to 999)."
    )
    year: int = strawberry.field(description="Year it took place (1945 to 2100).")
    starts_on: date | None = strawberry.field(
        default=None, description="First day, in `year`; null when only the year is known."
    )
    ends_on: date | None = strawberry.field(default=None, description="Last day.")
    city: str | None = strawberry.field(default=None, description="City.")
    country: str | None = strawberry.field(
        default=None, description="ISO 3166-1 alpha-3 code of the country it took place in."
    )
    host: str | None = strawberry.field(default=None, description="Who hosted it.")
    theme: str | None = strawberry.field(default=None, description="Its theme.")
    notes: str | None = strawberry.field(default=None, description="What the sources add.")
    url: str | None = strawberry.field(
        default=None, description="Its official page (an http(s) URL)."
    )
    documents: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="`id`s of the documents it adopted."
    )


@strawberry.input(
    description="Changes to an event: only the fields given change; null clears an optional one."
)
class UpdateEventInput:
    iscm: str | None = strawberry.field(default=UNSET, description="Slug of the ISCM that held it.")
    title: str | None = strawberry.field(default=UNSET, description="Title (cannot be cleared).")
    kind: EventKind | None = strawberry.field(
        default=UNSET, description="Kind of meeting (cannot be cleared)."
    )
    sequence: int | None = strawberry.field(default=UNSET, description="Its number in a series.")
    year: int | None = strawberry.field(default=UNSET, description="Year (cannot be cleared).")
    starts_on: date | None = strawberry.field(default=UNSET, description="First day.")
    ends_on: date | None = strawberry.field(default=UNSET, description="Last day.")
    city: str | None = strawberry.field(default=UNSET, description="City.")
    country: str | None = strawberry.field(
        default=UNSET, description="ISO 3166-1 alpha-3 code of the country."
    )
    host: str | None = strawberry.field(default=UNSET, description="Who hosted it.")
    theme: str | None = strawberry.field(default=UNSET, description="Its theme.")
    notes: str | None = strawberry.field(default=UNSET, description="What the sources add.")
    url: str | None = strawberry.field(default=UNSET, description="Its official page.")


@strawberry.type(description="The result of an event mutation.")
class EventPayload:
    event: RowRef | None = record_field(
        Event, "The event as stored after the write (a removed one included)"
    )
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, written: Written) -> Self:
        """Build the payload of a write's outcome."""
        return cls(event=as_written("Event", written.row), errors=to_user_errors(written.errors))


@strawberry.type
class EventMutations:
    create_event = content_creation(
        event_writes.KIND,
        CreateEventInput,
        EventPayload,
        f"Add a meeting to the ISCM calendar, citing a source (editors). {IDEMPOTENCY_HELP}",
    )
    update_event = content_update(
        event_writes.KIND,
        UpdateEventInput,
        EventPayload,
        "Change an event from the version you last read, citing a source (editors). `iscm-graph seed` keeps events changed this way.",
    )

    @strawberry.mutation(
        description="Record the other ISCMs that share an event (a joint meeting), citing a source (editors); its version increments."
    )
    async def link_event_to_iscms(
        self,
        info: Info,
        id: ID_ARGUMENT,
        iscms: Annotated[
            list[str],
            strawberry.argument(
                description="Slugs of the ISCMs that share it, besides the one that held it."
            ),
        ],
        source: SOURCE_ARGUMENT,
        replace: REPLACE_ARGUMENT = False,
    ) -> EventPayload:
        written = await content_writes.link(
            info.context,
            event_writes.KIND,
            str(id),
            "also_iscms",
            iscms,
            replace=replace,
            source=source,
            argument="iscms",
        )
        return EventPayload.of(written)

    @strawberry.mutation(
        description="Record the documents an event adopted, citing a source (editors); its version increments."
    )
    async def link_event_to_documents(
        self,
        info: Info,
        id: ID_ARGUMENT,
        documents: Annotated[
            list[strawberry.ID], strawberry.argument(description="`id`s of the documents.")
        ],
        source: SOURCE_ARGUMENT,
        replace: REPLACE_ARGUMENT = False,
    ) -> EventPayload:
        written = await content_writes.link(
            info.context,
            event_writes.KIND,
            str(id),
            "documents",
            [str(d) for d in documents],
            replace=replace,
            source=source,
            argument="documents",
        )
        return EventPayload.of(written)

    remove_event = content_removal(
        event_writes.KIND,
        EventPayload,
        "Remove an event, a duplicate or a meeting that never took place (editors): it disappears from every read, the calendar feed included, and `restoreEvent` brings it back.",
        removed=True,
    )
    restore_event = content_removal(
        event_writes.KIND,
        EventPayload,
        "Bring a removed event back as it was (editors); list removed ones with `events(filter: {removed: true})`.",
        removed=False,
    )
