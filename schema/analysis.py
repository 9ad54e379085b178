"""The analyses: governance profiles, objective counts, the coverage matrix, State overlaps,
and the cross-type search, with their root fields.

Counts of review contributions include only those the reader may see. Every analysis counts
real records only unless asked for synthetic ones (`includeSynthetic`), and says what it
rests on (`AnalysisBasis`).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import ARRAY, ColumnElement, Text, any_

from db import models
from db.queries import analysis as sql
from db.queries.catalogue import overlap_rows, shares
from db.readsql.tree import Row
from schema.catalogue import ISCM_KIND, ISCM_REGION
from schema.enums import IscmKind
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.read_path.declare import (
    Lookup,
    Relation,
    argument,
    computed,
    derived,
    field_with,
    per_parent,
    related,
    same_row,
    summary,
    table,
)
from schema.references import ISCM_SLUGS
from schema.search import SearchResult
from schema.synthetic import INCLUDE_SYNTHETIC, INCLUDE_SYNTHETIC_ARGUMENT

if TYPE_CHECKING:
    from schema.catalogue import Iscm, MemberState
    from schema.gcm import GcmObjective

IscmType = Annotated["Iscm", strawberry.lazy("schema.catalogue")]
GcmObjectiveType = Annotated["GcmObjective", strawberry.lazy("schema.gcm")]
RECOMMENDATIONS_HELP = "How many of its recommendations (shared ones included) are counted here."
CONTRIBUTIONS_HELP = "How many of its review contributions you may see are counted here."
ISCM_ROWS = table(models.Iscm, key="id")


def in_vocabulary_order(dimension: str) -> Callable[[Row], tuple[ColumnElement[Any], ...]]:
    """A dimension's totals in vocabulary order, unclassified last."""
    return lambda row: (row.c.position.asc().nulls_last(), row.c[dimension])


@strawberry.type(
    description="What an analysis rests on, so that an empty cell is not read as no activity: the catalogue holds only the outcomes it could source, and most of their classification is editorial judgement."
)
class AnalysisBasis:
    # Read from rows each analysis derives (GovernanceProfile.basis, GcmCoverage.basis).
    includes_synthetic: bool = strawberry.field(
        description="Whether generated example data is counted (only when asked for)."
    )
    iscm_count: int = strawberry.field(description="How many ISCMs the analysis spans.")
    iscms_with_records: int = strawberry.field(
        description="How many of them have at least one record counted: the others have no outcome in the catalogue, which is not the same as no activity."
    )
    recommendation_count: int = strawberry.field(
        description="How many distinct recommendations it rests on."
    )
    contribution_count: int = strawberry.field(
        description="How many distinct review contributions you may see it rests on."
    )
    editorial_count: int = strawberry.field(
        description="Of those recommendations, how many are classified by editorial judgement (see `Recommendation.classification`)."
    )
    as_published_count: int = strawberry.field(
        description="Of those recommendations, how many are classified as their source states it."
    )
    unclassified_count: int = strawberry.field(
        description="Of those recommendations, how many carry no classification (counted as unclassified)."
    )
    synthetic_count: int = strawberry.field(
        description="How many of the records counted are generated example data (0 unless `includeSynthetic`)."
    )


def basis_field(name: str, rows: object) -> AnalysisBasis:
    """The field saying what an analysis rests on, read from the rows `rows` derives."""
    return strawberry.field(
        description="What this analysis rests on: how many records and ISCMs, and how many of those records are classified by editorial judgement or as published.",
        metadata=related(rows=per_parent(name, rows)),  # type: ignore[arg-type]
    )


@strawberry.type(description="Outcomes at one combination of level, phase and outcome type.")
class GovernanceProfileCell:
    __read__ = per_parent("GovernanceProfileCell", sql.governance_cells)
    level: GovernanceLevel | None = strawberry.field(description="Level; null: unclassified.")
    phase: GovernancePhase | None = strawberry.field(description="Phase; null: unclassified.")
    outcome_type: OutcomeType | None = strawberry.field(
        description="Outcome type; null: unclassified."
    )
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(description="Outcomes at one governance level, whatever their phase and type.")
class GovernanceLevelCount:
    __read__ = per_parent("GovernanceLevelCount", sql.governance_totals("level"))
    level: GovernanceLevel | None = strawberry.field(description="Level; null: unclassified.")
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(description="Outcomes in one policy-cycle phase, whatever their level and type.")
class GovernancePhaseCount:
    __read__ = per_parent("GovernancePhaseCount", sql.governance_totals("phase"))
    phase: GovernancePhase | None = strawberry.field(description="Phase; null: unclassified.")
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(description="Outcomes of one outcome type, whatever their level and phase.")
class OutcomeTypeCount:
    __read__ = per_parent("OutcomeTypeCount", sql.governance_totals("outcome_type"))
    outcome_type: OutcomeType | None = strawberry.field(
        description="Outcome type; null: unclassified."
    )
    recommendation_count: int = strawberry.field(description=RECOMMENDATIONS_HELP)
    contribution_count: int = strawberry.field(description=CONTRIBUTIONS_HELP)


@strawberry.type(
    description="An ISCM's recommendations (shared ones included) and visible review contributions counted over governance level, phase and outcome type. Only non-empty cells are listed; totals are per dimension. Read `basis` before reading an empty profile as no activity."
)
class GovernanceProfile:
    __read__ = per_parent("GovernanceProfile", sql.profile_row)
    cells: list[GovernanceProfileCell] = strawberry.field(
        description="Every non-empty combination, by level, phase and outcome type.",
        metadata=related(
            order=lambda cell: (
                cell.c.level.asc().nulls_last(),
                cell.c.phase.asc().nulls_last(),
                cell.c.outcome_type.asc().nulls_last(),
            ),
        ),
    )
    by_level: list[GovernanceLevelCount] = strawberry.field(
        description="Totals per level, in vocabulary order, unclassified last.",
        metadata=related(order=in_vocabulary_order("level")),
    )
    by_phase: list[GovernancePhaseCount] = strawberry.field(
        description="Totals per phase, in vocabulary order, unclassified last.",
        metadata=related(order=in_vocabulary_order("phase")),
    )
    by_outcome_type: list[OutcomeTypeCount] = strawberry.field(
        description="Totals per outcome type, in vocabulary order, unclassified last.",
        metadata=related(order=in_vocabulary_order("outcome_type")),
    )
    recommendation_count: int = strawberry.field(
        description="All its recommendations counted (shared ones included).",
        metadata=computed(sql.recommendation_count),
    )
    contribution_count: int = strawberry.field(
        description="All its review contributions counted (those you may see).",
        metadata=computed(sql.contribution_count),
    )
    basis: AnalysisBasis = basis_field("ProfileBasis", sql.profile_basis)


@strawberry.type(description="A GCM objective an ISCM addresses, with how often.")
class IscmObjectiveCount:
    __read__ = derived("IscmObjectiveCount", sql.objective_counts)
    recommendation_count: int = strawberry.field(
        description="How many of its recommendations (shared ones included) address the objective.",
        metadata=computed(lambda count, _: sql.chosen(count, "recommendation")),
    )
    contribution_count: int = strawberry.field(
        description="How many of its review contributions you may see address the objective.",
        metadata=computed(lambda count, _: sql.chosen(count, "contribution")),
    )
    objective: GcmObjectiveType = strawberry.field(
        description="The objective.",
        metadata=related(
            lambda count, objective, _: objective.c.number == count.c.objective_number
        ),
    )


@strawberry.type(description="One cell of the coverage matrix: one ISCM and one GCM objective.")
class GcmCoverageCell:
    # Read from its row's cells or from the matrix's totals (GcmCoverageRow, GcmCoverage).
    objective_number: int = strawberry.field(description="The GCM objective, 1 to 23.")
    recommendation_count: int = strawberry.field(
        description="Recommendations of the ISCM addressing the objective."
    )
    contribution_count: int = strawberry.field(
        description="Review contributions of the ISCM you may see that address the objective."
    )


@strawberry.type(description="One ISCM's row of the coverage matrix.")
class GcmCoverageRow:
    __read__ = per_parent("GcmCoverageRow", sql.coverage_rows)
    iscm: IscmType = strawberry.field(description="The ISCM.", metadata=same_row())
    cells: list[GcmCoverageCell] = strawberry.field(
        description="All 23 objectives in order, zeros included.",
        metadata=related(
            order=lambda cell: (cell.c.objective_number,),
            rows=per_parent("GcmCoverageCell", sql.coverage_cells),
        ),
    )
    recommendation_count: int = strawberry.field(
        description="Sum of the row's recommendation counts (a recommendation addressing two objectives counts twice)."
    )
    contribution_count: int = strawberry.field(
        description="Sum of the row's contribution counts (a contribution addressing two objectives counts twice)."
    )


@strawberry.type(
    description="The matrix of ISCMs by the 23 GCM objectives: how many recommendations (shared ones in each ISCM's row) and visible review contributions of each ISCM address each objective. A zero is no outcome in the catalogue, not no activity: read `basis`."
)
class GcmCoverage:
    __read__ = summary("GcmCoverage", ISCM_ROWS, sql.coverage_scope)
    rows: list[GcmCoverageRow] = strawberry.field(
        description="One row per ISCM, by name.",
        metadata=related(order=lambda iscm: (iscm.c.name, iscm.c.id)),
    )
    totals: list[GcmCoverageCell] = strawberry.field(
        description="Per objective, the sums over all rows (23 cells, in order).",
        metadata=related(
            order=lambda cell: (cell.c.objective_number,),
            rows=per_parent("GcmCoverageTotal", sql.coverage_totals),
        ),
    )
    basis: AnalysisBasis = basis_field("CoverageBasis", sql.coverage_basis)
    objectives: list[GcmObjectiveType] = strawberry.field(
        description="The 23 objectives, in column order.",
        metadata=related(
            lambda _, objective, __: objective.c.number.between(1, sql.OBJECTIVES),
            order=lambda objective: (objective.c.number,),
        ),
    )


@strawberry.type(description="Another State and the ISCMs both States are members of.")
class StateOverlap:
    __read__ = derived("StateOverlap", overlap_rows)
    state: Annotated["MemberState", strawberry.lazy("schema.catalogue")] = strawberry.field(
        description="The other State.",
        metadata=related(lambda overlap, state, _: state.c.iso3 == overlap.c.iso3),
    )
    shared_iscm_count: int = strawberry.field(description="How many ISCMs both are members of.")
    shared_iscms: list[IscmType] = strawberry.field(
        description="Those ISCMs, by name.",
        metadata=related(
            lambda overlap, iscm, _: shares(overlap, iscm),
            order=lambda iscm: (iscm.c.name, iscm.c.id),
        ),
    )


@strawberry.input(description="Which ISCMs the coverage matrix has rows for.")
class GcmCoverageFilter:
    kind: IscmKind | None = strawberry.field(
        default=None,
        description="RCP, IRF or GLOBAL.",
        metadata=ISCM_KIND,
    )
    region: str | None = strawberry.field(
        default=None,
        description="An M49 region, sub-region or intermediate region name: ISCMs with a member State placed there.",
        metadata=ISCM_REGION,
    )
    iscms: list[str] | None = strawberry.field(
        default=None,
        description="Only these ISCMs, by slug.",
        metadata=argument(
            condition=lambda _, iscm, slugs, __: iscm.c.slug == any_(slugs),
            reference=ISCM_SLUGS,
            sql_type=ARRAY(Text()),
        ),
    )


@strawberry.type
class AnalysisQuery:
    search: list[SearchResult] = field_with(
        "Full-text search over ISCMs, recommendations and documents, best match first (ranked by ts_rank; web search syntax: quotes, `or`, `-word`); real records only unless `includeSynthetic`.",
        Lookup("search"),
        query=Annotated[str, strawberry.argument(description="What to look for.")],
        first=(
            Annotated[
                int | None,
                strawberry.argument(
                    description="How many results (default 20, at most the page size)."
                ),
            ],
            None,
        ),
        include_synthetic=INCLUDE_SYNTHETIC_ARGUMENT,
    )
    gcm_coverage: GcmCoverage = field_with(
        "The coverage matrix: ISCMs (by name) by the 23 GCM objectives, with counts of recommendations and visible review contributions per cell, real records only unless `includeSynthetic`, and the `basis` it rests on.",
        Relation(arguments={"includeSynthetic": INCLUDE_SYNTHETIC}),
        filter=(GcmCoverageFilter | None, None),
        include_synthetic=INCLUDE_SYNTHETIC_ARGUMENT,
    )
