"""GraphQL type of published documents: GRCP reports, key documents, newsletters, papers."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row
from strawberry import relay

from resolvers.context import Context
from schema import calendar as calendar_types
from schema import catalogue as catalogue_types
from schema import gcm as gcm_types
from schema.graph_enums import DocumentKind
from schema.nodes import integer_ids

if TYPE_CHECKING:
    from schema.calendar import Event
    from schema.catalogue import Iscm
    from schema.gcm import GcmObjective

Info = strawberry.Info[Context, None]


@strawberry.type(
    description="A published document: a GRCP report, a key document, a newsletter, a position paper."
)
class Document(relay.Node):
    document_id: relay.NodeID[int]
    title: str = strawberry.field(description="Title.")
    kind: DocumentKind = strawberry.field(description="What kind of document it is.")
    published_on: date | None = strawberry.field(description="Publication date, when known.")
    url: str | None = strawberry.field(description="Where it can be read.")
    summary: str | None = strawberry.field(description="A paraphrased summary.")
    synthetic: bool = strawberry.field(
        description="True for generated example data, never a real document."
    )
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row holding the `documents` columns."""
        r = row._mapping
        return cls(
            document_id=r["id"],
            title=r["title"],
            kind=DocumentKind(r["kind"]),
            published_on=r["published_on"],
            url=r["url"],
            summary=r["summary"],
            synthetic=r["synthetic"],
            created_at=r["created_at"],
            updated_at=r["updated_at"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load documents by their database ids."""
        rows = await info.context.graph_loaders.document_by_id.load_many(integer_ids(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @strawberry.field(description="ISCMs it concerns, by name.")
    async def iscms(
        self, info: Info
    ) -> list[Annotated["Iscm", strawberry.lazy("schema.catalogue")]]:
        rows = await info.context.graph_loaders.iscms_by_document.load(self.document_id)
        return [catalogue_types.Iscm.from_row(row) for row in rows]

    @strawberry.field(description="Events it reports on, by year.")
    async def events(
        self, info: Info
    ) -> list[Annotated["Event", strawberry.lazy("schema.calendar")]]:
        rows = await info.context.graph_loaders.events_by_document.load(self.document_id)
        return [calendar_types.Event.from_row(row) for row in rows]

    @strawberry.field(description="GCM objectives it addresses, by number.")
    async def gcm_objectives(
        self, info: Info
    ) -> list[Annotated["GcmObjective", strawberry.lazy("schema.gcm")]]:
        rows = await info.context.graph_loaders.objectives_by_document.load(self.document_id)
        return [gcm_types.GcmObjective.from_row(row) for row in rows]
