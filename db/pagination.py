"""Keyset pagination in SQL: the one way every growing list is paged."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select
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


async def fetch_page(
    session: AsyncSession, query: Select[Any], sort: SortKey, window: PageWindow
) -> Page:
    """Run `query` for the requested window, ordered by `sort`, in one statement."""
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
    rows = list(
        (
            await session.execute(
                query.add_columns(*key_labels).order_by(*ordering).limit(limit + 1)
            )
        ).all()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    if backward:
        rows.reverse()
    # The key columns stay on the rows (as _k0, _k1, ...); callers read rows by name.
    keys = [tuple(row._mapping[label.name] for label in key_labels) for row in rows]
    if backward:
        return Page(rows, keys, has_next=window.before is not None, has_previous=more)
    return Page(rows, keys, has_next=more, has_previous=window.after is not None)


async def count_rows(session: AsyncSession, query: Select[Any]) -> int:
    """Count the rows `query` selects (filters applied, no window)."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return (await session.execute(counted)).scalar_one()
