"""SQL for recommendations: filtered lists, lookups, their links, and the lists nested under
ISCMs, member States, GCM objectives and SDG targets.

Every statement that reads recommendations filters them with the viewer's visibility rule.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Row, Select, and_, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey
from db.queries.columns import readable_columns
from db.queries.text_search import matches
from db.queries.viewer import Viewer
from db.queries.visibility import named_by

Recommendation = models.Recommendation
# Undated recommendations sort as the oldest, so newest-first lists end with them.
UNDATED = literal(date.min, Date)

RECOMMENDATION_SORTS = {
    "ADOPTED_ON": SortKey(
        "ADOPTED_ON", (func.coalesce(Recommendation.adopted_on, UNDATED), Recommendation.id)
    ),
    "TITLE": SortKey("TITLE", (Recommendation.title, Recommendation.id)),
}


@dataclass(frozen=True)
class RecommendationCriteria:
    """Validated filters on recommendations; None means no constraint."""

    iscm_id: int | None = None
    level: str | None = None
    phase: str | None = None
    outcome_type: str | None = None
    objective: int | None = None
    sdg_code: str | None = None
    theme: str | None = None
    adopted_from: date | None = None
    adopted_to: date | None = None
    search: str | None = None
    synthetic: bool | None = None
    status: str | None = None
    # The removed recommendations an editor may restore, instead of the live ones.
    removed: bool = False


def recommendation_query(viewer: Viewer, *, removed: bool = False) -> Select[Any]:
    """Select every recommendation column the API reads, only the rows `viewer` may see."""
    return select(*readable_columns(Recommendation)).where(
        viewer.sees_recommendations(removed=removed)
    )


def _linked(table: Any, column: str, value: Any) -> ColumnElement[bool]:
    """Whether the recommendation has a row in link `table` with `column` = `value`."""
    return exists().where(table.c.recommendation_id == Recommendation.id, table.c[column] == value)


def filtered_recommendations(criteria: RecommendationCriteria, viewer: Viewer) -> Select[Any]:
    """Select the visible recommendations that meet every criterion."""
    query = recommendation_query(viewer, removed=criteria.removed)
    equal = (
        (Recommendation.iscm_id, criteria.iscm_id),
        (Recommendation.level, criteria.level),
        (Recommendation.phase, criteria.phase),
        (Recommendation.outcome_type, criteria.outcome_type),
        (Recommendation.synthetic, criteria.synthetic),
        (Recommendation.status, criteria.status),
    )
    for column, value in equal:
        if value is not None:
            query = query.where(column == value)
    if criteria.objective is not None:
        query = query.where(
            _linked(models.recommendation_gcm_objectives, "objective_number", criteria.objective)
        )
    if criteria.sdg_code is not None:
        query = query.where(
            _linked(models.recommendation_sdg_targets, "sdg_code", criteria.sdg_code)
        )
    if criteria.theme is not None:
        query = query.where(
            _linked(models.recommendation_thematic_areas, "thematic_area_slug", criteria.theme)
        )
    if criteria.adopted_from is not None:
        query = query.where(Recommendation.adopted_on >= criteria.adopted_from)
    if criteria.adopted_to is not None:
        query = query.where(Recommendation.adopted_on <= criteria.adopted_to)
    if criteria.search is not None:
        query = query.where(matches(Recommendation.search_vector, criteria.search))
    return query


async def recommendations_by_ids(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return the recommendations these ids name that `viewer` may see (any order), each with
    the `requested_id` it was asked by: a merged duplicate's id names its surviving record."""
    query = named_by(recommendation_query(viewer), Recommendation, ids)
    return list((await session.execute(query)).all())


def recommendations_of_iscms(viewer: Viewer) -> tuple[Select[Any], ColumnElement[Any]]:
    """Visible recommendations nested under the ISCM that adopted them."""
    return recommendation_query(viewer), Recommendation.iscm_id


def recommendations_of_objectives(viewer: Viewer) -> tuple[Select[Any], ColumnElement[Any]]:
    """Visible recommendations nested under each GCM objective they address."""
    link = models.recommendation_gcm_objectives
    query = recommendation_query(viewer).join(link, link.c.recommendation_id == Recommendation.id)
    return query, link.c.objective_number


def recommendations_of_sdg_targets(viewer: Viewer) -> tuple[Select[Any], ColumnElement[Any]]:
    """Visible recommendations nested under each SDG target or indicator they are linked to."""
    link = models.recommendation_sdg_targets
    query = recommendation_query(viewer).join(link, link.c.recommendation_id == Recommendation.id)
    return query, link.c.sdg_code


def recommendations_of_states(viewer: Viewer) -> tuple[Select[Any], ColumnElement[Any]]:
    """Visible recommendations nested under each State that is a member of the adopting ISCM."""
    membership = models.IscmMembership
    query = recommendation_query(viewer).join(
        membership,
        and_(membership.iscm_id == Recommendation.iscm_id, membership.role == "MEMBER"),
    )
    return query, membership.state_iso3


async def thematic_areas_of_recommendations(
    session: AsyncSession, ids: Sequence[int]
) -> list[Row[Any]]:
    """Return (recommendation_id, theme columns...) for these recommendations, by theme name."""
    link = models.recommendation_thematic_areas
    query = (
        select(link.c.recommendation_id)
        .add_columns(*models.ThematicArea.__table__.c)
        .join(models.ThematicArea, models.ThematicArea.slug == link.c.thematic_area_slug)
        .where(link.c.recommendation_id.in_(ids))
        .order_by(models.ThematicArea.name)
    )
    return list((await session.execute(query)).all())


async def objectives_of_recommendations(
    session: AsyncSession, ids: Sequence[int]
) -> list[Row[Any]]:
    """Return (recommendation_id, objective columns...) for these recommendations, by number."""
    link = models.recommendation_gcm_objectives
    query = (
        select(link.c.recommendation_id)
        .add_columns(*models.GcmObjective.__table__.c)
        .join(models.GcmObjective, models.GcmObjective.number == link.c.objective_number)
        .where(link.c.recommendation_id.in_(ids))
        .order_by(models.GcmObjective.number)
    )
    return list((await session.execute(query)).all())


async def sdg_targets_of_recommendations(
    session: AsyncSession, ids: Sequence[int]
) -> list[Row[Any]]:
    """Return (recommendation_id, SDG target columns...) for these recommendations, by code."""
    link = models.recommendation_sdg_targets
    query = (
        select(link.c.recommendation_id)
        .add_columns(*models.SdgTarget.__table__.c)
        .join(models.SdgTarget, models.SdgTarget.code == link.c.sdg_code)
        .where(link.c.recommendation_id.in_(ids))
        .order_by(models.SdgTarget.goal, models.SdgTarget.code)
    )
    return list((await session.execute(query)).all())
