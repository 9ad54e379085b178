"""Query logic for the catalogue: pages of ISCMs and member States, and lookups."""

from dataclasses import replace
from typing import Any

from sqlalchemy import Row

from db.pagination import SortKey
from db.queries import catalogue
from db.queries.catalogue_filters import (
    IscmCriteria,
    StateCriteria,
    filtered_iscms,
    filtered_states,
)
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode
from resolvers.pagination import PageResult, page_window, paginate
from resolvers.viewer import viewer_of


def sort_key_for(sorts: dict[str, SortKey], field: str, descending: bool) -> SortKey:
    """Return the SortKey for `field`, flipped when descending."""
    base = sorts[field]
    return replace(base, name=f"{base.name}_DESC", descending=True) if descending else base


async def iscm_page(
    context: Context,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    order_field: str = "NAME",
    descending: bool = False,
    criteria: IscmCriteria | None = None,
) -> PageResult:
    """Return one page of the ISCMs meeting `criteria` (all of them by default)."""
    sort = sort_key_for(catalogue.ISCM_SORTS, order_field, descending)
    window = page_window(context.config, sort, first=first, after=after, last=last, before=before)
    query = filtered_iscms(criteria or IscmCriteria(), viewer_of(context))
    return await paginate(context, query, sort, window)


async def state_page(
    context: Context,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    order_field: str = "NAME",
    descending: bool = False,
    criteria: StateCriteria | None = None,
) -> PageResult:
    """Return one page of the member States meeting `criteria` (all of them by default)."""
    sort = sort_key_for(catalogue.STATE_SORTS, order_field, descending)
    window = page_window(context.config, sort, first=first, after=after, last=last, before=before)
    return await paginate(context, filtered_states(criteria or StateCriteria()), sort, window)


async def iscm_by_slug(context: Context, slug: str) -> Row[Any] | None:
    """Return the ISCM with this slug, or None."""
    return await context.loaders.iscm_by_slug.load(slug)


async def state_by_iso3(context: Context, iso3: str) -> Row[Any] | None:
    """Return the State with this ISO alpha-3 code (any case), or None."""
    code = iso3.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ApiError(
            ErrorCode.BAD_USER_INPUT,
            "`iso3` must be an ISO 3166-1 alpha-3 code such as PHL",
            argument="iso3",
        )
    return await context.loaders.state_by_iso3.load(code)


async def gcm_objectives(context: Context) -> list[Row[Any]]:
    """Return the 23 GCM objectives."""
    async with context.db.use() as session:
        return await catalogue.gcm_objectives(session)
