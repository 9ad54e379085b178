"""Root query fields of the catalogue: ISCMs, member States, GCM objectives, nodes."""

from enum import Enum

import strawberry
from strawberry import relay

from resolvers import catalogue
from resolvers.context import Context
from schema.catalogue import Iscm, MemberState
from schema.catalogue_filters import IscmFilter, MemberStateFilter
from schema.enums import SortDirection
from schema.gcm import GcmObjective
from schema.nodes import KnownNodeTypes
from schema.pagination import Connection, to_connection

Info = strawberry.Info[Context, None]

PAGE_ARGS_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


@strawberry.enum(description="Fields ISCMs can be ordered by.")
class IscmOrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="Full name.")
    ACRONYM = strawberry.enum_value(
        "ACRONYM", description="Acronym, or the name for processes without one."
    )
    ESTABLISHED = strawberry.enum_value(
        "ESTABLISHED", description="Year established; unknown years sort first."
    )


@strawberry.enum(description="Fields member States can be ordered by.")
class MemberStateOrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="Short name.")
    ISO3 = strawberry.enum_value("ISO3", description="ISO 3166-1 alpha-3 code.")


@strawberry.input(description="How to order ISCMs.")
class IscmOrder:
    field: IscmOrderField = strawberry.field(default=IscmOrderField.NAME, description="Sort field.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description="Direction.")


@strawberry.input(description="How to order member States.")
class MemberStateOrder:
    field: MemberStateOrderField = strawberry.field(
        default=MemberStateOrderField.NAME, description="Sort field."
    )
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description="Direction.")


@strawberry.type
class CatalogueQuery:
    node: relay.Node | None = relay.node(
        description="Fetch any object by its global ID.", extensions=[KnownNodeTypes()]
    )
    nodes: list[relay.Node | None] = relay.node(
        description="Fetch objects by their global IDs, in order.", extensions=[KnownNodeTypes()]
    )

    @strawberry.field(description="One ISCM by slug; null when there is none.")
    async def iscm(self, info: Info, slug: str) -> Iscm | None:
        row = await catalogue.iscm_by_slug(info.context, slug)
        return Iscm.from_row(row) if row is not None else None

    @strawberry.field(description=f"The ISCM catalogue. {PAGE_ARGS_HELP}")
    async def iscms(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: IscmOrder | None = None,
        filter: IscmFilter | None = None,
    ) -> Connection[Iscm]:
        order = order_by or IscmOrder()
        result = await catalogue.iscm_page(
            info.context,
            first=first,
            after=after,
            last=last,
            before=before,
            order_field=order.field.value,
            descending=order.direction is SortDirection.DESC,
            criteria=await (filter or IscmFilter()).criteria(info.context),
        )
        return to_connection(result, Iscm.from_row)

    @strawberry.field(description="One State by ISO 3166-1 alpha-3 code; null when there is none.")
    async def member_state(self, info: Info, iso3: str) -> MemberState | None:
        row = await catalogue.state_by_iso3(info.context, iso3)
        return MemberState.from_row(row) if row is not None else None

    @strawberry.field(description=f"States and territories. {PAGE_ARGS_HELP}")
    async def member_states(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: MemberStateFilter | None = None,
        order_by: MemberStateOrder | None = None,
    ) -> Connection[MemberState]:
        order = order_by or MemberStateOrder()
        result = await catalogue.state_page(
            info.context,
            first=first,
            after=after,
            last=last,
            before=before,
            order_field=order.field.value,
            descending=order.direction is SortDirection.DESC,
            criteria=await (filter or MemberStateFilter()).criteria(info.context),
        )
        return to_connection(result, MemberState.from_row)

    @strawberry.field(description="The 23 GCM objectives, in order.")
    async def gcm_objectives(self, info: Info) -> list[GcmObjective]:
        return [GcmObjective.from_row(row) for row in await catalogue.gcm_objectives(info.context)]
