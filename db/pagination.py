"""Keyset pagination in SQL: the one way every growing list is paged."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Label, Row, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class SortKey:
    """An ordered list of expressions, ending with a unique one so the order is total."""

    name: str
    columns: tuple[ColumnElement[Any], ...]
    descending: bool = False


@dataclass(frozen=True)
class PageWindow:
    """Which slice the client asked for; cursors are already decoded into key values."""

    first: int | None = None
    after: tuple[Any, ...] | None = None
    last: int | None = None
    before: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class Page:
    """One page of rows, in the requested order, and whether more lie on either side."""

    rows: list[Row[Any]]
    keys: list[tuple[Any, ...]]
    has_next: bool
    has_previous: bool


def coerce_key(sort: SortKey, values: Sequence[Any]) -> tuple[Any, ...]:
    """Turn decoded cursor values back into the Python types the columns hold."""
    if len(values) != len(sort.columns):
        raise ValueError("cursor does not match the ordering")
    out = []
    for column, value in zip(sort.columns, values, strict=True):
        kind = column.type.python_type
        if value is None:
            raise ValueError("cursor holds no value for a sort column")
        if kind is date:
            out.append(date.fromisoformat(value))
        elif kind in (int, float, str) and not isinstance(value, kind):
            raise ValueError("cursor value has the wrong type")
        else:
            out.append(value)
    return tuple(out)


def beyond(sort: SortKey, key: tuple[Any, ...], *, forward: bool) -> ColumnElement[bool]:
    """Rows strictly after (forward) or before `key` in the sort order.

    Written as an OR of prefixes rather than a row comparison, so mixed directions
    stay possible and each prefix can use the composite index.
    """
    ascending = forward != sort.descending
    clauses = []
    for position, column in enumerate(sort.columns):
        equal_prefix = [c == v for c, v in zip(sort.columns[:position], key, strict=False)]
        step = column > key[position] if ascending else column < key[position]
        clauses.append(and_(*equal_prefix, step))
    return or_(*clauses)


# Labels of the columns nested paging adds. Read them as `.c[label]`: an attribute such
# as `.c._parent` would be the column collection's own, not the column.
PARENT_LABEL = "_parent_key"
POSITION_LABEL = "_row_position"


@dataclass(frozen=True)
class _Windowed:
    """A query narrowed to a window: ordering, key columns and how many rows to ask for."""

    query: Select[Any]
    ordering: list[ColumnElement[Any]]
    key_labels: list[Label[Any]]
    limit: int
    backward: bool


def _windowed(query: Select[Any], sort: SortKey, window: PageWindow) -> _Windowed:
    """Apply the cursors of `window` to `query` and work out the order to read rows in."""
    backward = window.last is not None and window.first is None
    limit = window.last if backward else window.first
    assert limit is not None, "the caller resolves the default page size"
    if window.after is not None:
        query = query.where(beyond(sort, window.after, forward=True))
    if window.before is not None:
        query = query.where(beyond(sort, window.before, forward=False))
    ascending = backward == sort.descending
    ordering = [column.asc() if ascending else column.desc() for column in sort.columns]
    key_labels = [column.label(f"_k{i}") for i, column in enumerate(sort.columns)]
    return _Windowed(query, ordering, key_labels, limit, backward)


def _page_of(rows: list[Row[Any]], windowed: _Windowed, window: PageWindow) -> Page:
    """Cut the rows read (one more than the limit) into a Page in the requested order."""
    more = len(rows) > windowed.limit
    rows = rows[: windowed.limit]
    if windowed.backward:
        rows.reverse()
    # The key columns stay on the rows (as _k0, _k1, ...); callers read rows by name.
    keys = [tuple(row._mapping[label.name] for label in windowed.key_labels) for row in rows]
    if windowed.backward:
        return Page(rows, keys, has_next=window.before is not None, has_previous=more)
    return Page(rows, keys, has_next=more, has_previous=window.after is not None)


async def fetch_page(
    session: AsyncSession, query: Select[Any], sort: SortKey, window: PageWindow
) -> Page:
    """Run `query` for the requested window, ordered by `sort`, in one statement."""
    windowed = _windowed(query, sort, window)
    statement = (
        windowed.query.add_columns(*windowed.key_labels)
        .order_by(*windowed.ordering)
        .limit(windowed.limit + 1)
    )
    rows = list((await session.execute(statement)).all())
    return _page_of(rows, windowed, window)


async def fetch_pages_per_parent(
    session: AsyncSession,
    query: Select[Any],
    parent: ColumnElement[Any],
    parent_keys: Sequence[Any],
    sort: SortKey,
    window: PageWindow,
) -> dict[Any, Page]:
    """Page the rows of many parents at once: the same window in each parent's list.

    One statement for every parent: `row_number()` over each parent's rows in the sort
    order keeps the first `limit + 1` of each, so nested connections cost no more
    statements when there are more parents. Every parent in `parent_keys` gets a page.
    """
    windowed = _windowed(query.where(parent.in_(list(parent_keys))), sort, window)
    position = func.row_number().over(partition_by=parent, order_by=windowed.ordering)
    ranked = windowed.query.add_columns(
        parent.label(PARENT_LABEL), *windowed.key_labels, position.label(POSITION_LABEL)
    ).subquery("ranked")
    statement = (
        select(ranked)
        .where(ranked.c[POSITION_LABEL] <= windowed.limit + 1)
        .order_by(ranked.c[PARENT_LABEL], ranked.c[POSITION_LABEL])
    )
    grouped: dict[Any, list[Row[Any]]] = defaultdict(list)
    for row in (await session.execute(statement)).all():
        grouped[row._mapping[PARENT_LABEL]].append(row)
    return {key: _page_of(grouped.get(key, []), windowed, window) for key in parent_keys}


async def count_rows(session: AsyncSession, query: Select[Any]) -> int:
    """Count the rows `query` selects (filters applied, no window)."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return (await session.execute(counted)).scalar_one()


async def count_rows_per_parent(
    session: AsyncSession,
    query: Select[Any],
    parent: ColumnElement[Any],
    parent_keys: Sequence[Any],
) -> dict[Any, int]:
    """Count each parent's rows of `query` in one grouped statement; absent parents count 0."""
    rows = (
        query.where(parent.in_(list(parent_keys)))
        .add_columns(parent.label(PARENT_LABEL))
        .order_by(None)
        .subquery("counted")
    )
    parent_key = rows.c[PARENT_LABEL]
    statement = select(parent_key, func.count()).group_by(parent_key)
    counts = {key: total for key, total in (await session.execute(statement)).all()}
    return {key: counts.get(key, 0) for key in parent_keys}
