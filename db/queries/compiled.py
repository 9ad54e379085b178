"""Whole responses built by PostgreSQL: one statement returns an operation's `data` as JSON.

Callers (schema/compiled.py) describe what to select as (response key, column) pairs; the
statement nests them with `json_build_object`/`json_agg`, keeping the order of the pairs and
the order the DataLoader path uses for lists, so both paths answer the same JSON.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import beyond
from db.queries.catalogue import ISCM_SORTS

ISCM = models.Iscm.__table__
STATE = models.MemberState.__table__
MEMBERSHIP = models.IscmMembership.__table__

# Columns a compiled selection may name, by the name callers use for them.
ISCM_COLUMNS: dict[str, ColumnElement[object]] = {
    name: ISCM.c[name]
    for name in (
        "slug",
        "acronym",
        "name",
        "kind",
        "regions",
        "established",
        "secretariat",
        "status",
        "website",
        "summary",
        "open_to",
        "members_confidence",
        "members_without_iso",
        "sources",
        "version",
    )
}
STATE_COLUMNS: dict[str, ColumnElement[object]] = {
    **{
        name: STATE.c[name]
        for name in (
            "iso3",
            "iso2",
            "m49",
            "name",
            "official_name",
            "region",
            "subregion",
            "intermediate_region",
            "un_status",
            "un_member_since",
        )
    },
    "un_member": STATE.c.un_status == "MEMBER",
}


@dataclass(frozen=True)
class StateList:
    """An ISCM's States of one role (MEMBER or OBSERVER), each as these (key, column) pairs."""

    role: str
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class IscmSelection:
    """What to answer about one ISCM: scalar (key, column) pairs and State lists, by key."""

    columns: tuple[tuple[str, str | StateList], ...]


def json_object(pairs: Sequence[tuple[str, ColumnElement[object]]]) -> ColumnElement[object]:
    """Return `json_build_object(key, value, ...)` keeping the order of `pairs`."""
    return func.json_build_object(
        *chain.from_iterable((cast(literal(k), Text), v) for k, v in pairs)
    )


def state_list(states: StateList, iscm_id: ColumnElement[int]) -> ColumnElement[object]:
    """Return the JSON array of the ISCM's States of one role, by name (as the loaders order them)."""
    element = json_object([(key, STATE_COLUMNS[column]) for key, column in states.columns])
    return (
        select(
            func.coalesce(
                func.json_agg(aggregate_order_by(element, STATE.c.name)),
                literal_column("'[]'::json"),
            )
        )
        .select_from(MEMBERSHIP.join(STATE, STATE.c.iso3 == MEMBERSHIP.c.state_iso3))
        .where(MEMBERSHIP.c.iscm_id == iscm_id, MEMBERSHIP.c.role == states.role)
        .scalar_subquery()
    )


def iscm_pairs(selection: IscmSelection, iscms: Any) -> list[tuple[str, ColumnElement[object]]]:
    """Return the (key, value) pairs of an ISCM selection over `iscms` (the table or a page)."""
    return [
        (
            key,
            state_list(column, iscms.c.id)
            if isinstance(column, StateList)
            else iscms.c[ISCM_COLUMNS[column].name],
        )
        for key, column in selection.columns
    ]


@lru_cache(maxsize=512)
def iscm_by_slug_statement(root_key: str, selection: IscmSelection) -> Select[tuple[str]]:
    """Build (once per selection) the statement answering `{root_key: <ISCM or null>}`."""
    pairs = iscm_pairs(selection, ISCM)
    iscm = select(json_object(pairs)).where(ISCM.c.slug == bindparam("slug")).scalar_subquery()
    return select(cast(json_object([(root_key, iscm)]), Text))


async def iscm_by_slug_json(
    session: AsyncSession, root_key: str, slug: str, selection: IscmSelection
) -> str:
    """Return `{root_key: <the ISCM with this slug, or null>}` as JSON text, in one statement."""
    statement = iscm_by_slug_statement(root_key, selection)
    return (await session.execute(statement, {"slug": slug})).scalar_one()


@dataclass(frozen=True)
class IscmPageSelection:
    """What to answer about a page of ISCMs by name: connection keys, in the document's order.

    `columns` pairs each response key with `totalCount`, `pageInfo` (with its own pairs of
    key and PageInfo field) or `edges` (with pairs of key and `cursor` or a node selection).
    """

    columns: tuple[tuple[str, object], ...]


def _cursor(name: ColumnElement[str], iscm_id: ColumnElement[int]) -> ColumnElement[str]:
    """Return resolvers/pagination.py's cursor of the NAME ordering, built in SQL.

    The same bytes: urlsafe base64 without padding of the compact JSON `[1,"NAME",[name,id]]`.
    """
    payload = (
        literal_column("""'[1,"NAME",['""")
        + cast(func.to_json(name), Text)
        + literal_column("','")
        + cast(iscm_id, Text)
        + literal_column("']]'")
    )
    encoded = func.encode(
        func.convert_to(payload, literal_column("'UTF8'")), literal_column("'base64'")
    )
    return func.rtrim(
        func.translate(encoded, literal_column("E'+/\\n'"), literal_column("'-_'")),
        literal_column("'='"),
    )


@lru_cache(maxsize=512)
def iscm_page_statement(
    root_key: str, selection: IscmPageSelection, first: int, after: tuple[Any, ...] | None
) -> Select[tuple[str]]:
    """Build the statement answering `{root_key: <one page of ISCMs by name>}` as JSON text."""
    sort = ISCM_SORTS["NAME"]
    rows = select(
        *ISCM.c,
        _cursor(ISCM.c.name, ISCM.c.id).label("_cursor"),
        func.row_number().over(order_by=list(sort.columns)).label("_n"),
    )
    if after is not None:
        rows = rows.where(beyond(sort, after, forward=True))
    page = rows.order_by(*sort.columns).limit(first + 1).cte("page")
    shown = page.c._n <= first
    values: dict[str, ColumnElement[object]] = {
        "totalCount": select(func.count()).select_from(ISCM).scalar_subquery(),
        "hasNextPage": select(func.count() > first).select_from(page).scalar_subquery(),
        "hasPreviousPage": literal_column("true" if after is not None else "false"),
        "startCursor": select(page.c._cursor).where(shown, page.c._n == 1).scalar_subquery(),
        "endCursor": select(page.c._cursor)
        .where(shown)
        .order_by(page.c._n.desc())
        .limit(1)
        .scalar_subquery(),
    }
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, part in selection.columns:
        if part == "totalCount":
            pairs.append((key, values["totalCount"]))
        elif isinstance(part, tuple) and part[0] == "pageInfo":
            pairs.append((key, json_object([(k, values[f]) for k, f in part[1]])))
        elif isinstance(part, tuple) and part[0] == "edges":
            edge = json_object(
                [
                    (k, page.c._cursor if f == "cursor" else json_object(iscm_pairs(f, page)))
                    for k, f in part[1]
                ]
            )
            edges = (
                select(
                    func.coalesce(
                        func.json_agg(aggregate_order_by(edge, page.c._n)),
                        literal_column("'[]'::json"),
                    )
                )
                .where(shown)
                .scalar_subquery()
            )
            pairs.append((key, edges))
        else:
            raise ValueError(f"unsupported connection part {part!r}")
    return select(cast(json_object([(root_key, json_object(pairs))]), Text))


async def iscm_page_json(
    session: AsyncSession,
    root_key: str,
    selection: IscmPageSelection,
    first: int,
    after: tuple[Any, ...] | None,
) -> str:
    """Return `{root_key: <the page of ISCMs by name>}` as JSON text, in one statement."""
    statement = iscm_page_statement(root_key, selection, first, after)
    return (await session.execute(statement)).scalar_one()
