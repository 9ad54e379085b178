"""Compiled reads: an operation made only of supported database fields runs as ONE SQL statement.

Supported today (no aliases, fragments, directives or `__typename`): `iscm(slug:)` with plain
scalar fields, `members`/`observers` with plain State scalar fields, `thematicAreas` and
`gcmObjectives { objective recommendationCount contributionCount }` (visibility applied in the
statement); `iscms(first:, after:)` with the same node fields;
`reviewContributions(first:, after:)` in its default order (newest first) with scalars, `id`,
`iscm`, `reviewProcess` and `gcmObjectives`, visibility applied in the statement;
`memberState(iso3:)` with scalars and `iscms { ... recommendations(first:, orderBy:) { edges {
node } } }`; and `gcmCoverage` (no filter) with `rows { iscm cells recommendationCount
contributionCount }`, `totals` and `objectives`. Root arguments are literals or variables;
nested ones are literals.

The plan is made once per document text and operation name. PostgreSQL builds the response
JSON, and its text goes to the client as it is, without graphql-core field completion or
re-encoding. Anything else returns None and runs on the normal (DataLoader) path, which stays
the reference: tests/test_compiled*.py check that both agree.
"""

from collections.abc import Awaitable, Callable, Mapping
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

from db.lru import ByteLRU, text_bytes
from db.pagination import SortKey
from db.queries import compiled as queries
from db.queries.catalogue import ISCM_SORTS
from db.queries.viewer import Viewer
from db.session import RequestSession
from resolvers.context import ApiConfig
from resolvers.errors import ApiError
from resolvers.pagination import decode_cursor
from resolvers.request_record import current_record
from schema.analysis import OBJECTIVE_NUMBERS
from schema.document_shape import document_bytes
from schema.enums import SortDirection
from schema.limits import DEFAULT_CACHE_BYTES, operation_cost
from schema.list_sizes import MEASURED
from schema.orderings import RecommendationOrder, RecommendationOrderField
from schema.text_inputs import NUL

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


INT_RANGE = range(-(2**31), 2**31)  # GraphQL's Int


class _Unsupported(Exception):
    """The operation uses something the compiler does not cover."""


class _NormalPath(Exception):
    """This request's variables are for the normal path to judge (and to refuse)."""


@dataclass(frozen=True)
class Argument:
    """A root field argument: its literal value, or the variable that holds it."""

    kind: str  # its GraphQL type: Int or String
    literal: object = None
    variable: str | None = None
    required: bool = False  # the variable is declared non-null

    def value(self, variables: Mapping[str, object] | None) -> object:
        """Return the argument's value in this request (None: not given).

        Raise _NormalPath when the variables would not coerce, for the normal path to say why.
        """
        if self.variable is None:
            return self.literal
        value = (variables or {}).get(self.variable)
        if value is None:
            if self.required:
                raise _NormalPath
            return None
        if self.kind == "Int" and not (type(value) is int and value in INT_RANGE):
            raise _NormalPath
        if self.kind == "String" and not (isinstance(value, str) and NUL not in value):
            raise _NormalPath
        return value


# Root fields the compiler covers, with their arguments: name -> (GraphQL type, non-null).
ROOT_ARGUMENTS: dict[str, dict[str, tuple[str, bool]]] = {
    "iscm": {"slug": ("String", True)},
    "iscms": {"first": ("Int", False), "after": ("String", False)},
    "reviewContributions": {"first": ("Int", False), "after": ("String", False)},
    "memberState": {"iso3": ("String", True)},
    "gcmCoverage": {},
}


# Costs a plan remembers (by page size and list sizes measured) before it forgets them all.
COSTS_PER_PLAN = 128


@dataclass(frozen=True)
class Plan:
    """How to answer one compiled operation: its root field's selection and arguments."""

    root: str  # a key of ROOT_ARGUMENTS
    operation: OperationDefinitionNode
    selection: Any  # the root field's compiled selection (db/queries/compiled.py)
    arguments: dict[str, Argument]
    depth: int
    # schema/limits.py's cost, by page sizes (settings and the request's `first`).
    costs: dict[tuple[object, ...], int] = field(default_factory=dict, compare=False)


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


def _root_arguments(root: FieldNode, operation: OperationDefinitionNode) -> dict[str, Argument]:
    """Return the root field's arguments, literals or variables.

    Refuse what validation could refuse, for the normal path to report: unknown, repeated or
    missing arguments, literals of another kind, variables undeclared, unused, of another
    type, nullable where the argument is not, with defaults or directives.
    """
    expected = ROOT_ARGUMENTS[root.name.value]
    declared = {d.variable.name.value: d for d in operation.variable_definitions or ()}
    if len(declared) != len(operation.variable_definitions or ()):
        raise _Unsupported
    found: dict[str, Argument] = {}
    for argument in root.arguments or ():
        name, value = argument.name.value, argument.value
        if name not in expected or name in found:
            raise _Unsupported
        kind, non_null = expected[name]
        if isinstance(value, VariableNode):
            definition = declared.get(value.name.value)
            if definition is None or definition.default_value is not None or definition.directives:
                raise _Unsupported
            required = isinstance(definition.type, NonNullTypeNode)
            named = definition.type.type if required else definition.type  # type: ignore[union-attr]
            if not isinstance(named, NamedTypeNode) or named.name.value != kind:
                raise _Unsupported
            if non_null and not required:
                raise _Unsupported
            found[name] = Argument(kind, variable=value.name.value, required=required)
        elif kind == "Int" and isinstance(value, IntValueNode) and int(value.value) in INT_RANGE:
            found[name] = Argument(kind, literal=int(value.value))
        elif kind == "String" and isinstance(value, StringValueNode) and NUL not in value.value:
            found[name] = Argument(kind, literal=value.value)
        else:
            raise _Unsupported
    if {a.variable for a in found.values() if a.variable} != set(declared):
        raise _Unsupported
    if any(non_null and name not in found for name, (_, non_null) in expected.items()):
        raise _Unsupported
    return found


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


# Root field -> how to compile its selection.
SELECTIONS: dict[str, Callable[[FieldNode], object]] = {
    "iscm": _iscm_selection,
    "iscms": lambda root: queries.IscmPageSelection(_page_selection(root)),
    "reviewContributions": lambda root: queries.ContributionPageSelection(
        _page_selection(root, _contribution_selection)
    ),
    "memberState": _state_selection,
    "gcmCoverage": _coverage_selection,
}


def _root_plan(root: FieldNode, operation: OperationDefinitionNode, depth: int) -> Plan:
    """Return the plan of an operation's only root field, refusing what is not covered."""
    name = root.name.value
    arguments = _root_arguments(root, operation)
    return Plan(name, operation, SELECTIONS[name](root), arguments, depth)


class PlanCache:
    """Plans by (document text, operation name), least recently used forgotten first."""

    def __init__(self, max_bytes: int) -> None:
        self.plans: ByteLRU[tuple[str, str | None], Plan | None] = ByteLRU("plans", max_bytes)

    def plan(self, query: str, operation_name: str | None, document: DocumentNode) -> Plan | None:
        """Return the cached plan, planning `document` on a miss."""
        key = (query, operation_name)
        return self.plans.get_or_put(
            key,
            lambda: plan_operation(document, operation_name),
            # A plan keeps the whole parsed document alive (its operation points into it).
            lambda plan: document_bytes(query, document) if plan is not None else text_bytes(query),
        )


PLANS = PlanCache(DEFAULT_CACHE_BYTES)


@dataclass(frozen=True)
class Reader:
    """What a compiled operation needs of its request: the session, the limits, who reads."""

    db: RequestSession
    config: ApiConfig
    viewer: Viewer


def within_limits(
    plan: Plan, values: dict[str, object], graphql_schema: GraphQLSchema, config: ApiConfig
) -> bool:
    """Whether schema/limits.py lets the operation run (it refuses it on the normal path)."""
    # The cost depends on the page sizes only (the settings' and the request's `first`, which
    # the cost clips to the largest page) and on the list sizes measured.
    first = values.get("first")
    page = (
        min(max(first, 0), config.max_page_size)
        if isinstance(first, int) and not isinstance(first, bool)
        else None
    )
    key = (config.default_page_size, config.max_page_size, page, MEASURED.version)
    if key not in plan.costs:
        if len(plan.costs) >= COSTS_PER_PLAN:
            plan.costs.clear()  # costs of list sizes measured before, or many page sizes
        variables = {
            argument.variable: values[name]
            for name, argument in plan.arguments.items()
            if argument.variable is not None
        }
        plan.costs[key] = operation_cost(
            graphql_schema,
            plan.operation,
            {},  # no fragments: compiled operations have none
            variables,
            config,
        )
    return plan.costs[key] <= config.max_cost and plan.depth <= config.max_depth


def _page(values: dict[str, object], sort: SortKey, config: ApiConfig) -> tuple[int, Any]:
    """Return a page's size and decoded `after` cursor; raise _NormalPath on bad ones."""
    first = config.default_page_size if values.get("first") is None else values["first"]
    if not isinstance(first, int) or not 0 <= first <= config.max_page_size:
        raise _NormalPath
    after = values.get("after")
    try:
        return first, decode_cursor(sort, after, "after") if isinstance(after, str) else None
    except ApiError:
        raise _NormalPath from None  # the normal path reports the bad cursor


async def _iscm_json(plan: Plan, values: dict[str, object], reader: Reader) -> str:
    """Answer `iscm(slug:)`."""
    slug = str(values["slug"])
    return await queries.iscm_by_slug_json(reader.db, "iscm", slug, plan.selection, reader.viewer)


async def _iscm_page_json(plan: Plan, values: dict[str, object], reader: Reader) -> str:
    """Answer `iscms(first:, after:)` (by name)."""
    first, after = _page(values, ISCM_SORTS["NAME"], reader.config)
    return await queries.iscm_page_json(
        reader.db, "iscms", plan.selection, first, after, reader.viewer
    )


async def _contribution_page_json(plan: Plan, values: dict[str, object], reader: Reader) -> str:
    """Answer `reviewContributions(first:, after:)` (newest first)."""
    first, after = _page(values, queries.CONTRIBUTION_SORT, reader.config)
    return await queries.contribution_page_json(
        reader.db, "reviewContributions", plan.selection, first, after, reader.viewer
    )


async def _state_json(plan: Plan, values: dict[str, object], reader: Reader) -> str:
    """Answer `memberState(iso3:)`."""
    code = str(values["iso3"]).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise _NormalPath  # the normal path reports the bad code
    sizes = [
        page.first
        for _, iscms in plan.selection.columns
        if isinstance(iscms, queries.StateIscms)
        for _, page in iscms.columns
        if isinstance(page, queries.RecommendationPage) and page.first is not None
    ]
    if not all(0 <= size <= reader.config.max_page_size for size in sizes):
        raise _NormalPath  # the normal path reports the page size
    return await queries.state_by_iso3_json(
        reader.db,
        "memberState",
        code,
        plan.selection,
        reader.config.default_page_size,
        reader.viewer,
    )


async def _coverage_json(plan: Plan, _values: dict[str, object], reader: Reader) -> str:
    """Answer `gcmCoverage` (no filter)."""
    return await queries.coverage_json(
        reader.db, "gcmCoverage", plan.selection, reader.viewer, len(OBJECTIVE_NUMBERS)
    )


ANSWERS: dict[str, Callable[[Plan, dict[str, object], Reader], Awaitable[str]]] = {
    "iscm": _iscm_json,
    "iscms": _iscm_page_json,
    "reviewContributions": _contribution_page_json,
    "memberState": _state_json,
    "gcmCoverage": _coverage_json,
}


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
    if plan is None:
        return None
    try:
        values = {name: argument.value(variables) for name, argument in plan.arguments.items()}
        if not within_limits(plan, values, graphql_schema, reader.config):
            return None
        data = await ANSWERS[plan.root](plan, values, reader)
    except _NormalPath:
        return None
    except (PostgresError, InterfaceError, OSError):
        return None  # the normal path reports (and masks) the failure
    record = current_record()
    if record is not None:
        record.operation_name = plan.operation.name.value if plan.operation.name else None
        record.operation_type = OperationType.QUERY.value
        record.error_codes = []
    # PostgreSQL's JSON text goes out as it is (with its spaces after colons and commas):
    # re-encoding it would cost more than the statement on a large page.
    return b'{"data":' + data.encode() + b"}"
