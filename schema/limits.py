"""Limits on what one operation may ask for: size, depth, aliases, introspection and cost.

The maxima come from the request's `ApiConfig` (the ISCM_MAX_* settings), so one schema serves
every configuration. Size, depth and aliases are measured before any validation rule runs
(schema/document_shape.py, linear in the document); the rules that follow are graphql-core's,
with the comparisons of its overlapping-fields rule capped (COMPARISON_BUDGET). The cost
depends on variables, so it is computed after validation and before execution. Every refusal
carries `extensions.code = QUERY_TOO_COMPLEX`, names its limit and gives its maximum.
"""

import logging
from collections.abc import Hashable, Mapping
from functools import cache
from typing import Any

import orjson
from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_list_type,
    specified_rules,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from graphql.utilities import value_from_ast_untyped
from graphql.validation.rules import overlapping_fields_can_be_merged
from strawberry.extensions import DisableIntrospection
from strawberry.types import ExecutionContext

from db.lru import ByteLRU, text_bytes
from resolvers.context import ApiConfig
from resolvers.errors import ErrorCode
from schema.document_shape import NOTHING, DocumentShape
from schema.list_sizes import LIST_BOUNDS, MEASURED, PAGE_LISTS, MeasuredSizes, SizeInputs
from schema.text_inputs import NulFreeStringLiterals

log = logging.getLogger("iscm_graph.limits")

DEFAULT_FIELD_COST = 1
# A paged field runs a page query and, when asked, a count: it costs more than a column.
PAGINATED_FIELD_COST = 2
# How many items a list of a schema without bounds (schema/list_sizes.py) is taken to hold.
ASSUMED_LIST_SIZE = 10
PAGE_SIZE_ARGUMENTS = ("first", "last")
COST_METADATA_KEY = "cost"
LIST_SIZE_METADATA_KEY = "list_size"
# graphql-core's overlapping-fields rule compares same-named fields pairwise; past this many
# comparisons it gives up and the document is refused (limit `validation`). A document of
# 5000 tokens stays under 100 ms of validation; real documents use a few hundred at most.
COMPARISON_BUDGET = 10_000
# The rule reads this module attribute each time it starts (its documented setting).
overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = COMPARISON_BUDGET
# Bytes the cost cache keeps until the settings size it (schema/admission.py).
DEFAULT_CACHE_BYTES = 16 * 1024 * 1024

JSON_SAFE_INTEGER = 2**53 - 1

# Costs of particular fields, by "Type.field", for fields that do more work than a column.
# A field can also carry its cost itself: `strawberry.field(metadata=field_cost(10))`.
FIELD_COSTS: dict[str, int] = {}

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


@cache
def validation_rules(introspection: bool) -> tuple[type[ASTValidationRule], ...]:
    """Return the validation rules; the same tuple each time, so caches keyed on it hit."""
    rules: list[type[ASTValidationRule]] = list(specified_rules)
    if not introspection:
        rules.extend(DisableIntrospection().validation_rules)
    rules.append(NulFreeStringLiterals)
    return tuple(rules)


def shape_errors(document: DocumentNode, config: ApiConfig) -> list[GraphQLError]:
    """Return the refusals of a document too big, too deep or with too many aliases.

    Depth is per operation; fields and aliases are summed over the document's operations,
    since validation walks every operation, not only the one that runs.
    """
    errors = []
    total = NOTHING
    for operation, shape in DocumentShape(document).operation_shapes():
        total += shape
        if shape.depth > config.max_depth:
            name = operation.name.value if operation.name else "anonymous"
            errors.append(
                limit_error(
                    f"'{name}' exceeds maximum operation depth of {config.max_depth}",
                    "depth",
                    config.max_depth,
                    nodes=operation,
                )
            )
    if total.fields > config.max_selections:
        errors.append(
            limit_error(
                f"The document selects {total.fields} fields once its fragments are spread;"
                f" the maximum is {config.max_selections}.",
                "selections",
                config.max_selections,
            )
        )
    if total.aliases > config.max_aliases:
        errors.append(
            limit_error(
                f"{total.aliases} aliases found. Allowed: {config.max_aliases}",
                "aliases",
                config.max_aliases,
            )
        )
    return errors


def config_of(context: Any) -> ApiConfig:
    """Return the ApiConfig of a request's context, or the defaults outside a request."""
    config = getattr(context, "config", None)
    return config if isinstance(config, ApiConfig) else ApiConfig()


def request_config(execution_context: ExecutionContext) -> ApiConfig:
    """Return the ApiConfig of the request, or the defaults outside a request."""
    return config_of(execution_context.context)


@cache
def introspection_sizes(schema: GraphQLSchema) -> dict[str, Any]:
    """The sizes of the introspection lists of `schema`, measured from the schema itself.

    `maxima`: the most items one object's list holds (the fields of the widest type, ...).
    `whole`: lists holding every item of their kind at once (`__schema { types }`), and
    `totals`: their items' lists summed over the kind (all the fields of all the types), with
    whether those items are again every item of their kind. Below a whole list, nested lists
    count what they hold in total, not their widest member times the number of items: the
    standard introspection query costs what it returns.
    """
    types = list(schema.type_map.values())
    with_fields = [t for t in types if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType))]
    inputs = [t for t in types if isinstance(t, GraphQLInputObjectType)]
    enums = [t for t in types if isinstance(t, GraphQLEnumType)]
    fields = [f for t in with_fields for f in t.fields.values()]
    interfaces = [len(t.interfaces) for t in with_fields]
    possible = [
        len(schema.get_possible_types(t))
        for t in types
        if isinstance(t, (GraphQLInterfaceType, GraphQLUnionType))
    ]
    directive_args = [len(d.args) for d in schema.directives]
    return {
        "maxima": {
            "__Schema.types": len(types),
            "__Schema.directives": len(schema.directives),
            "__Type.fields": max((len(t.fields) for t in with_fields), default=0),
            "__Type.interfaces": max(interfaces, default=0),
            "__Type.possibleTypes": max(possible, default=0),
            "__Type.enumValues": max((len(t.values) for t in enums), default=0),
            "__Type.inputFields": max((len(t.fields) for t in inputs), default=0),
            "__Field.args": max((len(f.args) for f in fields), default=0),
            "__Directive.args": max(directive_args, default=0),
        },
        "whole": {"__Schema.types": len(types), "__Schema.directives": len(schema.directives)},
        "totals": {
            "__Type.fields": (len(fields), True),
            "__Field.args": (sum(len(f.args) for f in fields), True),
            "__Type.inputFields": (sum(len(t.fields) for t in inputs), True),
            "__Type.enumValues": (sum(len(t.values) for t in enums), True),
            "__Type.interfaces": (sum(interfaces), False),
            "__Type.possibleTypes": (sum(possible), False),
            "__Directive.args": (sum(directive_args), True),
        },
    }


class OperationCost:
    """The cost of one operation: each field's cost times the list sizes above it, summed.

    A paged field (one with `first`/`last`) multiplies its subtree by its page size (the
    default page size without either); the lists directly under it (`edges`) are that page,
    so they do not multiply again. Any other list multiplies by its bound
    (schema/list_sizes.py), so nesting unpaged lists cannot fan out unseen. Cost is linear in
    the multiplier a selection is reached with, so each fragment is costed once, whatever the
    number of times it is spread.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        config: ApiConfig,
        measures: MeasuredSizes,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.config = config
        self.measures = measures
        self.introspection = introspection_sizes(schema)
        self._fragment_costs: dict[tuple[str, bool, int | None], int] = {}
        self._costing: set[str] = set()

    def selection_set(
        self,
        parent: Any,
        selection_set: SelectionSetNode,
        *,
        in_page: bool = False,
        whole: int | None = None,
    ) -> int:
        """Return the cost of a selection set on `parent`, reached once.

        `in_page` says the selection is that of a paged field, whose lists are the page;
        `whole`, that it is the selection of every item of its kind, that many of them.
        """
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection, in_page=in_page, whole=whole)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(
                    on or parent, selection.selection_set, in_page=in_page, whole=whole
                )
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, in_page=in_page, whole=whole)
        return total

    def fragment(self, name: str, *, in_page: bool = False, whole: int | None = None) -> int:
        """Return the cost of the named fragment, reached once."""
        key = (name, in_page, whole)
        if key in self._fragment_costs:
            return self._fragment_costs[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._costing:  # validation refuses both
            return 0
        self._costing.add(name)
        on = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.selection_set(on, fragment.selection_set, in_page=in_page, whole=whole)
        self._costing.discard(name)
        self._fragment_costs[key] = cost
        return cost

    def field(
        self, parent: Any, node: FieldNode, *, in_page: bool = False, whole: int | None = None
    ) -> int:
        """Return the cost of one field and of its subtree times its list size."""
        name = node.name.value
        if name == "__typename":
            return 0
        count = whole or 1
        definition = self._definition(parent, name)
        if definition is None:
            return count * DEFAULT_FIELD_COST
        key = f"{getattr(parent, 'name', '')}.{name}"
        metadata = self._metadata(definition)
        cost = count * self._weight(key, definition, metadata)
        if node.selection_set is None:
            return cost
        return cost + self._subtree(
            key, definition, node, node.selection_set, metadata, in_page=in_page, whole=whole
        )

    def _subtree(
        self,
        key: str,
        definition: GraphQLField,
        node: FieldNode,
        selection: SelectionSetNode,
        metadata: Mapping[str, Any],
        *,
        in_page: bool,
        whole: int | None,
    ) -> int:
        """Return the cost of a field's selection, for every time the field is reached."""
        child = get_named_type(definition.type)
        totals = self.introspection["totals"]
        if whole is not None and key in totals:
            items, every_item = totals[key]
            if every_item:
                return self.selection_set(child, selection, whole=items)
            return items * self.selection_set(child, selection)
        if key in self.introspection["whole"]:
            return self.selection_set(child, selection, whole=self.introspection["whole"][key])
        size = self._list_size(key, definition, node, metadata, in_page=in_page)
        return (
            (whole or 1) * size * self.selection_set(child, selection, in_page=is_paged(definition))
        )

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
                    return min(max(size, 0), self.config.max_page_size)
            return self.config.default_page_size
        if key in LIST_SIZE_ARGUMENTS:
            items = self._value(arguments.get(LIST_SIZE_ARGUMENTS[key]))
            return len(items) if isinstance(items, list) else 1
        if in_page or not is_list_type(get_nullable_type(definition.type)):
            return 1
        return self._bound(key, node, arguments, metadata)

    def _bound(
        self,
        key: str,
        node: FieldNode,
        arguments: Mapping[str, ValueNode],
        metadata: Mapping[str, Any],
    ) -> int:
        """Return the most items an unpaged list can hold."""
        if key in self.introspection["maxima"]:
            return self.introspection["maxima"][key]
        bound = LIST_BOUNDS.get(key)
        if bound is not None:
            values = {name: self._value(value) for name, value in arguments.items()}
            inputs = SizeInputs(
                self.measures, values, self.config.max_page_size, self.config.max_import_items
            )
            return bound(inputs)
        if node.name.value in PAGE_LISTS:
            return self.config.max_page_size
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
    config: ApiConfig,
    measures: MeasuredSizes | None = None,
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
    counter = OperationCost(schema, fragments, values, config, measures or MEASURED)
    return counter.selection_set(root, operation.selection_set)


# Costs by document text, operation, variables, settings and the list sizes measured.
COST_CACHE: ByteLRU[Hashable, int] = ByteLRU("costs", DEFAULT_CACHE_BYTES)


def cost_key(
    schema: GraphQLSchema,
    query: str,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    config: ApiConfig,
) -> tuple[Hashable, int] | None:
    """Return what an operation's cost depends on and what that key weighs, or None when it
    cannot be a cache key."""
    try:
        encoded = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    key = (
        id(schema),
        query,
        operation_name,
        encoded,
        config.default_page_size,
        config.max_page_size,
        config.max_import_items,
        MEASURED.version,
    )
    return key, text_bytes(query) + len(encoded)


def cost_refusal(execution_context: ExecutionContext) -> GraphQLError | None:
    """Return the refusal of a valid operation whose cost is above the maximum, or None."""
    document = execution_context.graphql_document
    if document is None or execution_context.query is None:
        return None
    return refusal_by_cost(
        execution_context.schema._schema,
        document,
        execution_context.query,
        execution_context.operation_name,
        execution_context.variables,
        request_config(execution_context),
        getattr(execution_context.context, "request_id", None),
    )


def refusal_by_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    query: str,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    config: ApiConfig,
    request_id: str | None,
) -> GraphQLError | None:
    """Return the refusal of `document` (the valid parse of `query`) when its operation costs
    more than the maximum with these variables, or None; costs are cached."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    keyed = cost_key(schema, query, operation_name, variables, config)
    cost = COST_CACHE.get(keyed[0]) if keyed is not None else None
    try:
        if cost is None:
            fragments = {
                definition.name.value: definition
                for definition in document.definitions
                if isinstance(definition, FragmentDefinitionNode)
            }
            cost = operation_cost(schema, operation, fragments, variables, config)
            if keyed is not None:
                COST_CACHE.put(keyed[0], cost, keyed[1])
    except Exception:
        # Fail closed: an operation that cannot be costed does not run.
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
    # Beyond 2^53 a JSON number loses precision in JavaScript clients (and orjson stops at 2^64).
    reported = min(cost, JSON_SAFE_INTEGER)
    return limit_error(
        f"The operation would cost {'more than ' if cost > reported else ''}{reported}; the "
        f"maximum is {config.max_cost}. Ask for smaller pages (`first`/`last`) or fewer nested"
        " lists.",
        "cost",
        config.max_cost,
        cost=reported,
    )
