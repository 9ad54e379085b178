"""Cursor encoding and page-window validation around db.pagination."""

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Select

from db.pagination import Page, PageWindow, SortKey, coerce_key, count_rows, fetch_page
from resolvers.context import ApiConfig, Context
from resolvers.errors import ApiError, ErrorCode

CURSOR_VERSION = 1


def encode_cursor(sort: SortKey, key: tuple[Any, ...]) -> str:
    """Return the opaque cursor of the row at `key` under `sort`."""
    values = [value.isoformat() if isinstance(value, date) else value for value in key]
    payload = orjson.dumps([CURSOR_VERSION, sort.name, values])
    return base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")


def decode_cursor(sort: SortKey, cursor: str, argument: str) -> tuple[Any, ...]:
    """Return the key a cursor points at, or raise BAD_USER_INPUT naming `argument`."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, sort_name, values = orjson.loads(base64.urlsafe_b64decode(padded))
        if version != CURSOR_VERSION:
            raise ValueError("unknown cursor version")
        if sort_name != sort.name:
            raise ApiError(
                ErrorCode.BAD_USER_INPUT,
                f"`{argument}` was issued for ordering {sort_name}, not {sort.name}",
                argument=argument,
            )
        return coerce_key(sort, values)
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise ApiError(
            ErrorCode.BAD_USER_INPUT,
            f"`{argument}` is not a valid cursor for this list",
            argument=argument,
        ) from None


def page_window(
    config: ApiConfig,
    sort: SortKey,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageWindow:
    """Validate Relay pagination arguments and decode their cursors."""
    if first is not None and last is not None:
        raise ApiError(
            ErrorCode.BAD_USER_INPUT, "pass `first` or `last`, not both", argument="first"
        )
    for name, size in (("first", first), ("last", last)):
        if size is None:
            continue
        if size < 0:
            raise ApiError(
                ErrorCode.BAD_USER_INPUT, f"`{name}` must not be negative", argument=name
            )
        if size > config.max_page_size:
            raise ApiError(
                ErrorCode.BAD_USER_INPUT,
                f"`{name}` is {size}; the maximum page size is {config.max_page_size}",
                argument=name,
                maximum=config.max_page_size,
            )
    if first is None and last is None:
        first = config.default_page_size
    return PageWindow(
        first=first,
        after=decode_cursor(sort, after, "after") if after is not None else None,
        last=last,
        before=decode_cursor(sort, before, "before") if before is not None else None,
    )


@dataclass
class PageResult:
    """A fetched page with its sort (for cursors) and a lazy total count."""

    page: Page
    sort: SortKey
    count: Callable[[], Awaitable[int]]

    def cursors(self) -> list[str]:
        """Return each row's cursor, in page order."""
        return [encode_cursor(self.sort, key) for key in self.page.keys]


async def paginate(
    context: Context, query: Select[Any], sort: SortKey, window: PageWindow
) -> PageResult:
    """Fetch one page of `query`; the total is counted only if the client asks for it."""
    async with context.db.use() as session:
        page = await fetch_page(session, query, sort, window)

    async def count() -> int:
        async with context.db.use() as session:
            return await count_rows(session, query)

    return PageResult(page=page, sort=sort, count=count)
