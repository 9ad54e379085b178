"""Query logic for the reference vocabularies and the M49 regions."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from db import models
from db.queries import reference
from db.queries.reference import (
    SDG_TARGET_SORT,
    THEMATIC_AREA_SORT,
    SdgTargetCriteria,
    sdg_target_query,
    thematic_area_query,
)
from db.seed_loading import load_seed_file
from resolvers.arguments import bad_input
from resolvers.context import Context
from resolvers.pages import root_page
from resolvers.pagination import PageResult
from resolvers.viewer import viewer_of

SDG_GOALS = range(1, 18)
GOVERNANCE_VOCABULARIES = {
    "governance_levels": models.GovernanceLevel,
    "governance_phases": models.GovernancePhase,
    "outcome_types": models.OutcomeType,
}


def seed_vocabulary(name: str) -> list[dict[str, Any]]:
    """Return a governance vocabulary (code, name, description) as the seed file defines it."""
    if name not in GOVERNANCE_VOCABULARIES:
        raise KeyError(name)
    return list(load_seed_file("reference.json")[name])


async def vocabulary_terms(context: Context, name: str) -> list[Row[Any]]:
    """Return the terms of a governance vocabulary as stored, in their defined order."""
    async with context.db.use() as session:
        return await reference.vocabulary(session, GOVERNANCE_VOCABULARIES[name])


async def thematic_areas_of_iscm(context: Context, iscm_id: int) -> list[Row[Any]]:
    """Return the themes an ISCM works on: linked to it, or of its recommendations the caller
    may see (batched across ISCMs)."""
    return await context.graph_loaders.thematic_areas_by_iscm.load((iscm_id, viewer_of(context)))


async def thematic_area_page(
    context: Context,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of thematic areas, by name."""
    return await root_page(
        context,
        thematic_area_query(),
        {THEMATIC_AREA_SORT.name: THEMATIC_AREA_SORT},
        order_field=THEMATIC_AREA_SORT.name,
        descending=False,
        first=first,
        after=after,
        last=last,
        before=before,
    )


def sdg_target_criteria(*, goal: int | None = None, kind: str | None = None) -> SdgTargetCriteria:
    """Check an SDG target filter."""
    if goal is not None and goal not in SDG_GOALS:
        raise bad_input("filter.goal", "`filter.goal` must be an SDG number from 1 to 17")
    return SdgTargetCriteria(goal=goal, kind=kind)


async def sdg_target_page(
    context: Context,
    criteria: SdgTargetCriteria,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of SDG targets and indicators, by goal and code."""
    return await root_page(
        context,
        sdg_target_query(criteria),
        {SDG_TARGET_SORT.name: SDG_TARGET_SORT},
        order_field=SDG_TARGET_SORT.name,
        descending=False,
        first=first,
        after=after,
        last=last,
        before=before,
    )


async def guiding_principles(context: Context) -> list[Row[Any]]:
    """Return the 10 GCM guiding principles."""
    async with context.db.use() as session:
        return await reference.guiding_principles(session)


@dataclass(frozen=True)
class RegionNode:
    """An M49 region, sub-region or intermediate region and the regions inside it."""

    name: str
    level: str
    parent_name: str | None
    children: tuple["RegionNode", ...]


REGION_LEVELS = ("REGION", "SUBREGION", "INTERMEDIATE_REGION")


def region_tree(paths: Iterable[tuple[str | None, ...]]) -> list[RegionNode]:
    """Build the region hierarchy from the (region, subregion, intermediate) paths of States."""
    children: dict[tuple[str, ...], list[str]] = {}
    for path in paths:
        names = [name for name in path if name is not None]
        for depth in range(len(names)):
            siblings = children.setdefault(tuple(names[:depth]), [])
            if names[depth] not in siblings:
                siblings.append(names[depth])

    def build(prefix: tuple[str, ...]) -> tuple[RegionNode, ...]:
        return tuple(
            RegionNode(
                name=name,
                level=REGION_LEVELS[len(prefix)],
                parent_name=prefix[-1] if prefix else None,
                children=build((*prefix, name)),
            )
            for name in sorted(children.get(prefix, []))
        )

    return list(build(()))


async def regions(context: Context) -> list[RegionNode]:
    """Return the M49 regions States are placed in, each with its sub-regions."""
    async with context.db.use() as session:
        rows = await reference.region_hierarchy(session)
    return region_tree(tuple(row) for row in rows)


def find_region(tree: Iterable[RegionNode], name: str) -> RegionNode | None:
    """Return the region called `name` at any level of `tree`, or None."""
    for node in tree:
        if node.name == name:
            return node
        found = find_region(node.children, name)
        if found is not None:
            return found
    return None
