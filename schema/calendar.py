"""GraphQL type of the ISCM calendar's events, Global RCP meetings included."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row
from strawberry import relay

from resolvers.context import Context
from schema import catalogue as catalogue_types
from schema.graph_enums import EventKind
from schema.nodes import integer_ids

if TYPE_CHECKING:
    from schema.catalogue import Iscm, MemberState

Info = strawberry.Info[Context, None]


@strawberry.type(
    description="A meeting on the ISCM calendar: a ministerial conference, a workshop, a Global RCP (GRCP) meeting, ..."
)
class Event(relay.Node):
    event_id: relay.NodeID[int]
    slug: str = strawberry.field(description="Stable identifier, e.g. `grcp-7`.")
    title: str = strawberry.field(description="Title.")
    kind: EventKind = strawberry.field(description="What kind of meeting it is.")
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
    url: str | None = strawberry.field(description="Main source or official page.")
    sources: list[str] = strawberry.field(description="URLs of the sources this record rests on.")
    synthetic: bool = strawberry.field(
        description="True for generated example data, never a real meeting."
    )
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    iscm_ref: strawberry.Private[int | None]
    country_ref: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row holding the `events` columns."""
        r = row._mapping
        return cls(
            event_id=r["id"],
            slug=r["slug"],
            title=r["title"],
            kind=EventKind(r["kind"]),
            sequence=r["sequence"],
            year=r["year"],
            starts_on=r["starts_on"],
            ends_on=r["ends_on"],
            city=r["city"],
            host=r["host"],
            theme=r["theme"],
            notes=r["notes"],
            url=r["url"],
            sources=r["sources"],
            synthetic=r["synthetic"],
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            iscm_ref=r["iscm_id"],
            country_ref=r["country_iso3"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load events by their database ids."""
        rows = await info.context.graph_loaders.event_by_id.load_many(integer_ids(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @strawberry.field(description="The ISCM that held it; null for meetings of several ISCMs.")
    async def iscm(
        self, info: Info
    ) -> Annotated["Iscm", strawberry.lazy("schema.catalogue")] | None:
        if self.iscm_ref is None:
            return None
        row = await info.context.loaders.iscm_by_id.load(self.iscm_ref)
        return catalogue_types.Iscm.from_row(row) if row is not None else None

    @strawberry.field(description="The country it took place in, when known.")
    async def country(
        self, info: Info
    ) -> Annotated["MemberState", strawberry.lazy("schema.catalogue")] | None:
        if self.country_ref is None:
            return None
        row = await info.context.loaders.state_by_iso3.load(self.country_ref)
        return catalogue_types.MemberState.from_row(row) if row is not None else None
