"""GraphQL types of the reference vocabularies: governance terms, thematic areas, GCM guiding
principles, SDG targets and the M49 regions."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row
from strawberry import relay

from resolvers.context import Context
from resolvers.recommendations import nested_recommendations
from resolvers.reference import RegionNode
from schema import catalogue as catalogue_types
from schema import indicators as un_data
from schema import recommendations as recommendation_types
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.graph_enums import RegionLevel, SdgKind
from schema.nodes import SMALLINT_MAX, integer_ids
from schema.orderings import RecommendationOrder
from schema.pagination import Connection, to_connection

if TYPE_CHECKING:
    from schema.catalogue import MemberState
    from schema.recommendations import Recommendation

Info = strawberry.Info[Context, None]
RecommendationType = Annotated["Recommendation", strawberry.lazy("schema.recommendations")]
MemberStateType = Annotated["MemberState", strawberry.lazy("schema.catalogue")]


@strawberry.type(description="A governance level with its name and description.")
class GovernanceLevelTerm:
    code: GovernanceLevel = strawberry.field(description="The code, as used in filters.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the level means.")


@strawberry.type(description="A governance phase with its name and description.")
class GovernancePhaseTerm:
    code: GovernancePhase = strawberry.field(description="The code, as used in filters.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the phase means.")


@strawberry.type(description="An outcome type with its name and description.")
class OutcomeTypeTerm:
    code: OutcomeType = strawberry.field(description="The code, as used in filters.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the outcome type means.")


@strawberry.type(description="A migration theme that ISCMs and recommendations work on.")
class ThematicArea(relay.Node):
    theme_slug: relay.NodeID[str]
    slug: str = strawberry.field(description="Stable identifier, e.g. `labour-migration`.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the theme covers.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row holding the `thematic_areas` columns."""
        r = row._mapping
        return cls(
            theme_slug=r["slug"], slug=r["slug"], name=r["name"], description=r["description"]
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load thematic areas by slug."""
        loader = info.context.graph_loaders.thematic_area_by_slug
        rows = await loader.load_many(list(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]


@strawberry.type(
    description="One of the 10 cross-cutting and interdependent guiding principles of the GCM (A/RES/73/195, para. 15)."
)
class GcmGuidingPrinciple(relay.Node):
    principle_number: relay.NodeID[int]
    number: int = strawberry.field(description="Principle number, 1 to 10.")
    paragraph: str = strawberry.field(description="Where it stands in the GCM, e.g. `15(a)`.")
    name: str = strawberry.field(description="Name, e.g. People-centred.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a `gcm_guiding_principles` row."""
        r = row._mapping
        return cls(
            principle_number=r["number"],
            number=r["number"],
            paragraph=r["paragraph"],
            name=r["name"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load guiding principles by number."""
        loader = info.context.graph_loaders.guiding_principle_by_number
        rows = await loader.load_many(integer_ids(node_ids, SMALLINT_MAX))
        return [cls.from_row(row) if row is not None else None for row in rows]


@strawberry.type(description="A UN SDG Global Database series that measures an SDG indicator.")
class SdgSeries:
    code: str = strawberry.field(description="Series code, e.g. `SM_POP_REFG_OR`.")
    description: str | None = strawberry.field(description="What the series measures.")


@strawberry.federation.type(
    keys=["code"], description="An SDG target or indicator relevant to migration."
)
class SdgTarget(relay.Node):
    sdg_code: relay.NodeID[str]
    code: str = strawberry.field(description="Target or indicator code, e.g. `10.7` or `10.7.2`.")
    kind: SdgKind = strawberry.field(description="Target or indicator.")
    goal: int = strawberry.field(description="The Sustainable Development Goal, 1 to 17.")
    text: str = strawberry.field(description="Official text of the target or indicator.")
    sources: list[str] = strawberry.field(description="Where the text was taken from.")
    parent_code: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row holding the `sdg_targets` columns."""
        r = row._mapping
        return cls(
            sdg_code=r["code"],
            code=r["code"],
            kind=SdgKind(r["kind"]),
            goal=r["goal"],
            text=r["text"],
            sources=r["sources"],
            parent_code=r["parent_code"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load SDG targets and indicators by code."""
        rows = await info.context.graph_loaders.sdg_target_by_code.load_many(list(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> Self | None:
        """Resolve a federation entity reference by `code`."""
        row = await info.context.graph_loaders.sdg_target_by_code.load(code)
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="The target an indicator measures; null for targets.")
    async def parent(self, info: Info) -> "SdgTarget | None":
        if self.parent_code is None:
            return None
        row = await info.context.graph_loaders.sdg_target_by_code.load(self.parent_code)
        return SdgTarget.from_row(row) if row is not None else None

    @strawberry.field(description="The indicators measuring a target, by code.")
    async def children(self, info: Info) -> list["SdgTarget"]:
        rows = await info.context.graph_loaders.sdg_children_by_code.load(self.code)
        return [SdgTarget.from_row(row) for row in rows]

    @strawberry.field(
        description="UN SDG Global Database series measuring an indicator (empty for targets)."
    )
    async def series(self, info: Info) -> list[SdgSeries]:
        rows = await info.context.graph_loaders.sdg_series_by_code.load(self.code)
        return [SdgSeries(code=row.code, description=row.description) for row in rows]

    # One State's values of those series, from the UN data cache (schema/indicators.py).
    observations = un_data.sdg_observations_field

    @strawberry.field(description="Recommendations linked to this target or indicator.")
    async def recommendations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: RecommendationOrder | None = None,
    ) -> Connection[RecommendationType]:
        order = order_by or RecommendationOrder()
        result = await nested_recommendations(
            info.context,
            info.context.graph_loaders.recommendations_of_sdg_target,
            self.code,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, recommendation_types.Recommendation.from_row)


@strawberry.type(
    description="A UN M49 region, sub-region or intermediate region, as the member States are placed in them."
)
class Region:
    name: str = strawberry.field(description="Name, e.g. Africa or Sub-Saharan Africa.")
    level: RegionLevel = strawberry.field(description="Region, sub-region or intermediate region.")
    parent_name: str | None = strawberry.field(
        description="The region this one lies in; null for top-level regions."
    )
    subregions: list["Region"] = strawberry.field(description="The regions inside this one.")

    @classmethod
    def from_node(cls, node: RegionNode) -> Self:
        """Build the type, with its sub-regions, from a region tree node."""
        return cls(
            name=node.name,
            level=RegionLevel(node.level),
            parent_name=node.parent_name,
            subregions=[cls.from_node(child) for child in node.children],
        )

    @strawberry.field(description="Every State placed in this region at any depth, by name.")
    async def member_states(self, info: Info) -> list[MemberStateType]:
        rows = await info.context.graph_loaders.states_by_region.load(self.name)
        return [catalogue_types.MemberState.from_row(row) for row in rows]
