"""Limits on what one operation may ask for: depth, tokens, aliases, introspection and cost.

The maxima come from the request's `ApiConfig` (the ISCM_MAX_* settings), so one schema serves
every configuration. Depth, alias and introspection checks are validation rules (cached with
the document); the cost depends on variables, so it is computed after validation and before
execution. Every refusal carries `extensions.code = QUERY_TOO_COMPLEX` and names its limit.
"""

import logging
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping
from functools import cache
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_list_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from graphql.utilities import value_from_ast_untyped
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType as StrawberryOperationType

from resolvers.context import ApiConfig
from resolvers.errors import ErrorCode
from schema.text_inputs import NulFreeStringLiterals, nul_error, variable_holding_nul

log = logging.getLogger("iscm_graph.limits")

DEFAULT_FIELD_COST = 1
# A paged field runs a page query and, when asked, a count: it costs more than a column.
PAGINATED_FIELD_COST = 2
# How many items an unpaged list is taken to hold (e.g. an ISCM's members).
ASSUMED_LIST_SIZE = 10
PAGE_SIZE_ARGUMENTS = ("first", "last")
COST_METADATA_KEY = "cost"
LIST_SIZE_METADATA_KEY = "list_size"

# Costs of particular fields, by "Type.field", for fields that do more work than a column.
# A field can also carry its cost itself: `strawberry.field(metadata=field_cost(10))`.
FIELD_COSTS: dict[str, int] = {}

# Sizes of particular unpaged lists, by "Type.field", when ASSUMED_LIST_SIZE is far off.
# A field can also carry it: `strawberry.field(metadata=assumed_list_size(200))`.
LIST_SIZES: dict[str, int] = {}

# Fields returning one item per element of a list argument, by "Type.field".
LIST_SIZE_ARGUMENTS: dict[str, str] = {
    "Query._entities": "representations",
    "Query.nodes": "ids",
}


def field_cost(cost: int) -> dict[str, int]:
    """Return the field metadata that gives a field its cost."""
    return {COST_METADATA_KEY: cost}


def assumed_list_size(size: int) -> dict[str, int]:
    """Return the field metadata that says how many items an unpaged list holds."""
    return {LIST_SIZE_METADATA_KEY: size}


def limit_error(
    message: str, limit: str, maximum: int, *, nodes: Any = None, **details: Any
) -> GraphQLError:
    """Build the error of an operation refused by a limit."""
    return GraphQLError(
        message,
        nodes,
        extensions={
            "code": ErrorCode.QUERY_TOO_COMPLEX.value,
            "limit": limit,
            "maximum": maximum,
            **details,
        },
    )


class _LimitReportingContext:
    """A ValidationContext that tags what a limit rule reports with the limit it enforces."""

    def __init__(self, context: ValidationContext, limit: str, maximum: int) -> None:
        self._context = context
        self._limit = limit
        self._maximum = maximum

    def report_error(self, error: GraphQLError) -> None:
        """Report `error` as a QUERY_TOO_COMPLEX refusal of this limit."""
        self._context.report_error(
            limit_error(error.message, self._limit, self._maximum, nodes=error.nodes)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _tagged(rule: type[ValidationRule], limit: str, maximum: int) -> type[ValidationRule]:
    """Wrap a Strawberry limit rule so its errors carry the code and the limit."""

    class LimitRule(rule):  # type: ignore[valid-type, misc]
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(_LimitReportingContext(context, limit, maximum))  # type: ignore[arg-type]

    LimitRule.__name__ = LimitRule.__qualname__ = f"{limit.capitalize()}LimitRule"
    return LimitRule


@cache
def validation_rules(
    max_depth: int, max_aliases: int, introspection: bool
) -> tuple[type[ValidationRule], ...]:
    """Return the limit rules for these maxima; the same classes each time, so caches hit."""
    rules = [
        *(_tagged(r, "depth", max_depth) for r in QueryDepthLimiter(max_depth).validation_rules),
        *(
            _tagged(r, "aliases", max_aliases)
            for r in MaxAliasesLimiter(max_aliases).validation_rules
        ),
    ]
    if not introspection:
        rules.extend(DisableIntrospection().validation_rules)
    rules.append(NulFreeStringLiterals)
    return tuple(rules)


def request_config(execution_context: ExecutionContext) -> ApiConfig:
    """Return the ApiConfig of the request, or the defaults outside a request."""
    config = getattr(execution_context.context, "config", None)
    return config if isinstance(config, ApiConfig) else ApiConfig()


class OperationCost:
    """The cost of one operation: each field's cost times the list sizes above it, summed.

    A paged field (one with `first`/`last`) multiplies its subtree by its page size; the
    lists directly under it (`edges`) are that page, so they do not multiply again. Any
    other list multiplies by its assumed size, so nesting unpaged lists cannot fan out
    unseen. Cost is linear in the multiplier a selection is reached with, so each fragment
    is costed once, whatever the number of times it is spread.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        *,
        default_page_size: int,
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        self._fragment_costs: dict[tuple[str, bool], int] = {}
        self._costing: set[str] = set()

    def selection_set(
        self, parent: Any, selection_set: SelectionSetNode, *, in_page: bool = False
    ) -> int:
        """Return the cost of a selection set on `parent`, reached once.

        `in_page` says the selection is that of a paged field, whose lists are the page.
        """
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection, in_page=in_page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(on or parent, selection.selection_set, in_page=in_page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, in_page=in_page)
        return total

    def fragment(self, name: str, *, in_page: bool = False) -> int:
        """Return the cost of the named fragment, reached once."""
        if (name, in_page) in self._fragment_costs:
            return self._fragment_costs[name, in_page]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._costing:  # validation refuses both
            return 0
        self._costing.add(name)
        on = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.selection_set(on, fragment.selection_set, in_page=in_page)
        self._costing.discard(name)
        self._fragment_costs[name, in_page] = cost
        return cost

    def field(self, parent: Any, node: FieldNode, *, in_page: bool = False) -> int:
        """Return the cost of one field and of its subtree times its list size."""
        name = node.name.value
        if name == "__typename":
            return 0
        definition = self._definition(parent, name)
        if definition is None:
            return DEFAULT_FIELD_COST
        key = f"{getattr(parent, 'name', '')}.{name}"
        metadata = self._metadata(definition)
        cost = self._weight(key, definition, metadata)
        if node.selection_set is not None:
            child = get_named_type(definition.type)
            paged = is_paged(definition)
            size = self._list_size(key, definition, node, metadata, in_page=in_page)
            cost += size * self.selection_set(child, node.selection_set, in_page=paged)
        return cost

    def _definition(self, parent: Any, name: str) -> GraphQLField | None:
        if parent is self.schema.query_type and name == "__schema":
            return SchemaMetaFieldDef
        if parent is self.schema.query_type and name == "__type":
            return TypeMetaFieldDef
        if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return parent.fields.get(name)
        return None

    def _metadata(self, definition: GraphQLField) -> Mapping[str, Any]:
        strawberry_field = (definition.extensions or {}).get("strawberry-definition")
        return getattr(strawberry_field, "metadata", None) or {}

    def _weight(self, key: str, definition: GraphQLField, metadata: Mapping[str, Any]) -> int:
        if key in FIELD_COSTS:
            return FIELD_COSTS[key]
        if COST_METADATA_KEY in metadata:
            return int(metadata[COST_METADATA_KEY])
        return PAGINATED_FIELD_COST if is_paged(definition) else DEFAULT_FIELD_COST

    def _list_size(
        self,
        key: str,
        definition: GraphQLField,
        node: FieldNode,
        metadata: Mapping[str, Any],
        *,
        in_page: bool,
    ) -> int:
        arguments = {argument.name.value: argument.value for argument in node.arguments or ()}
        if is_paged(definition):
            for argument in PAGE_SIZE_ARGUMENTS:
                size = self._value(arguments.get(argument))
                if isinstance(size, int) and not isinstance(size, bool):
                    # The resolver refuses pages above the maximum, so none costs more.
                    return min(max(size, 0), self.max_page_size)
            return self.default_page_size
        if key in LIST_SIZE_ARGUMENTS:
            items = self._value(arguments.get(LIST_SIZE_ARGUMENTS[key]))
            return len(items) if isinstance(items, list) else 1
        if in_page or not is_list_type(get_nullable_type(definition.type)):
            return 1
        if key in LIST_SIZES:
            return LIST_SIZES[key]
        return int(metadata.get(LIST_SIZE_METADATA_KEY, ASSUMED_LIST_SIZE))

    def _value(self, node: ValueNode | None) -> Any:
        if node is None:
            return None
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        return value_from_ast_untyped(node, dict(self.variables))


def is_paged(definition: GraphQLField) -> bool:
    """Whether a field pages its results with `first`/`last`."""
    return any(argument in definition.args for argument in PAGE_SIZE_ARGUMENTS)


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    *,
    default_page_size: int,
    max_page_size: int,
) -> int:
    """Return the cost of `operation` with these variables (defaults filled in)."""
    values = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    values.update(variables or {})
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    counter = OperationCost(
        schema,
        fragments,
        values,
        default_page_size=default_page_size,
        max_page_size=max_page_size,
    )
    return counter.selection_set(root, operation.selection_set)


class CostCache:
    """A bounded LRU of operation costs: the same document and variables cost the same."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._costs: OrderedDict[Hashable, int] = OrderedDict()

    def get(self, key: Hashable) -> int | None:
        """Return the cached cost of `key`, or None."""
        cost = self._costs.get(key)
        if cost is not None:
            self._costs.move_to_end(key)
        return cost

    def put(self, key: Hashable, cost: int) -> None:
        """Remember the cost of `key`, forgetting the least recently used beyond the maximum."""
        self._costs[key] = cost
        self._costs.move_to_end(key)
        while len(self._costs) > self.maxsize:
            self._costs.popitem(last=False)


COST_CACHE = CostCache(maxsize=1024)


def cost_key(execution_context: ExecutionContext, config: ApiConfig) -> Hashable | None:
    """Return what an operation's cost depends on, or None when it cannot be a cache key."""
    query = execution_context.query
    if query is None:
        return None
    try:
        variables = orjson.dumps(execution_context.variables or {}, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    return (
        id(execution_context.schema),
        query,
        execution_context.operation_name,
        variables,
        config.default_page_size,
        config.max_page_size,
    )


class OperationLimits(SchemaExtension):
    """Refuse operations too deep, too long, with too many aliases or too costly to run."""

    def on_operation(self) -> Iterator[None]:
        """Install the depth, alias and introspection rules, and the token limit."""
        execution_context = self.execution_context
        config = request_config(execution_context)
        execution_context.validation_rules = (
            *execution_context.validation_rules,
            *validation_rules(config.max_depth, config.max_aliases, config.introspection),
        )
        tokens = MaxTokensLimiter(max_token_count=config.max_tokens)
        tokens.execution_context = execution_context
        yield from tokens.on_operation()

    def on_execute(self) -> Iterator[None]:
        """Refuse a valid operation whose cost is above the maximum, before it runs."""
        execution_context = self.execution_context
        # Mutations validate their inputs field by field and name the field in the payload.
        variable = (
            variable_holding_nul(execution_context.variables)
            if execution_context.operation_type is not StrawberryOperationType.MUTATION
            else None
        )
        refusal = (
            nul_error(f"Variable ${variable}")
            if variable is not None
            else self._cost_refusal(execution_context)
        )
        if refusal is not None:
            # Strawberry answers what on_execute raises as a pre-execution error, for queries,
            # mutations and subscriptions alike.
            raise refusal
        yield

    def _cost_refusal(self, execution_context: ExecutionContext) -> GraphQLError | None:
        config = request_config(execution_context)
        document = execution_context.graphql_document
        if document is None:
            return None
        operation = get_operation_ast(document, execution_context.operation_name)
        if operation is None:
            return None
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        key = cost_key(execution_context, config)
        cost = COST_CACHE.get(key) if key is not None else None
        try:
            if cost is None:
                cost = operation_cost(
                    execution_context.schema._schema,
                    operation,
                    fragments,
                    execution_context.variables,
                    default_page_size=config.default_page_size,
                    max_page_size=config.max_page_size,
                )
                if key is not None:
                    COST_CACHE.put(key, cost)
        except Exception:
            # Fail closed: an operation that cannot be costed does not run.
            request_id = getattr(execution_context.context, "request_id", None)
            log.exception("limits.cost_failed request_id=%s", request_id)
            return GraphQLError(
                f"Internal server error (request {request_id}).",
                extensions={
                    "code": ErrorCode.INTERNAL_SERVER_ERROR.value,
                    "requestId": request_id,
                },
            )
        if cost <= config.max_cost:
            return None
        return limit_error(
            f"The operation would cost {cost}; the maximum is {config.max_cost}. "
            "Ask for smaller pages (`first`/`last`) or fewer nested lists.",
            "cost",
            config.max_cost,
            cost=cost,
        )
