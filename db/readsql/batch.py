"""Relations read for a whole level of rows at once (a page's rows), instead of once per row.

A relation whose condition joins a row column to a parent column (`row.iscm_id = iscm.id`),
its other conditions not depending on the parent, is read for every parent of the level in
one grouped select, kept to the level's keys and joined to the level by key; the related
rows are a level in turn, so that their own relations are read at once too. A to-one
relation on a unique column of a table is joined to the level itself, so PostgreSQL chooses
between a lookup per row and one hash join. PostgreSQL then
reads the related rows in one pass (hash joins, or index scans over the keys, as it costs
them) where a correlated subquery repeated the same small plan for every parent row. The
keys are an array computed once (`= ANY(ARRAY(...))`), a condition PostgreSQL pushes into
derived rows (grouped counts, unions) down to their tables' indexes.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Alias, ColumnElement, Table, UniqueConstraint, and_, any_, func, select
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


@dataclass(frozen=True)
class Keyed:
    """A relation's conditions split on its key: `row_key = parent_key`, and the rest."""

    row_key: ColumnElement[Any]
    parent_key: ColumnElement[Any]
    rest: tuple[ColumnElement[bool], ...]


@dataclass
class Level:
    """The rows of one level, as a CTE, and the grouped selects joined to them by key."""

    rows: Any
    joins: list[tuple[Any, ColumnElement[bool]]] = field(default_factory=list)

    def keys(self, parent_key: ColumnElement[Any]) -> ColumnElement[Any]:
        """The level's values of `parent_key` (a column of its rows), as one array."""
        rows = self.rows.alias()
        return func.array(select(rows.corresponding_column(parent_key)).scalar_subquery())

    def related(self, keyed: Keyed, row: Row) -> Any:
        """The related rows of every key of the level, each with its key (`_key`), as a CTE:
        a level of its own, whose relations are read at once in turn."""
        chosen = select(*row.c, keyed.row_key.label(KEY)).where(
            keyed.row_key == any_(self.keys(keyed.parent_key)), *keyed.rest
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
        self.joins.append((row, and_(keyed.row_key == keyed.parent_key, *keyed.rest)))
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
    other than by one equality of a parent column."""
    if refers_to(row, parent):
        return None
    found: tuple[ColumnElement[Any], ColumnElement[Any]] | None = None
    rest = []
    for condition in conjuncts(conditions):
        if not refers_to(condition, parent):
            rest.append(condition)
            continue
        key = key_of(condition, parent)
        if key is None or found is not None:
            return None
        found = key
    if found is None:
        return None
    return Keyed(found[0], found[1], tuple(rest))


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
