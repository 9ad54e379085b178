"""SQL of the reference vocabularies: thematic areas, SDG targets, the M49 regions."""

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    case,
    func,
    literal_column,
    null,
    or_,
    select,
    union,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from db import models
from db.readsql.json import json_array_or_empty
from db.readsql.tree import SortKey

THEMATIC_AREA_SORTS = {
    "NAME": SortKey("NAME", (models.ThematicArea.name, models.ThematicArea.slug))
}
SDG_TARGET_SORTS = {"CODE": SortKey("CODE", (models.SdgTarget.goal, models.SdgTarget.code))}
REGION_LEVELS = ("REGION", "SUBREGION", "INTERMEDIATE_REGION")


def region_rows(_: Any) -> Select[Any]:
    """The M49 regions States are placed in: (name, level, parent_name), each once.

    A State's path is its region, sub-region and intermediate region, the missing ones left
    out; a region's level is its depth on that path, its parent the name before it.
    """
    state = models.MemberState.__table__
    region, sub, intermediate = state.c.region, state.c.subregion, state.c.intermediate_region
    second = func.coalesce(sub, intermediate)
    regions = union(
        select(region.label("name"), _level(0), null().label("parent_name")).where(
            region.is_not(None)
        ),
        select(second.label("name"), _level(1), region.label("parent_name")).where(
            region.is_not(None), second.is_not(None)
        ),
        select(intermediate.label("name"), _level(2), sub.label("parent_name")).where(
            region.is_not(None), sub.is_not(None), intermediate.is_not(None)
        ),
    ).subquery()
    return select(regions)


def _level(depth: int) -> ColumnElement[str]:
    return literal_column(f"'{REGION_LEVELS[depth]}'", Text).label("level")


def placed_in(state: Any, region: Any) -> ColumnElement[bool]:
    """Whether a State sits in the region at any depth."""
    name = region.c.name
    return (
        (state.c.region == name)
        | (state.c.subregion == name)
        | (state.c.intermediate_region == name)
    )


def series_codes(target: Any) -> ColumnElement[Any]:
    """The SDG Global Database series measuring a target or indicator (for a target, its
    indicators' too) as a JSON array: its own series first, then its indicators' by code,
    each series once, by series code within an indicator."""
    series = models.SdgSeries.__table__.alias()
    child = models.SdgTarget.__table__.alias()
    measures = or_(
        series.c.indicator_code == target.c.code,
        series.c.indicator_code.in_(
            select(child.c.code).where(child.c.parent_code == target.c.code).correlate_except(child)
        ),
    )
    own_first = case(
        (series.c.indicator_code == target.c.code, literal_column("''")),
        else_=series.c.indicator_code,
    )
    ranked = (
        select(series.c.code, func.min(own_first).label("rank"))
        .where(measures)
        .group_by(series.c.code)
        .correlate(target)
        .subquery()
    )
    listed = func.json_agg(aggregate_order_by(ranked.c.code, ranked.c.rank, ranked.c.code))
    return select(json_array_or_empty(listed)).correlate(target).scalar_subquery()
