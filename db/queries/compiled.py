"""Whole responses built by PostgreSQL: one statement returns an operation's `data` as JSON.

Callers (schema/compiled.py) describe what to select as (response key, column) pairs; the
statement nests them with `json_build_object`/`json_agg`, keeping the order of the pairs and
the order the DataLoader path uses for lists, so both paths answer the same JSON.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Select,
    Text,
    and_,
    cast,
    func,
    literal,
    literal_column,
    select,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg

from db import models
from db.pagination import SortKey, beyond
from db.queries.analysis import CONTRIBUTED, RECOMMENDED
from db.queries.catalogue import ISCM_SORTS
from db.queries.viewer import Viewer
from db.session import RequestSession

ISCM = models.Iscm.__table__
STATE = models.MemberState.__table__
MEMBERSHIP = models.IscmMembership.__table__
THEME = models.ThematicArea.__table__
ISCM_THEME = models.iscm_thematic_areas

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
class ThemeList:
    """An ISCM's thematic areas (linked or of its recommendations), as (key, column) pairs."""

    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ObjectiveCounts:
    """An ISCM's GCM objectives with counts, as (key, part) pairs.

    A part is `recommendationCount`, `contributionCount` or `("objective", pairs of key and
    `gcm_objectives` column)`.
    """

    columns: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class IscmSelection:
    """What to answer about one ISCM: scalar (key, column) pairs and lists, by key."""

    columns: tuple[tuple[str, str | StateList | ThemeList | ObjectiveCounts], ...]


# Statements are rendered once, constants inline, and run straight on the driver: only the
# run-time arguments (a slug, a code, a cursor's key) are bound, as $1, $2...
DIALECT = PGDialect_asyncpg()
ARGUMENT = literal_column("$1", Text)


def cursor_key(size: int) -> tuple[ColumnElement[Any], ...]:
    """Return $1..$size: a page statement binds the `after` cursor's key there, so one
    statement serves every cursor and no value from the client is written into SQL text."""
    return tuple(literal_column(f"${n}") for n in range(1, size + 1))


def rendered(statement: Select[Any]) -> str:
    """Return the SQL text of `statement` with every bound value written inline."""
    return str(statement.compile(dialect=DIALECT, compile_kwargs={"literal_binds": True}))


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


# Which ISCMs a list is built for: a condition on an `iscm_id` column. A standalone list
# (a whole page's) correlates nothing; otherwise it is correlated to the one ISCM outside.
Owner = Callable[[ColumnElement[int]], ColumnElement[bool]]


def _owned(query: Select[Any], tables: tuple[Any, ...] | None) -> Select[Any]:
    """Return `query` correlated to everything but `tables`, or to nothing when None."""
    return query.correlate(None) if tables is None else query.correlate_except(*tables)


def theme_lists(themes: ThemeList, owner: Owner, viewer: Viewer, standalone: bool) -> Any:
    """Return (iscm_id, list): each owned ISCM's themes as a JSON array, each once, by name.

    db/queries/reference.py's rule: explicit links UNION the themes of its recommendations
    `viewer` may see.
    """
    link = models.recommendation_thematic_areas
    slugs = union(
        _owned(
            select(ISCM_THEME.c.iscm_id, ISCM_THEME.c.thematic_area_slug.label("slug")).where(
                owner(ISCM_THEME.c.iscm_id)
            ),
            None if standalone else (ISCM_THEME,),
        ),
        _owned(
            select(RECOMMENDATION.c.iscm_id, link.c.thematic_area_slug.label("slug"))
            .join(RECOMMENDATION, RECOMMENDATION.c.id == link.c.recommendation_id)
            .where(owner(RECOMMENDATION.c.iscm_id), viewer.sees_recommendations()),
            None if standalone else (link, RECOMMENDATION),
        ),
    ).subquery("theme_slugs")
    element = json_object([(key, THEME.c[column]) for key, column in themes.columns])
    return (
        select(
            slugs.c.iscm_id,
            func.json_agg(aggregate_order_by(element, THEME.c.name)).label("list"),
        )
        .select_from(slugs.join(THEME, THEME.c.slug == slugs.c.slug))
        .group_by(slugs.c.iscm_id)
        .subquery("theme_lists")
    )


def objective_tallies(owner: Owner, viewer: Viewer, standalone: bool) -> Any:
    """Return (iscm_id, objective_number, recommendations, contributions) of owned ISCMs.

    db/queries/analysis.py's `objective_counts`: link rows of its recommendations and
    contributions `viewer` may see, counted per objective; objectives with no link are left out.
    """
    recommended = models.recommendation_gcm_objectives
    links = union_all(
        _owned(
            select(
                RECOMMENDATION.c.iscm_id,
                recommended.c.objective_number,
                literal(RECOMMENDED).label("source"),
            )
            .join(RECOMMENDATION, RECOMMENDATION.c.id == recommended.c.recommendation_id)
            .where(owner(RECOMMENDATION.c.iscm_id), viewer.sees_recommendations()),
            None if standalone else (recommended, RECOMMENDATION),
        ),
        _owned(
            select(
                CONTRIBUTION.c.iscm_id,
                OBJECTIVE_LINK.c.objective_number,
                literal(CONTRIBUTED).label("source"),
            )
            .join(CONTRIBUTION, CONTRIBUTION.c.id == OBJECTIVE_LINK.c.contribution_id)
            .where(owner(CONTRIBUTION.c.iscm_id), viewer.sees_contributions()),
            None if standalone else (OBJECTIVE_LINK, CONTRIBUTION),
        ),
    ).subquery("objective_links")
    return (
        select(
            links.c.iscm_id,
            links.c.objective_number,
            func.count().filter(links.c.source == RECOMMENDED).label("recommendations"),
            func.count().filter(links.c.source == CONTRIBUTED).label("contributions"),
        )
        .group_by(links.c.iscm_id, links.c.objective_number)
        .subquery("objective_tallies")
    )


def objective_count_lists(
    counts: ObjectiveCounts, owner: Owner, viewer: Viewer, standalone: bool
) -> Any:
    """Return (iscm_id, list): each owned ISCM's objectives with counts (objective_tallies), by
    number."""
    tallies = objective_tallies(owner, viewer, standalone)
    # The objective's number needs no join; any other of its columns does.
    numbers_only = all(
        not isinstance(part, tuple) or all(c == "number" for _, c in part[1])
        for _, part in counts.columns
    )
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, part in counts.columns:
        if part == "recommendationCount":
            pairs.append((key, tallies.c.recommendations))
        elif part == "contributionCount":
            pairs.append((key, tallies.c.contributions))
        elif isinstance(part, tuple) and part[0] == "objective":
            objective = [
                (k, tallies.c.objective_number if numbers_only else OBJECTIVE.c[c])
                for k, c in part[1]
            ]
            pairs.append((key, json_object(objective)))
        else:
            raise ValueError(f"unsupported objective count part {part!r}")
    source = (
        tallies
        if numbers_only
        else tallies.join(OBJECTIVE, OBJECTIVE.c.number == tallies.c.objective_number)
    )
    return (
        select(
            tallies.c.iscm_id,
            func.json_agg(aggregate_order_by(json_object(pairs), tallies.c.objective_number)).label(
                "list"
            ),
        )
        .select_from(source)
        .group_by(tallies.c.iscm_id)
        .subquery("objective_lists")
    )


def _or_empty(value: ColumnElement[object]) -> ColumnElement[object]:
    """Return `value`, or an empty JSON array when it is null."""
    return func.coalesce(value, literal_column("'[]'::json"))


def iscm_pairs(
    selection: IscmSelection, iscms: Any, viewer: Viewer, lists: dict[str, Any] | None = None
) -> list[tuple[str, ColumnElement[object]]]:
    """Return the (key, value) pairs of an ISCM selection over `iscms` (the table or a page).

    `lists` holds, by key, (iscm_id, list) subqueries already built for all of `iscms`
    (joined by the caller); other lists are correlated subqueries, one ISCM at a time.
    """
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, column in selection.columns:
        if lists is not None and key in lists:
            pairs.append((key, _or_empty(lists[key].c.list)))
        elif isinstance(column, StateList):
            pairs.append((key, state_list(column, iscms.c.id)))
        elif isinstance(column, ThemeList):
            owned = theme_lists(column, lambda c: c == iscms.c.id, viewer, standalone=False)
            pairs.append((key, _or_empty(select(owned.c.list).scalar_subquery())))
        elif isinstance(column, ObjectiveCounts):
            owned = objective_count_lists(
                column, lambda c: c == iscms.c.id, viewer, standalone=False
            )
            pairs.append((key, _or_empty(select(owned.c.list).scalar_subquery())))
        else:
            pairs.append((key, iscms.c[ISCM_COLUMNS[column].name]))
    return pairs


def page_lists(selection: IscmSelection, page: Any, viewer: Viewer) -> dict[str, Any]:
    """Return, by key, the selection's themes and objective counts built for the whole page."""
    ids = select(page.c.id).correlate(None)

    def owner(column: ColumnElement[int]) -> ColumnElement[bool]:
        return column.in_(ids)

    lists: dict[str, Any] = {}
    for key, column in selection.columns:
        if isinstance(column, ThemeList):
            lists[key] = theme_lists(column, owner, viewer, standalone=True)
        elif isinstance(column, ObjectiveCounts):
            lists[key] = objective_count_lists(column, owner, viewer, standalone=True)
    return lists


@lru_cache(maxsize=512)
def iscm_by_slug_sql(root_key: str, selection: IscmSelection, viewer: Viewer) -> str:
    """Render (once per selection) the statement answering `{root_key: <ISCM or null>}`; $1 is
    the slug."""
    pairs = iscm_pairs(selection, ISCM, viewer)
    iscm = select(json_object(pairs)).where(ISCM.c.slug == ARGUMENT).scalar_subquery()
    return rendered(select(cast(json_object([(root_key, iscm)]), Text)))


async def iscm_by_slug_json(
    db: RequestSession, root_key: str, slug: str, selection: IscmSelection, viewer: Viewer
) -> str:
    """Return `{root_key: <the ISCM with this slug, or null>}` as JSON text, in one statement."""
    return await db.fetch_value(iscm_by_slug_sql(root_key, selection, viewer), slug)


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
def iscm_page_sql(
    root_key: str,
    selection: IscmPageSelection,
    first: int,
    paged_after: bool,
    viewer: Viewer,
) -> str:
    """Render the statement answering `{root_key: <one page of ISCMs by name>}` as JSON text."""
    sort = ISCM_SORTS["NAME"]
    rows = select(
        *ISCM.c,
        func.row_number().over(order_by=list(sort.columns)).label("_n"),
    )
    if paged_after:
        rows = rows.where(beyond(sort, cursor_key(len(sort.columns)), forward=True))
    page = rows.order_by(*sort.columns).limit(first + 1).cte("page")
    cursor = _cursor(page.c.name, page.c.id)

    def edges(parts: tuple[tuple[str, object], ...]) -> tuple[Any, ColumnElement[object]]:
        # Themes and objective counts are built once for the page, then joined (as the
        # DataLoaders batch them), rather than once per ISCM.
        source: Any = page
        edge: list[tuple[str, ColumnElement[object]]] = []
        for key, part in parts:
            if part == "cursor":
                edge.append((key, cursor))
                continue
            lists = page_lists(part, page, viewer)  # type: ignore[arg-type]
            for owned in lists.values():
                source = source.outerjoin(owned, owned.c.iscm_id == page.c.id)
            edge.append((key, json_object(iscm_pairs(part, page, viewer, lists))))  # type: ignore[arg-type]
        return source, json_object(edge)

    total = select(func.count()).select_from(ISCM).scalar_subquery()
    return _connection_sql(
        root_key, selection.columns, page, first, paged_after, total, cursor, edges
    )


def _connection_sql(
    root_key: str,
    columns: tuple[tuple[str, object], ...],
    page: Any,
    first: int,
    paged_after: bool,
    total: ColumnElement[object],
    cursor: ColumnElement[str],
    edges: Callable[[tuple[tuple[str, object], ...]], tuple[Any, ColumnElement[object]]],
) -> str:
    """Render `{root_key: <connection>}` over `page`, a CTE of the page's rows numbered `_n`
    (one more than `first`, to tell whether a next page exists).

    `total` is the totalCount, `cursor` a row's cursor, and `edges` turns an edge's (key, part)
    pairs into (the rows to aggregate, one edge as JSON).
    """
    shown = page.c._n <= first
    # A cursor is built only for the rows that show one, not for every row of the page.
    values: dict[str, ColumnElement[object]] = {
        "totalCount": total,
        "hasNextPage": select(func.count() > first).select_from(page).scalar_subquery(),
        "hasPreviousPage": literal_column("true" if paged_after else "false"),
        "startCursor": select(cursor).where(shown, page.c._n == 1).scalar_subquery(),
        "endCursor": select(cursor)
        .where(shown)
        .order_by(page.c._n.desc())
        .limit(1)
        .scalar_subquery(),
    }
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, part in columns:
        if part == "totalCount":
            pairs.append((key, values["totalCount"]))
        elif isinstance(part, tuple) and part[0] == "pageInfo":
            pairs.append((key, json_object([(k, values[f]) for k, f in part[1]])))
        elif isinstance(part, tuple) and part[0] == "edges":
            source, edge = edges(part[1])
            listed = func.json_agg(aggregate_order_by(edge, page.c._n))
            pairs.append(
                (key, select(_or_empty(listed)).select_from(source).where(shown).scalar_subquery())
            )
        else:
            raise ValueError(f"unsupported connection part {part!r}")
    return rendered(select(cast(json_object([(root_key, json_object(pairs))]), Text)))


async def iscm_page_json(
    db: RequestSession,
    root_key: str,
    selection: IscmPageSelection,
    first: int,
    after: tuple[Any, ...] | None,
    viewer: Viewer,
) -> str:
    """Return `{root_key: <the page of ISCMs by name>}` as JSON text, in one statement."""
    sql = iscm_page_sql(root_key, selection, first, after is not None, viewer)
    return await db.fetch_value(sql, *(after or ()))


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
    # One to_char, then the zero fraction dropped: half the cost of testing the fraction first.
    full = func.to_char(utc, literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US+00:00'"""), type_=Text)
    return func.replace(full, literal_column("'.000000+'"), literal_column("'+'"), type_=Text)


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
    selection: ContributionSelection, rows: Any, viewer: Viewer
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
            iscm = select(json_object(iscm_pairs(part, ISCM, viewer))).where(
                ISCM.c.id == rows.c.iscm_id
            )
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
def contribution_page_sql(
    root_key: str,
    selection: ContributionPageSelection,
    first: int,
    paged_after: bool,
    viewer: Viewer,
) -> str:
    """Render the statement answering `{root_key: <one page of visible contributions>}`."""
    sort = CONTRIBUTION_SORT
    visible = select(CONTRIBUTION).where(viewer.sees_contributions())
    rows = visible.add_columns(
        func.row_number().over(order_by=[c.desc() for c in sort.columns]).label("_n"),
    )
    if paged_after:
        rows = rows.where(beyond(sort, cursor_key(len(sort.columns)), forward=True))
    page = rows.order_by(*(c.desc() for c in sort.columns)).limit(first + 1).cte("page")
    cursor = _contribution_cursor(page.c.id)

    def edges(parts: tuple[tuple[str, object], ...]) -> tuple[Any, ColumnElement[object]]:
        edge = [
            (
                key,
                cursor if part == "cursor" else json_object(contribution_pairs(part, page, viewer)),
            )  # type: ignore[arg-type]
            for key, part in parts
        ]
        return page, json_object(edge)

    total = select(func.count()).select_from(visible.subquery()).scalar_subquery()
    return _connection_sql(
        root_key, selection.columns, page, first, paged_after, total, cursor, edges
    )


async def contribution_page_json(
    db: RequestSession,
    root_key: str,
    selection: ContributionPageSelection,
    first: int,
    after: tuple[Any, ...] | None,
    viewer: Viewer,
) -> str:
    """Return `{root_key: <the page of contributions viewer may see>}` as JSON, in one statement."""
    sql = contribution_page_sql(root_key, selection, first, after is not None, viewer)
    return await db.fetch_value(sql, *(after or ()))


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


def _recommendation_source(
    page: RecommendationPage, iscm_id: ColumnElement[int], first: int, viewer: Viewer
) -> Any:
    """Return, as a subquery, rows among which the ISCM's first `first` recommendations
    `viewer` may see are.

    By date, dated and undated recommendations are taken apart (at most `first` of each):
    each half then reads the (iscm_id, adopted_on, id) index in order instead of sorting
    every recommendation of the ISCM. By title there is no such index: all of them.
    """
    needed = {"id", "adopted_on", "title", *(column for _, column in page.node)}
    columns = [RECOMMENDATION.c[name] for name in sorted(needed)]
    of_iscm = and_(RECOMMENDATION.c.iscm_id == iscm_id, viewer.sees_recommendations())
    if page.order != "ADOPTED_ON":
        return select(*columns).where(of_iscm).correlate_except(RECOMMENDATION).subquery("mine")

    def directed(column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column.desc() if page.descending else column.asc()

    adopted = RECOMMENDATION.c.adopted_on
    dated = (
        select(*columns)
        .where(of_iscm, adopted.is_not(None))
        .order_by(directed(adopted), directed(RECOMMENDATION.c.id))
        .limit(first)
        .correlate_except(RECOMMENDATION)
    )
    undated = (
        select(*columns)
        .where(of_iscm, adopted.is_(None))
        .order_by(directed(RECOMMENDATION.c.id))
        .limit(first)
        .correlate_except(RECOMMENDATION)
    )
    return union_all(dated, undated).subquery("mine")


def recommendation_page(
    page: RecommendationPage, iscm_id: ColumnElement[int], default_size: int, viewer: Viewer
) -> ColumnElement[object]:
    """Return the ISCM's first recommendations `viewer` may see as `{edges: [{node: {...}}]}`
    in the page's order."""
    first = default_size if page.first is None else page.first
    source = _recommendation_source(page, iscm_id, first, viewer)
    by_order = {
        "ADOPTED_ON": (
            func.coalesce(source.c.adopted_on, literal(date.min, Date)),
            source.c.id,
        ),
        "TITLE": (source.c.title, source.c.id),
    }
    ordering = [c.desc() if page.descending else c.asc() for c in by_order[page.order]]
    node: list[tuple[str, ColumnElement[object]]] = []
    for key, column in page.node:
        if column == "id":
            global_id = literal_column("'Recommendation:'", Text) + cast(source.c.id, Text)
            node.append((key, _base64(global_id)))
        elif column in ("created_at", "updated_at"):
            node.append((key, isoformat(source.c[column])))
        elif column in RECOMMENDATION_SCALARS:
            node.append((key, source.c[column]))
        else:
            raise ValueError(f"unsupported recommendation column {column!r}")
    rows = (
        select(
            json_object([(page.node_key, json_object(node))]).label("edge"),
            func.row_number().over(order_by=ordering).label("n"),
        )
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
    selection: StateIscms, default_size: int, viewer: Viewer
) -> list[tuple[str, ColumnElement[object]]]:
    """Return the (key, value) pairs of a State's ISCM over the `iscms` table."""
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, column in selection.columns:
        if isinstance(column, RecommendationPage):
            pairs.append((key, recommendation_page(column, ISCM.c.id, default_size, viewer)))
        elif isinstance(column, StateList):
            pairs.append((key, state_list(column, ISCM.c.id)))
        else:
            pairs.append((key, ISCM_COLUMNS[str(column)]))
    return pairs


@lru_cache(maxsize=512)
def state_by_iso3_sql(
    root_key: str, selection: StateSelection, default_size: int, viewer: Viewer
) -> str:
    """Render the statement answering `{root_key: <the State with code $1, or null>}`."""
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, column in selection.columns:
        if isinstance(column, StateIscms):
            iscm = json_object(state_iscm_pairs(column, default_size, viewer))
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
    state = select(json_object(pairs)).where(STATE.c.iso3 == ARGUMENT).scalar_subquery()
    return rendered(select(cast(json_object([(root_key, state)]), Text)))


async def state_by_iso3_json(
    db: RequestSession,
    root_key: str,
    iso3: str,
    selection: StateSelection,
    default_size: int,
    viewer: Viewer,
) -> str:
    """Return `{root_key: <the State with this code, or null>}` as JSON text, in one statement."""
    sql = state_by_iso3_sql(root_key, selection, default_size, viewer)
    return await db.fetch_value(sql, iso3)


@dataclass(frozen=True)
class CoverageSelection:
    """What to answer about the GCM coverage matrix, as (response key, part) pairs.

    A part is `("rows", row parts)`, `("totals", cell parts)` or `("objectives", pairs of
    key and `gcm_objectives` column)`. A row part is `("iscm", IscmSelection)`,
    `("cells", cell parts)`, `recommendationCount` or `contributionCount`; a cell part is
    `objectiveNumber`, `recommendationCount` or `contributionCount`.
    """

    columns: tuple[tuple[str, object], ...]


def _cell(
    parts: tuple[tuple[str, str], ...],
    number: ColumnElement[int],
    recommendations: ColumnElement[int],
    contributions: ColumnElement[int],
) -> ColumnElement[object]:
    """Return one cell of the matrix as JSON, from its objective number and its counts."""
    values = {
        "objectiveNumber": number,
        "recommendationCount": recommendations,
        "contributionCount": contributions,
    }
    return json_object([(key, values[part]) for key, part in parts])


def _counted(total: ColumnElement[Any]) -> ColumnElement[int]:
    """Return a sum of counts as a whole number, 0 when there is nothing to sum."""
    return cast(func.coalesce(total, 0), BigInteger)


@lru_cache(maxsize=128)
def coverage_sql(
    root_key: str, selection: CoverageSelection, viewer: Viewer, objectives: int
) -> str:
    """Render the statement answering `{root_key: <the coverage matrix of every ISCM>}`.

    The same counts as resolvers/analysis.py's `gcm_coverage`: per ISCM (by name) and per
    objective 1..`objectives`, its recommendations and the contributions `viewer` may see
    addressing the objective; rows carry every cell, zeros included.
    """
    tallies = objective_tallies(lambda c: c.is_not(None), viewer, standalone=True).alias("tallies")
    number = func.generate_series(1, objectives).table_valued("number").render_derived("objective")
    pairs: list[tuple[str, ColumnElement[object]]] = []
    for key, part in selection.columns:
        kind, parts = part  # type: ignore[misc]
        if kind == "rows":
            pairs.append((key, _coverage_rows(parts, tallies, number, viewer)))
        elif kind == "totals":
            sums = (
                select(
                    number.c.number,
                    _counted(func.sum(tallies.c.recommendations)).label("recommendations"),
                    _counted(func.sum(tallies.c.contributions)).label("contributions"),
                )
                .select_from(
                    number.outerjoin(tallies, tallies.c.objective_number == number.c.number)
                )
                .group_by(number.c.number)
                .subquery("totals")
            )
            cell = _cell(parts, sums.c.number, sums.c.recommendations, sums.c.contributions)
            listed = func.json_agg(aggregate_order_by(cell, sums.c.number))
            pairs.append((key, select(_or_empty(listed)).scalar_subquery()))
        elif kind == "objectives":
            element = json_object([(k, OBJECTIVE.c[c]) for k, c in parts])
            known = OBJECTIVE.c.number.between(1, objectives)
            listed = func.json_agg(aggregate_order_by(element, OBJECTIVE.c.number))
            pairs.append((key, select(_or_empty(listed)).where(known).scalar_subquery()))
        else:
            raise ValueError(f"unsupported coverage part {part!r}")
    return rendered(select(cast(json_object([(root_key, json_object(pairs))]), Text)))


def _coverage_rows(
    parts: tuple[tuple[str, object], ...], tallies: Any, number: Any, viewer: Viewer
) -> ColumnElement[object]:
    """Return the matrix's rows as a JSON array: one per ISCM, by name."""
    cells_of = ISCM.alias("cells_of")
    cell_parts = next((p[1] for _, p in parts if isinstance(p, tuple) and p[0] == "cells"), ())
    cell = _cell(
        cell_parts,  # type: ignore[arg-type]
        number.c.number,
        func.coalesce(tallies.c.recommendations, 0),
        func.coalesce(tallies.c.contributions, 0),
    )
    matrix = (
        select(
            cells_of.c.id.label("iscm_id"),
            func.json_agg(aggregate_order_by(cell, number.c.number)).label("cells"),
            _counted(func.sum(tallies.c.recommendations)).label("recommendations"),
            _counted(func.sum(tallies.c.contributions)).label("contributions"),
        )
        .select_from(
            cells_of.join(number, literal_column("true")).outerjoin(
                tallies,
                (tallies.c.iscm_id == cells_of.c.id)
                & (tallies.c.objective_number == number.c.number),
            )
        )
        .group_by(cells_of.c.id)
        .subquery("matrix")
    )
    row: list[tuple[str, ColumnElement[object]]] = []
    for key, part in parts:
        if part == "recommendationCount":
            row.append((key, matrix.c.recommendations))
        elif part == "contributionCount":
            row.append((key, matrix.c.contributions))
        elif isinstance(part, tuple) and part[0] == "cells":
            row.append((key, matrix.c.cells))
        elif isinstance(part, tuple) and part[0] == "iscm":
            row.append((key, json_object(iscm_pairs(part[1], ISCM, viewer))))
        else:
            raise ValueError(f"unsupported coverage row part {part!r}")
    ordering = [column.expression for column in ISCM_SORTS["NAME"].columns]
    rows = func.json_agg(aggregate_order_by(json_object(row), *ordering))
    return (
        select(_or_empty(rows))
        .select_from(ISCM.join(matrix, matrix.c.iscm_id == ISCM.c.id))
        .scalar_subquery()
    )


async def coverage_json(
    db: RequestSession, root_key: str, selection: CoverageSelection, viewer: Viewer, objectives: int
) -> str:
    """Return `{root_key: <the coverage matrix>}` as JSON text, in one statement."""
    return await db.fetch_value(coverage_sql(root_key, selection, viewer, objectives))
