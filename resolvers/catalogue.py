"""Query logic for the catalogue: pages of ISCMs and member States, and lookups."""

from dataclasses import replace
from typing import Any

from sqlalchemy import Row

from db import models
from db.pagination import SortKey
from db.queries import catalogue
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode
from resolvers.pagination import PageResult, page_window, paginate


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
) -> PageResult:
    """Return one page of ISCMs."""
    sort = sort_key_for(catalogue.ISCM_SORTS, order_field, descending)
    window = page_window(context.config, sort, first=first, after=after, last=last, before=before)
    return await paginate(context, catalogue.iscm_query(), sort, window)


async def state_page(
    context: Context,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    un_members_only: bool = False,
    region: str | None = None,
    order_field: str = "NAME",
    descending: bool = False,
) -> PageResult:
    """Return one page of member States, optionally only UN Members or one M49 region."""
    sort = sort_key_for(catalogue.STATE_SORTS, order_field, descending)
    window = page_window(context.config, sort, first=first, after=after, last=last, before=before)
    query = catalogue.state_query()
    if un_members_only:
        query = query.where(models.MemberState.un_status == "MEMBER")
    if region is not None:
        query = query.where(
            (models.MemberState.region == region)
            | (models.MemberState.subregion == region)
            | (models.MemberState.intermediate_region == region)
        )
    return await paginate(context, query, sort, window)


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
