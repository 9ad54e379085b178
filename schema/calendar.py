"""The ISCM calendar's events, Global RCP meetings included, with the root list.

Also served as iCalendar at `/calendar.ics` (service/calendar.py).
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from db import models
from db.queries.calendar import EVENT_SORTS, event_end, event_start, held_by
from db.queries.documents import document_linked
from db.queries.visibility import live, removed_content_visible
from schema.changed_since import updated_since
from schema.graph_enums import EventDetailedKind, EventKind
from schema.orderings import EventOrder
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.declare import InputChecks, Paginated, argument, computed, related, table
from schema.references import ISCM_SLUG

if TYPE_CHECKING:
    from schema.catalogue import Iscm, MemberState
    from schema.documents import Document


@strawberry.type(
    description="A meeting on the ISCM calendar: a ministerial conference, a workshop, a Global RCP (GRCP) meeting, ... Editors maintain the calendar; one they removed is visible to nobody."
)
class Event(relay.Node):
    __read__ = table(models.Event, key="id", visible=live)
    event_id: relay.NodeID[int]
    slug: str = strawberry.field(description="Stable identifier, e.g. `grcp-7`.")
    title: str = strawberry.field(description="Title.")
    title_is_descriptive: bool = strawberry.field(
        description="True where the source gives no title and this one was written by the catalogue."
    )
    kind: EventKind = strawberry.field(description="What kind of meeting it is.")
    detailed_kind: EventDetailedKind | None = strawberry.field(
        description="For an ISCM's own meeting, the finer kind its source describes (`kind` is the coarse one it maps to)."
    )
    sequence: int | None = strawberry.field(
        description="Its number in a series, e.g. 7 for the seventh GRCP meeting."
    )
    year: int = strawberry.field(description="Year it took place.")
    starts_on: date | None = strawberry.field(
        description="First day; null when only the year is known."
    )
    ends_on: date | None = strawberry.field(
        description="Last day; null when only the year is known."
    )
    city: str | None = strawberry.field(description="City, when known.")
    host: str | None = strawberry.field(description="Who hosted it, as the source words it.")
    theme: str | None = strawberry.field(description="Its theme, when it had one.")
    notes: str | None = strawberry.field(description="What the sources add.")
    conflicts: str | None = strawberry.field(
        description="Where the sources disagree about this meeting (dates, attendance), with both sides."
    )
    url: str | None = strawberry.field(description="Main source or official page.")
    sources: list[str] = strawberry.field(description="URLs of the sources this record rests on.")
    synthetic: bool = strawberry.field(
        description="True for generated example data, never a real meeting."
    )
    version: int = strawberry.field(
        description="Incremented on every change; above 1, `iscm-graph seed` keeps the record as editors left it."
    )
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    removed_at: datetime | None = strawberry.field(
        description="When an editor removed it (only editors list removed events); null otherwise.",
        metadata=computed(lambda event, _: event.c.deleted_at),
    )
    iscm: Annotated["Iscm", strawberry.lazy("schema.catalogue")] | None = strawberry.field(
        description="The ISCM that held it (the first of several, see `iscms`); null for Global RCP meetings.",
        metadata=related(lambda event, iscm, _: iscm.c.id == event.c.iscm_id),
    )
    iscms: list[Annotated["Iscm", strawberry.lazy("schema.catalogue")]] = strawberry.field(
        description="Every ISCM that held it, by name (a joint meeting lists all).",
        metadata=related(
            lambda event, iscm, _: held_by(event, iscm.c.id),
            order=lambda iscm: (iscm.c.name, iscm.c.id),
        ),
    )
    documents: list[Annotated["Document", strawberry.lazy("schema.documents")]] = strawberry.field(
        description="The documents it adopted or that report on it, by title.",
        metadata=related(
            lambda event, document, _: document_linked(
                models.document_events, "event_id", document, event.c.id
            ),
            order=lambda document: (document.c.title, document.c.id),
        ),
    )
    country: Annotated["MemberState", strawberry.lazy("schema.catalogue")] | None = (
        strawberry.field(
            description="The country it took place in, when known.",
            metadata=related(lambda event, state, _: state.c.iso3 == event.c.country_iso3),
        )
    )


@strawberry.input(
    description="Which events to list. `from`/`to` keep events overlapping that span; an event known only by year counts as spanning its whole year."
)
class EventFilter:
    __read__ = InputChecks(spans=(("from", "to"),))
    iscm: str | None = strawberry.field(
        default=None,
        description="Slug of an ISCM that held it (alone or with others).",
        metadata=argument(
            condition=lambda _, event, iscm_id, __: held_by(event, iscm_id),
            reference=ISCM_SLUG,
        ),
    )
    starts: date | None = strawberry.field(
        default=None,
        name="from",
        description="Keep events ending on or after this day.",
        metadata=argument(condition=lambda _, event, day, __: event_end(event) >= day),
    )
    ends: date | None = strawberry.field(
        default=None,
        name="to",
        description="Keep events starting on or before this day.",
        metadata=argument(condition=lambda _, event, day, __: event_start(event) <= day),
    )
    kind: EventKind | None = strawberry.field(
        default=None,
        description="What kind of meeting.",
        metadata=argument(condition=lambda _, event, kind, __: event.c.kind == kind),
    )
    updated_since: datetime | None = updated_since()
    removed: bool = strawberry.field(
        default=False,
        description="Editors: list the removed events (that `restoreEvent` can bring back) instead; nobody else sees any.",
        metadata=argument(instead_of_visible=removed_content_visible),
    )


@strawberry.type
class CalendarQuery:
    events: Connection[Event] = page_field(
        f"The ISCM calendar, Global RCP meetings included; earliest first by default. {PAGE_HELP} Also served as iCalendar at `/calendar.ics`.",
        Paginated(None, EVENT_SORTS, "STARTS_ON"),
        filter=EventFilter,
        order_by=EventOrder,
    )
