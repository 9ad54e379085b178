"""How a GraphQL type and its fields say where they read: declared once, beside the type.

A type backed by rows says so with `__read__ = table(...)` (or `rows(...)` for rows a select
derives); its plain scalar fields then read the same-named column with no declaration at all.
Any other field carries one declaration in its metadata:

- `computed(...)`: an SQL expression over the row (`unMember`, a count);
- `related(...)`: the rows of the field's type that belong to this row (to-one or to-many, by
  the field's GraphQL type), in an order, optionally narrowed by arguments;
- `same_row()`: an object read from this very row (an ISCM's governance profile);
- `connection(...)`: a Relay connection with its orders and its `filter` input;
- `external(...)`: data from outside PostgreSQL (UN statistics), resolved after the statement.

Arguments of a field and fields of a filter input carry `argument(...)`: how a value is checked
and which condition it adds. Declarations name SQL columns and expressions; db/readsql turns
them into one statement, schema/read_path/planner.py decides which are needed.
"""

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Select, Table, case, exists, null, select

from db.readsql.tree import ColumnLike, Row, SortKey, Source, expression
from resolvers.errors import ErrorCode

READ = "read"  # the metadata key of a field's declaration
Reading = Any  # what a statement is built for (schema/read_path/planner.py's Reading)


@dataclass(frozen=True)
class TableType:
    """A type whose objects are rows of `source`; `key` names the column of its global ID,
    `named(key)` the key a requested one names when it is not always itself (the record a
    merged duplicate was merged into)."""

    source: Source
    key: str | None = None
    named: Callable[[ColumnElement[Any]], ColumnElement[Any]] | None = None


def table(
    model: Any,
    *,
    key: str | None = None,
    visible: Callable[[Row, Reading], ColumnElement[bool]] | None = None,
    named: Callable[[ColumnElement[Any]], ColumnElement[Any]] | None = None,
) -> TableType:
    """Declare a type backed by a table (a model class or a Table), optionally filtered."""
    rows: Table = getattr(model, "__table__", model)
    return TableType(Source(rows.name, lambda _reading, _parent: rows, visible), key, named)


def derived(
    name: str,
    select: Callable[[Reading], Select[Any]],
    *,
    key: str | None = None,
) -> TableType:
    """Declare a type whose rows a select derives (counts, aggregates, joined link rows)."""
    return TableType(Source(name, lambda reading, _parent: select(reading)), key)


def read_through(of: TableType, select: Callable[[Reading], Select[Any]]) -> TableType:
    """`of`'s rows read from a select giving its columns and more (the id of an owner they
    are listed under), under the same visibility rule."""
    return replace(of, source=replace(of.source, rows=lambda reading, _parent: select(reading)))


def per_parent(name: str, select: Callable[[Reading, Row], Select[Any]]) -> TableType:
    """Declare a type whose rows a select derives from the parent row (a matrix's cells)."""
    return TableType(Source(name, select))


def summary(
    name: str, of: TableType, summarize: Callable[[Row, Reading], Select[Any]]
) -> TableType:
    """Declare a type read as one row summarising the related rows of `of` (after the
    relation's conditions and filter have chosen them)."""
    return TableType(
        Source(
            name,
            of.source.rows,
            summarizes=of.source,
            summary=summarize,
        )
    )


@dataclass(frozen=True)
class Computed:
    """A scalar computed from the row: `expression(row, reading)`."""

    expression: Callable[[Row, Reading], ColumnElement[Any]]


@dataclass(frozen=True)
class Argument:
    """How one argument (or filter input field) is read when it is given (not null).

    `check(value, path)` returns the value to bind, or raises ApiError naming `path`;
    `condition(parent, row, bound, reading)` is what it adds to the rows' conditions;
    `reference` looks a name up in the same statement (an unknown name is an error).
    A flag with `instead_of_visible(row, reading)` is given only when true, and then chooses
    the rows the reader may see in place of the type's own rule (an editor's list of removed
    records). `absent(parent, row, reading)` is the condition added when the argument is not
    given (null or left out): the list's default (States, not territories). An argument
    `carried_as` a column is no condition: the field's rows carry its bound value in that
    column, so that what they derive (an analysis's counts, the rows of the objects below
    them) can depend on it.
    """

    check: Callable[[Any, str], Any] | None = None
    condition: Callable[[Row, Row, Any, Reading], ColumnElement[bool]] | None = None
    reference: "Reference | None" = None
    sql_type: Any = None  # the bound value's SQL type, where no comparison tells it
    instead_of_visible: Callable[[Row, Reading], ColumnElement[bool]] | None = None
    absent: Callable[[Row | None, Row, Reading], ColumnElement[bool]] | None = None
    carried_as: str | None = None


@dataclass(frozen=True)
class Reference:
    """Names the statement itself looks up, so that checking them costs no statement.

    `lookup(bound)` is what conditions compare with instead of the name (the row's id), null
    when unknown; `missing(bound)` is null when every name is known, else the first unknown
    one, which `message(missing, path)` describes in the error (of `code`).
    """

    lookup: Callable[[ColumnElement[Any]], ColumnElement[Any]] | None
    missing: Callable[[ColumnElement[Any]], ColumnElement[Any]]
    message: Callable[[Any, str], str]
    code: ErrorCode = ErrorCode.BAD_USER_INPUT


def by_name(
    column: ColumnLike,
    message: Callable[[Any, str], str],
    *,
    returning: ColumnLike | None = None,
    code: ErrorCode = ErrorCode.BAD_USER_INPUT,
) -> Reference:
    """A name that must be a value of `column` (a slug, a code); conditions get `returning`.

    Both are columns of one table, read through an alias of their own, so that no
    enclosing select can correlate with them.
    """
    named = expression(column)

    def lookup(bound: ColumnElement[Any]) -> ColumnElement[Any]:
        table = named.table.alias()
        found = table.c[expression(returning).key]
        return select(found).where(table.c[named.key] == bound).limit(1).scalar_subquery()

    def missing(bound: ColumnElement[Any]) -> ColumnElement[Any]:
        table = named.table.alias()
        known = exists().where(table.c[named.key] == bound)
        return case((known, null()), else_=bound)

    return Reference(lookup if returning is not None else None, missing, message, code)


@dataclass(frozen=True)
class Relation:
    """The rows of the field's type that belong to the parent row.

    `where(parent, row, reading)`; at the root `parent` is None. A list is in `order(row)`;
    `limit` names an argument bounding it (with its default when absent). `rows` reads the
    field's type from other rows than its own (the same cells, of a row or of the totals).
    """

    where: Callable[[Row, Row, Reading], ColumnElement[bool]] | None = None
    order: Callable[[Row], tuple[ColumnElement[Any], ...]] | None = None
    arguments: Mapping[str, Argument] = field(default_factory=dict)
    limit: tuple[str, int] | None = None
    rows: TableType | None = None  # read from these rows instead of the type's own


@dataclass(frozen=True)
class SameRow:
    """An object read from the parent's own row."""


@dataclass(frozen=True)
class Paginated:
    """A Relay connection over the field's node type.

    `sorts` maps each `orderBy.field` value to its SortKey; `default` is the field used
    without `orderBy`, and `descending(field)` the direction used without one. `allowed(principal)`
    raises the ApiError of a reader who may not list these at all (then nothing is read).
    `rows` reads the node type from other rows than its own (see Relation).
    """

    where: Callable[[Row, Row, Reading], ColumnElement[bool]] | None
    sorts: Mapping[str, SortKey]
    default: str
    descending: Callable[[str], bool] = lambda _: False
    allowed: Callable[[Any], None] | None = None
    rows: TableType | None = None


@dataclass(frozen=True)
class External:
    """Data from outside PostgreSQL, resolved for all parents after the statement.

    `parent(row, reading)` is what the resolver needs of each parent (a code, a member list);
    `resolve(context, parent_value, arguments, path)` returns the field's value, `arguments`
    as their declarations checked them (others as the client sent them).
    """

    parent: Callable[[Row, Reading], ColumnElement[Any]]
    resolve: Callable[[Any, Any, dict[str, Any], tuple[str | int, ...]], Awaitable[Any]]
    arguments: Mapping[str, Argument] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookup:
    """A field answered by a planner hook of its own (node, nodes, _entities, search)."""

    name: str


Declaration = Computed | Relation | SameRow | Paginated | External | Lookup


def reads(declaration: Declaration | Argument) -> dict[str, Any]:
    """Return the field metadata that carries a declaration."""
    return {READ: declaration}


def computed(expression: Callable[[Row, Reading], ColumnElement[Any]]) -> dict[str, Any]:
    """Field metadata: a scalar computed from the row."""
    return reads(Computed(expression))


def related(
    where: Callable[[Row, Row, Reading], ColumnElement[bool]] | None = None,
    *,
    order: Callable[[Row], tuple[ColumnElement[Any], ...]] | None = None,
    arguments: Mapping[str, Argument] | None = None,
    limit: tuple[str, int] | None = None,
    rows: TableType | None = None,
) -> dict[str, Any]:
    """Field metadata: the related rows of the field's type (one, or a list in `order`)."""
    return reads(Relation(where, order, arguments or {}, limit, rows))


def same_row() -> dict[str, Any]:
    """Field metadata: an object read from the parent's row."""
    return reads(SameRow())


def external(
    parent: Callable[[Row, Reading], ColumnElement[Any]],
    resolve: Callable[[Any, Any, dict[str, Any], tuple[str | int, ...]], Awaitable[Any]],
    arguments: Mapping[str, Argument] | None = None,
) -> dict[str, Any]:
    """Field metadata: data resolved outside PostgreSQL from what `parent` reads of the row."""
    return reads(External(parent, resolve, arguments or {}))


def argument(
    *,
    check: Callable[[Any, str], Any] | None = None,
    condition: Callable[[Row, Row, Any, Reading], ColumnElement[bool]] | None = None,
    reference: Reference | None = None,
    sql_type: Any = None,
    instead_of_visible: Callable[[Row, Reading], ColumnElement[bool]] | None = None,
    absent: Callable[[Row | None, Row, Reading], ColumnElement[bool]] | None = None,
    carried_as: str | None = None,
) -> dict[str, Any]:
    """Metadata of a filter input field: its check and its condition (see Argument)."""
    return reads(
        Argument(check, condition, reference, sql_type, instead_of_visible, absent, carried_as)
    )


@dataclass(frozen=True)
class InputChecks:
    """Checks across the fields of a filter input: `spans` pairs a start field with its end
    (GraphQL names); a start after its end is a BAD_USER_INPUT."""

    spans: tuple[tuple[str, str], ...] = ()


def declaration_of(metadata: Mapping[str, Any] | None) -> Any:
    """Return the declaration a field's or input field's metadata carries, or None."""
    return (metadata or {}).get(READ)


def carrying(source: Source, columns: Mapping[str, ColumnElement[Any]]) -> Source:
    """`source` with each of `columns` (bound values) added to its rows, or to its summary."""

    def labelled() -> list[ColumnElement[Any]]:
        return [value.label(name) for name, value in columns.items()]

    if source.summary is not None:
        summarize = source.summary
        return replace(
            source,
            summary=lambda rows, reading: summarize(rows, reading).add_columns(*labelled()),
        )
    read_rows = source.rows

    def carried(reading: Reading, parent: Row | None) -> Select[Any]:
        rows = read_rows(reading, parent)
        if isinstance(rows, Table):
            return select(*rows.c, *labelled())
        return rows.add_columns(*labelled())

    return replace(source, rows=carried)


def table_type_of(origin: Any) -> TableType | None:
    """Return the row source a Strawberry type declares, or None for a value type."""
    declared = getattr(origin, "__read__", None)
    return declared if isinstance(declared, TableType) else None


def signature(**arguments: Any) -> Callable[..., Any]:
    """Return a resolver that only declares a field's arguments: `name=Type` (required) or
    `name=(Type, default)`. The read path answers the field; this is never called."""

    def declared_arguments(**_: Any) -> Any:
        raise RuntimeError("this field is answered by the read path, not by a resolver")

    parameters = []
    for name, spec in arguments.items():
        annotation, default = spec if isinstance(spec, tuple) else (spec, inspect.Parameter.empty)
        parameters.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
            )
        )
    declared_arguments.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    declared_arguments.__annotations__ = {p.name: p.annotation for p in parameters}
    return declared_arguments


def field_with(description: str, declaration: Declaration, **arguments: Any) -> Any:
    """Return a Strawberry field with these arguments, answered as `declaration` says."""
    if not arguments:
        return strawberry.field(description=description, metadata=reads(declaration))
    return strawberry.field(
        resolver=signature(**arguments), description=description, metadata=reads(declaration)
    )
