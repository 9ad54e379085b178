"""The reference vocabularies: governance terms, thematic areas, GCM guiding principles, SDG
targets and the M49 regions, with their root fields."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import ColumnElement
from strawberry import relay

from db import models
from db.queries.recommendations import RECOMMENDATION_SORTS, has_sdg_target
from db.queries.reference import (
    SDG_TARGET_SORTS,
    THEMATIC_AREA_SORTS,
    placed_in,
    region_rows,
)
from db.readsql.tree import Row
from schema import indicators as un_data
from schema.changed_since import updated_since
from schema.enums import UnStatus
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.graph_enums import RegionLevel, SdgKind
from schema.orderings import RecommendationOrder, newest_first
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.arguments import bad_input
from schema.read_path.declare import (
    Argument,
    Paginated,
    Relation,
    argument,
    derived,
    field_with,
    related,
    table,
)
from schema.recommendations import RecommendationFilter
from schema.un_standing import UN_STATUS, UN_STATUS_HELP

if TYPE_CHECKING:
    from schema.catalogue import MemberState
    from schema.recommendations import Recommendation

RecommendationType = Annotated["Recommendation", strawberry.lazy("schema.recommendations")]
MemberStateType = Annotated["MemberState", strawberry.lazy("schema.catalogue")]
SDG_GOALS = range(1, 18)


@strawberry.type(description="A governance level with its name and description.")
class GovernanceLevelTerm:
    __read__ = table(models.GovernanceLevel)
    code: GovernanceLevel = strawberry.field(description="The code, as used in filters.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the level means.")


@strawberry.type(description="A governance phase with its name and description.")
class GovernancePhaseTerm:
    __read__ = table(models.GovernancePhase)
    code: GovernancePhase = strawberry.field(description="The code, as used in filters.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the phase means.")


@strawberry.type(description="An outcome type with its name and description.")
class OutcomeTypeTerm:
    __read__ = table(models.OutcomeType)
    code: OutcomeType = strawberry.field(description="The code, as used in filters.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the outcome type means.")


@strawberry.type(description="A migration theme that ISCMs and recommendations work on.")
class ThematicArea(relay.Node):
    __read__ = table(models.ThematicArea, key="slug")
    theme_slug: relay.NodeID[str]
    slug: str = strawberry.field(description="Stable identifier, e.g. `labour-migration`.")
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the theme covers.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")


@strawberry.type(
    description="One of the 10 cross-cutting and interdependent guiding principles of the GCM (A/RES/73/195, para. 15)."
)
class GcmGuidingPrinciple(relay.Node):
    __read__ = table(models.GcmGuidingPrinciple, key="number")
    principle_number: relay.NodeID[int]
    number: int = strawberry.field(description="Principle number, 1 to 10.")
    paragraph: str = strawberry.field(description="Where it stands in the GCM, e.g. `15(a)`.")
    name: str = strawberry.field(description="Name, e.g. People-centred.")


@strawberry.type(description="A UN SDG Global Database series that measures an SDG indicator.")
class SdgSeries:
    __read__ = table(models.SdgSeries)
    code: str = strawberry.field(description="Series code, e.g. `SM_POP_REFG_OR`.")
    description: str | None = strawberry.field(description="What the series measures.")


@strawberry.federation.type(
    keys=["code"], description="An SDG target or indicator relevant to migration."
)
class SdgTarget(relay.Node):
    __read__ = table(models.SdgTarget, key="code")
    sdg_code: relay.NodeID[str]
    code: str = strawberry.field(description="Target or indicator code, e.g. `10.7` or `10.7.2`.")
    kind: SdgKind = strawberry.field(description="Target or indicator.")
    goal: int = strawberry.field(description="The Sustainable Development Goal, 1 to 17.")
    text: str = strawberry.field(description="Official text of the target or indicator.")
    sources: list[str] = strawberry.field(description="Where the text was taken from.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    parent: "SdgTarget | None" = strawberry.field(
        description="The target an indicator measures; null for targets.",
        metadata=related(lambda target, parent, _: parent.c.code == target.c.parent_code),
    )
    children: list["SdgTarget"] = strawberry.field(
        description="The indicators measuring a target, by code.",
        metadata=related(
            lambda target, child, _: child.c.parent_code == target.c.code,
            order=lambda child: (child.c.code,),
        ),
    )
    series: list[SdgSeries] = strawberry.field(
        description="UN SDG Global Database series measuring an indicator (empty for targets).",
        metadata=related(
            lambda target, series, _: series.c.indicator_code == target.c.code,
            order=lambda series: (series.c.code,),
        ),
    )
    # One State's values of those series, from the UN data cache (schema/indicators.py).
    observations: list[un_data.Observation] | None = un_data.sdg_observations_field
    recommendations: Connection[RecommendationType] = page_field(
        "Recommendations linked to this target or indicator.",
        Paginated(
            lambda target, recommendation, _: has_sdg_target(recommendation, target.c.code),
            RECOMMENDATION_SORTS,
            "ADOPTED_ON",
            newest_first("ADOPTED_ON"),
        ),
        order_by=RecommendationOrder,
        filter=RecommendationFilter,
    )


@strawberry.type(
    description="A UN M49 region, sub-region or intermediate region, as the member States are placed in them."
)
class Region:
    __read__ = derived("Region", region_rows)
    name: str = strawberry.field(description="Name, e.g. Africa or Sub-Saharan Africa.")
    level: RegionLevel = strawberry.field(description="Region, sub-region or intermediate region.")
    parent_name: str | None = strawberry.field(
        description="The region this one lies in; null for top-level regions."
    )
    subregions: list["Region"] = strawberry.field(
        description="The regions inside this one.",
        metadata=related(
            lambda region, inside, _: inside.c.parent_name == region.c.name,
            order=lambda inside: (inside.c.name,),
        ),
    )
    member_states: list[MemberStateType] = field_with(
        "The States (and with `unStatus`, the territories) placed in this region at any depth, by name.",
        Relation(
            lambda region, state, _: placed_in(state, region),
            order=lambda state: (state.c.name, state.c.iso3),
            arguments={"unStatus": UN_STATUS},
        ),
        un_status=(
            Annotated[list[UnStatus] | None, strawberry.argument(description=UN_STATUS_HELP)],
            None,
        ),
    )


def sdg_goal(goal: int, path: str) -> int:
    """Return an SDG number, checked to be 1 to 17."""
    if goal not in SDG_GOALS:
        raise bad_input(path, f"`{path}` must be an SDG number from 1 to 17")
    return goal


@strawberry.input(description="Which SDG targets and indicators to list.")
class SdgTargetFilter:
    goal: int | None = strawberry.field(
        default=None,
        description="Only this goal (1-17).",
        metadata=argument(check=sdg_goal, condition=lambda _, row, goal, __: row.c.goal == goal),
    )
    kind: SdgKind | None = strawberry.field(
        default=None,
        description="Only targets or indicators.",
        metadata=argument(condition=lambda _, row, kind, __: row.c.kind == kind),
    )
    updated_since: datetime | None = updated_since()


@strawberry.input(description="Which thematic areas to list.")
class ThematicAreaFilter:
    updated_since: datetime | None = updated_since()


def by_position(term: Row) -> tuple[ColumnElement[Any], ...]:
    """A vocabulary's order."""
    return (term.c.position,)


@strawberry.type
class ReferenceQuery:
    governance_levels: list[GovernanceLevelTerm] = strawberry.field(
        description="The governance levels, in order, with their descriptions.",
        metadata=related(order=by_position),
    )
    governance_phases: list[GovernancePhaseTerm] = strawberry.field(
        description="The governance phases, in order, with their descriptions.",
        metadata=related(order=by_position),
    )
    outcome_types: list[OutcomeTypeTerm] = strawberry.field(
        description="The outcome types, in order, with their descriptions.",
        metadata=related(order=by_position),
    )
    thematic_areas: Connection[ThematicArea] = page_field(
        f"Thematic areas, by name. {PAGE_HELP}",
        Paginated(None, THEMATIC_AREA_SORTS, "NAME"),
        filter=ThematicAreaFilter,
    )
    sdg_targets: Connection[SdgTarget] = page_field(
        f"SDG targets and indicators relevant to migration, by goal and code. {PAGE_HELP}",
        Paginated(None, SDG_TARGET_SORTS, "CODE"),
        filter=SdgTargetFilter,
    )
    sdg_target: SdgTarget | None = field_with(
        "One SDG target or indicator by code; null when there is none.",
        Relation(
            arguments={
                "code": Argument(
                    check=lambda code, _: code.strip(),
                    condition=lambda _, row, code, __: row.c.code == code,
                )
            }
        ),
        code=Annotated[str, strawberry.argument(description="E.g. `10.7` or `10.7.2`.")],
    )
    gcm_guiding_principles: list[GcmGuidingPrinciple] = strawberry.field(
        description="The 10 GCM guiding principles, in order.",
        metadata=related(order=lambda principle: (principle.c.number,)),
    )
    regions: list[Region] = strawberry.field(
        description="The M49 regions member States are placed in, by name, each with its sub-regions.",
        metadata=related(
            lambda _, region, __: region.c.level == "REGION", order=lambda region: (region.c.name,)
        ),
    )
    region: Region | None = field_with(
        "One M49 region, sub-region or intermediate region by name; null when there is none.",
        Relation(
            arguments={"name": Argument(condition=lambda _, row, name, __: row.c.name == name)}
        ),
        name=str,
    )
