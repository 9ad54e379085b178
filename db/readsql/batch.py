"""Relations read for a whole level of rows at once (a page's rows), instead of once per row.

A correlated subquery repeats the same small plan for every parent row; PostgreSQL cannot
merge them. So a relation below a level is read for all the level's rows in one select when
its condition has the form of a key: one equality of a parent column with an expression
over the row (`row.iscm_id = iscm.id`), or one EXISTS through a link table keyed on the pair
(`EXISTS (SELECT FROM memberships m WHERE m.state_iso3 = row.iso3 AND m.iscm_id = iscm.id)`),
its other conditions not depending on the parent.

- A list or a count is one grouped select over the related rows of the level's keys, left-
  joined to the level by key. The keys are an array computed once (`= ANY(ARRAY(...))`), a
  condition PostgreSQL pushes into derived rows (grouped counts, unions) down to their
  tables' indexes. The related rows are a level in turn: their own relations batch too.
- A to-one relation on a unique column of a table is that table left-joined to the level:
  PostgreSQL looks rows up one by one for a small level, hashes them for a large one.

Anything else (a link that would need deduplicating, rows derived from the parent) stays a
correlated subquery.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    Alias,
    ColumnElement,
    Exists,
    Select,
    Table,
    UniqueConstraint,
    and_,
    any_,
    func,
    select,
)
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import (
    BinaryExpression,
    BooleanClauseList,
    ColumnClause,
    Grouping,
    True_,
)

from db.readsql.tree import Row

KEY = "_key"
VALUE = "_value"
REF = "_ref"


@dataclass(frozen=True)
class Link:
    """Rows of a link (`froms`, kept by `rest`) joining a row to a parent:
    `row_ref = row_side` (an expression over the row) and `key = parent column`."""

    froms: tuple[Any, ...]
    row_ref: ColumnElement[Any]
    row_side: ColumnElement[Any]
    key: ColumnElement[Any]
    rest: tuple[ColumnElement[bool], ...]

    def pairs(self, keys: ColumnElement[Any]) -> Any:
        """(row reference, key) of the links of `keys`: each pair once, as the link is one
        table keyed on the pair (`one_per_pair`)."""
        return (
            select(self.row_ref.label(REF), self.key.label(KEY))
            .select_from(*self.froms)
            .where(self.key == any_(keys), *self.rest)
            .subquery()
        )

    def one_per_pair(self) -> bool:
        """Whether the link is one table whose primary key is the pair (row reference, key):
        joining it then reads each related row once per parent, as EXISTS does. (Deduplicating
        other links would hide their size from PostgreSQL's estimates, which then looks the
        rows up one by one: those stay correlated.)"""
        if len(self.froms) != 1 or not isinstance(self.froms[0], Alias):
            return False
        link = self.froms[0]
        columns = (self.row_ref, self.key)
        if not isinstance(link.element, Table) or not all(
            isinstance(column, ColumnClause) and column.table is link for column in columns
        ):
            return False
        primary = {column.name for column in link.element.primary_key.columns}
        return primary == {column.name for column in columns if isinstance(column, ColumnClause)}


@dataclass(frozen=True)
class Keyed:
    """A relation's conditions split on its key, and the rest: `row_key = parent_key`, or a
    link (an EXISTS over link rows) from the row to `parent_key`."""

    row_key: ColumnElement[Any] | None
    parent_key: ColumnElement[Any]
    rest: tuple[ColumnElement[bool], ...]
    link: Link | None = None


@dataclass
class Level:
    """The rows of one level, as a CTE, and the grouped selects joined to them by key."""

    rows: Any
    joins: list[tuple[Any, ColumnElement[bool]]] = field(default_factory=list)
    # False: relations keyed on a column of the rows are read row by row (links still batch)
    batched: bool = True

    def keys(self, parent_key: ColumnElement[Any]) -> ColumnElement[Any]:
        """The level's values of `parent_key` (a column of its rows), as one array."""
        rows = self.rows.alias()
        return func.array(select(rows.corresponding_column(parent_key)).scalar_subquery())

    def related(self, keyed: Keyed, row: Row) -> Any:
        """The related rows of every key of the level, each with its key (`_key`), as a CTE:
        a level of its own, whose relations are read at once in turn."""
        keys = self.keys(keyed.parent_key)
        if keyed.link is not None:
            pairs = keyed.link.pairs(keys)
            chosen = (
                select(*row.c, pairs.c[KEY])
                .select_from(row.join(pairs, pairs.c[REF] == keyed.link.row_side))
                .where(*keyed.rest)
            )
        else:
            assert keyed.row_key is not None
            chosen = select(*row.c, keyed.row_key.label(KEY)).where(
                keyed.row_key == any_(keys), *keyed.rest
            )
        return chosen.cte(nesting=True)

    def join(self, keyed: Keyed, related: "Level", value: ColumnElement[Any]) -> ColumnElement[Any]:
        """Join to the level `value`, an aggregate over its `related` rows (a level made by
        `related()`), per key; return its value for the current row (null: no rows)."""
        key = related.rows.c[KEY]
        grouped = (
            select(key.label(KEY), value.label(VALUE))
            .select_from(related.joined())
            .group_by(key)
            .add_cte(related.rows, nest_here=True)
            .subquery()
        )
        self.joins.append((grouped, grouped.c[KEY] == keyed.parent_key))
        return grouped.c[VALUE]

    def join_one(self, keyed: Keyed, row: Row) -> ColumnElement[bool]:
        """Join to the level the row a to-one relation reads (`row`, keyed on a unique column
        of its table); return whether there is one."""
        assert keyed.row_key is not None, "a joined to-one relation is keyed on a column"
        on: ColumnElement[bool] = keyed.row_key == keyed.parent_key
        self.joins.append((row, and_(on, *keyed.rest)))
        return keyed.row_key.is_not(None)

    def joined(self) -> Any:
        """The level's rows with every grouped select joined (left: a row may have none)."""
        joined = self.rows
        for grouped, on in self.joins:
            joined = joined.outerjoin(grouped, on)
        return joined


def keyed(row: Row, conditions: list[ColumnElement[bool]], parent: Row) -> Keyed | None:
    """Split a relation's conditions on its key, or None when they are not of that form: the
    rows (`row`, a derived select may read the parent) or a condition depend on the parent
    other than by one equality of a parent column, or one link to it."""
    if refers_to(row, parent):
        return None
    found: Keyed | None = None
    rest = []
    for condition in conjuncts(conditions):
        if not refers_to(condition, parent):
            rest.append(condition)
            continue
        key = key_of(condition, parent)
        link = link_of(condition, row, parent) if key is None else None
        if found is not None or (key is None and link is None):
            return None
        if key is not None:
            found = Keyed(key[0], key[1], ())
        elif link is not None:
            found = Keyed(None, link[1], (), link[0])
    if found is None:
        return None
    return replace(found, rest=tuple(rest))


def link_of(condition: Any, row: Row, parent: Row) -> tuple[Link, ColumnElement[Any]] | None:
    """The link and the parent column of `EXISTS (SELECT ... FROM link WHERE link.x = row.y
    AND link.z = parent.column AND ...)`, its other conditions on the link alone; None for
    any other condition."""
    inner = exists_select(condition)
    if inner is None:
        return None
    froms = tuple(f for f in inner.get_final_froms() if f is not row and f is not parent)
    if not froms or any(refers_to(f, row) or refers_to(f, parent) for f in froms):
        return None
    to_row: tuple[ColumnElement[Any], ColumnElement[Any]] | None = None
    to_parent: tuple[ColumnElement[Any], ColumnElement[Any]] | None = None
    rest = []
    for term in conjuncts([inner.whereclause]):
        reads_row, reads_parent = refers_to(term, row), refers_to(term, parent)
        if reads_row and not reads_parent and to_row is None:
            to_row = equated(term, row)
        elif reads_parent and not reads_row and to_parent is None:
            to_parent = key_of(term, parent)
        elif reads_row or reads_parent:
            return None
        else:
            rest.append(term)
        if (reads_row and to_row is None) or (reads_parent and to_parent is None):
            return None
    if to_row is None or to_parent is None:
        return None
    link = Link(froms, to_row[0], to_row[1], to_parent[0], tuple(rest))
    return (link, to_parent[1]) if link.one_per_pair() else None


def exists_select(condition: Any) -> Select[Any] | None:
    """The select of `EXISTS (select)`, when it only filters rows (no grouping, limit or
    DISTINCT); None for any other condition."""
    if not isinstance(condition, Exists):
        return None
    inner: Any = condition.element
    while not isinstance(inner, Select):
        inner = getattr(inner, "element", None)
        if inner is None:
            return None
    plain = (
        inner._limit_clause is None
        and inner._offset_clause is None
        and not inner._group_by_clauses
        and not inner._having_criteria
        and not inner._distinct
        and inner.whereclause is not None
    )
    return inner if plain else None


def equated(
    condition: ColumnElement[bool], row: Row
) -> tuple[ColumnElement[Any], ColumnElement[Any]] | None:
    """(other side, row side) of an equality of an expression over `row` alone with one that
    does not read it; None for any other condition."""
    if not isinstance(condition, BinaryExpression) or condition.operator is not operators.eq:
        return None
    for row_side, other in ((condition.right, condition.left), (condition.left, condition.right)):
        if refers_to(row_side, row) and not refers_to(other, row):
            return other, row_side
    return None


def unique_key(row: Row, key: ColumnElement[Any]) -> bool:
    """Whether `key` is a column of `row`, an alias of a table, that no two of its rows share
    (its one-column primary key, or a unique one): at most one row matches a parent."""
    if not isinstance(row, Alias) or not isinstance(row.element, Table):
        return False
    if not isinstance(key, ColumnClause) or key.table is not row:
        return False
    table, name = row.element, key.name
    keys = [list(table.primary_key.columns)]
    keys += [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    keys += [list(index.columns) for index in table.indexes if index.unique]
    return any([column.name for column in columns] == [name] for columns in keys) or bool(
        table.c[name].unique
    )


def conjuncts(conditions: list[Any]) -> Iterator[ColumnElement[bool]]:
    """The terms of the conditions' conjunction, nested ANDs flattened, `true` left out."""
    for given in conditions:
        condition: Any = given
        while isinstance(condition, Grouping):
            condition = condition.element
        if isinstance(condition, BooleanClauseList) and condition.operator is operators.and_:
            yield from conjuncts(list(condition.clauses))
        elif not isinstance(condition, True_):
            yield condition


def key_of(
    condition: ColumnElement[bool], parent: Row
) -> tuple[ColumnElement[Any], ColumnElement[Any]] | None:
    """(row side, parent column) of an equality of a parent column with an expression that
    does not read the parent; None for any other condition."""
    if not isinstance(condition, BinaryExpression) or condition.operator is not operators.eq:
        return None
    for parent_side, row_side in (
        (condition.right, condition.left),
        (condition.left, condition.right),
    ):
        if (
            isinstance(parent_side, ColumnClause)
            and parent_side.table is parent
            and not refers_to(row_side, parent)
        ):
            return row_side, parent_side
    return None


def refers_to(element: Any, parent: Row) -> bool:
    """Whether `element` reads a column of `parent`, at any depth (subqueries included)."""
    return any(
        isinstance(found, ColumnClause) and found.table is parent
        for found in visitors.iterate(element)
    )
