"""Turn a read tree (db/readsql/tree.py) into one SQL statement that builds the whole JSON answer.

A relation is a correlated subquery of its parent row, so PostgreSQL reads each list with the
parent's key (an index lookup) and nests the JSON as it goes; below a page, a relation joined
on a key is read for the page's rows at once instead (db/readsql/batch.py). Pages are keyset
windows read one row past their size, which tells whether more rows follow.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Text,
    and_,
    case,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.exc import CompileError

from db.readsql import json
from db.readsql.batch import Keyed, Level, keyed, unique_key
from db.readsql.tree import (
    Choice,
    Cursor,
    Edges,
    Guarded,
    Json,
    Literal,
    Many,
    Object,
    One,
    Page,
    PageInfo,
    PageInfoField,
    Related,
    Row,
    SortKey,
    Statement,
    TotalCount,
    Value,
    Window,
)

DIALECT = PGDialect_asyncpg()
ROW_NUMBER = "_n"


def beyond(
    keys: Sequence[ColumnElement[Any]],
    values: Sequence[ColumnElement[Any]],
    *,
    descending: bool,
    forward: bool,
) -> ColumnElement[bool]:
    """Rows strictly after (forward) or before the row at `values` in the order of `keys`.

    Written as an OR of prefixes rather than a row comparison, so each prefix can use a
    composite index whatever the direction.
    """
    ascending = forward != descending
    clauses = []
    for position, key in enumerate(keys):
        equal_prefix = [k == v for k, v in zip(keys[:position], values, strict=False)]
        step = key > values[position] if ascending else key < values[position]
        clauses.append(and_(*equal_prefix, step))
    return or_(*clauses)


@dataclass(frozen=True)
class Rendered:
    """A statement's SQL text and, by position, the names of its parameters."""

    sql: str
    parameters: tuple[str, ...]
    constants: dict[str, Any]


class Compiler:
    """Builds the SQL of one statement for one `reading` (who reads, passed to sources)."""

    def __init__(self, reading: Any) -> None:
        self.reading = reading
        # The levels whose relations are read for all their rows at once, by their rows.
        self.levels: dict[int, Level] = {}

    def correlated(self, query: Any, parent: Row | None) -> Any:
        """`query` correlated to the parent row only, and to what the parent's level joined to
        it (a value read for the whole level may stand in it), never by accident."""
        level = self.levels.get(id(parent))
        if level is None:
            return correlated(query, parent)
        return query.correlate(parent, *(grouped for grouped, _ in level.joins))

    def statement(self, statement: Statement) -> Any:
        """Return the select: the data as JSON text, then one column per check."""
        data = self.json(statement.data, None)
        return select(data.cast(Text).label("data"), *statement.checks)

    def json(self, node: Json, row: Row | None) -> ColumnElement[Any]:
        """Return the SQL of one JSON value over `row` (None at the top)."""
        build = getattr(self, f"_{type(node).__name__.lower()}", None)
        if build is None:
            raise TypeError(f"not a JSON node: {node!r}")
        return build(node, row)

    def _value(self, node: Value, row: Row | None) -> ColumnElement[Any]:
        return node.expression(row)

    def _literal(self, node: Literal, _: Row | None) -> ColumnElement[Any]:
        return literal(node.value)

    def _object(self, node: Object, row: Row | None) -> ColumnElement[Any]:
        return json.json_object([(key, self.json(value, row)) for key, value in node.fields])

    def _guarded(self, node: Guarded, row: Row | None) -> ColumnElement[Any]:
        value = self.json(node.value, row)
        whens = [(guard.is_not(None), otherwise(guard)) for guard, otherwise in node.guards]
        return case(*whens, else_=value)

    def _one(self, node: One, row: Row | None) -> ColumnElement[Any]:
        return self.one(node, row)

    def _many(self, node: Many, row: Row | None) -> ColumnElement[Any]:
        return self.many(node, row)

    def _page(self, node: Page, row: Row | None) -> ColumnElement[Any]:
        return self.page(node, row)

    def _choice(self, node: Choice, row: Row | None) -> ColumnElement[Any]:
        return self.choice(node, row)

    def _rows(self, related: Related, parent: Row | None) -> tuple[Row, list[ColumnElement[bool]]]:
        """Return a fresh alias of the related rows and the conditions that select them."""
        source = related.source
        if source.summarizes is not None:
            assert source.summary is not None
            base = source.summarizes.alias(self.reading, parent)
            chosen = select(*base.c).where(
                *self._conditions(related, source.summarizes, parent, base)
            )
            summarized = source.summary(self.correlated(chosen, parent).subquery(), self.reading)
            return self.correlated(summarized, parent).subquery(), []
        row = source.alias(self.reading, parent)
        return row, self._conditions(related, source, parent, row)

    def _conditions(
        self, related: Related, source: Any, parent: Row | None, row: Row
    ) -> list[ColumnElement[bool]]:
        """The relation's own condition and the source's visibility rule, over `row`."""
        conditions = []
        if related.where is not None:
            conditions.append(related.where(parent, row))
        if source.visible is not None:
            conditions.append(source.visible(row, self.reading))
        return conditions

    def one(self, node: One, parent: Row | None) -> ColumnElement[Any]:
        """The first related row's JSON, or null."""
        joined = self._joined_one(node, parent)
        if joined is not None:
            return joined
        row, conditions = self._rows(node.related, parent)
        query = select(self.json(node.value, row)).select_from(row).where(*conditions).limit(1)
        return self.correlated(query, parent).scalar_subquery()

    def _joined_one(self, node: One, parent: Row | None) -> ColumnElement[Any] | None:
        """The related row's JSON, its table joined to the parent's level on a unique key
        (db/readsql/batch.py); None when the parent is not a level's row or the relation is
        not of that form."""
        keyed_rows = self._keyed(node.related, parent)
        if keyed_rows is None:
            return None
        level, split, row = keyed_rows
        if split.row_key is None or not unique_key(row, split.row_key):
            return None
        found = level.join_one(split, row)
        return case((found, self.json(node.value, row)), else_=null())

    def _batched(
        self, related: Related, parent: Row | None, value: Callable[[Row], ColumnElement[Any]]
    ) -> ColumnElement[Any] | None:
        """`value(rows)`, an aggregate over the related rows, read for every row of the
        parent's level at once (db/readsql/batch.py); None when the parent is not a level's
        row or the relation is not joined on a key."""
        keyed_rows = self._keyed(related, parent)
        if keyed_rows is None:
            return None
        level, split, row = keyed_rows
        rows = self.level(level.related(split, row))
        return level.join(split, rows, value(rows.rows))

    def _keyed(self, related: Related, parent: Row | None) -> tuple[Level, Keyed, Row] | None:
        """The parent's level, the relation's conditions split on its key, and its rows; None
        when the parent is not a level's row or the relation is not joined on a key."""
        level = self.levels.get(id(parent))
        if level is None or related.source.summarizes is not None:
            return None
        row, conditions = self._rows(related, parent)
        split = keyed(row, conditions, parent)
        if split is None or (split.link is None and not level.batched):
            return None
        return level, split, row

    def level(self, rows: Any, *, batched: bool = True) -> Level:
        """Make `rows` (a CTE) a level: the relations of its rows are read for all at once
        (unless not `batched`: then only those through a link table)."""
        made = Level(rows, batched=batched)
        self.levels[id(rows)] = made
        return made

    def many(self, node: Many, parent: Row | None) -> ColumnElement[Any]:
        """The related rows' JSON as an array, in order (at most `limit`)."""

        def listed(row: Row) -> ColumnElement[Any]:
            return func.json_agg(aggregate_order_by(self.json(node.value, row), *node.order(row)))

        if node.limit is None:
            batched = self._batched(node.related, parent, listed)
            if batched is not None:
                return json.json_array_or_empty(batched)
        row, conditions = self._rows(node.related, parent)
        if node.limit is None:
            query = (
                select(json.json_array_or_empty(listed(row))).select_from(row).where(*conditions)
            )
            return self.correlated(query, parent).scalar_subquery()
        ordering = list(node.order(row))
        position = func.row_number().over(order_by=ordering).label(ROW_NUMBER)
        window = self.correlated(
            select(*row.c, position).where(*conditions).order_by(*ordering).limit(node.limit),
            parent,
        ).subquery()
        numbered = func.json_agg(
            aggregate_order_by(self.json(node.value, window), window.c[ROW_NUMBER])
        )
        query = select(json.json_array_or_empty(numbered)).select_from(window)
        return self.correlated(query, parent).scalar_subquery()

    def page(self, node: Page, parent: Row | None) -> ColumnElement[Any]:
        """A Relay connection: totalCount, pageInfo and edges, in the order asked."""
        values: list[tuple[str, ColumnElement[Any]]] = []
        window_parts = [part for _, part in node.fields if isinstance(part, (PageInfo, Edges))]
        page_rows = self._window(node, parent) if window_parts else None
        level = (
            self.level(page_rows.rows, batched=page_rows.window.batched)
            if page_rows is not None
            else None
        )
        for key, part in node.fields:
            if isinstance(part, TotalCount):
                values.append((key, self.total(node.related, parent)))
            elif isinstance(part, Literal):
                values.append((key, literal(part.value)))
            elif isinstance(part, PageInfo):
                assert page_rows is not None
                values.append((key, page_rows.page_info(part)))
            elif isinstance(part, Edges):
                assert page_rows is not None
                values.append((key, page_rows.edges(part, self)))
            else:
                raise TypeError(f"not a connection field: {part!r}")
        connection = json.json_object(values)
        if page_rows is None or level is None:
            return connection
        # One group over the page's rows, even when the selection aggregates none of them
        # (`pageInfo { hasPreviousPage }` of a forward page), and even when there are none.
        query = select(connection).select_from(level.joined()).group_by(text("()"))
        query = self.correlated(query, parent).add_cte(page_rows.rows, nest_here=True)
        return query.scalar_subquery()

    def total(self, related: Related, parent: Row | None) -> ColumnElement[int]:
        """How many related rows there are."""
        batched = self._batched(related, parent, lambda _: func.count())
        if batched is not None:
            return func.coalesce(batched, literal_column("0"))
        row, conditions = self._rows(related, parent)
        query = select(func.count()).select_from(row).where(*conditions)
        return self.correlated(query, parent).scalar_subquery()

    def _window(self, node: Page, parent: Row | None) -> "PageRows":
        """Read the page's rows, one past its size, numbered in the order they are shown."""
        window = node.window
        assert window is not None, "a page whose rows are asked for has a window"
        row, conditions = self._rows(node.related, parent)
        keys = node.sort.over(row)
        if window.after is not None:
            conditions.append(
                beyond(keys, window.after, descending=node.sort.descending, forward=True)
            )
        if window.before is not None:
            conditions.append(
                beyond(keys, window.before, descending=node.sort.descending, forward=False)
            )
        ascending = window.backward == node.sort.descending

        def directed(key: ColumnElement[Any]) -> ColumnElement[Any]:
            return key.asc() if ascending else key.desc()

        labels = [key.label(f"_k{index}") for index, key in enumerate(keys)]
        limit = window.size + 1
        nullable = node.sort.nullable_over(row)
        if nullable is None:
            ordering = [directed(key) for key in keys]
            position = func.row_number().over(order_by=ordering).label(ROW_NUMBER)
            query = select(*row.c, *labels, position).where(*conditions).order_by(*ordering)
            return PageRows(
                self.correlated(query.limit(limit), parent).cte(nesting=True),
                node.sort,
                window,
                len(keys),
            )
        # The first key is a nullable column with its nulls counted as one value: read the
        # rows holding a value and those holding none apart, each in the order of an index
        # on (parent, column, id), and keep the first of both.
        halves = union_all(
            self.correlated(
                select(*row.c, *labels)
                .where(*conditions, nullable.is_not(None))
                .order_by(directed(nullable), *(directed(key) for key in keys[1:]))
                .limit(limit),
                parent,
            ),
            self.correlated(
                select(*row.c, *labels)
                .where(*conditions, nullable.is_(None))
                .order_by(*(directed(key) for key in keys[1:]))
                .limit(limit),
                parent,
            ),
        ).subquery()
        ordering = [directed(halves.c[label.name]) for label in labels]
        position = func.row_number().over(order_by=ordering).label(ROW_NUMBER)
        query = select(*halves.c, position).order_by(*ordering).limit(limit)
        return PageRows(
            self.correlated(query, parent).cte(nesting=True), node.sort, window, len(keys)
        )

    def choice(self, node: Choice, parent: Row | None) -> ColumnElement[Any]:
        """Each hit read by its kind's branch, in hit order (or the first hit, or null)."""
        hits = self.correlated(node.hits(parent), parent).subquery()
        whens = []
        for branch in node.branches:
            row, conditions = self._rows(Related(branch.source), None)
            query = (
                select(self.json(branch.value, row))
                .select_from(row)
                .where(branch.match(hits, row), *conditions)
                .limit(1)
            )
            whens.append(
                (hits.c.tag == literal(branch.tag), self.correlated(query, hits).scalar_subquery())
            )
        value = case(*whens, else_=null()) if whens else null()
        if node.many:
            listed = func.json_agg(aggregate_order_by(value, hits.c.position))
            query = select(json.json_array_or_empty(listed)).select_from(hits)
        else:
            query = select(value).select_from(hits).order_by(hits.c.position).limit(1)
        return self.correlated(query, parent).scalar_subquery()


@dataclass(frozen=True)
class PageRows:
    """The rows of one page (a subquery numbered by `_n` in the order shown), and its fields."""

    rows: Any
    sort: SortKey
    window: Window
    key_count: int

    def shown(self) -> ColumnElement[bool]:
        """Whether a row is on the page (the one read past its end is not)."""
        return self.rows.c[ROW_NUMBER] <= self.window.size

    def cursor(self) -> ColumnElement[str]:
        """The cursor of a row, from its sort key."""
        keys = [self.rows.c[f"_k{index}"] for index in range(self.key_count)]
        return json.cursor(self.sort.name, keys)

    def shown_order(self, *, reverse: bool = False) -> ColumnElement[Any]:
        """The order rows are shown in: reading order, reversed when paging backwards."""
        position = self.rows.c[ROW_NUMBER]
        return position.desc() if self.window.backward != reverse else position.asc()

    def edges(self, edges: Edges, compiler: Compiler) -> ColumnElement[Any]:
        """The page's edges as a JSON array."""
        values = []
        for key, part in edges.fields:
            if isinstance(part, Cursor):
                values.append((key, self.cursor()))
            else:
                values.append((key, compiler.json(part, self.rows)))
        listed = func.json_agg(aggregate_order_by(json.json_object(values), self.shown_order()))
        return json.json_array_or_empty(listed.filter(self.shown()))

    def page_info(self, info: PageInfo) -> ColumnElement[Any]:
        """The page's PageInfo: whether rows lie beyond it, and its first and last cursors."""
        more = func.count() > self.window.size
        values = []
        for key, part in info.fields:
            if isinstance(part, Literal):
                values.append((key, literal(part.value)))
            elif part == PageInfoField.HAS_NEXT:
                values.append((key, more if not self.window.backward else flag(self.window.before)))
            elif part == PageInfoField.HAS_PREVIOUS:
                values.append((key, more if self.window.backward else flag(self.window.after)))
            elif part in (PageInfoField.START, PageInfoField.END):
                ordered = aggregate_order_by(
                    self.cursor(), self.shown_order(reverse=part == PageInfoField.END)
                )
                cursors = func.array_agg(ordered, type_=ARRAY(Text)).filter(self.shown())
                values.append((key, cursors[1]))
            else:
                raise ValueError(f"not a PageInfo field: {part!r}")
        return json.json_object(values)


def flag(keys: tuple[ColumnElement[Any], ...] | None) -> ColumnElement[bool]:
    """Whether a cursor was given (known when the statement is built)."""
    return true() if keys is not None else false()


def literal(value: str | bool | None) -> ColumnElement[Any]:
    """A constant of the answer: a GraphQL name, a boolean or null."""
    if value is None:
        return null()
    if isinstance(value, bool):
        return true() if value else false()
    return json.text_literal(value)


def correlated(query: Any, parent: Row | None) -> Any:
    """Correlate `query` to the parent row only (or to nothing at the top), never by accident."""
    return query.correlate(parent) if parent is not None else query.correlate(None)


class ConstantsInline(DIALECT.statement_compiler):  # type: ignore[name-defined]
    """Writes the statement's constants (binds the planner did not make: a status, a role, a
    limit of one) into its text as literals, and leaves the request's values ($1, $2...).

    The service runs each statement prepared and, after five runs, by PostgreSQL's generic
    plan, which knows no parameter's value: a constant written as a literal keeps its
    statistics (how many rows are PUBLISHED), and with them the plan's joins. Only values
    whose literal is plain are written in (booleans, integers, text without a backslash)."""

    def visit_bindparam(self, bindparam: Any, **kw: Any) -> str:
        if not bindparam.key.startswith(PARAMETER_PREFIX) and plain(bindparam.effective_value):
            try:
                return str(super().visit_bindparam(bindparam, **{**kw, "literal_binds": True}))
            except CompileError:  # a type with no literal form (a text search configuration)
                pass
        return str(super().visit_bindparam(bindparam, **kw))


def plain(value: Any) -> bool:
    """Whether a constant's SQL literal is the same text whatever the session's settings."""
    if isinstance(value, bool | int):
        return True
    return isinstance(value, str) and "\\" not in value


def render(statement: Any) -> Rendered:
    """Return the SQL text of `statement` for asyncpg ($1, $2... with their types cast), its
    constants written in (ConstantsInline)."""
    compiled = ConstantsInline(DIALECT, statement)
    names = tuple(compiled.positiontup or ())
    if compiled.post_compile_params:
        raise TypeError("an `IN` list compiles per execution: compare with `= any(array)` instead")
    constants = {
        name: compiled.binds[name].effective_value
        for name in names
        if not compiled.binds[name].key.startswith(PARAMETER_PREFIX)
    }
    return Rendered(str(compiled), names, constants)


# Parameters the planner binds per request are named with this prefix; others are constants.
PARAMETER_PREFIX = "arg_"
