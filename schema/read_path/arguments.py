"""Arguments read once per request: checked, canonical, and split into shape and values.

The shape of a field's arguments (which are given, which order, paging forwards or backwards)
decides the statement's SQL; their values are bound to it. Page arguments are one value,
`PageArguments`, built here for every connection, root or nested.
"""

import base64
import binascii
import functools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from typing import Any

import orjson

from db.readsql.tree import SortKey
from resolvers.arguments import bad_input
from resolvers.context import ApiConfig
from resolvers.errors import ApiError
from schema.read_path.declare import Argument, InputChecks, Paginated, declaration_of

CURSOR_VERSION = 1
# A page of at most this many rows reads its rows' keyed relations row by row (PageArguments.batched).
FEW_ROWS = 4


def plain(value: Any) -> Any:
    """Return a coerced GraphQL value as the database compares it (enums as their codes)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@dataclass
class Bound:
    """One field's arguments for this request: the shape the SQL depends on, the values bound
    to it, and the error that stops the field (then the SQL reads nothing for it).

    A connection also keeps its PageArguments and its filter's declarations; a field read
    outside PostgreSQL keeps every argument for its resolver; a lookup keeps its items' errors.
    """

    shape: Hashable = ()
    values: dict[str, Any] = field(default_factory=dict)
    error: Exception | None = None
    page: "PageArguments | None" = None
    filters: dict[str, Argument] = field(default_factory=dict)
    arguments: dict[str, Any] = field(default_factory=dict)
    item_errors: dict[int, ApiError] = field(default_factory=dict)


def bind_arguments(
    declared: Mapping[str, Argument], arguments: Mapping[str, Any], prefix: str = ""
) -> Bound:
    """Check the declared arguments given (not null): shape = which are given."""
    bound = Bound()
    given = []
    for name, spec in declared.items():
        value = arguments.get(name)
        if value is None or (spec.instead_of_visible is not None and value is False):
            continue
        path = f"{prefix}{name}"
        checked = spec.check(plain(value), path) if spec.check is not None else plain(value)
        bound.values[name] = checked
        given.append(name)
    bound.shape = tuple(given)
    return bound


def check_spans(checks: InputChecks | None, given: Mapping[str, Any], prefix: str) -> None:
    """Refuse a span of `given` (an input's coerced values) whose start is after its end."""
    for start, end in checks.spans if checks is not None else ():
        first, last = plain(given.get(start)), plain(given.get(end))
        if first is not None and last is not None and first > last:
            raise bad_input(
                f"{prefix}{start}",
                f"`{prefix}{start}` ({first}) is after `{prefix}{end}` ({last})",
            )


def encode_cursor(sort: SortKey, key: tuple[Any, ...]) -> str:
    """Return the opaque cursor of the row at `key` under `sort` (db/readsql/json.py writes the
    same bytes in SQL)."""
    values = [value.isoformat() if isinstance(value, date) else value for value in key]
    payload = orjson.dumps([CURSOR_VERSION, sort.name, values])
    return base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")


def coerce_key(sort: SortKey, values: list[Any]) -> tuple[Any, ...]:
    """Turn decoded cursor values back into the Python types the sort columns hold."""
    if not isinstance(values, list) or len(values) != len(sort.columns):
        raise ValueError("cursor does not match the ordering")
    out = []
    for column, value in zip(sort.columns, values, strict=True):
        kind = column.type.python_type
        if value is None:
            raise ValueError("cursor holds no value for a sort column")
        if kind is date:
            out.append(date.fromisoformat(value))
        elif kind in (int, float, str) and (not isinstance(value, kind) or isinstance(value, bool)):
            raise ValueError("cursor value has the wrong type")
        else:
            out.append(value)
    return tuple(out)


def decode_cursor(sort: SortKey, cursor: str, argument: str) -> tuple[Any, ...]:
    """Return the key a cursor points at, or raise BAD_USER_INPUT naming `argument`."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, sort_name, values = orjson.loads(base64.urlsafe_b64decode(padded))
        if version != CURSOR_VERSION:
            raise ValueError("unknown cursor version")
        if sort_name != sort.name:
            raise bad_input(
                argument, f"`{argument}` was issued for ordering {sort_name}, not {sort.name}"
            )
        return coerce_key(sort, values)
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise bad_input(argument, f"`{argument}` is not a valid cursor for this list") from None


def sort_of(connection: Paginated, order: Mapping[str, Any] | None) -> SortKey:
    """Return the SortKey an `orderBy` value asks for (the connection's default without one)."""
    name = plain(order.get("field")) if order else None
    name = name or connection.default
    direction = plain(order.get("direction")) if order else None
    descending = direction == "DESC" if direction is not None else connection.descending(name)
    base = connection.sorts[name]
    return descending_of(base) if descending else base


# Each sort's descending form, made once (keyed by identity: SortKey holds SQL expressions,
# whose `==` builds SQL rather than comparing).
_DESCENDING: dict[int, tuple[SortKey, SortKey]] = {}


def descending_of(sort: SortKey) -> SortKey:
    """The descending form of an ascending sort (its cursor name ends in `_DESC`)."""
    known = _DESCENDING.get(id(sort))
    if known is None or known[0] is not sort:
        known = (sort, replace(sort, name=f"{sort.name}_DESC", descending=True))
        _DESCENDING[id(sort)] = known
    return known[1]


@dataclass(frozen=True)
class PageArguments:
    """A connection's arguments, checked: the window, the order and the filter's values."""

    sort: SortKey
    first: int | None
    last: int | None
    after: tuple[Any, ...] | None
    before: tuple[Any, ...] | None
    filter: dict[str, Any]

    @property
    def backward(self) -> bool:
        """Whether the page is read from its end (`last` without `first`)."""
        return self.last is not None and self.first is None

    @property
    def size(self) -> int:
        """How many rows the page holds at most."""
        size = self.last if self.backward else self.first
        assert size is not None
        return size

    @property
    def batched(self) -> bool:
        """Whether the relations keyed on a column of the page's rows are read for the whole
        page at once.

        PostgreSQL plans the page's keys as about ten, whatever the page's size: for a page
        of a few rows, reading such a relation row by row, by its index, is faster. Relations
        through a link table stay batched: row by row, each reads the whole related table."""
        return self.size > FEW_ROWS

    @property
    def shape(self) -> Hashable:
        """What the SQL depends on: direction, cursors given, order, filter fields given,
        and whether relations below are batched."""
        return (
            self.backward,
            self.after is not None,
            self.before is not None,
            self.sort.name,
            tuple(self.filter),
            self.batched,
        )

    def values(self) -> dict[str, Any]:
        """The values bound to the page's SQL."""
        values: dict[str, Any] = {"size": self.size}
        for name, key in (("after", self.after), ("before", self.before)):
            for index, value in enumerate(key or ()):
                # dates go as text (see Planner.window): asyncpg sends date.min as -infinity
                values[f"{name}{index}"] = value.isoformat() if isinstance(value, date) else value
        values.update({f"filter.{name}": value for name, value in self.filter.items()})
        return values


def page_size(config: ApiConfig, name: str, size: int | None) -> None:
    """Refuse a negative page size or one above the maximum."""
    if size is None:
        return
    if size < 0:
        raise bad_input(name, f"`{name}` must not be negative")
    if size > config.max_page_size:
        raise bad_input(
            name,
            f"`{name}` is {size}; the maximum page size is {config.max_page_size}",
            maximum=config.max_page_size,
        )


def page_arguments(
    connection: Paginated,
    arguments: Mapping[str, Any],
    filter_fields: Mapping[str, Argument],
    filter_checks: InputChecks | None,
    config: ApiConfig,
) -> PageArguments:
    """Check a connection's arguments: the filter first, then the window and its cursors."""
    given_filter = arguments.get("filter") or {}
    filter_values = bind_arguments(filter_fields, given_filter, "filter.").values
    check_spans(filter_checks, given_filter, "filter.")
    first, last = arguments.get("first"), arguments.get("last")
    if first is not None and last is not None:
        raise bad_input("first", "pass `first` or `last`, not both")
    page_size(config, "first", first)
    page_size(config, "last", last)
    if first is None and last is None:
        first = config.default_page_size
    sort = sort_of(connection, arguments.get("orderBy"))
    after, before = arguments.get("after"), arguments.get("before")
    return PageArguments(
        sort=sort,
        first=first,
        last=last,
        after=decode_cursor(sort, after, "after") if after is not None else None,
        before=decode_cursor(sort, before, "before") if before is not None else None,
        filter=filter_values,
    )


@functools.lru_cache(maxsize=256)  # a schema's input types: a fixed set, read per request
def input_declarations(input_type: Any) -> tuple[dict[str, Argument], InputChecks | None]:
    """Return a filter input type's field declarations (by GraphQL name) and its checks."""
    if input_type is None:
        return {}, None
    declared = {}
    for name, input_field in input_type.fields.items():
        strawberry_field = (input_field.extensions or {}).get("strawberry-definition")
        spec = declaration_of(getattr(strawberry_field, "metadata", None))
        if isinstance(spec, Argument):
            declared[name] = spec
    origin = getattr((input_type.extensions or {}).get("strawberry-definition"), "origin", None)
    checks = getattr(origin, "__read__", None)
    return declared, checks if isinstance(checks, InputChecks) else None


def list_size(config: ApiConfig, name: str, size: int | None, default: int) -> int:
    """Return how many items a `first`-sized list holds: 0 up to the maximum page size."""
    chosen = default if size is None else size
    maximum = config.max_page_size
    if not 0 <= chosen <= maximum:
        raise bad_input(name, f"`{name}` must be between 0 and {maximum}")
    return chosen


SEARCH_MAX_LENGTH = 500


def search_text(text: str, argument: str) -> str:
    """Return search text with surrounding space trimmed; blank or overlong text is refused."""
    trimmed = text.strip()
    if not trimmed:
        raise bad_input(argument, f"`{argument}` must contain at least one word")
    if len(trimmed) > SEARCH_MAX_LENGTH:
        raise bad_input(argument, f"`{argument}` is longer than {SEARCH_MAX_LENGTH} characters")
    return trimmed


OBJECTIVE_NUMBERS = range(1, 24)


def objective_number(number: int, argument: str) -> int:
    """Return a GCM objective number, checked to be 1 to 23."""
    if number not in OBJECTIVE_NUMBERS:
        raise bad_input(argument, f"`{argument}` must be a GCM objective number from 1 to 23")
    return number


def state_code(iso3: str, argument: str) -> str:
    """Return an ISO 3166-1 alpha-3 code in capitals, or refuse one of another form."""
    code = iso3.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise bad_input(argument, f"`{argument}` must be an ISO 3166-1 alpha-3 code such as PHL")
    return code
