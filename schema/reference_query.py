"""Root query fields of the reference vocabularies: governance terms, thematic areas, SDG
targets, GCM guiding principles and M49 regions."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import reference
from resolvers.context import Context
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.graph_enums import SdgKind
from schema.pagination import Connection, to_connection
from schema.reference import (
    GcmGuidingPrinciple,
    GovernanceLevelTerm,
    GovernancePhaseTerm,
    OutcomeTypeTerm,
    Region,
    SdgTarget,
    ThematicArea,
)

if TYPE_CHECKING:
    from db.queries.reference import SdgTargetCriteria

Info = strawberry.Info[Context, None]
PAGE_ARGS_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


@strawberry.input(description="Which SDG targets and indicators to list.")
class SdgTargetFilter:
    goal: int | None = strawberry.field(default=None, description="Only this goal (1-17).")
    kind: SdgKind | None = strawberry.field(default=None, description="Only targets or indicators.")

    def criteria(self) -> "SdgTargetCriteria":
        """Check the filter."""
        return reference.sdg_target_criteria(
            goal=self.goal, kind=self.kind.value if self.kind else None
        )


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="The governance levels, in order, with their descriptions.")
    async def governance_levels(self, info: Info) -> list[GovernanceLevelTerm]:
        rows = await reference.vocabulary_terms(info.context, "governance_levels")
        return [
            GovernanceLevelTerm(
                code=GovernanceLevel(row.code), name=row.name, description=row.description
            )
            for row in rows
        ]

    @strawberry.field(description="The governance phases, in order, with their descriptions.")
    async def governance_phases(self, info: Info) -> list[GovernancePhaseTerm]:
        rows = await reference.vocabulary_terms(info.context, "governance_phases")
        return [
            GovernancePhaseTerm(
                code=GovernancePhase(row.code), name=row.name, description=row.description
            )
            for row in rows
        ]

    @strawberry.field(description="The outcome types, in order, with their descriptions.")
    async def outcome_types(self, info: Info) -> list[OutcomeTypeTerm]:
        rows = await reference.vocabulary_terms(info.context, "outcome_types")
        return [
            OutcomeTypeTerm(code=OutcomeType(row.code), name=row.name, description=row.description)
            for row in rows
        ]

    @strawberry.field(description=f"Thematic areas, by name. {PAGE_ARGS_HELP}")
    async def thematic_areas(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ThematicArea]:
        result = await reference.thematic_area_page(
            info.context, first=first, after=after, last=last, before=before
        )
        return to_connection(result, ThematicArea.from_row)

    @strawberry.field(
        description=f"SDG targets and indicators relevant to migration, by goal and code. {PAGE_ARGS_HELP}"
    )
    async def sdg_targets(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: SdgTargetFilter | None = None,
    ) -> Connection[SdgTarget]:
        criteria = (filter or SdgTargetFilter()).criteria()
        result = await reference.sdg_target_page(
            info.context, criteria, first=first, after=after, last=last, before=before
        )
        return to_connection(result, SdgTarget.from_row)

    @strawberry.field(description="One SDG target or indicator by code; null when there is none.")
    async def sdg_target(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="E.g. `10.7` or `10.7.2`.")],
    ) -> SdgTarget | None:
        row = await info.context.graph_loaders.sdg_target_by_code.load(code.strip())
        return SdgTarget.from_row(row) if row is not None else None

    @strawberry.field(description="The 10 GCM guiding principles, in order.")
    async def gcm_guiding_principles(self, info: Info) -> list[GcmGuidingPrinciple]:
        rows = await reference.guiding_principles(info.context)
        return [GcmGuidingPrinciple.from_row(row) for row in rows]

    @strawberry.field(
        description="The M49 regions member States are placed in, by name, each with its sub-regions."
    )
    async def regions(self, info: Info) -> list[Region]:
        return [Region.from_node(node) for node in await reference.regions(info.context)]

    @strawberry.field(
        description="One M49 region, sub-region or intermediate region by name; null when there is none."
    )
    async def region(self, info: Info, name: str) -> Region | None:
        node = reference.find_region(await reference.regions(info.context), name)
        return Region.from_node(node) if node is not None else None
