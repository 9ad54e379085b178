"""SQL for the reference vocabularies: thematic areas, SDG targets, GCM guiding principles,
governance vocabularies and the M49 regions (derived from `member_states`)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, select, union, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey
from db.queries.viewer import Viewer

THEMATIC_AREA_SORT = SortKey("NAME", (models.ThematicArea.name, models.ThematicArea.slug))
SDG_TARGET_SORT = SortKey("CODE", (models.SdgTarget.goal, models.SdgTarget.code))
GovernanceVocabulary = type[models.GovernanceLevel | models.GovernancePhase | models.OutcomeType]


@dataclass(frozen=True)
class SdgTargetCriteria:
    """Which SDG targets and indicators to list."""

    goal: int | None = None
    kind: str | None = None


def thematic_area_query() -> Select[Any]:
    """Select every thematic area column."""
    return select(models.ThematicArea.__table__)


async def thematic_areas_by_slugs(session: AsyncSession, slugs: Sequence[str]) -> list[Row[Any]]:
    """Return the thematic areas with these slugs (any order)."""
    query = thematic_area_query().where(models.ThematicArea.slug.in_(slugs))
    return list((await session.execute(query)).all())


async def thematic_areas_of_iscms(
    session: AsyncSession, iscm_ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return (iscm_id, theme columns...): explicit links and themes of their recommendations
    `viewer` may see."""
    explicit = select(
        models.iscm_thematic_areas.c.iscm_id,
        models.iscm_thematic_areas.c.thematic_area_slug.label("slug"),
    ).where(models.iscm_thematic_areas.c.iscm_id.in_(iscm_ids))
    link = models.recommendation_thematic_areas
    via_recommendations = (
        select(models.Recommendation.iscm_id, link.c.thematic_area_slug.label("slug"))
        .join(link, link.c.recommendation_id == models.Recommendation.id)
        .where(models.Recommendation.iscm_id.in_(iscm_ids), viewer.sees_recommendations())
    )
    # UNION (not ALL) keeps each (ISCM, theme) pair once, however it is linked.
    pairs = union(explicit, via_recommendations).subquery("pairs")
    query = (
        select(pairs.c.iscm_id)
        .add_columns(*models.ThematicArea.__table__.c)
        .join(models.ThematicArea, models.ThematicArea.slug == pairs.c.slug)
        .order_by(models.ThematicArea.name)
    )
    return list((await session.execute(query)).all())


def sdg_target_query(criteria: SdgTargetCriteria | None = None) -> Select[Any]:
    """Select SDG targets and indicators, optionally of one goal or kind."""
    query = select(models.SdgTarget.__table__)
    if criteria is not None and criteria.goal is not None:
        query = query.where(models.SdgTarget.goal == criteria.goal)
    if criteria is not None and criteria.kind is not None:
        query = query.where(models.SdgTarget.kind == criteria.kind)
    return query


async def sdg_targets_by_codes(session: AsyncSession, codes: Sequence[str]) -> list[Row[Any]]:
    """Return the SDG targets and indicators with these codes (any order)."""
    query = sdg_target_query().where(models.SdgTarget.code.in_(codes))
    return list((await session.execute(query)).all())


async def sdg_children_of(session: AsyncSession, codes: Sequence[str]) -> list[Row[Any]]:
    """Return the indicators under these targets, by code."""
    query = (
        sdg_target_query()
        .where(models.SdgTarget.parent_code.in_(codes))
        .order_by(models.SdgTarget.code)
    )
    return list((await session.execute(query)).all())


async def sdg_series_of(session: AsyncSession, codes: Sequence[str]) -> list[Row[Any]]:
    """Return the SDG Global Database series measuring these indicators, by series code."""
    query = (
        select(models.SdgSeries.__table__)
        .where(models.SdgSeries.indicator_code.in_(codes))
        .order_by(models.SdgSeries.code)
    )
    return list((await session.execute(query)).all())


async def guiding_principles(session: AsyncSession) -> list[Row[Any]]:
    """Return the 10 GCM guiding principles in order."""
    query = select(models.GcmGuidingPrinciple.__table__).order_by(models.GcmGuidingPrinciple.number)
    return list((await session.execute(query)).all())


async def guiding_principles_by_numbers(
    session: AsyncSession, numbers: Sequence[int]
) -> list[Row[Any]]:
    """Return the GCM guiding principles with these numbers."""
    query = select(models.GcmGuidingPrinciple.__table__).where(
        models.GcmGuidingPrinciple.number.in_(numbers)
    )
    return list((await session.execute(query)).all())


async def vocabulary(session: AsyncSession, model: GovernanceVocabulary) -> list[Row[Any]]:
    """Return the terms of one governance vocabulary in their defined order."""
    query = select(model.__table__).order_by(model.position)
    return list((await session.execute(query)).all())


def _region_names() -> Select[Any]:
    """Every M49 region, sub-region and intermediate region name a State is placed in."""
    state = models.MemberState
    return union_all(
        select(state.region.label("name"), state.iso3),
        select(state.subregion.label("name"), state.iso3),
        select(state.intermediate_region.label("name"), state.iso3),
    ).subquery("placed")


async def region_hierarchy(session: AsyncSession) -> list[Row[Any]]:
    """Return the distinct (region, subregion, intermediate_region) paths States sit on."""
    state = models.MemberState
    query = (
        select(state.region, state.subregion, state.intermediate_region)
        .where(state.region.is_not(None))
        .distinct()
        .order_by(state.region, state.subregion, state.intermediate_region)
    )
    return list((await session.execute(query)).all())


async def known_region_names(session: AsyncSession, names: Sequence[str]) -> list[Row[Any]]:
    """Return which of `names` are M49 region, sub-region or intermediate region names."""
    placed = _region_names()
    query = select(placed.c.name).where(placed.c.name.in_(names)).distinct()
    return list((await session.execute(query)).all())


async def states_in_regions(session: AsyncSession, names: Sequence[str]) -> list[Row[Any]]:
    """Return (region_name, State columns...) for the States placed in these regions, by name."""
    placed = _region_names()
    query = (
        select(placed.c.name.label("region_name"))
        .add_columns(*models.MemberState.__table__.c)
        .join(models.MemberState, models.MemberState.iso3 == placed.c.iso3)
        .where(placed.c.name.in_(names))
        .order_by(models.MemberState.name)
    )
    return list((await session.execute(query)).all())


def in_region(name: str) -> ColumnElement[bool]:
    """Whether a member State sits in the M49 region, sub-region or intermediate region `name`."""
    state = models.MemberState
    return (state.region == name) | (state.subregion == name) | (state.intermediate_region == name)
