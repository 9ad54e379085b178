"""SQL for the analysis fields: governance profiles, GCM objective coverage, State overlap.

Each is one grouped statement for every ISCM or State asked about; recommendations and
contributions count only when the viewer may see them.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, literal, select, union, union_all
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.catalogue import iscm_query
from db.queries.viewer import Viewer

Recommendation = models.Recommendation
Contribution = models.ReviewContribution
Membership = models.IscmMembership
RECOMMENDED = "RECOMMENDATION"
CONTRIBUTED = "CONTRIBUTION"


def _counted(source: Any) -> tuple[Any, Any]:
    """Recommendation and contribution counts over a union tagged with `source`."""
    return (
        func.count().filter(source == RECOMMENDED).label("recommendations"),
        func.count().filter(source == CONTRIBUTED).label("contributions"),
    )


async def governance_cells(
    session: AsyncSession, iscm_ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return (iscm_id, level, phase, outcome_type, recommendations, contributions) cells."""
    outcomes = union_all(
        select(
            Recommendation.iscm_id,
            Recommendation.level,
            Recommendation.phase,
            Recommendation.outcome_type,
            literal(RECOMMENDED).label("source"),
        ).where(Recommendation.iscm_id.in_(iscm_ids), viewer.sees_recommendations()),
        select(
            Contribution.iscm_id,
            Contribution.level,
            Contribution.phase,
            Contribution.outcome_type,
            literal(CONTRIBUTED).label("source"),
        ).where(Contribution.iscm_id.in_(iscm_ids), viewer.sees_contributions()),
    ).subquery("outcomes")
    dimensions = (
        outcomes.c.iscm_id,
        outcomes.c.level,
        outcomes.c.phase,
        outcomes.c.outcome_type,
    )
    query = (
        select(*dimensions, *_counted(outcomes.c.source))
        .group_by(*dimensions)
        .order_by(*dimensions)
    )
    return list((await session.execute(query)).all())


async def objective_counts(
    session: AsyncSession, iscm_ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return (iscm_id, objective_number, recommendations, contributions) for addressed pairs."""
    recommended = models.recommendation_gcm_objectives
    contributed = models.review_contribution_gcm_objectives
    links = union_all(
        select(
            Recommendation.iscm_id,
            recommended.c.objective_number,
            literal(RECOMMENDED).label("source"),
        )
        .join(recommended, recommended.c.recommendation_id == Recommendation.id)
        .where(Recommendation.iscm_id.in_(iscm_ids), viewer.sees_recommendations()),
        select(
            Contribution.iscm_id,
            contributed.c.objective_number,
            literal(CONTRIBUTED).label("source"),
        )
        .join(contributed, contributed.c.contribution_id == Contribution.id)
        .where(Contribution.iscm_id.in_(iscm_ids), viewer.sees_contributions()),
    ).subquery("links")
    query = (
        select(links.c.iscm_id, links.c.objective_number, *_counted(links.c.source))
        .group_by(links.c.iscm_id, links.c.objective_number)
        .order_by(links.c.iscm_id, links.c.objective_number)
    )
    return list((await session.execute(query)).all())


async def iscms_addressing_objectives(
    session: AsyncSession, numbers: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return (objective_number, ISCM columns...): ISCMs whose visible recommendations or
    contributions address these objectives, by ISCM name."""
    recommended = models.recommendation_gcm_objectives
    contributed = models.review_contribution_gcm_objectives
    pairs = union(
        select(recommended.c.objective_number, Recommendation.iscm_id)
        .join(Recommendation, Recommendation.id == recommended.c.recommendation_id)
        .where(recommended.c.objective_number.in_(numbers), viewer.sees_recommendations()),
        select(contributed.c.objective_number, Contribution.iscm_id)
        .join(Contribution, Contribution.id == contributed.c.contribution_id)
        .where(contributed.c.objective_number.in_(numbers), viewer.sees_contributions()),
    ).subquery("pairs")
    query = (
        iscm_query()
        .add_columns(pairs.c.objective_number)
        .join(pairs, pairs.c.iscm_id == models.Iscm.id)
        .order_by(models.Iscm.name)
    )
    return list((await session.execute(query)).all())


async def overlapping_states(
    session: AsyncSession, codes: Sequence[str], limit: int
) -> list[Row[Any]]:
    """Return, for each State in `codes`, its `limit` States sharing the most ISCMs as members.

    Rows are (state_iso3, shared_count, shared_iscm_ids, other State columns...), ranked by
    shared count, then the other State's name.
    """
    own = Membership.__table__.alias("own")
    other = Membership.__table__.alias("other")
    state = models.MemberState
    shared_count = func.count().label("shared_count")
    ranked = (
        select(
            own.c.state_iso3,
            shared_count,
            func.array_agg(aggregate_order_by(own.c.iscm_id, models.Iscm.name)).label(
                "shared_iscm_ids"
            ),
            func.row_number()
            .over(partition_by=own.c.state_iso3, order_by=(func.count().desc(), state.name))
            .label("position"),
        )
        .add_columns(*state.__table__.c)
        .join(other, (other.c.iscm_id == own.c.iscm_id) & (other.c.state_iso3 != own.c.state_iso3))
        .join(state, state.iso3 == other.c.state_iso3)
        .join(models.Iscm, models.Iscm.id == own.c.iscm_id)
        .where(own.c.state_iso3.in_(codes), own.c.role == "MEMBER", other.c.role == "MEMBER")
        .group_by(own.c.state_iso3, state.iso3)
        .subquery("ranked")
    )
    query = (
        select(ranked)
        .where(ranked.c.position <= limit)
        .order_by(ranked.c.state_iso3, ranked.c.position)
    )
    return list((await session.execute(query)).all())
