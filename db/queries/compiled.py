"""Whole responses built by PostgreSQL: one statement returns an operation's `data` as JSON.

Callers (schema/compiled.py) describe what to select as (response key, column) pairs; the
statement nests them with `json_build_object`/`json_agg`, keeping the order of the pairs and
the order the DataLoader path uses for lists, so both paths answer the same JSON.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey, beyond
from db.queries.catalogue import ISCM_SORTS
from db.queries.viewer import Viewer

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


CONTRIBUTION = models.ReviewContribution.__table__
REVIEW_PROCESS = models.ReviewProcess.__table__
OBJECTIVE = models.GcmObjective.__table__
OBJECTIVE_LINK = models.review_contribution_gcm_objectives
# The sort of `reviewContributions` without `orderBy`: newest (highest id) first.
CONTRIBUTION_SORT = SortKey("CREATED_DESC", (CONTRIBUTION.c.id,), descending=True)
CONTRIBUTION_SCALARS = (
    "title",
    "summary",
    "practices",
    "challenges",
    "level",
    "phase",
    "outcome_type",
    "status",
    "synthetic",
    "version",
)
CONTRIBUTION_TIMES = ("submitted_at", "published_at", "created_at", "updated_at")
REVIEW_PROCESS_COLUMNS = ("slug", "name", "kind", "regional_commission", "year", "url")
OBJECTIVE_COLUMNS = ("number", "title", "short_name")


@dataclass(frozen=True)
class ContributionSelection:
    """What to answer about one contribution, as (response key, part) pairs.

    A part is `id` (the Relay global id), a column of CONTRIBUTION_SCALARS or
    CONTRIBUTION_TIMES, an IscmSelection (`iscm`), or `("reviewProcess" | "gcmObjectives",
    pairs of key and column)`.
    """

    columns: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class ContributionPageSelection:
    """A page of contributions: connection keys as in IscmPageSelection, nodes as above."""

    columns: tuple[tuple[str, object], ...]


def _base64(text: ColumnElement[str]) -> ColumnElement[str]:
    """Return PostgreSQL's standard base64 of UTF-8 `text`, without its line breaks."""
    encoded = func.encode(
        func.convert_to(text, literal_column("'UTF8'")), literal_column("'base64'")
    )
    return func.translate(encoded, literal_column("E'\\n'"), literal_column("''"))


def isoformat(moment: ColumnElement[Any]) -> ColumnElement[str]:
    """Return Python's `isoformat()` of a UTC timestamp (as Strawberry's DateTime sends it).

    Seconds always, microseconds only when not zero, then `+00:00`; null stays null.
    """
    utc = func.timezone(literal_column("'UTC'"), moment)
    seconds = func.to_char(utc, literal_column("""'YYYY-MM-DD"T"HH24:MI:SS'"""), type_=Text)
    fraction = case(
        (func.extract("microseconds", utc) % 1000000 != 0, func.to_char(utc, ".US", type_=Text)),
        else_=literal_column("''", Text),
    )
    return seconds + fraction + literal_column("'+00:00'", Text)


def _contribution_cursor(contribution_id: ColumnElement[int]) -> ColumnElement[str]:
    """Return resolvers/pagination.py's cursor of the CREATED_DESC ordering, built in SQL."""
    payload = (
        literal_column("""'[1,"CREATED_DESC",['""", Text)
        + cast(contribution_id, Text)
        + literal_column("']]'", Text)
    )
    return func.rtrim(
        func.translate(_base64(payload), literal_column("'+/'"), literal_column("'-_'")),
        literal_column("'='"),
    )


def contribution_pairs(
    selection: ContributionSelection, rows: Any
) -> list[tuple[str, ColumnElement[object]]]:
    """Return the (key, value) pairs of a contribution selection over `rows` (a page)."""
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, part in selection.columns:
        if part == "id":
            global_id = literal_column("'ReviewContribution:'", Text) + cast(rows.c.id, Text)
            pairs.append((key, _base64(global_id)))
        elif part in CONTRIBUTION_TIMES:
            pairs.append((key, isoformat(rows.c[part])))
        elif part in CONTRIBUTION_SCALARS:
            pairs.append((key, rows.c[part]))
        elif isinstance(part, IscmSelection):
            iscm = select(json_object(iscm_pairs(part, ISCM))).where(ISCM.c.id == rows.c.iscm_id)
            pairs.append((key, iscm.scalar_subquery()))
        elif isinstance(part, tuple) and part[0] == "reviewProcess":
            process = json_object([(k, REVIEW_PROCESS.c[c]) for k, c in part[1]])
            pairs.append(
                (
                    key,
                    select(process)
                    .where(REVIEW_PROCESS.c.id == rows.c.review_process_id)
                    .scalar_subquery(),
                )
            )
        elif isinstance(part, tuple) and part[0] == "gcmObjectives":
            objective = json_object([(k, OBJECTIVE.c[c]) for k, c in part[1]])
            objectives = (
                select(
                    func.coalesce(
                        func.json_agg(aggregate_order_by(objective, OBJECTIVE.c.number)),
                        literal_column("'[]'::json"),
                    )
                )
                .select_from(
                    OBJECTIVE_LINK.join(
                        OBJECTIVE, OBJECTIVE.c.number == OBJECTIVE_LINK.c.objective_number
                    )
                )
                .where(OBJECTIVE_LINK.c.contribution_id == rows.c.id)
                .scalar_subquery()
            )
            pairs.append((key, objectives))
        else:
            raise ValueError(f"unsupported contribution part {part!r}")
    return pairs


@lru_cache(maxsize=512)
def contribution_page_statement(
    root_key: str,
    selection: ContributionPageSelection,
    first: int,
    after: tuple[Any, ...] | None,
    viewer: Viewer,
) -> Select[tuple[str]]:
    """Build the statement answering `{root_key: <one page of visible contributions>}`."""
    sort = CONTRIBUTION_SORT
    visible = select(CONTRIBUTION).where(viewer.sees_contributions())
    rows = visible.add_columns(
        _contribution_cursor(CONTRIBUTION.c.id).label("_cursor"),
        func.row_number().over(order_by=[c.desc() for c in sort.columns]).label("_n"),
    )
    if after is not None:
        rows = rows.where(beyond(sort, after, forward=True))
    page = rows.order_by(*(c.desc() for c in sort.columns)).limit(first + 1).cte("page")
    shown = page.c._n <= first
    values: dict[str, ColumnElement[object]] = {
        "totalCount": select(func.count()).select_from(visible.subquery()).scalar_subquery(),
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
                    (
                        k,
                        page.c._cursor
                        if f == "cursor"
                        else json_object(contribution_pairs(f, page)),
                    )
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


async def contribution_page_json(
    session: AsyncSession,
    root_key: str,
    selection: ContributionPageSelection,
    first: int,
    after: tuple[Any, ...] | None,
    viewer: Viewer,
) -> str:
    """Return `{root_key: <the page of contributions viewer may see>}` as JSON, in one statement."""
    statement = contribution_page_statement(root_key, selection, first, after, viewer)
    return (await session.execute(statement)).scalar_one()


RECOMMENDATION = models.Recommendation.__table__
RECOMMENDATION_SCALARS = (
    "title",
    "text",
    "adopted_on",
    "level",
    "phase",
    "outcome_type",
    "source_url",
    "synthetic",
    "version",
)
# db/queries/recommendations.py's RECOMMENDATION_SORTS, over the table's columns.
RECOMMENDATION_ORDERS: dict[str, tuple[ColumnElement[Any], ...]] = {
    "ADOPTED_ON": (
        func.coalesce(RECOMMENDATION.c.adopted_on, literal(date.min, Date)),
        RECOMMENDATION.c.id,
    ),
    "TITLE": (RECOMMENDATION.c.title, RECOMMENDATION.c.id),
}


@dataclass(frozen=True)
class RecommendationPage:
    """The first page of an ISCM's recommendations: `edges { node { ... } }` only.

    `node` pairs each key with `id` (the Relay global id), a column of RECOMMENDATION_SCALARS
    or `created_at`/`updated_at`.
    """

    order: str
    descending: bool
    first: int | None  # None: the default page size, given when the statement is built
    edges_key: str
    node_key: str
    node: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StateIscms:
    """A State's ISCMs (any role, by name), each as IscmSelection-like pairs.

    A value is an ISCM column name, a StateList or a RecommendationPage.
    """

    columns: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class StateSelection:
    """What to answer about one State: (key, `member_states` column name or StateIscms)."""

    columns: tuple[tuple[str, object], ...]


def recommendation_page(
    page: RecommendationPage, iscm_id: ColumnElement[int], default_size: int
) -> ColumnElement[object]:
    """Return the ISCM's first recommendations as `{edges: [{node: {...}}]}` in the page's order."""
    ordering = [c.desc() if page.descending else c.asc() for c in RECOMMENDATION_ORDERS[page.order]]
    first = default_size if page.first is None else page.first
    node: list[tuple[str, ColumnElement[object]]] = []
    for key, column in page.node:
        if column == "id":
            global_id = literal_column("'Recommendation:'", Text) + cast(RECOMMENDATION.c.id, Text)
            node.append((key, _base64(global_id)))
        elif column in ("created_at", "updated_at"):
            node.append((key, isoformat(RECOMMENDATION.c[column])))
        elif column in RECOMMENDATION_SCALARS:
            node.append((key, RECOMMENDATION.c[column]))
        else:
            raise ValueError(f"unsupported recommendation column {column!r}")
    rows = (
        select(
            json_object([(page.node_key, json_object(node))]).label("edge"),
            func.row_number().over(order_by=ordering).label("n"),
        )
        .where(RECOMMENDATION.c.iscm_id == iscm_id)
        .correlate_except(RECOMMENDATION)
        .order_by(*ordering)
        .limit(first)
        .subquery("recommendation_page")
    )
    edges = select(
        func.coalesce(
            func.json_agg(aggregate_order_by(rows.c.edge, rows.c.n)),
            literal_column("'[]'::json"),
        )
    ).scalar_subquery()
    return json_object([(page.edges_key, edges)])


def state_iscm_pairs(
    selection: StateIscms, default_size: int
) -> list[tuple[str, ColumnElement[object]]]:
    """Return the (key, value) pairs of a State's ISCM over the `iscms` table."""
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, column in selection.columns:
        if isinstance(column, RecommendationPage):
            pairs.append((key, recommendation_page(column, ISCM.c.id, default_size)))
        elif isinstance(column, StateList):
            pairs.append((key, state_list(column, ISCM.c.id)))
        else:
            pairs.append((key, ISCM_COLUMNS[str(column)]))
    return pairs


@lru_cache(maxsize=512)
def state_by_iso3_statement(
    root_key: str, selection: StateSelection, default_size: int
) -> Select[tuple[str]]:
    """Build the statement answering `{root_key: <the State with code :iso3, or null>}`."""
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, column in selection.columns:
        if isinstance(column, StateIscms):
            iscm = json_object(state_iscm_pairs(column, default_size))
            iscms = (
                select(
                    func.coalesce(
                        func.json_agg(aggregate_order_by(iscm, ISCM.c.name)),
                        literal_column("'[]'::json"),
                    )
                )
                .select_from(MEMBERSHIP.join(ISCM, ISCM.c.id == MEMBERSHIP.c.iscm_id))
                .where(MEMBERSHIP.c.state_iso3 == STATE.c.iso3)
                .scalar_subquery()
            )
            pairs.append((key, iscms))
        else:
            pairs.append((key, STATE_COLUMNS[str(column)]))
    state = select(json_object(pairs)).where(STATE.c.iso3 == bindparam("iso3")).scalar_subquery()
    return select(cast(json_object([(root_key, state)]), Text))


async def state_by_iso3_json(
    session: AsyncSession, root_key: str, iso3: str, selection: StateSelection, default_size: int
) -> str:
    """Return `{root_key: <the State with this code, or null>}` as JSON text, in one statement."""
    statement = state_by_iso3_statement(root_key, selection, default_size)
    return (await session.execute(statement, {"iso3": iso3})).scalar_one()
