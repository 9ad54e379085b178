"""Argument and variable templates (schema/read_path/argument_values.py) read every value as
graphql-core does, and refuse what it refuses with its error.

Hypothesis writes operations whose arguments mix literals and variables at every depth (input
objects with defaults and required fields, lists, non-null wrappers, enums, `@oneOf`) and
variable values that are right, null, missing or of the wrong type; and variables of every
kind of type given any JSON value, nested up to and past graphql-core's depth limit.
graphql-core's own `get_variable_values` and `get_argument_values` are the oracle.
"""

import re
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    build_schema,
    parse,
    validate,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schema.read_path.argument_values import ArgumentsTemplate, VariablesTemplate

SCHEMA = build_schema(
    """
    enum Colour { RED GREEN }
    input Range { from: Int, to: Int = 10 }
    input Filter {
      name: String
      size: Int! = 3
      colour: Colour = RED
      tags: [String!]
      range: Range
      required: Boolean!
      ids: [Int]
    }
    input Choice @oneOf { name: String, size: Int }
    input Tree { value: Int, colour: Colour, children: [Tree!] }
    type Query {
      items(
        filter: Filter, first: Int = 20, after: String, ids: [Int!], choice: Choice, ranges: [Range]
        counts: [Int]
      ): [String]
      one(id: Int!, colour: Colour! = GREEN, filter: Filter!): String
      tree(tree: Tree): String
    }
    """
)

# Variables an operation may declare, by name: (type, default).
VARIABLES = {
    "int": ("Int", None),
    "intNN": ("Int!", None),
    "intDefault": ("Int", "7"),
    "string": ("String", None),
    "bool": ("Boolean", None),
    "boolNN": ("Boolean!", None),
    "colour": ("Colour", None),
    "ints": ("[Int]", None),
    "range": ("Range", None),
    "filter": ("Filter", None),
    "filterNN": ("Filter!", None),
}

VALUES_OF = {
    "Int": st.one_of(st.integers(-5, 5), st.none(), st.just("x")),
    "String": st.one_of(st.text("ab", max_size=2), st.none(), st.just(3)),
    "Boolean": st.one_of(st.booleans(), st.none()),
    "Colour": st.sampled_from(["RED", "GREEN", "BLUE", None]),
    "[Int]": st.one_of(st.lists(st.one_of(st.integers(0, 3), st.none()), max_size=3), st.just(2)),
    "Range": st.one_of(
        st.fixed_dictionaries({}, optional={"from": st.integers(0, 5), "to": st.none()}),
        st.none(),
    ),
    "Filter": st.one_of(
        st.fixed_dictionaries(
            {"required": st.one_of(st.booleans(), st.none())},
            optional={"size": st.integers(0, 9), "tags": st.lists(st.just("t"), max_size=2)},
        ),
        st.none(),
    ),
}


def variable(type_: str) -> st.SearchStrategy[str] | None:
    """A variable that fits `type_`: of the same type, or nullable with a default (which
    GraphQL allows where a value is required)."""
    non_null = type_.endswith("!")
    base = type_.rstrip("!")
    names = [
        f"${name}"
        for name, (declared, default) in VARIABLES.items()
        if declared.rstrip("!") == base
        and (not non_null or declared.endswith("!") or default is not None)
    ]
    return st.sampled_from(names) if names else None


INPUT_FIELDS = {
    "Range": {"from": "Int", "to": "Int"},
    "Filter": {
        "name": "String",
        "size": "Int!",
        "colour": "Colour",
        "tags": "[String!]",
        "range": "Range",
        "required": "Boolean!",
        "ids": "[Int]",
    },
    "Choice": {"name": "String", "size": "Int"},
}
# Required input fields (non-null without a default), always written.
REQUIRED_FIELDS = {"Filter": ["required"]}


@st.composite
def input_object(draw: st.DrawFn, name: str, depth: int) -> str:
    """An input object literal of type `name`: some of its fields, the required ones always."""
    fields = INPUT_FIELDS[name]
    # @oneOf: one field, mostly
    most = len(fields) if name != "Choice" else 1
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=most))
    chosen += [field for field in REQUIRED_FIELDS.get(name, []) if field not in chosen]
    written = [f"{field}: {draw(literal(fields[field], depth + 1))}" for field in chosen]
    return "{" + ", ".join(written) + "}"


def literal(type_: str, depth: int = 0) -> st.SearchStrategy[str]:
    """A value of `type_` as written in a document: a literal, a variable, or null (where it
    fits, and now and then where it does not, for the refusals)."""
    base = type_.rstrip("!")
    choices: list[st.SearchStrategy[str]] = []
    fits = variable(type_)
    if fits is not None:
        choices.append(fits)
    if base == "Int":
        choices.append(st.integers(-3, 30).map(str))
    elif base == "String":
        choices.append(st.sampled_from(['"a"', '"b"']))
    elif base == "Boolean":
        choices.append(st.sampled_from(["true", "false"]))
    elif base == "Colour":
        choices.append(st.sampled_from(["RED", "GREEN"]))
    elif base.startswith("[") and depth < 3:
        item = base[1:-1]
        choices.append(
            st.lists(literal(item, depth + 1), max_size=3).map(lambda v: f"[{', '.join(v)}]")
        )
        choices.append(literal(item, depth + 1))  # a single item stands for a list of one
    elif base in INPUT_FIELDS and depth < 3:
        choices.append(input_object(base, depth))
    if not type_.endswith("!"):
        choices.append(st.just("null"))
    main = st.one_of(choices) if choices else st.just("null")
    if not type_.endswith("!"):
        return main
    return st.integers(0, 29).flatmap(lambda n: st.just("null") if n == 29 else main)


ARGUMENTS = {
    "items": {
        "filter": "Filter",
        "first": "Int",
        "after": "String",
        "ids": "[Int!]",
        "choice": "Choice",
        "ranges": "[Range]",
        "counts": "[Int]",
    },
    "one": {"id": "Int!", "colour": "Colour!", "filter": "Filter!"},
}


@st.composite
def operations(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    fields = []
    for index in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(ARGUMENTS)))
        chosen = draw(st.lists(st.sampled_from(sorted(ARGUMENTS[name])), unique=True))
        chosen += [a for a in ("id", "filter") if name == "one" and a not in chosen]
        written = [f"{argument}: {draw(literal(ARGUMENTS[name][argument]))}" for argument in chosen]
        arguments = f"({', '.join(written)})" if written else ""
        fields.append(f"f{index}: {name}{arguments}")
    body = " ".join(fields)
    used = [name for name in VARIABLES if re.search(rf"\${name}\b", body)]
    declared = ", ".join(
        f"${name}: {VARIABLES[name][0]}"
        + (f" = {VARIABLES[name][1]}" if VARIABLES[name][1] is not None else "")
        for name in used
    )
    text = f"query Q{f'({declared})' if declared else ''} {{ {body} }}"
    values = {}
    for name in used:
        base = VARIABLES[name][0].rstrip("!")
        if draw(st.booleans()):  # given (possibly null or wrong), else missing
            values[name] = draw(VALUES_OF[base])
    return text, values


def outcome(read: Any, *arguments: Any) -> Any:
    """What `read(*arguments)` gives: the value, or the error's message."""
    try:
        return ("value", read(*arguments))
    except GraphQLError as error:
        return ("error", error.message)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations())
def test_templates_read_values_as_graphql_core_does(operation: tuple[str, dict[str, Any]]) -> None:
    text, inputs = operation
    document = parse(text)
    if validate(SCHEMA, document):
        return  # the service refuses invalid documents before reading any value
    definition = document.definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    expected = get_variable_values(SCHEMA, definition.variable_definitions or (), inputs)
    got = VariablesTemplate(SCHEMA, definition.variable_definitions or ()).values(SCHEMA, inputs)
    if isinstance(expected, list):
        assert isinstance(got, list)
        assert [e.message for e in got] == [e.message for e in expected]
        return
    assert isinstance(got, VariableValues)
    assert got.coerced == expected.coerced
    assert got.sources.keys() == expected.sources.keys()
    query = SCHEMA.query_type
    assert query is not None
    for node in definition.selection_set.selections:
        assert isinstance(node, FieldNode)
        field = query.fields[node.name.value]
        template = ArgumentsTemplate(field, node)
        for _ in range(2):  # a template is reused across requests
            assert outcome(template.values, got) == outcome(
                get_argument_values, field, node, expected
            )


def items_field(text: str) -> tuple[FieldNode, VariablesTemplate]:
    """The one `items` field of an operation, and the operation's variables template."""
    definition = parse(text).definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    node = definition.selection_set.selections[0]
    assert isinstance(node, FieldNode)
    return node, VariablesTemplate(SCHEMA, definition.variable_definitions or ())


def read(variables: VariablesTemplate, inputs: dict[str, Any]) -> VariableValues:
    values = variables.values(SCHEMA, inputs)
    assert isinstance(values, VariableValues)
    return values


ITEMS = SCHEMA.get_type("Query").fields["items"]  # type: ignore[union-attr]


def test_a_missing_variable_takes_the_default_and_null_is_kept() -> None:
    node, variables = items_field(
        "query ($first: Int, $name: String)"
        " { items(first: $first, filter: {name: $name, required: true}) }"
    )
    template = ArgumentsTemplate(ITEMS, node)
    assert template.values(read(variables, {})) == {
        "first": 20,
        "filter": {"size": 3, "colour": "RED", "required": True},
    }
    assert template.values(read(variables, {"first": None, "name": None})) == {
        "first": None,
        "filter": {"name": None, "size": 3, "colour": "RED", "required": True},
    }


def test_a_missing_variable_in_a_list_is_null_and_one_object_is_a_list_of_one() -> None:
    node, variables = items_field(
        "query ($int: Int, $to: Int) { items(counts: [1, $int], ranges: {from: 1, to: $to}) }"
    )
    assert ArgumentsTemplate(ITEMS, node).values(read(variables, {})) == {
        "first": 20,
        "counts": [1, None],
        "ranges": [{"from": 1, "to": 10}],
    }


def test_a_one_of_input_left_empty_by_a_missing_variable_is_refused_as_graphql_core_does() -> None:
    node, variables = items_field("query ($string: String) { items(choice: {name: $string}) }")
    values = read(variables, {})
    expected = outcome(get_argument_values, ITEMS, node, values)
    assert expected[0] == "error"
    assert outcome(ArgumentsTemplate(ITEMS, node).values, values) == expected


# Variable types whose values the next test coerces; their values come from any JSON.
COERCED_TYPES = [
    "Int",
    "Int!",
    "String",
    "Float",
    "Boolean!",
    "ID",
    "Colour",
    "Colour!",
    "[Int]",
    "[Int!]!",
    "[[Int!]]",
    "[Colour!]",
    "Range",
    "Filter",
    "Filter!",
    "[Filter!]",
    "[Range]!",
    "Choice",
    "Tree",
    "[Tree]",
]
FIELD_NAMES = [
    "from",
    "to",
    "name",
    "size",
    "colour",
    "tags",
    "range",
    "required",
    "ids",
    "value",
    "children",
    "nope",
]
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.sampled_from([2**31, 1.5, 2.0, "", "RED", "BLUE", "x", "7"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=4),
    ),
    max_leaves=12,
)


def assert_coerced_as_graphql_core_does(type_: str, value: Any) -> None:
    """A variable of `type_` given `value` reads as graphql-core reads it, or is refused with
    its errors."""
    operation = parse(f"query Q($v: {type_}) {{ one(id: 1, filter: {{required: true}}) }}")
    definition = operation.definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    declared = definition.variable_definitions or ()
    expected = get_variable_values(SCHEMA, declared, {"v": value})
    got = VariablesTemplate(SCHEMA, declared).values(SCHEMA, {"v": value})
    if isinstance(expected, list):
        assert isinstance(got, list), (type_, "graphql-core refuses")
        assert [e.message for e in got] == [e.message for e in expected]
    else:
        assert isinstance(got, VariableValues), (type_, "graphql-core accepts")
        assert got.coerced == expected.coerced


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COERCED_TYPES), JSON_VALUES)
def test_variables_of_any_json_value_are_coerced_as_graphql_core_does(
    type_: str, value: Any
) -> None:
    assert_coerced_as_graphql_core_does(type_, value)


def nested(depth: int, leaf: Any) -> Any:
    """`leaf` inside `depth` lists."""
    return leaf if depth == 0 else [nested(depth - 1, leaf)]


LEAF = {"value": 0}


def tree(depth: int, leaf: Any = LEAF) -> Any:
    """Trees `depth` levels below the first, the last one `leaf`."""
    return leaf if depth == 0 else {"value": depth, "children": [tree(depth - 1, leaf)]}


def test_variables_nested_as_deep_as_graphql_core_allows_and_deeper_are_read_as_it_does() -> None:
    for type_, value in [
        ("[[[Int]]]", nested(3, 1)),
        ("[[[Int]]]", nested(1, None)),
        ("Tree", tree(98)),
        ("Tree", tree(99)),
        ("Tree", tree(100)),
        ("Tree", tree(150)),
        ("[Tree]", [tree(99)]),
        ("[Tree]", [tree(99), None]),
        # a null list just deeper than graphql-core looks (200), and one at its limit
        ("[Tree]", [tree(99, {"children": None})]),
        ("[Tree]", [tree(98, {"children": None})]),
    ]:
        assert_coerced_as_graphql_core_does(type_, value)
