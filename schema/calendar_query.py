"""Root query fields of the ISCM calendar and the document library."""

from datetime import date
from typing import TYPE_CHECKING

import strawberry

from resolvers import calendar, documents
from resolvers.context import Context
from schema.calendar import Event
from schema.documents import Document
from schema.graph_enums import DocumentKind, EventKind
from schema.orderings import DocumentOrder, EventOrder
from schema.pagination import Connection, to_connection

if TYPE_CHECKING:
    from db.queries.calendar import EventCriteria
    from db.queries.documents import DocumentCriteria

Info = strawberry.Info[Context, None]
PAGE_ARGS_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


@strawberry.input(
    description="Which events to list. `from`/`to` keep events overlapping that span; an event known only by year counts as spanning its whole year."
)
class EventFilter:
    iscm: str | None = strawberry.field(default=None, description="Slug of the ISCM that held it.")
    starts: date | None = strawberry.field(
        default=None, name="from", description="Keep events ending on or after this day."
    )
    ends: date | None = strawberry.field(
        default=None, name="to", description="Keep events starting on or before this day."
    )
    kind: EventKind | None = strawberry.field(default=None, description="What kind of meeting.")

    async def criteria(self, context: Context) -> "EventCriteria":
        """Check the filter and resolve its names."""
        return await calendar.event_criteria(
            context,
            iscm=self.iscm,
            starts=self.starts,
            ends=self.ends,
            kind=self.kind.value if self.kind else None,
        )


@strawberry.input(description="Which documents to list; every given condition must hold.")
class DocumentFilter:
    iscm: str | None = strawberry.field(default=None, description="Slug of an ISCM it concerns.")
    kind: DocumentKind | None = strawberry.field(default=None, description="Kind of document.")
    gcm_objective: int | None = strawberry.field(
        default=None, description="GCM objective number (1-23) it addresses."
    )
    published_from: date | None = strawberry.field(
        default=None, description="Published on or after this day."
    )
    published_to: date | None = strawberry.field(
        default=None, description="Published on or before this day."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Full-text search on title and summary (web search syntax: quotes, `or`, `-word`).",
    )

    async def criteria(self, context: Context) -> "DocumentCriteria":
        """Check the filter and resolve its names."""
        return await documents.document_criteria(
            context,
            iscm=self.iscm,
            kind=self.kind.value if self.kind else None,
            gcm_objective=self.gcm_objective,
            published_from=self.published_from,
            published_to=self.published_to,
            search=self.search,
        )


@strawberry.type
class CalendarQuery:
    @strawberry.field(
        description=f"The ISCM calendar, Global RCP meetings included; earliest first by default. {PAGE_ARGS_HELP} Also served as iCalendar at `/calendar.ics`."
    )
    async def events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: EventFilter | None = None,
        order_by: EventOrder | None = None,
    ) -> Connection[Event]:
        order = order_by or EventOrder()
        result = await calendar.event_page(
            info.context,
            await (filter or EventFilter()).criteria(info.context),
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, Event.from_row)

    @strawberry.field(description=f"Published documents, newest first by default. {PAGE_ARGS_HELP}")
    async def documents(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DocumentFilter | None = None,
        order_by: DocumentOrder | None = None,
    ) -> Connection[Document]:
        order = order_by or DocumentOrder()
        result = await documents.document_page(
            info.context,
            await (filter or DocumentFilter()).criteria(info.context),
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, Document.from_row)
