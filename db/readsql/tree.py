"""What one statement reads, as a tree: which rows, in which order, built into which JSON.

The tree knows tables, rows and JSON, not GraphQL: schema/read/ builds it from an operation
and db/readsql/compiler.py turns it into one SQL statement. Callables receive row aliases
(`parent`, `row`): SQL expressions over whatever alias the compiler gives each level.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, Table
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.util import ClauseAdapter

Row = Any  # a FROM item (table alias or subquery) whose `.c` holds one level's columns
Condition = Callable[[Row | None, Row], ColumnElement[bool]]
ColumnLike = ColumnElement[Any] | QueryableAttribute[Any]  # an expression or a mapped attribute


@dataclass(frozen=True)
class Source:
    """Where rows of one kind come from: a table, or a select deriving them.

    `rows(reading, parent)` returns the table or select (a select may read the parent row);
    `visible(row, reading)` keeps the rows the reader may see (None: all). `reading` is what
    the statement is built for (who reads); the tree passes it through without looking into it.

    A summary source is one row summarising the related rows of another source
    (`summarizes`): `summary(rows, reading)` selects it from those rows, filtered.
    """

    name: str
    rows: Callable[[Any, Row | None], Table | Select[Any]]
    visible: Callable[[Row, Any], ColumnElement[bool]] | None = None
    summarizes: "Source | None" = None
    summary: Callable[[Row, Any], Select[Any]] | None = None

    def alias(self, reading: Any, parent: Row | None = None) -> Row:
        """Return a fresh alias of the rows, so every level of a statement has its own."""
        rows = self.rows(reading, parent)
        if isinstance(rows, Table):
            return rows.alias()
        rows = rows.correlate(parent) if parent is not None else rows.correlate(None)
        return rows.subquery()


@dataclass(frozen=True)
class Related:
    """The rows of `source` that belong to the parent row (`where(parent, row)`; None: all)."""

    source: Source
    where: Condition | None = None


@dataclass(frozen=True)
class SortKey:
    """An order over a table's columns, ending with a unique one so the order is total.

    `name` goes into cursors (a public format): e.g. `NAME` or `ADOPTED_ON_DESC`.
    """

    name: str
    columns: tuple[ColumnLike, ...]
    descending: bool = False
    # When the first column is `coalesce(nullable, constant)`: the nullable column, so that
    # pages are read as two index-ordered halves (with a value, without one).
    nullable: ColumnLike | None = None

    def over(self, row: Row) -> tuple[ColumnElement[Any], ...]:
        """Return the key's expressions over an alias of its table."""
        adapter = ClauseAdapter(row)
        return tuple(adapter.traverse(expression(column)) for column in self.columns)

    def nullable_over(self, row: Row) -> ColumnElement[Any] | None:
        """Return the nullable first column over an alias of its table, if there is one."""
        if self.nullable is None:
            return None
        return ClauseAdapter(row).traverse(expression(self.nullable))


def expression(column: Any) -> ColumnElement[Any]:
    """The SQL expression of a column or of a model's mapped attribute."""
    clause = getattr(column, "__clause_element__", None)
    return clause() if clause is not None else column


class Json:
    """A node that becomes one JSON value."""


@dataclass(frozen=True)
class Value(Json):
    """A value computed from the current row: a column, an expression, an id."""

    expression: Callable[[Row], ColumnElement[Any]]


@dataclass(frozen=True)
class Literal(Json):
    """A constant: a type name (`__typename`), or null."""

    value: str | bool | None


@dataclass(frozen=True)
class Object(Json):
    """A JSON object over the current row, its keys in order."""

    fields: tuple[tuple[str, Json], ...]


@dataclass(frozen=True)
class One(Json):
    """The first related row as `value`, or null when there is none."""

    related: Related
    value: Json


@dataclass(frozen=True)
class Many(Json):
    """The related rows as a JSON array in `order`, at most `limit` of them."""

    related: Related
    value: Json
    order: Callable[[Row], Sequence[ColumnElement[Any]]]
    limit: ColumnElement[int] | None = None


@dataclass(frozen=True)
class Window:
    """Which page of a list: `size` rows after/before the given keys, forwards or backwards."""

    size: ColumnElement[int]
    backward: bool = False
    after: tuple[ColumnElement[Any], ...] | None = None
    before: tuple[ColumnElement[Any], ...] | None = None
    # Whether the relations keyed on a column of the page's rows are read for all its rows at
    # once (db/readsql/batch.py): not for a page of a few rows, see PageArguments.batched.
    batched: bool = True


class PageInfoField:
    """The fields of a Relay PageInfo, by GraphQL name."""

    HAS_NEXT = "hasNextPage"
    HAS_PREVIOUS = "hasPreviousPage"
    START = "startCursor"
    END = "endCursor"


@dataclass(frozen=True)
class TotalCount(Json):
    """How many related rows there are, the window aside."""


@dataclass(frozen=True)
class PageInfo(Json):
    """The page's position: (key, a PageInfoField or a Literal) pairs."""

    fields: tuple[tuple[str, str | Literal], ...]


@dataclass(frozen=True)
class Cursor(Json):
    """The cursor of an edge's row."""


@dataclass(frozen=True)
class Edges(Json):
    """The page's rows, each as an object of (key, Cursor, a node Json or a Literal) pairs."""

    fields: tuple[tuple[str, Json], ...]


@dataclass(frozen=True)
class Page(Json):
    """A Relay connection over related rows: its fields are TotalCount, PageInfo, Edges or
    Literal. `window` is None only when no field needs the page's rows."""

    related: Related
    sort: SortKey
    fields: tuple[tuple[str, Json], ...]
    window: Window | None = None


@dataclass(frozen=True)
class Branch:
    """How a row of one kind is read in a Choice: `tag`'s rows of `source` matching the hit."""

    tag: str
    source: Source
    match: Callable[[Row, Row], ColumnElement[bool]]  # (hit, row)
    value: Json


@dataclass(frozen=True)
class Choice(Json):
    """Rows of several kinds (search hits, looked-up ids), each read by its kind's branch.

    `hits(parent)` returns a select with columns `tag`, `key` and `position`; a hit whose tag
    has no branch, or whose row is not found, is null.
    """

    hits: Callable[[Row | None], Select[Any]]
    branches: tuple[Branch, ...]
    many: bool = True


@dataclass(frozen=True)
class Guarded(Json):
    """`value`, unless a guard's expression is not null: then that guard's own JSON of it.

    Guards are uncorrelated (PostgreSQL evaluates each once): they tell, for instance, that
    a name an argument looks up does not exist.
    """

    value: Json
    guards: tuple[
        tuple[ColumnElement[Any], Callable[[ColumnElement[Any]], ColumnElement[Any]]], ...
    ]


@dataclass(frozen=True)
class Statement:
    """A whole read: the `data` object, and the checks evaluated next to it (one column each)."""

    data: Object
    checks: tuple[ColumnElement[Any], ...] = field(default_factory=tuple)


JsonPairs = Sequence[tuple[str, ColumnElement[Any]]]
FromItem = FromClause
