"""GraphQL operations generated from the schema, and rewrites whose effect on the answer is known.

An operation is a small tree (fields, inline fragments, fragment spreads) printed to a document.
`Builder` draws one from the schema's types with Hypothesis: any field of any type reachable from
`Query`, arguments from the seeded data (`Samples`), each value written either inline or as a
variable, nested input objects included. Fields answered from outside PostgreSQL (UN statistics)
are left out: the operations are the ones the read path answers in one statement.

The rewrites (`with_typenames`, `in_fragments`, `aliased`, `skipped`, `twice`) return the new
operation and, where needed, how the base answer changes; `objects_holding` finds, in an answer,
the objects a selection produced.
"""

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_non_null_type,
)
from hypothesis import strategies as st

from schema.read_path.declare import External, declaration_of
from schema.read_path.planner import strawberry_metadata

PAGE_SIZES = st.integers(min_value=1, max_value=4)
MAX_FIELDS = 4  # per selection set
NESTING = 3  # object levels below a root field (a connection's edges and node are free)
SPANS = (
    ("adoptedFrom", "adoptedTo"),
    ("publishedFrom", "publishedTo"),
    ("submittedFrom", "submittedTo"),
    ("from", "to"),
)
WRAPPERS = frozenset({"edges", "node", "pageInfo"})  # levels of a connection, not of the data


@dataclass
class Field:
    """A field selection; `returns` names the type of its selections, if any (not printed)."""

    name: str
    returns: str = ""
    arguments: dict[str, str] = field(default_factory=dict)  # name -> literal or `$variable`
    selections: list["Selection"] | None = None
    alias: str | None = None
    directives: str = ""

    @property
    def key(self) -> str:
        """The field's key in the response."""
        return self.alias or self.name


@dataclass
class InlineFragment:
    """`... on Type { }`, or `... { }` without a type condition."""

    on: str | None
    selections: list["Selection"]
    directives: str = ""


@dataclass
class Spread:
    """`...Name`, a named fragment of the operation."""

    name: str


Selection = Field | InlineFragment | Spread


@dataclass
class Operation:
    """A query: its selections, variables (name -> (type, value)) and named fragments."""

    selections: list[Selection]
    variables: dict[str, tuple[str, Any]]
    fragments: dict[str, tuple[str, list[Selection]]] = field(default_factory=dict)
    name: str | None = None

    def document(self) -> str:
        """The operation's text, declaring the variables it uses."""
        body = printed(self.selections)
        fragments = "".join(
            f" fragment {name} on {on} {printed(selections)}"
            for name, (on, selections) in self.fragments.items()
        )
        used = self.used_variables(body + fragments)
        declared = ", ".join(f"${n}: {self.variables[n][0]}" for n in used)
        header = (
            "query" + (f" {self.name}" if self.name else "") + (f"({declared})" if used else "")
        )
        return f"{header} {body}{fragments}"

    def values(self) -> dict[str, Any]:
        """The values of the variables the document uses."""
        text = printed(self.selections) + "".join(
            printed(selections) for _, selections in self.fragments.values()
        )
        return {n: self.variables[n][1] for n in self.used_variables(text)}

    def used_variables(self, text: str) -> list[str]:
        """The declared variables `text` refers to, in declaration order."""
        mentioned = set(re.findall(r"\$(\w+)", text))
        return [n for n in self.variables if n in mentioned]


def printed(selections: list[Selection]) -> str:
    """A selection set as GraphQL text."""
    return "{ " + " ".join(map(printed_selection, selections)) + " }"


def printed_selection(selection: Selection) -> str:
    """One selection as GraphQL text."""
    if isinstance(selection, Spread):
        return f"...{selection.name}"
    if isinstance(selection, InlineFragment):
        on = f" on {selection.on}" if selection.on else ""
        directives = f" {selection.directives}" if selection.directives else ""
        return f"...{on}{directives} {printed(selection.selections)}"
    text = f"{selection.alias}: {selection.name}" if selection.alias else selection.name
    if selection.arguments:
        text += "(" + ", ".join(f"{k}: {v}" for k, v in selection.arguments.items()) + ")"
    if selection.directives:
        text += f" {selection.directives}"
    if selection.selections is not None:
        text += f" {printed(selection.selections)}"
    return text


def literal(value: Any, graphql_type: GraphQLInputType) -> str:
    """`value` (JSON, as a variable would carry it) written inline as a GraphQL literal."""
    if isinstance(graphql_type, GraphQLNonNull):
        return literal(value, graphql_type.of_type)
    if value is None:
        return "null"
    if isinstance(graphql_type, GraphQLList):
        return "[" + ", ".join(literal(v, graphql_type.of_type) for v in value) + "]"
    if isinstance(graphql_type, GraphQLEnumType):
        return str(value)
    if isinstance(graphql_type, GraphQLInputObjectType):
        inner = ", ".join(
            f"{k}: {literal(v, graphql_type.fields[k].type)}" for k, v in value.items()
        )
        return "{" + inner + "}"
    return json.dumps(value)


@dataclass
class Samples:
    """Values that name seeded rows, by argument (`Type.field.argument`) or input field name.

    Unknown names would be BAD_USER_INPUT answers: the generated operations use known ones.
    """

    by_name: dict[str, st.SearchStrategy[Any]]

    def for_argument(self, owner: str, name: str) -> st.SearchStrategy[Any] | None:
        """Values of argument `name` of `owner` (`Type.field` or an input type's name)."""
        return self.by_name.get(f"{owner}.{name}", self.by_name.get(name))


def is_external(definition: GraphQLField) -> bool:
    """Whether the field's data comes from outside PostgreSQL (UN statistics)."""
    return isinstance(declaration_of(strawberry_metadata(definition)), External)


class Unsupported(Exception):
    """A field whose required arguments have no sample values."""


class Builder:
    """Draws operations from the schema (see the module's docstring)."""

    def __init__(
        self,
        draw: st.DrawFn,
        schema: GraphQLSchema,
        samples: Samples,
        left_out: frozenset[str] = frozenset(),
    ) -> None:
        self.draw = draw
        self.schema = schema
        self.samples = samples
        self.left_out = left_out  # `Type.field`s not to select (one the caller may not read)
        self.variables: dict[str, tuple[str, Any]] = {}

    def operation(self) -> Operation:
        """Draw one or two root fields with their selections."""
        query = self.schema.query_type
        assert query is not None
        names = self.draw(st.lists(st.sampled_from(self.fields_of(query)), min_size=1, max_size=2))
        selections: list[Selection] = [self.field(query, n, NESTING) for n in dict.fromkeys(names)]
        name = self.draw(st.sampled_from([None, "Generated"]))
        return Operation(selections, self.variables, name=name)

    def fields_of(self, owner: GraphQLObjectType) -> list[str]:
        """The fields of `owner` an operation may select (all but federation's `_service` and
        UN statistics)."""
        return [
            name
            for name, definition in owner.fields.items()
            if name != "_service"
            and not is_external(definition)
            and f"{owner.name}.{name}" not in self.left_out
        ]

    def field(self, owner: GraphQLObjectType, name: str, depth: int) -> Field:
        """Draw a selection of field `name` of `owner`, `depth` object levels deep at most."""
        definition = owner.fields[name]
        arguments = self.arguments(owner, name, definition)
        named = get_named_type(definition.type)
        selected = Field(name, "" if is_leaf_type(named) else named.name, arguments)
        if not is_leaf_type(named):
            below = depth if name in WRAPPERS else depth - 1
            selected.selections = self.selection_set(named, below)
        return selected

    def selection_set(self, named: GraphQLNamedType, depth: int) -> list[Selection]:
        """Draw the selections of an object, interface or union."""
        if is_abstract_type(named):
            return self.abstract_selections(named, depth)
        assert isinstance(named, GraphQLObjectType)
        names = [
            n
            for n in self.fields_of(named)
            if self.can_draw(named, n)
            and (is_leaf_type(get_named_type(named.fields[n].type)) or depth > 0 or n in WRAPPERS)
        ]
        if not names:
            return [Field("__typename")]
        chosen = self.draw(
            st.lists(st.sampled_from(names), min_size=1, max_size=MAX_FIELDS, unique=True)
        )
        return [self.field(named, n, depth) for n in chosen]

    def abstract_selections(self, named: GraphQLNamedType, depth: int) -> list[Selection]:
        """`__typename`, the interface's own fields, and inline fragments on some of its types."""
        selections: list[Selection] = [Field("__typename")]
        own = getattr(named, "fields", {})
        if own and self.draw(st.booleans()):
            selections.append(Field(self.draw(st.sampled_from(sorted(own)))))
        possible = sorted(t.name for t in self.schema.get_possible_types(named))  # type: ignore[arg-type]
        for type_name in self.draw(st.lists(st.sampled_from(possible), max_size=3, unique=True)):
            object_type = self.schema.get_type(type_name)
            assert isinstance(object_type, GraphQLObjectType)
            selections.append(InlineFragment(type_name, self.selection_set(object_type, depth)))
        return selections

    def can_draw(self, owner: GraphQLObjectType, name: str) -> bool:
        """Whether each required argument of the field has sample values."""
        return all(
            self.samples.for_argument(f"{owner.name}.{name}", a) is not None
            for a, argument in owner.fields[name].args.items()
            if is_non_null_type(argument.type) and argument.default_value is Undefined
        )

    def arguments(
        self, owner: GraphQLObjectType, name: str, definition: GraphQLField
    ) -> dict[str, str]:
        """Draw the field's arguments: required ones, a page size on every connection (so the
        operation stays within the cost limit), sometimes the optional others."""
        if not self.can_draw(owner, name):
            raise Unsupported(f"{owner.name}.{name}")
        drawn: dict[str, Any] = {}
        if {"first", "last"} <= definition.args.keys():
            drawn[self.draw(st.sampled_from(["first", "last"]))] = self.draw(PAGE_SIZES)
        for argument_name, argument in definition.args.items():
            if argument_name in ("first", "last", "after", "before") and "last" in definition.args:
                continue
            required = is_non_null_type(argument.type) and argument.default_value is Undefined
            if not required and self.draw(st.integers(0, 2)) != 0:
                continue
            value = self.value(f"{owner.name}.{name}", argument_name, argument.type)
            if value is not Undefined:
                drawn[argument_name] = value
        return {
            n: self.written(v, definition.args[n].type) for n, v in drawn.items() if v is not None
        }

    def value(self, owner: str, name: str, graphql_type: GraphQLInputType) -> Any:
        """Draw a value of an argument or input field; Undefined when there is no sample."""
        named = get_named_type(graphql_type)
        samples = self.samples.for_argument(owner, name)
        if samples is not None:
            return self.draw(samples)
        if isinstance(named, GraphQLEnumType):
            return self.draw(st.sampled_from(sorted(named.values)))
        if named.name == "Boolean":
            return self.draw(st.booleans())
        if isinstance(named, GraphQLInputObjectType) and not isinstance(graphql_type, GraphQLList):
            return self.input_object(named)
        return Undefined

    def input_object(
        self, input_type: GraphQLInputObjectType, optional: int = MAX_FIELDS
    ) -> dict[str, Any]:
        """Draw an input object: its required fields and up to `optional` optional ones."""
        drawn: dict[str, Any] = {}
        for name, input_field in input_type.fields.items():
            required = is_non_null_type(input_field.type) and input_field.default_value is Undefined
            if not required and (optional <= 0 or self.draw(st.integers(0, 2)) != 0):
                continue
            value = self.value(input_type.name, name, input_field.type)
            if value is not Undefined:
                drawn[name] = value
                optional -= not required
        for start, end in SPANS:  # a span that ends before it starts is a BAD_USER_INPUT
            if start in drawn and end in drawn and drawn[start] > drawn[end]:
                drawn[start], drawn[end] = drawn[end], drawn[start]
        return drawn

    def written(self, value: Any, graphql_type: GraphQLInputType) -> str:
        """Write a value inline or as a variable; an input object's fields each either way."""
        if self.draw(st.booleans()):
            name = f"v{len(self.variables)}"
            self.variables[name] = (str(graphql_type), value)
            return f"${name}"
        named = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
        if isinstance(named, GraphQLInputObjectType) and named.name != "_Any":
            inner = ", ".join(
                f"{k}: {self.written(v, named.fields[k].type)}" for k, v in value.items()
            )
            return "{" + inner + "}"
        if get_named_type(graphql_type).name == "_Any":  # representations go as variables
            name = f"v{len(self.variables)}"
            self.variables[name] = (str(graphql_type), value)
            return f"${name}"
        return literal(value, graphql_type)


# Rewrites of an operation, and how each changes the answer.


def field_paths(
    selections: list[Selection], prefix: tuple[int, ...] = ()
) -> Iterator[tuple[int, ...]]:
    """Paths (indexes from the root) of the fields reachable through fields only."""
    for index, selection in enumerate(selections):
        if isinstance(selection, Field):
            yield (*prefix, index)
            if selection.selections is not None:
                yield from field_paths(selection.selections, (*prefix, index))


def at(selections: list[Selection], path: tuple[int, ...]) -> Field:
    """The field at `path`."""
    found = selections[path[0]]
    assert isinstance(found, Field)
    return found if len(path) == 1 else at(found.selections or [], path[1:])


def siblings(operation: Operation, path: tuple[int, ...]) -> list[Selection]:
    """The selection list holding the field at `path`."""
    return (
        operation.selections
        if len(path) == 1
        else at(operation.selections, path[:-1]).selections or []
    )


def objects_holding(
    data: Any, selections: list[Selection], path: tuple[int, ...]
) -> list[dict[str, Any]]:
    """The answer's objects in which the field at `path` has its key, in answer order."""
    if data is None:
        return []
    if isinstance(data, list):
        return [o for item in data for o in objects_holding(item, selections, path)]
    if len(path) == 1:
        return [data]
    parent = selections[path[0]]
    assert isinstance(parent, Field)
    assert parent.selections is not None
    return objects_holding(data[parent.key], parent.selections, path[1:])


def replace_key(holder: dict[str, Any], key: str, replacement: dict[str, Any]) -> None:
    """Replace `key` of `holder` in place by the items of `replacement`, keeping the order."""
    items = list(holder.items())
    holder.clear()
    for k, v in items:
        holder.update(replacement if k == key else {k: v})


def aliased(operation: Operation, path: tuple[int, ...], alias: str) -> Operation:
    """The operation with the field at `path` under `alias`."""
    changed = copy.deepcopy(operation)
    at(changed.selections, path).alias = alias
    return changed


def renamed(
    data: dict[str, Any], operation: Operation, path: tuple[int, ...], alias: str
) -> dict[str, Any]:
    """The answer `aliased` should give, from the base answer."""
    expected = copy.deepcopy(data)
    key = at(operation.selections, path).key
    for holder in objects_holding(expected, operation.selections, path):
        replace_key(holder, key, {alias: holder[key]})
    return expected


def skipped(operation: Operation, path: tuple[int, ...], directive: str) -> Operation:
    """The operation with `directive` (@skip or @include) on the field at `path`."""
    changed = copy.deepcopy(operation)
    at(changed.selections, path).directives = directive
    return changed


def without(data: dict[str, Any], operation: Operation, path: tuple[int, ...]) -> dict[str, Any]:
    """The answer without the key of the field at `path`."""
    expected = copy.deepcopy(data)
    key = at(operation.selections, path).key
    for holder in objects_holding(expected, operation.selections, path):
        del holder[key]
    return expected


def twice(operation: Operation, path: tuple[int, ...], other: Field) -> tuple[Operation, Operation]:
    """The operation with `other` (the same field, aliased, other arguments) right after the
    field at `path`; and the operation with `other` in its place, which answers its values."""
    both, instead = copy.deepcopy(operation), copy.deepcopy(operation)
    siblings(both, path).insert(path[-1] + 1, copy.deepcopy(other))
    siblings(instead, path)[path[-1]] = copy.deepcopy(other)
    return both, instead


def with_second(
    data: dict[str, Any],
    other_data: dict[str, Any],
    operation: Operation,
    path: tuple[int, ...],
    other: Field,
) -> dict[str, Any]:
    """The answer `twice` should give: the base answer with the other field's values (taken
    from the answer of the operation holding it instead) right after the field's."""
    expected = copy.deepcopy(data)
    key = at(operation.selections, path).key
    holders = objects_holding(expected, operation.selections, path)
    sources = objects_holding(other_data, operation.selections, path)
    assert len(holders) == len(sources)
    for holder, source in zip(holders, sources, strict=True):
        replace_key(holder, key, {key: holder[key], other.key: source[other.key]})
    return expected


def selection_lists(selections: list[Selection]) -> Iterator[list[Selection]]:
    """Every selection list reachable through fields and inline fragments."""
    yield selections
    for selection in selections:
        if isinstance(selection, InlineFragment | Field) and selection.selections is not None:
            yield from selection_lists(selection.selections)


def with_typenames(operation: Operation, places: list[tuple[int, int]]) -> Operation:
    """The operation with `__typename` added at (selection list number, position) places."""
    changed = copy.deepcopy(operation)
    lists = list(selection_lists(changed.selections))
    for number, position in places:
        chosen = lists[number % len(lists)]
        chosen.insert(position % (len(chosen) + 1), Field("__typename"))
    return changed


def without_typenames(data: Any) -> Any:
    """The answer with every `__typename` key removed."""
    if isinstance(data, list):
        return [without_typenames(item) for item in data]
    if isinstance(data, dict):
        return {k: without_typenames(v) for k, v in data.items() if k != "__typename"}
    return data


def typenames(data: Any) -> Iterator[str]:
    """Every `__typename` value of the answer."""
    if isinstance(data, list):
        for item in data:
            yield from typenames(item)
    elif isinstance(data, dict):
        for k, v in data.items():
            if k == "__typename":
                yield v
            else:
                yield from typenames(v)


def container_paths(operation: Operation) -> list[tuple[int, ...]]:
    """The root (`()`) and the paths of the fields with selections, through fields only."""
    return [()] + [
        p for p in field_paths(operation.selections) if at(operation.selections, p).selections
    ]


def in_fragment(
    operation: Operation, path: tuple[int, ...], start: int, end: int, how: str
) -> Operation:
    """The operation with selections `start:end` of the list at `path` (a field's, or the
    root's) moved into a fragment: `named` (a fragment spread), `typed` (`... on Type`),
    `bare` (`...`) or `included` (`... @include(if: true)`)."""
    changed = copy.deepcopy(operation)
    if path:
        container = at(changed.selections, path)
        selections, owner = container.selections or [], container.returns
    else:
        selections, owner = changed.selections, "Query"
    moved = selections[start:end]
    assert moved
    fragment: Selection
    if how == "named":
        name = f"Part{len(changed.fragments)}"
        changed.fragments[name] = (owner, moved)
        fragment = Spread(name)
    elif how == "typed":
        fragment = InlineFragment(owner, moved)
    elif how == "bare":
        fragment = InlineFragment(None, moved)
    else:
        fragment = InlineFragment(None, moved, "@include(if: true)")
    selections[start:end] = [fragment]
    return changed


def dumped(data: Any) -> str:
    """JSON text of an answer, keys in their order: two answers are the same when these are."""
    return json.dumps(data, ensure_ascii=False)


def keys_follow_selections(data: Any, selections: list[Selection]) -> bool:
    """Whether each object of the answer has the keys its selections ask for, in their order
    (inline fragments count where their type is the object's `__typename`)."""
    if data is None:
        return True
    if isinstance(data, list):
        return all(keys_follow_selections(item, selections) for item in data)
    wanted: dict[str, Field] = {}
    for selection in applicable(selections, data.get("__typename")):
        wanted.setdefault(selection.key, selection)
    return list(data) == list(wanted) and all(
        keys_follow_selections(data[key], f.selections)
        for key, f in wanted.items()
        if f.selections is not None
    )


def applicable(selections: list[Selection], typename: str | None) -> Iterator[Field]:
    """The fields of a selection list that apply to an object of type `typename`."""
    for selection in selections:
        if isinstance(selection, Field):
            yield selection
        elif isinstance(selection, InlineFragment) and selection.on in (None, typename):
            yield from applicable(selection.selections, typename)
