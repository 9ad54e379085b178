"""Variable and argument values as graphql-core coerces them, from templates made once per
document.

graphql-core works a document's literals, argument defaults and variable types out again on
every request (`get_variable_values`, `get_argument_values`): for an operation with a filter
and a few variables that is most of the Python its reads cost. What does not depend on the
request (literals without variables, defaults, the variables' types) is the same every time,
so it is worked out once per document (`DocumentFacts`, schema/read_path/plans.py) with
graphql-core's own functions; per request only the variables are filled in, under the rules
graphql-core applies (a missing variable is an absent value, null is refused where the type
is non-null, lists take a single item), by a coercer made once per type (`coercer_of`).

Anything a template is not sure of (a value graphql-core would refuse, a `@oneOf` input, a
custom scalar's literal holding variables) is handed to graphql-core itself, so the values and
the errors are always graphql-core's.
"""

from collections.abc import Callable, Collection
from functools import cache
from typing import Any

from graphql import (
    DirectiveNode,
    FieldNode,
    GraphQLArgument,
    GraphQLDirective,
    GraphQLError,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLNamedType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    Undefined,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    assert_leaf_type,
    is_input_object_type,
    is_list_type,
    is_non_null_type,
    is_required_argument,
    is_required_input_field,
)
from graphql.execution.get_variable_signature import (
    GraphQLVariableSignature,
    get_variable_signature,
)
from graphql.execution.values import (
    VariableValues,
    VariableValuesOrErrors,
    VariableValueSource,
    get_argument_values,
    get_variable_values,
)
from graphql.language.parser import MAX_NESTING_DEPTH
from graphql.utilities.coerce_input_value import (
    coerce_default_value,
    coerce_input_literal,
)

# Reads one value from the request's coerced variables; Undefined when graphql-core would
# refuse it (then graphql-core reads the whole field again, and raises its error).
Reader = Callable[[dict[str, Any]], Any]


def _constant(value: Any) -> Reader:
    """A value that does not depend on the request (Undefined: always refused)."""
    return lambda _coerced: value


def _holds_variables(node: ValueNode) -> bool:
    if isinstance(node, VariableNode):
        return True
    if isinstance(node, ListValueNode):
        return any(_holds_variables(item) for item in node.values)
    if isinstance(node, ObjectValueNode):
        return any(_holds_variables(field.value) for field in node.fields)
    return False


def _template(node: ValueNode, type_: GraphQLInputType) -> Reader:
    """How `node`, of input type `type_`, is coerced (coerce_input_literal's rules)."""
    if not _holds_variables(node):
        return _constant(coerce_input_literal(node, type_))
    if isinstance(node, VariableNode):
        return _variable(node.name.value, is_non_null_type(type_))
    if is_non_null_type(type_):
        return _template(node, type_.of_type)
    if is_list_type(type_):
        return _list(node, type_.of_type)
    if is_input_object_type(type_) and isinstance(node, ObjectValueNode):
        return _input_object(node, type_)
    # A custom scalar's literal holding variables, or a malformed value: graphql-core's own.
    return _general(node, type_)


def _variable(name: str, non_null: bool) -> Reader:
    def read(coerced: dict[str, Any]) -> Any:
        value = coerced.get(name, Undefined)
        if non_null and (value is None or value is Undefined):
            return Undefined
        return value

    return read


def _general(node: ValueNode, type_: GraphQLInputType) -> Reader:
    def read(coerced: dict[str, Any]) -> Any:
        return coerce_input_literal(node, type_, VariableValues({}, coerced))

    return read


def _list(node: ValueNode, item_type: GraphQLInputType) -> Reader:
    if not isinstance(node, ListValueNode):  # a single item stands for a list of one
        item = _template(node, item_type)

        def read_one(coerced: dict[str, Any]) -> Any:
            value = item(coerced)
            return Undefined if value is Undefined else [value]

        return read_one
    nullable_items = not is_non_null_type(item_type)
    items = [
        (_template(item, item_type), nullable_items and isinstance(item, VariableNode))
        for item in node.values
    ]

    def read(coerced: dict[str, Any]) -> Any:
        values = []
        for item, null_when_missing in items:
            value = item(coerced)
            if value is Undefined:
                if not null_when_missing:
                    return Undefined
                value = None  # a missing variable within a list is null
            values.append(value)
        return values

    return read


def _input_object(node: ObjectValueNode, type_: Any) -> Reader:
    fields = type_.fields
    given = {field.name.value: field.value for field in node.fields}
    if type_.is_one_of or any(name not in fields for name in given):
        return _general(node, type_)
    parts: list[tuple[str, Reader]] = []  # (out name, how its value is read)
    for name, field in fields.items():
        missing = _when_missing(field, is_required_input_field(field))
        parts.append((field.out_name or name, _given(given.get(name), field.type, missing)))
    out_type = type_.out_type

    def read(coerced: dict[str, Any]) -> Any:
        values: dict[str, Any] = {}
        for out_name, part in parts:
            value = part(coerced)
            if value is _ABSENT:
                continue
            if value is Undefined:
                return Undefined
            values[out_name] = value
        return out_type(values)

    return read


# An input field or argument left out: no value given, and no default.
_ABSENT = object()


def _when_missing(value: GraphQLArgument | GraphQLInputField, required: bool) -> Any:
    """What stands for an argument or input field not given: Undefined (refused) when it is
    required, else its default, else _ABSENT."""
    if required:
        return Undefined
    default = coerce_default_value(value)
    return _ABSENT if default is Undefined else default


def _missing_as(name: str, read: Reader, missing: Any) -> Reader:
    """`read`, except that a missing variable gives `missing` (a default, _ABSENT, or
    Undefined for a required value)."""

    def read_or_default(coerced: dict[str, Any]) -> Any:
        return read(coerced) if name in coerced else missing

    return read_or_default


def _given(value: ValueNode | None, type_: GraphQLInputType, missing: Any) -> Reader:
    """How an argument or input field is read: `missing` when it is not given or its
    variable is missing, else its value (coerce_argument's and coerce_input_literal's rules,
    which agree on this)."""
    if value is None:
        return _constant(missing)
    if isinstance(value, VariableNode):
        name = value.name.value
        return _missing_as(name, _variable(name, is_non_null_type(type_)), missing)
    return _template(value, type_)


class ArgumentsTemplate:
    """A field's or directive's arguments as written in one place of a document
    (`coerce_argument`'s rules, argument by argument)."""

    def __init__(
        self, definition: GraphQLField | GraphQLDirective, node: FieldNode | DirectiveNode
    ) -> None:
        self.definition = definition
        self.node = node
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        # (out name, how its value is read)
        self.arguments: list[tuple[str, Reader]] = [
            (
                argument.out_name or name,
                _given(
                    given.get(name),
                    argument.type,
                    _when_missing(argument, is_required_argument(argument)),
                ),
            )
            for name, argument in definition.args.items()
        ]

    def values(self, variables: VariableValues) -> dict[str, Any]:
        """The arguments' coerced values with these variables (graphql-core's
        `get_argument_values`); graphql-core's GraphQLError for values it refuses."""
        coerced = variables.coerced
        values: dict[str, Any] = {}
        for out_name, read in self.arguments:
            value = read(coerced)
            if value is _ABSENT:
                continue
            if value is Undefined:
                return get_argument_values(self.definition, self.node, variables)  # raises
            values[out_name] = value
        return values


class VariablesTemplate:
    """An operation's variable definitions, their types and defaults worked out once."""

    def __init__(
        self, schema: GraphQLSchema, definitions: Collection[VariableDefinitionNode]
    ) -> None:
        self.definitions = definitions
        signatures: list[tuple[GraphQLVariableSignature, Any, bool, Coercer]] = []
        self.refused = False
        for definition in definitions:
            signature = get_variable_signature(schema, definition)
            if isinstance(signature, GraphQLError):
                self.refused = True
                break
            default = (
                coerce_default_value(signature)
                if definition.default_value is not None
                else Undefined
            )
            signatures.append(
                (signature, default, is_non_null_type(signature.type), coercer_of(signature.type))
            )
        self.signatures = signatures

    def values(self, schema: GraphQLSchema, inputs: dict[str, Any]) -> VariableValuesOrErrors:
        """The coerced variables (graphql-core's `get_variable_values`): its errors when
        graphql-core refuses them."""
        if self.refused:
            return get_variable_values(schema, self.definitions, inputs)
        sources: dict[str, VariableValueSource] = {}
        coerced: dict[str, Any] = {}
        for signature, default, non_null, coerce in self.signatures:
            name = signature.name
            value = inputs.get(name, Undefined)
            if value is Undefined:
                sources[name] = VariableValueSource(signature)
                if default is not Undefined:
                    coerced[name] = default
                    continue
                if not non_null:
                    continue
                return get_variable_values(schema, self.definitions, inputs)
            sources[name] = VariableValueSource(signature, value)
            coerced_value = coerce(value, 0)
            if coerced_value is Undefined:
                return get_variable_values(schema, self.definitions, inputs)
            coerced[name] = coerced_value
        return VariableValues(sources, coerced)


# Coerces a variable's JSON value, at a nesting depth, as graphql-core's `coerce_input_value`
# does after its `input_is_nested_too_deeply`; Undefined when that would refuse it, or the
# value is nested too deeply, or is not plain JSON: then graphql-core coerces it itself.
Coercer = Callable[[Any, int], Any]
# What JSON decodes to, besides null and lists (which lists take as a list of one).
_SINGLE = (str, int, float, bool, dict)
_JSON = (*_SINGLE, list)


def coercer_of(type_: GraphQLInputType) -> Coercer:
    """The coercer of values of `type_` (a variable's type, or an input field's)."""
    if is_non_null_type(type_):
        inner = coercer_of(type_.of_type)

        def non_null(value: Any, depth: int) -> Any:
            if value is None:
                return Undefined
            return inner(value, depth)

        return non_null
    if is_list_type(type_):
        return _list_coercer(type_.of_type)
    return _named_coercer(type_)


@cache  # a schema's named types live as long as it does; wrappers are made per document
def _named_coercer(type_: GraphQLNamedType) -> Coercer:
    if is_input_object_type(type_):
        return _input_object_coercer(type_)
    leaf = assert_leaf_type(type_)

    def scalar(value: Any, depth: int) -> Any:
        if depth > MAX_NESTING_DEPTH:
            return Undefined
        if value is None:
            return None
        if not isinstance(value, _JSON):
            return Undefined
        try:
            return leaf.coerce_input_value(value)  # type: ignore[arg-type]
        except Exception:  # graphql-core's rule: any failure refuses the value
            return Undefined

    return scalar


def _list_coercer(item_type: GraphQLInputType) -> Coercer:
    item = coercer_of(item_type)

    def coerce_list(value: Any, depth: int) -> Any:
        if depth > MAX_NESTING_DEPTH:
            return Undefined
        if value is None:
            # graphql-core's depth check looks at a null list as a list of one null
            return None if depth < MAX_NESTING_DEPTH else Undefined
        if type(value) is not list:
            if not isinstance(value, _SINGLE):
                return Undefined
            one = item(value, depth + 1)  # a single item stands for a list of one
            return Undefined if one is Undefined else [one]
        coerced = []
        for each in value:
            one = item(each, depth + 1)
            if one is Undefined:
                return Undefined
            coerced.append(one)
        return coerced

    return coerce_list


def _input_object_coercer(type_: GraphQLInputObjectType) -> Coercer:
    names = frozenset(type_.fields)
    # Field coercers are looked up when first used: an input type may hold itself.
    fields: list[tuple[str, str, GraphQLInputField, bool, Any]] = [
        (
            name,
            field.out_name or name,
            field,
            is_required_input_field(field),
            coerce_default_value(field),
        )
        for name, field in type_.fields.items()
    ]
    coercers: dict[str, Coercer] = {}

    def coerce_object(value: Any, depth: int) -> Any:
        if depth > MAX_NESTING_DEPTH:
            return Undefined
        if value is None:
            return None
        if type(value) is not dict or type_.is_one_of or not names.issuperset(value):
            return Undefined  # not an object, a @oneOf input, an unknown field
        coerced = {}
        for name, out_name, field, required, default in fields:
            if name not in value:
                if required:
                    return Undefined
                if default is not Undefined:
                    coerced[out_name] = default
                continue
            coerce = coercers.get(name)
            if coerce is None:
                coerce = coercers[name] = coercer_of(field.type)
            one = coerce(value[name], depth + 1)
            if one is Undefined:
                return Undefined
            coerced[out_name] = one
        return type_.out_type(coerced)

    return coerce_object
