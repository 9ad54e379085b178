"""GraphQL types of the analysis fields: governance profiles, GCM objective coverage and the
overlap of States' ISCM memberships."""

from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row

from resolvers import analysis
from resolvers.context import Context
from schema import catalogue as catalogue_types
from schema import gcm as gcm_types
from schema.governance import (
    GovernanceLevel,
    GovernancePhase,
    OutcomeType,
    level_of,
    outcome_type_of,
    phase_of,
)

if TYPE_CHECKING:
    from schema.catalogue import Iscm, MemberState
    from schema.gcm import GcmObjective

Info = strawberry.Info[Context, None]
IscmType = Annotated["Iscm", strawberry.lazy("schema.catalogue")]
GcmObjectiveType = Annotated["GcmObjective", strawberry.lazy("schema.gcm")]
OBJECTIVE_NUMBERS = range(1, 24)

RECOMMENDATIONS_HELP = "How many of its recommendations are counted here."
CONTRIBUTIONS_HELP = "How many of its review contributions you may see are counted here."


@strawberry.type(description="Outcomes at one combination of level, phase and outcome type.")
class GovernanceProfileCell:
    level: GovernanceLevel | None = strawberry.field(description="Level; null: unclassified.")
    phase: GovernancePhase | None = strawberry.field(description="Phase; null: unclassified.")
    outcome_type: OutcomeType | None = strawberry.field(
        description="Outcome type; null: unclassified."
    )
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(description="Outcomes at one governance level, whatever their phase and type.")
class GovernanceLevelCount:
    level: GovernanceLevel | None = strawberry.field(description="Level; null: unclassified.")
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(description="Outcomes in one policy-cycle phase, whatever their level and type.")
class GovernancePhaseCount:
    phase: GovernancePhase | None = strawberry.field(description="Phase; null: unclassified.")
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(description="Outcomes of one outcome type, whatever their level and phase.")
class OutcomeTypeCount:
    outcome_type: OutcomeType | None = strawberry.field(
        description="Outcome type; null: unclassified."
    )
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(
    description="An ISCM's recommendations and visible review contributions counted over governance level, phase and outcome type. Only non-empty cells are listed; totals are per dimension."
)
class GovernanceProfile:
    cells: list[GovernanceProfileCell] = strawberry.field(
        description="Every non-empty combination, by level, phase and outcome type."
    )
    by_level: list[GovernanceLevelCount] = strawberry.field(
        description="Totals per level, in vocabulary order, unclassified last."
    )
    by_phase: list[GovernancePhaseCount] = strawberry.field(
        description="Totals per phase, in vocabulary order, unclassified last."
    )
    by_outcome_type: list[OutcomeTypeCount] = strawberry.field(
        description="Totals per outcome type, in vocabulary order, unclassified last."
    )
    recommendation_count: int = strawberry.field(description="All its recommendations.")
    contribution_count: int = strawberry.field(
        description="All its review contributions you may see."
    )

    @classmethod
    def from_profile(cls, profile: analysis.GovernanceProfile) -> Self:
        """Build the type from a computed profile."""
        return cls(
            cells=[
                GovernanceProfileCell(
                    level=level_of(cell.level),
                    phase=phase_of(cell.phase),
                    outcome_type=outcome_type_of(cell.outcome_type),
                    recommendation_count=cell.recommendations,
                    contribution_count=cell.contributions,
                )
                for cell in profile.cells
            ],
            by_level=[
                GovernanceLevelCount(
                    level=level_of(t.code),
                    recommendation_count=t.recommendations,
                    contribution_count=t.contributions,
                )
                for t in profile.by_level
            ],
            by_phase=[
                GovernancePhaseCount(
                    phase=phase_of(t.code),
                    recommendation_count=t.recommendations,
                    contribution_count=t.contributions,
                )
                for t in profile.by_phase
            ],
            by_outcome_type=[
                OutcomeTypeCount(
                    outcome_type=outcome_type_of(t.code),
                    recommendation_count=t.recommendations,
                    contribution_count=t.contributions,
                )
                for t in profile.by_outcome_type
            ],
            recommendation_count=profile.recommendations,
            contribution_count=profile.contributions,
        )


@strawberry.type(description="A GCM objective an ISCM addresses, with how often.")
class IscmObjectiveCount:
    objective_number: strawberry.Private[int]
    recommendation_count: int = strawberry.field(
        description="How many of its recommendations address the objective."
    )
    contribution_count: int = strawberry.field(
        description="How many of its review contributions you may see address the objective."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from an (objective_number, recommendations, contributions) row."""
        return cls(
            objective_number=row.objective_number,
            recommendation_count=row.recommendations,
            contribution_count=row.contributions,
        )

    @strawberry.field(description="The objective.")
    async def objective(self, info: Info) -> GcmObjectiveType:
        row = await info.context.loaders.objective_by_number.load(self.objective_number)
        return gcm_types.GcmObjective.from_row(row)


@strawberry.type(description="One cell of the coverage matrix: one ISCM and one GCM objective.")
class GcmCoverageCell:
    objective_number: int = strawberry.field(description="The GCM objective, 1 to 23.")
    recommendation_count: int = strawberry.field(
        description="Recommendations of the ISCM addressing the objective."
    )
    contribution_count: int = strawberry.field(
        description="Review contributions of the ISCM you may see that address the objective."
    )


@strawberry.type(description="One ISCM's row of the coverage matrix.")
class GcmCoverageRow:
    iscm: IscmType = strawberry.field(description="The ISCM.")
    cells: list[GcmCoverageCell] = strawberry.field(
        description="All 23 objectives in order, zeros included."
    )
    recommendation_count: int = strawberry.field(
        description="Sum of the row's recommendation counts (a recommendation addressing two objectives counts twice)."
    )
    contribution_count: int = strawberry.field(
        description="Sum of the row's contribution counts (a contribution addressing two objectives counts twice)."
    )

    @classmethod
    def from_coverage(cls, row: analysis.CoverageRow) -> Self:
        """Build the type from one ISCM's counts."""
        cells = [
            GcmCoverageCell(
                objective_number=number,
                recommendation_count=row.counts[number].recommendations
                if number in row.counts
                else 0,
                contribution_count=row.counts[number].contributions if number in row.counts else 0,
            )
            for number in OBJECTIVE_NUMBERS
        ]
        return cls(
            iscm=catalogue_types.Iscm.from_row(row.iscm),
            cells=cells,
            recommendation_count=sum(cell.recommendation_count for cell in cells),
            contribution_count=sum(cell.contribution_count for cell in cells),
        )


@strawberry.type(
    description="The matrix of ISCMs by the 23 GCM objectives: how many recommendations and visible review contributions of each ISCM address each objective."
)
class GcmCoverage:
    rows: list[GcmCoverageRow] = strawberry.field(description="One row per ISCM, by name.")

    @strawberry.field(description="Per objective, the sums over all rows (23 cells, in order).")
    def totals(self) -> list[GcmCoverageCell]:
        return [
            GcmCoverageCell(
                objective_number=number,
                recommendation_count=sum(
                    r.cells[number - 1].recommendation_count for r in self.rows
                ),
                contribution_count=sum(r.cells[number - 1].contribution_count for r in self.rows),
            )
            for number in OBJECTIVE_NUMBERS
        ]

    @strawberry.field(description="The 23 objectives, in column order.")
    async def objectives(self, info: Info) -> list[GcmObjectiveType]:
        rows = await info.context.loaders.objective_by_number.load_many(list(OBJECTIVE_NUMBERS))
        return [gcm_types.GcmObjective.from_row(row) for row in rows if row is not None]


@strawberry.type(description="Another State and the ISCMs both States are members of.")
class StateOverlap:
    state: Annotated["MemberState", strawberry.lazy("schema.catalogue")] = strawberry.field(
        description="The other State."
    )
    shared_iscm_count: int = strawberry.field(description="How many ISCMs both are members of.")
    shared_iscms: list[IscmType] = strawberry.field(description="Those ISCMs, by name.")

    @classmethod
    def from_overlap(cls, overlap: analysis.Overlap) -> Self:
        """Build the type from a computed overlap."""
        return cls(
            state=catalogue_types.MemberState.from_row(overlap.state),
            shared_iscm_count=overlap.state.shared_count,
            shared_iscms=[
                catalogue_types.Iscm.from_row(row)
                for row in overlap.shared_iscms
                if row is not None
            ],
        )
