"""Query logic for the GCM reviews: review processes and contributions, always filtered by
what the request's principal may see."""

from datetime import date
from typing import Any

from sqlalchemy import Row

from db.queries.review import (
    CONTRIBUTION_SORTS,
    REVIEW_PROCESS_SORT,
    ContributionCriteria,
    ReviewProcessCriteria,
    filtered_contributions,
    filtered_review_processes,
)
from resolvers import arguments
from resolvers.context import Context
from resolvers.graph_loaders import NestedConnection
from resolvers.pages import nested_page, root_page
from resolvers.pagination import PageResult
from resolvers.viewer import viewer_of
from resolvers.writes import today

REVIEW_PROCESS_SORTS = {REVIEW_PROCESS_SORT.name: REVIEW_PROCESS_SORT}


async def contribution_criteria(
    context: Context,
    *,
    iscm: str | None = None,
    review_process: str | None = None,
    gcm_objective: int | None = None,
    status: str | None = None,
    removed: bool = False,
) -> ContributionCriteria:
    """Check a contribution filter and resolve its names."""
    return ContributionCriteria(
        iscm_id=await arguments.iscm_id(context, iscm, "filter.iscm"),
        review_process_id=await arguments.review_process_id(
            context, review_process, "filter.reviewProcess"
        ),
        objective=arguments.objective_number(gcm_objective, "filter.gcmObjective"),
        status=status,
        removed=removed,
    )


async def contribution_page(
    context: Context,
    criteria: ContributionCriteria,
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of the visible contributions meeting `criteria`."""
    return await root_page(
        context,
        filtered_contributions(criteria, viewer_of(context)),
        CONTRIBUTION_SORTS,
        order_field=order_field,
        descending=descending,
        first=first,
        after=after,
        last=last,
        before=before,
    )


async def nested_contributions(
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
    """Return one page of the visible contributions nested under `parent` (batched)."""
    return await nested_page(
        context,
        connection,
        parent,
        CONTRIBUTION_SORTS,
        order_field=order_field,
        descending=descending,
        first=first,
        after=after,
        last=last,
        before=before,
        scope=viewer_of(context),
    )


async def contribution_by_id(context: Context, contribution_id: int) -> Row[Any] | None:
    """Return the contribution with this id if the principal may see it, else None."""
    return await context.graph_loaders.contribution_by_id.load(
        (contribution_id, viewer_of(context))
    )


async def contributions_by_ids(
    context: Context, contribution_ids: list[int]
) -> list[Row[Any] | None]:
    """Return these contributions in order; None where missing or not visible."""
    viewer = viewer_of(context)
    return await context.graph_loaders.contribution_by_id.load_many(
        [(contribution_id, viewer) for contribution_id in contribution_ids]
    )


def window_is_open(opens_on: date, closes_on: date) -> bool:
    """Whether a review process accepts submissions today (UTC calendar dates, both included)."""
    return opens_on <= today() <= closes_on


def review_process_criteria(
    *, kind: str | None = None, regional_commission: str | None = None, year: int | None = None
) -> ReviewProcessCriteria:
    """Return the criteria of a review process filter, the year checked."""
    return ReviewProcessCriteria(
        kind=kind,
        regional_commission=regional_commission.strip().upper() if regional_commission else None,
        year=arguments.year(year, "filter.year"),
    )


async def review_process_page(
    context: Context,
    criteria: ReviewProcessCriteria,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of review processes, in the order their windows open."""
    return await root_page(
        context,
        filtered_review_processes(criteria),
        REVIEW_PROCESS_SORTS,
        order_field=REVIEW_PROCESS_SORT.name,
        descending=False,
        first=first,
        after=after,
        last=last,
        before=before,
    )
