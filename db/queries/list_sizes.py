"""How many rows the unpaged lists of the graph can hold, measured in one statement.

Two kinds of measure: table sizes (a list cannot name more ISCMs than there are ISCMs), and the
largest group of a relation (the most members any one ISCM has, the most events in one
contribution's history). Groups grow with the data, so schema/list_sizes.py measures again.
"""

from typing import Any

from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    Select,
    func,
    select,
    tuple_,
    union,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db import models

# Measure name -> the table it counts.
TABLES = {
    "member_states": models.MemberState,
    "iscms": models.Iscm,
    "organizations": models.Organization,
    "gcm_objectives": models.GcmObjective,
    "gcm_guiding_principles": models.GcmGuidingPrinciple,
    "sdg_targets": models.SdgTarget,
    "thematic_areas": models.ThematicArea,
    "governance_levels": models.GovernanceLevel,
    "governance_phases": models.GovernancePhase,
    "outcome_types": models.OutcomeType,
    "events": models.Event,
    "documents": models.Document,
    "disputed_facts": models.DisputedFact,
}


def _largest(counts: Select[int]) -> ColumnElement[int]:
    """The largest count of a grouped count (labelled `n`), 0 when there are no groups."""
    groups = counts.subquery()
    return select(func.coalesce(func.max(groups.c.n), 0)).scalar_subquery()


def _memberships(
    *criteria: ColumnElement[bool], by: ColumnExpressionArgument[Any]
) -> ColumnElement[int]:
    membership = models.IscmMembership
    return _largest(
        select(func.count().label("n")).where(*criteria).group_by(by).select_from(membership)
    )


def _governance_cells() -> ColumnElement[int]:
    """The most distinct (level, phase, outcome type) an ISCM's outcomes fall in."""
    outcomes = union_all(
        *(
            select(model.iscm_id, model.level, model.phase, model.outcome_type)
            for model in (models.Recommendation, models.ReviewContribution)
        )
    ).subquery()
    cells = tuple_(outcomes.c.level, outcomes.c.phase, outcomes.c.outcome_type)
    return _largest(
        select(func.count(func.distinct(cells)).label("n")).group_by(outcomes.c.iscm_id)
    )


def _region_children() -> ColumnElement[int]:
    """The most sub-regions of one region, or intermediate regions of one sub-region."""
    state = models.MemberState
    children = union(
        select(state.region.label("parent"), state.subregion.label("child")),
        select(state.subregion.label("parent"), state.intermediate_region.label("child")),
    ).subquery()
    return _largest(
        select(func.count().label("n"))
        .where(children.c.parent.is_not(None), children.c.child.is_not(None))
        .group_by(children.c.parent)
    )


def measure_statement() -> Select[tuple[int, ...]]:
    """One row with every measure, labelled by name."""
    membership = models.IscmMembership
    event = models.AuditEvent
    series = models.SdgSeries
    state = models.MemberState
    columns = [
        select(func.count()).select_from(table).scalar_subquery().label(name)
        for name, table in TABLES.items()
    ]
    columns += [
        _memberships(membership.role == "MEMBER", by=membership.iscm_id).label("members_per_iscm"),
        _memberships(membership.role == "OBSERVER", by=membership.iscm_id).label(
            "observers_per_iscm"
        ),
        _memberships(by=membership.iscm_id).label("memberships_per_iscm"),
        _memberships(by=membership.state_iso3).label("memberships_per_state"),
        _governance_cells().label("governance_cells"),
        _largest(
            select(func.count().label("n"))
            .select_from(models.DisputedFactClaim)
            .group_by(models.DisputedFactClaim.fact_id)
        ).label("claims_per_fact"),
        select(func.count(func.distinct(state.region))).scalar_subquery().label("top_regions"),
        _region_children().label("region_children"),
        _largest(select(func.count().label("n")).select_from(state).group_by(state.region)).label(
            "states_per_region"
        ),
        # A series fetch stores every year and slice of one series for one State.
        select(func.coalesce(func.max(models.IndicatorFetch.rows), 0))
        .scalar_subquery()
        .label("series_rows"),
        _largest(
            select(func.count().label("n")).select_from(series).group_by(series.indicator_code)
        ).label("series_per_target"),
        # A document's links, and a meeting's documents (the API adds more between two
        # measurements: FLOORS).
        *(
            _largest(select(func.count().label("n")).select_from(link).group_by(link.c[by])).label(
                name
            )
            for name, link, by in (
                ("events_per_document", models.document_events, "document_id"),
                ("iscms_per_document", models.document_iscms, "document_id"),
                ("documents_per_event", models.document_events, "event_id"),
            )
        ),
        *(
            _largest(
                select(func.count().label("n"))
                .select_from(event)
                .where(event.entity == entity)
                .group_by(event.entity_id)
            ).label(f"{name}_history")
            for name, entity in (
                ("contribution", "review_contribution"),
                ("recommendation", "recommendation"),
            )
        ),
    ]
    return select(*columns)


async def measure(session: AsyncSession) -> dict[str, int]:
    """Return every measure by name."""
    row = (await session.execute(measure_statement())).one()
    return {name: int(value) for name, value in row._mapping.items()}
