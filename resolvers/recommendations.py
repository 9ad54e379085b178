"""Query logic for recommendations: filters, pages, nested pages and lookups."""

from datetime import date
from typing import Any

from sqlalchemy import Row

from db.queries.recommendations import (
    RECOMMENDATION_SORTS,
    RecommendationCriteria,
    filtered_recommendations,
)
from resolvers import arguments
from resolvers.context import Context
from resolvers.graph_loaders import NestedConnection
from resolvers.pages import nested_page, root_page
from resolvers.pagination import PageResult
from resolvers.viewer import viewer_of


async def recommendation_criteria(
    context: Context,
    *,
    iscm: str | None = None,
    level: str | None = None,
    phase: str | None = None,
    outcome_type: str | None = None,
    gcm_objective: int | None = None,
    sdg_target: str | None = None,
    thematic_area: str | None = None,
    adopted_from: date | None = None,
    adopted_to: date | None = None,
    search: str | None = None,
    synthetic: bool | None = None,
    status: str | None = None,
    removed: bool = False,
) -> RecommendationCriteria:
    """Check a recommendation filter and resolve its names."""
    arguments.date_span(adopted_from, adopted_to, "filter.adoptedFrom", "filter.adoptedTo")
    return RecommendationCriteria(
        iscm_id=await arguments.iscm_id(context, iscm, "filter.iscm"),
        level=level,
        phase=phase,
        outcome_type=outcome_type,
        objective=arguments.objective_number(gcm_objective, "filter.gcmObjective"),
        sdg_code=await arguments.sdg_code(context, sdg_target, "filter.sdgTarget"),
        theme=await arguments.thematic_area(context, thematic_area, "filter.thematicArea"),
        adopted_from=adopted_from,
        adopted_to=adopted_to,
        search=arguments.search_text(search, "filter.search"),
        synthetic=synthetic,
        status=status,
        removed=removed,
    )


async def recommendation_page(
    context: Context,
    criteria: RecommendationCriteria,
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of the recommendations meeting `criteria`."""
    return await root_page(
        context,
        filtered_recommendations(criteria, viewer_of(context)),
        RECOMMENDATION_SORTS,
        order_field=order_field,
        descending=descending,
        first=first,
        after=after,
        last=last,
        before=before,
    )


async def nested_recommendations(
    context: Context,
    connection: NestedConnection,
    parent: Any,
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of the recommendations nested under `parent` (batched)."""
    return await nested_page(
        context,
        connection,
        parent,
        RECOMMENDATION_SORTS,
        order_field=order_field,
        descending=descending,
        first=first,
        after=after,
        last=last,
        before=before,
        scope=viewer_of(context),
    )


async def recommendations_by_ids(
    context: Context, recommendation_ids: list[int]
) -> list[Row[Any] | None]:
    """Return these recommendations in order; None where missing or not visible (a merged
    duplicate's id gives the record it was merged into)."""
    viewer = viewer_of(context)
    return await context.graph_loaders.recommendation_by_id.load_many(
        [(recommendation_id, viewer) for recommendation_id in recommendation_ids]
    )
