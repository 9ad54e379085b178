"""Malformed read input never reaches an internal error: every argument of every field, fuzzed.

The fields come from the schema itself: each field that takes arguments, wherever it sits in
the graph, is reached from `Query` by the shortest path of argument-free fields (or of fields
whose required arguments name a known row), and called with values drawn for its argument
types: boundary integers (column ranges, 2^31 - 1), global ids of known, unknown and malformed
shapes, odd strings, dates at the edges of the calendar, input objects with any subset of
their fields, and now and then a value of the wrong type. Values go as variables or inline
literals (the two are decoded apart). Each answer must be typed: no INTERNAL_SERVER_ERROR, an
`extensions.code` on every error, status 200 or 400.
"""

import asyncio
import base64
import json
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_required_argument,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schema import schema
from tests.graph_support import demo  # noqa: F401 - fixture
from tests.write_api.support import new_key

ROOT = Path(__file__).resolve().parent.parent
GRAPH = schema._schema
EXAMPLES_PER_FIELD = 12
# Required arguments on the way to a type: a row the seeded data holds.
KNOWN_ARGUMENTS = {
    ("Query", "iscm"): '(slug: "bali-process")',
    ("Query", "memberState"): '(iso3: "PHL")',
    ("Query", "sdgTarget"): '(code: "10.7.2")',
    ("Query", "region"): '(name: "Asia")',
    ("Query", "search"): '(query: "migration")',
}
# Root fields not reached through: federation machinery and the generic lookups (targets).
NOT_TRAVERSED = {"_service", "_entities", "node", "nodes"}
NODE_TYPES = sorted(
    name
    for name, named in GRAPH.type_map.items()
    if isinstance(named, GraphQLObjectType) and "Node" in {i.name for i in named.interfaces}
)
# (entity type, key field) pairs, as the subgraph SDL declares them.
ENTITY_KEYS = [
    (line.split()[1], key)
    for line in (ROOT / "schema.federation.graphql").read_text().splitlines()
    if line.startswith("type ")
    for key in re.findall(r'@key\(fields: "(\w+)"\)', line)
]

INT32 = 2**31
# Boundaries of columns and types (objective numbers, years, smallint, int), either sign.
BOUNDARIES: tuple[int, ...] = (0, 1, 2, 23, 24, 100, 101, 1899, 1900, 2100, 2101, 9999, 10000)
BOUNDARIES += (2**15 - 1, 2**15, 40000, 2**16, INT32 - 1, INT32, 2**53)
edge_integers = st.sampled_from([sign * n for n in BOUNDARIES for sign in (1, -1)])
integers = edge_integers | edge_integers | st.integers(min_value=-INT32, max_value=INT32 - 1)
odd_strings = st.sampled_from(
    [
        *("", " ", "\t", "%", "_", "\\", "'", '"', "*", "-", "--", "a" * 600, "PHL", "phl"),
        *("bali-process", "10.7.2", "10", "Asia", "SM.POP.TOTL", "1", "-1", "9" * 20, "null"),
        *("é", "🙂", "x:y", "Iscm:1", "'; DROP TABLE iscms; --", "\u200b", "\ufeff"),
    ]
)
strings = odd_strings | st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
node_parts = (
    integers.map(str)
    | odd_strings
    | st.sampled_from(
        ["PHL", "10.7.2", "bali-process", "0x10", "1e3", " 1", "\u0661", "PH\x00", "\x00"]
    )
)
type_names = st.sampled_from([*NODE_TYPES, "Foo", "", "node", "Query", "IscmConnection"])


def encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


global_ids = (
    st.builds(lambda type_name, part: encoded(f"{type_name}:{part}"), type_names, node_parts)
    | st.builds(encoded, strings)
    | strings
    | st.sampled_from(["Rm9vOjE=", "!!!", "SXNjbTo=", "Og==", "SXNjbQ==", "====", "SXNjbTox\n"])
)
dates = (
    st.builds(
        lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
        st.sampled_from([0, 1, 1970, 2025, 9999]) | st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
    )
    | strings
    | st.sampled_from(["10000-01-01", "-0001-01-01", "2025-02-29", "2024-02-29"])
)
scalars = (
    st.none()
    | st.booleans()
    | integers
    | st.floats(allow_nan=False, allow_infinity=False)
    | strings
)
garbage = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(strings, inner, max_size=3),
    max_leaves=8,
)
key_values = st.none() | global_ids | integers | strings | garbage
representations = st.lists(
    st.builds(
        lambda entity, value, keep: {
            "__typename": entity[0],
            **({entity[1]: value} if keep else {}),
        },
        st.sampled_from(ENTITY_KEYS),
        key_values,
        st.booleans(),
    )
    | st.fixed_dictionaries(
        {},
        optional={
            "__typename": type_names | garbage,
            **{key: key_values for _, key in ENTITY_KEYS},
        },
    )
    | garbage,
    min_size=1,
    max_size=4,
)


def named_values(named: GraphQLNamedType) -> st.SearchStrategy:
    """Values a client could send for a named input type."""
    if isinstance(named, GraphQLEnumType):
        return st.sampled_from(list(named.values))
    if isinstance(named, GraphQLInputObjectType):
        return few(named.fields).flatmap(
            lambda names: st.fixed_dictionaries({n: values(named.fields[n].type) for n in names})
        )
    assert isinstance(named, GraphQLScalarType), named
    return {
        "Int": integers,
        "Float": st.floats(allow_nan=False, allow_infinity=False) | integers,
        "String": strings,
        "Boolean": st.booleans(),
        "ID": global_ids,
        "Date": dates,
        "DateTime": dates.map(lambda d: f"{d}T00:00:00Z") | strings,
        "JSON": garbage,
        "_Any": representations.map(lambda items: items[0]),
    }[named.name]


def few(fields: dict[str, Any], required: frozenset[str] = frozenset()) -> st.SearchStrategy:
    """The required names and at most two others: one bad value hides the checks of the rest."""
    optional = sorted(set(fields) - required)
    others = st.sets(st.sampled_from(optional), max_size=2) if optional else st.just(set())
    return others.map(lambda names: [n for n in fields if n in names or n in required])


def values(type_: GraphQLInputType) -> st.SearchStrategy:
    """Values of an input type: null now and then where the type allows it."""
    if isinstance(type_, GraphQLNonNull):
        return values(type_.of_type).filter(lambda value: value is not None)
    if isinstance(type_, GraphQLList):
        if get_named_type(type_).name == "_Any":
            return representations
        items = values(type_.of_type)
        strategy = st.lists(items, max_size=4) | items  # a single value is a list of one
    else:
        strategy = named_values(type_)
    return st.one_of(strategy, strategy, strategy, st.none())


@dataclass(frozen=True)
class Target:
    """A field taking arguments, with the path that reaches it from the root."""

    type_name: str
    field_name: str
    field: GraphQLField
    opening: str
    closing: str

    def document(self, arguments: str, declarations: str) -> str:
        selection = selection_of(self.field)
        return (
            f"query Fuzz{declarations} {{ {self.opening}"
            f"{self.field_name}{arguments}{selection}{self.closing} }}"
        )


def leaves(object_type: GraphQLObjectType) -> list[str]:
    """Names of the argument-free scalar and enum fields of a type."""
    return [
        name
        for name, field in object_type.fields.items()
        if is_leaf_type(get_named_type(field.type)) and not field.args
    ]


def selection_of(field: GraphQLField) -> str:
    """A small selection under a field: its leaves, through `edges { node }` for connections."""
    named = get_named_type(field.type)
    if is_leaf_type(named):
        return ""
    if not isinstance(named, GraphQLObjectType):
        return " { __typename }"
    parts = ["__typename", *leaves(named)]
    edges = named.fields.get("edges")
    if edges is not None:
        node = get_named_type(edges.type).fields["node"]
        parts.append(f"edges {{ cursor node{selection_of(node)} }}")
    return " { " + " ".join(parts) + " }"


def reachable() -> dict[str, tuple[str, str]]:
    """For each object type, the shortest way in from Query: (opening text, closing text)."""
    paths: dict[str, tuple[str, str]] = {"Query": ("", "")}
    queue = deque(["Query"])
    while queue:
        name = queue.popleft()
        opening, closing = paths[name]
        object_type = GRAPH.type_map[name]
        assert isinstance(object_type, GraphQLObjectType)
        for field_name, field in object_type.fields.items():
            if (name == "Query" and field_name in NOT_TRAVERSED) or field_name.startswith("__"):
                continue
            required = any(is_required_argument(a) for a in field.args.values())
            arguments = KNOWN_ARGUMENTS.get((name, field_name), "")
            if required and not arguments:
                continue
            named = get_named_type(field.type)
            kinds = GRAPH.get_possible_types(named) if is_abstract_type(named) else [named]
            for kind in kinds:
                if not isinstance(kind, GraphQLObjectType) or kind.name in paths:
                    continue
                spread = f"... on {kind.name} {{ " if is_abstract_type(named) else ""
                paths[kind.name] = (
                    f"{opening}{field_name}{arguments} {{ __typename {spread}",
                    f" }}{' }' if spread else ''}{closing}",
                )
                queue.append(kind.name)
    return paths


def targets() -> list[Target]:
    """Every field that takes arguments, on every type reachable from Query."""
    found = []
    for name, (opening, closing) in reachable().items():
        object_type = GRAPH.type_map[name]
        assert isinstance(object_type, GraphQLObjectType)
        for field_name, field in object_type.fields.items():
            if field.args and field_name != "_service":
                found.append(Target(name, field_name, field, opening, closing))
    return found


TARGETS = targets()


def literal(value: Any, type_: GraphQLInputType) -> str | None:
    """Write a value as a GraphQL literal of `type_`, or None when it has no such literal."""
    if value is None:
        return "null"
    if isinstance(type_, GraphQLNonNull):
        return literal(value, type_.of_type)
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        written = [literal(item, type_.of_type) for item in items]
        return None if None in written else "[" + ", ".join(written) + "]"  # type: ignore[arg-type]
    if isinstance(type_, GraphQLEnumType):
        return value if isinstance(value, str) and value in type_.values else None
    if isinstance(type_, GraphQLInputObjectType):
        return object_literal(value, type_)
    # JSON writes booleans, numbers and strings as GraphQL does.
    return json.dumps(value, ensure_ascii=False) if isinstance(value, int | float | str) else None


def object_literal(value: Any, type_: GraphQLInputObjectType) -> str | None:
    """Write a dict as an input object literal, or None when it is not one."""
    if not isinstance(value, dict) or not set(value) <= set(type_.fields):
        return None
    written = {key: literal(item, type_.fields[key].type) for key, item in value.items()}
    if None in written.values():
        return None
    return "{" + ", ".join(f"{key}: {item}" for key, item in written.items()) + "}"


@st.composite
def requests(draw: st.DrawFn, target: Target) -> tuple[str, dict[str, Any]]:
    """One fuzzed request aimed at `target`: its document and variables."""
    arguments_of = target.field.args
    required = frozenset(n for n, a in arguments_of.items() if is_required_argument(a))
    chosen: dict[str, GraphQLArgument] = {
        name: arguments_of[name] for name in draw(few(arguments_of, required))
    }
    inline = draw(st.booleans())
    arguments, declarations, variables = [], [], {}
    # Now and then one argument gets a value of any type, which must not get past coercion.
    wrong = draw(st.sampled_from([*chosen, *[None] * 7])) if chosen else None
    for index, (name, argument) in enumerate(chosen.items()):
        value = draw(garbage if name == wrong else values(argument.type))
        written = literal(value, argument.type) if inline else None
        if written is not None:
            arguments.append(f"{name}: {written}")
        else:
            declarations.append(f"$v{index}: {argument.type}")
            arguments.append(f"{name}: $v{index}")
            variables[f"v{index}"] = value
    document = target.document(
        f"({', '.join(arguments)})" if arguments else "",
        f"({', '.join(declarations)})" if declarations else "",
    )
    return document, variables


def assert_typed(response: httpx.Response) -> None:
    assert response.status_code in (200, 400), (response.status_code, response.text)
    for error in response.json().get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        assert code is not None, error
        assert code != "INTERNAL_SERVER_ERROR", error


def test_every_field_with_arguments_is_fuzzed() -> None:
    with_arguments = {
        (name, field_name)
        for name, named in GRAPH.type_map.items()
        if isinstance(named, GraphQLObjectType)
        and name not in ("Mutation", "Subscription")
        and not name.startswith("__")
        for field_name, field in named.fields.items()
        if field.args and field_name != "_service"
    }
    fuzzed = {(target.type_name, target.field_name) for target in TARGETS}
    assert fuzzed == with_arguments
    assert {("Query", "node"), ("Query", "_entities"), ("ReviewProcess", "contributions")} <= fuzzed


@pytest.mark.usefixtures("demo")
async def test_random_read_arguments_get_typed_answers(
    client: httpx.AsyncClient, session: Any
) -> None:
    editor = {"Authorization": f"Bearer {await new_key(session, 'editor')}"}
    loop = asyncio.get_running_loop()

    def fuzz(target: Target) -> None:
        # Hypothesis drives a synchronous test (so it can shrink a failure) in a worker
        # thread; each request runs on the test's event loop, where the app and its
        # connection live.
        @settings(
            max_examples=EXAMPLES_PER_FIELD,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(request=requests(target), as_editor=st.booleans())
        def check(request: tuple[str, dict[str, Any]], as_editor: bool) -> None:
            document, variables = request
            post = client.post(
                "/graphql",
                json={"query": document, "variables": variables},
                headers=editor if as_editor else {},
            )
            assert_typed(asyncio.run_coroutine_threadsafe(post, loop).result(timeout=60))

        check()

    for target in TARGETS:
        await asyncio.to_thread(fuzz, target)
