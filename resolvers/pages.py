"""Pages of the read graph's lists: root lists run their own query, nested lists batch."""

from collections.abc import Hashable
from typing import Any

from sqlalchemy import Select

from db.pagination import SortKey
from resolvers.catalogue import sort_key_for
from resolvers.context import Context
from resolvers.graph_loaders import NestedConnection
from resolvers.pagination import PageResult, page_window, paginate


async def root_page(
    context: Context,
    query: Select[Any],
    sorts: dict[str, SortKey],
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of `query` in the requested order."""
    sort = sort_key_for(sorts, order_field, descending)
    window = page_window(context.config, sort, first=first, after=after, last=last, before=before)
    return await paginate(context, query, sort, window)


async def nested_page(
    context: Context,
    connection: NestedConnection,
    parent: Hashable,
    sorts: dict[str, SortKey],
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    scope: Hashable = None,
) -> PageResult:
    """Return one parent's page of a nested list; all parents' pages load in one batch."""
    sort = sort_key_for(sorts, order_field, descending)
    window = page_window(context.config, sort, first=first, after=after, last=last, before=before)
    page, total = await connection.page(parent, sort, window, scope)
    return PageResult(page=page, sort=sort, count=total)
