"""Compiled reads: an operation made only of supported database fields runs as ONE SQL statement.

Supported today (no aliases, fragments, directives or `__typename`): `iscm(slug:)` with plain
scalar fields, `members`/`observers` with plain State scalar fields, `thematicAreas` and
`gcmObjectives { objective recommendationCount contributionCount }` (visibility applied in the
statement); `iscms(first:, after:)` with the same node fields;
`reviewContributions(first:, after:)` in its default order (newest first) with scalars, `id`,
`iscm`, `reviewProcess` and `gcmObjectives`, visibility applied in the statement; and
`memberState(iso3:)` with scalars and `iscms { ... recommendations(first:, orderBy:) { edges {
node } } }`; and `gcmCoverage` (no filter) with `rows { iscm cells recommendationCount
contributionCount }`, `totals` and `objectives`. The plan is made once per document text and
operation name; PostgreSQL builds the response JSON, and its text goes to the client as it is,
without graphql-core field completion or re-encoding. Anything else returns None and runs on the
normal (DataLoader) path, which stays the reference: tests/test_compiled.py checks both agree.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from asyncpg import InterfaceError, PostgresError
from graphql import (
    DocumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLSchema,
    IntValueNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
)

from db.queries import compiled as queries
from db.queries.catalogue import ISCM_SORTS
from db.queries.viewer import Viewer
from db.session import RequestSession
from resolvers.context import ApiConfig
from resolvers.errors import ApiError
from resolvers.pagination import decode_cursor
from resolvers.request_record import current_record
from schema.analysis import OBJECTIVE_NUMBERS
from schema.enums import SortDirection
from schema.limits import operation_cost
from schema.orderings import RecommendationOrder, RecommendationOrderField

PLAN_CACHE_SIZE = 512
# GraphQL field -> `iscms` column.
ISCM_FIELDS = {
    "slug": "slug",
    "acronym": "acronym",
    "name": "name",
    "kind": "kind",
    "regions": "regions",
    "established": "established",
    "secretariat": "secretariat",
    "status": "status",
    "website": "website",
    "summary": "summary",
    "openTo": "open_to",
    "membersConfidence": "members_confidence",
    "membersWithoutIso": "members_without_iso",
    "sources": "sources",
    "version": "version",
}
PAGE_INFO_FIELDS = ("hasNextPage", "hasPreviousPage", "startCursor", "endCursor")
# GraphQL field -> `review_contributions` column ("id" is the Relay global id).
CONTRIBUTION_FIELDS = {
    "id": "id",
    "title": "title",
    "summary": "summary",
    "practices": "practices",
    "challenges": "challenges",
    "level": "level",
    "phase": "phase",
    "outcomeType": "outcome_type",
    "status": "status",
    "synthetic": "synthetic",
    "version": "version",
    "submittedAt": "submitted_at",
    "publishedAt": "published_at",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
}
# GraphQL field -> `review_processes` column.
REVIEW_PROCESS_FIELDS = {
    "slug": "slug",
    "name": "name",
    "kind": "kind",
    "regionalCommission": "regional_commission",
    "year": "year",
    "url": "url",
}
# GraphQL field -> `gcm_objectives` column.
OBJECTIVE_FIELDS = {"number": "number", "title": "title", "shortName": "short_name"}
# GraphQL field -> `thematic_areas` column.
THEME_FIELDS = {"slug": "slug", "name": "name", "description": "description"}
# Counts of an ISCM's `gcmObjectives` entries (see db/queries/compiled.py).
OBJECTIVE_COUNT_FIELDS = ("recommendationCount", "contributionCount")
# GraphQL field -> `recommendations` column ("id" is the Relay global id).
RECOMMENDATION_FIELDS = {
    "id": "id",
    "title": "title",
    "text": "text",
    "adoptedOn": "adopted_on",
    "level": "level",
    "phase": "phase",
    "outcomeType": "outcome_type",
    "sourceUrl": "source_url",
    "synthetic": "synthetic",
    "version": "version",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
}
# Fields of a coverage cell (GcmCoverageCell, `objective` aside).
COVERAGE_CELL_FIELDS = {
    name: name for name in ("objectiveNumber", "recommendationCount", "contributionCount")
}
# Count fields of a coverage row (GcmCoverageRow).
COVERAGE_ROW_COUNTS = ("recommendationCount", "contributionCount")
# GraphQL list field -> membership role.
ISCM_STATE_LISTS = {"members": "MEMBER", "observers": "OBSERVER"}
# GraphQL field -> `member_states` column (or computed value, see db/queries/compiled.py).
STATE_FIELDS = {
    "iso3": "iso3",
    "iso2": "iso2",
    "m49": "m49",
    "name": "name",
    "officialName": "official_name",
    "region": "region",
    "subregion": "subregion",
    "intermediateRegion": "intermediate_region",
    "unStatus": "un_status",
    "unMemberSince": "un_member_since",
    "unMember": "un_member",
}


@dataclass(frozen=True)
class IscmPlan:
    """How to answer one compiled `iscm(slug:)` operation."""

    operation: OperationDefinitionNode
    selection: queries.IscmSelection
    slug: str | None  # the literal slug, or None when it comes from `slug_variable`
    slug_variable: str | None
    depth: int
    # schema/limits.py's cost, by (default page size, maximum page size).
    costs: dict[tuple[int, int], int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class IscmPagePlan:
    """How to answer one compiled `iscms(first:, after:)` operation (ordered by name)."""

    operation: OperationDefinitionNode
    selection: queries.IscmPageSelection
    first: int | None  # None: the default page size
    after: str | None
    depth: int
    costs: dict[tuple[int, int], int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ContributionPagePlan:
    """How to answer one compiled `reviewContributions(first:, after:)` (newest first)."""

    operation: OperationDefinitionNode
    selection: queries.ContributionPageSelection
    first: int | None  # None: the default page size
    after: str | None
    depth: int
    costs: dict[tuple[int, int], int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class StatePlan:
    """How to answer one compiled `memberState(iso3:)` operation (literal code)."""

    operation: OperationDefinitionNode
    selection: queries.StateSelection
    iso3: str
    depth: int
    costs: dict[tuple[int, int], int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CoveragePlan:
    """How to answer one compiled `gcmCoverage` operation (no filter)."""

    operation: OperationDefinitionNode
    selection: queries.CoverageSelection
    depth: int
    costs: dict[tuple[int, int], int] = field(default_factory=dict, compare=False)


Plan = IscmPlan | IscmPagePlan | ContributionPagePlan | StatePlan | CoveragePlan


class _Unsupported(Exception):
    """The operation uses something the compiler does not cover."""


def _plain_fields(selection_set: SelectionSetNode | None) -> list[FieldNode]:
    """Return the selection's fields, refusing aliases, directives, fragments and repeats."""
    if selection_set is None:
        raise _Unsupported
    fields = []
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.alias or selection.directives:
            raise _Unsupported
        fields.append(selection)
    if len({field.name.value for field in fields}) != len(fields):
        raise _Unsupported
    return fields


def _leaf(node: FieldNode, allowed: Any) -> str:
    """Return the name of a plain leaf field among `allowed`, refusing anything else."""
    name = node.name.value
    if name not in allowed or node.arguments or node.selection_set is not None:
        raise _Unsupported
    return name


def _depth(selection_set: SelectionSetNode | None) -> int:
    """Return how many levels of fields a selection nests (fragments are refused earlier)."""
    if selection_set is None:
        return 0
    return 1 + max(_depth(getattr(s, "selection_set", None)) for s in selection_set.selections)


def _objective_counts(node: FieldNode) -> queries.ObjectiveCounts:
    """Return the compiled selection of an ISCM's `gcmObjectives` (objective and counts)."""
    parts: list[tuple[str, object]] = []
    for child in _plain_fields(node.selection_set):
        name = child.name.value
        if name == "objective" and not child.arguments:
            parts.append((name, ("objective", _columns(child, OBJECTIVE_FIELDS))))
        else:
            parts.append((name, _leaf(child, OBJECTIVE_COUNT_FIELDS)))
    return queries.ObjectiveCounts(tuple(parts))


def _iscm_selection(node: FieldNode) -> queries.IscmSelection:
    """Return the compiled selection of an ISCM's fields, refusing what is not covered."""
    columns: list[
        tuple[str, str | queries.StateList | queries.ThemeList | queries.ObjectiveCounts]
    ] = []
    for child in _plain_fields(node.selection_set):
        name = child.name.value
        if name in ISCM_STATE_LISTS and not child.arguments:
            states = tuple(
                (leaf, STATE_FIELDS[leaf])
                for leaf in (_leaf(f, STATE_FIELDS) for f in _plain_fields(child.selection_set))
            )
            columns.append((name, queries.StateList(ISCM_STATE_LISTS[name], states)))
        elif name == "thematicAreas" and not child.arguments:
            columns.append((name, queries.ThemeList(_columns(child, THEME_FIELDS))))
        elif name == "gcmObjectives" and not child.arguments:
            columns.append((name, _objective_counts(child)))
        else:
            columns.append((name, ISCM_FIELDS[_leaf(child, ISCM_FIELDS)]))
    return queries.IscmSelection(tuple(columns))


def _slug_source(
    node: FieldNode, operation: OperationDefinitionNode
) -> tuple[str | None, str | None]:
    """Return (literal slug, variable name) of `iscm(slug:)`, refusing anything else."""
    [argument] = node.arguments or (None,)
    if argument is None or argument.name.value != "slug":
        raise _Unsupported
    definitions = operation.variable_definitions or ()
    value = argument.value
    if isinstance(value, StringValueNode) and not definitions:
        return value.value, None
    if isinstance(value, VariableNode) and len(definitions) == 1:
        [definition] = definitions
        declared = definition.type
        if (
            definition.variable.name.value == value.name.value
            and definition.default_value is None
            and not definition.directives
            and isinstance(declared, NonNullTypeNode)
            and isinstance(declared.type, NamedTypeNode)
            and declared.type.name.value == "String"
        ):
            return None, value.name.value
    raise _Unsupported


def _recommendation_order(value: object) -> tuple[str, bool]:
    """Return (field, descending) of a literal RecommendationOrder, as the resolver reads it."""
    if not isinstance(value, ObjectValueNode):
        raise _Unsupported
    given: dict[str, str] = {}
    for part in value.fields:
        if not isinstance(part.value, EnumValueNode) or part.name.value in given:
            raise _Unsupported
        given[part.name.value] = part.value.value
    if not set(given) <= {"field", "direction"}:
        raise _Unsupported
    order = RecommendationOrder(
        field=RecommendationOrderField[given.get("field", "ADOPTED_ON")],
        direction=SortDirection[given["direction"]] if "direction" in given else None,
    )
    return order.field.value, order.descending()


def _recommendation_page(node: FieldNode) -> queries.RecommendationPage:
    """Return the compiled first page of an ISCM's recommendations: `edges { node }` only."""
    first: int | None = None
    order, descending = _recommendation_order(ObjectValueNode(fields=()))
    for argument in node.arguments or ():
        value = argument.value
        if argument.name.value == "first" and isinstance(value, IntValueNode):
            first = int(value.value)
        elif argument.name.value == "orderBy":
            order, descending = _recommendation_order(value)
        else:
            raise _Unsupported
    [edges] = _plain_fields(node.selection_set)
    [child] = _plain_fields(edges.selection_set)
    if edges.name.value != "edges" or edges.arguments or child.name.value != "node":
        raise _Unsupported
    if child.arguments:
        raise _Unsupported
    columns = _columns(child, RECOMMENDATION_FIELDS)
    return queries.RecommendationPage(order, descending, first, "edges", "node", columns)


def _state_selection(node: FieldNode) -> queries.StateSelection:
    """Return the compiled selection of a State: scalars and `iscms` (scalars, recommendations)."""
    columns: list[tuple[str, object]] = []
    for child in _plain_fields(node.selection_set):
        if child.name.value != "iscms" or child.arguments:
            columns.append((child.name.value, STATE_FIELDS[_leaf(child, STATE_FIELDS)]))
            continue
        iscm: list[tuple[str, object]] = []
        for part in _plain_fields(child.selection_set):
            if part.name.value == "recommendations":
                iscm.append(("recommendations", _recommendation_page(part)))
            else:
                iscm.append((part.name.value, ISCM_FIELDS[_leaf(part, ISCM_FIELDS)]))
        columns.append(("iscms", queries.StateIscms(tuple(iscm))))
    return queries.StateSelection(tuple(columns))


def _coverage_selection(node: FieldNode) -> queries.CoverageSelection:
    """Return the compiled selection of `gcmCoverage`: rows, totals and objectives."""

    parts: list[tuple[str, object]] = []
    for child in _plain_fields(node.selection_set):
        name = child.name.value
        if child.arguments:
            raise _Unsupported
        if name == "rows":
            row: list[tuple[str, object]] = []
            for part in _plain_fields(child.selection_set):
                if part.arguments:
                    raise _Unsupported
                if part.name.value == "iscm":
                    row.append(("iscm", ("iscm", _iscm_selection(part))))
                elif part.name.value == "cells":
                    row.append(("cells", ("cells", _columns(part, COVERAGE_CELL_FIELDS))))
                else:
                    row.append((part.name.value, _leaf(part, COVERAGE_ROW_COUNTS)))
            parts.append((name, ("rows", tuple(row))))
        elif name == "totals":
            parts.append((name, ("totals", _columns(child, COVERAGE_CELL_FIELDS))))
        elif name == "objectives":
            parts.append((name, ("objectives", _columns(child, OBJECTIVE_FIELDS))))
        else:
            raise _Unsupported
    return queries.CoverageSelection(tuple(parts))


def _page_arguments(node: FieldNode) -> tuple[int | None, str | None]:
    """Return the literal `first` and `after` of `iscms`, refusing any other argument."""
    first: int | None = None
    after: str | None = None
    for argument in node.arguments or ():
        value = argument.value
        if argument.name.value == "first" and isinstance(value, IntValueNode):
            first = int(value.value)
        elif argument.name.value == "after" and isinstance(value, StringValueNode):
            after = value.value
        else:
            raise _Unsupported
    return first, after


def _columns(node: FieldNode, allowed: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Return (key, column) pairs of a selection of plain leaf fields among `allowed`."""
    return tuple(
        (leaf, allowed[leaf])
        for leaf in (_leaf(f, allowed) for f in _plain_fields(node.selection_set))
    )


def _contribution_selection(node: FieldNode) -> queries.ContributionSelection:
    """Return the compiled selection of a contribution's fields, refusing what is not covered."""
    columns: list[tuple[str, object]] = []
    for child in _plain_fields(node.selection_set):
        name = child.name.value
        if child.arguments:
            raise _Unsupported
        if name == "iscm":
            columns.append((name, _iscm_selection(child)))
        elif name == "reviewProcess":
            columns.append((name, ("reviewProcess", _columns(child, REVIEW_PROCESS_FIELDS))))
        elif name == "gcmObjectives":
            columns.append((name, ("gcmObjectives", _columns(child, OBJECTIVE_FIELDS))))
        else:
            columns.append((name, CONTRIBUTION_FIELDS[_leaf(child, CONTRIBUTION_FIELDS)]))
    return queries.ContributionSelection(tuple(columns))


def _page_selection(node: FieldNode, node_selection: Any = None) -> tuple[tuple[str, object], ...]:
    """Return the compiled parts of a connection, refusing what is not covered.

    `node_selection` compiles an edge's `node` (by default, an ISCM's).
    """
    node_selection = node_selection or _iscm_selection
    parts: list[tuple[str, object]] = []
    for child in _plain_fields(node.selection_set):
        name = child.name.value
        if child.arguments:
            raise _Unsupported
        if name == "totalCount" and child.selection_set is None:
            parts.append((name, "totalCount"))
        elif name == "pageInfo":
            fields = tuple(
                (leaf, leaf)
                for leaf in (_leaf(f, PAGE_INFO_FIELDS) for f in _plain_fields(child.selection_set))
            )
            parts.append((name, ("pageInfo", fields)))
        elif name == "edges":
            edge: list[tuple[str, object]] = []
            for part in _plain_fields(child.selection_set):
                if (
                    part.name.value == "cursor"
                    and part.selection_set is None
                    and not part.arguments
                ):
                    edge.append(("cursor", "cursor"))
                elif part.name.value == "node" and not part.arguments:
                    edge.append(("node", node_selection(part)))
                else:
                    raise _Unsupported
            parts.append((name, ("edges", tuple(edge))))
        else:
            raise _Unsupported
    return tuple(parts)


def plan_operation(document: DocumentNode, operation_name: str | None) -> Plan | None:
    """Return the plan of the document's operation, or None when it is not compilable."""
    if len(document.definitions) != 1:
        return None
    [operation] = document.definitions
    if (
        not isinstance(operation, OperationDefinitionNode)
        or operation.operation is not OperationType.QUERY
        or operation.directives
        or (operation_name is not None and getattr(operation.name, "value", None) != operation_name)
    ):
        return None
    try:
        [root] = _plain_fields(operation.selection_set)
        return _root_plan(root, operation, _depth(operation.selection_set))
    except (_Unsupported, ValueError, KeyError):
        return None


def _root_plan(root: FieldNode, operation: OperationDefinitionNode, depth: int) -> Plan:
    """Return the plan of an operation's only root field, refusing what is not covered."""
    if root.name.value == "iscm":
        slug, variable = _slug_source(root, operation)
        return IscmPlan(operation, _iscm_selection(root), slug, variable, depth)
    if operation.variable_definitions:
        raise _Unsupported
    if root.name.value == "memberState":
        [argument] = root.arguments or (None,)
        if argument is None or argument.name.value != "iso3":
            raise _Unsupported
        if not isinstance(argument.value, StringValueNode):
            raise _Unsupported
        return StatePlan(operation, _state_selection(root), argument.value.value, depth)
    if root.name.value == "iscms":
        first, after = _page_arguments(root)
        selection = queries.IscmPageSelection(_page_selection(root))
        return IscmPagePlan(operation, selection, first, after, depth)
    if root.name.value == "gcmCoverage":
        if root.arguments:
            raise _Unsupported
        return CoveragePlan(operation, _coverage_selection(root), depth)
    if root.name.value == "reviewContributions":
        first, after = _page_arguments(root)
        parts = _page_selection(root, _contribution_selection)
        return ContributionPagePlan(
            operation, queries.ContributionPageSelection(parts), first, after, depth
        )
    raise _Unsupported


class PlanCache:
    """Plans by (document text, operation name), least recently used forgotten first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._plans: OrderedDict[tuple[str, str | None], Plan | None] = OrderedDict()

    def plan(self, query: str, operation_name: str | None, document: DocumentNode) -> Plan | None:
        """Return the cached plan, planning `document` on a miss."""
        key = (query, operation_name)
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        plan = self._plans[key] = plan_operation(document, operation_name)
        while len(self._plans) > self.maxsize:
            self._plans.popitem(last=False)
        return plan


PLANS = PlanCache(PLAN_CACHE_SIZE)


@dataclass(frozen=True)
class Reader:
    """What a compiled operation needs of its request: the session, the limits, who reads."""

    db: RequestSession
    config: ApiConfig
    viewer: Viewer


def within_limits(plan: Plan, graphql_schema: GraphQLSchema, config: ApiConfig) -> bool:
    """Whether schema/limits.py lets the operation run (it refuses it on the normal path)."""
    sizes = (config.default_page_size, config.max_page_size)
    if sizes not in plan.costs:
        plan.costs[sizes] = operation_cost(
            graphql_schema,
            plan.operation,
            {},
            None,
            default_page_size=config.default_page_size,
            max_page_size=config.max_page_size,
        )
    return plan.costs[sizes] <= config.max_cost and plan.depth <= config.max_depth


async def _page_json(plan: IscmPagePlan, reader: Reader) -> str | None:
    """Answer an `iscms` plan, or None when its arguments are for the normal path to refuse."""
    first = reader.config.default_page_size if plan.first is None else plan.first
    if not 0 <= first <= reader.config.max_page_size:
        return None
    try:
        sort = ISCM_SORTS["NAME"]
        after = decode_cursor(sort, plan.after, "after") if plan.after is not None else None
    except ApiError:
        return None  # the normal path reports the bad cursor
    return await queries.iscm_page_json(
        reader.db, "iscms", plan.selection, first, after, reader.viewer
    )


async def _contribution_page_json(plan: ContributionPagePlan, reader: Reader) -> str | None:
    """Answer a `reviewContributions` plan, or None for the normal path to refuse its arguments."""
    first = reader.config.default_page_size if plan.first is None else plan.first
    if not 0 <= first <= reader.config.max_page_size:
        return None
    try:
        sort = queries.CONTRIBUTION_SORT
        after = decode_cursor(sort, plan.after, "after") if plan.after is not None else None
    except ApiError:
        return None  # the normal path reports the bad cursor
    return await queries.contribution_page_json(
        reader.db, "reviewContributions", plan.selection, first, after, reader.viewer
    )


async def _state_json(plan: StatePlan, reader: Reader) -> str | None:
    """Answer a `memberState` plan, or None for the normal path to refuse its arguments."""
    code = plan.iso3.strip().upper()
    if len(code) != 3 or not code.isalpha():
        return None  # the normal path reports the bad code
    sizes = [
        page.first
        for _, iscms in plan.selection.columns
        if isinstance(iscms, queries.StateIscms)
        for _, page in iscms.columns
        if isinstance(page, queries.RecommendationPage) and page.first is not None
    ]
    if not all(0 <= size <= reader.config.max_page_size for size in sizes):
        return None  # the normal path reports the page size
    return await queries.state_by_iso3_json(
        reader.db, "memberState", code, plan.selection, reader.config.default_page_size
    )


async def compiled_response(
    query: str,
    operation_name: str | None,
    document: DocumentNode,
    variables: dict[str, object] | None,
    reader: Reader,
    graphql_schema: GraphQLSchema,
) -> bytes | None:
    """Return the response body of a compilable operation, or None to run it the normal way."""
    plan = PLANS.plan(query, operation_name, document)
    if plan is None or not within_limits(plan, graphql_schema, reader.config):
        return None
    try:
        if isinstance(plan, IscmPagePlan):
            data = await _page_json(plan, reader)
        elif isinstance(plan, ContributionPagePlan):
            data = await _contribution_page_json(plan, reader)
        elif isinstance(plan, StatePlan):
            data = await _state_json(plan, reader)
        elif isinstance(plan, CoveragePlan):
            data = await queries.coverage_json(
                reader.db, "gcmCoverage", plan.selection, reader.viewer, len(OBJECTIVE_NUMBERS)
            )
        else:
            slug = (
                plan.slug
                if plan.slug_variable is None
                else (variables or {}).get(plan.slug_variable)
            )
            if not isinstance(slug, str):
                return None  # the normal path reports the missing or mistyped variable
            data = await queries.iscm_by_slug_json(
                reader.db, "iscm", slug, plan.selection, reader.viewer
            )
    except (PostgresError, InterfaceError, OSError):
        return None  # the normal path reports (and masks) the failure
    if data is None:
        return None
    record = current_record()
    if record is not None:
        record.operation_name = plan.operation.name.value if plan.operation.name else None
        record.operation_type = OperationType.QUERY.value
        record.error_codes = []
    # PostgreSQL's JSON text goes out as it is (with its spaces after colons and commas):
    # re-encoding it would cost more than the statement on a large page.
    return b'{"data":' + data.encode() + b"}"
