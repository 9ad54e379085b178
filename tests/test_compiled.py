"""Compiled reads answer exactly what the DataLoader path answers, in one statement."""

import asyncio
import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from graphql import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db import models
from db.queries.catalogue import ISCM_SORTS
from resolvers.pagination import encode_cursor
from schema import compiled
from schema.compiled import (
    ISCM_FIELDS,
    ISCM_STATE_LISTS,
    OBJECTIVE_COUNT_FIELDS,
    OBJECTIVE_FIELDS,
    STATE_FIELDS,
    THEME_FIELDS,
    plan_operation,
)
from tests.conftest import StatementLog
from tests.in_process import app_client
from tests.write_api.support import new_key

EXAMPLES_PER_PRINCIPAL = 60
MISSING_SLUG = "no-such-iscm"
BENCH_SMALL_QUERY = """
query IscmBySlug {
  iscm(slug: "bali-process") {
    slug acronym name kind status established website membersConfidence
  }
}
"""
UNSUPPORTED = {
    "alias": '{ iscm(slug: "bali-process") { title: name } }',
    "fragment": '{ iscm(slug: "bali-process") { ...F } } fragment F on Iscm { name }',
    "inline fragment": '{ iscm(slug: "bali-process") { ... on Iscm { name } } }',
    "directive": '{ iscm(slug: "bali-process") { name @include(if: true) } }',
    "typename": '{ iscm(slug: "bali-process") { __typename name } }',
    "datetime": '{ iscm(slug: "bali-process") { createdAt } }',
    "global id": '{ iscm(slug: "bali-process") { id } }',
    "unknown field": '{ iscm(slug: "bali-process") { nope } }',
    "repeated field": '{ iscm(slug: "bali-process") { name name } }',
    "other root field": "{ gcmObjectives { number } }",
    "two root fields": '{ iscm(slug: "bali-process") { name } gcmObjectives { number } }',
    "nested relation": '{ iscm(slug: "bali-process") { members { iscms { slug } } } }',
    "memberships": '{ iscm(slug: "bali-process") { memberships { role } } }',
    "nullable variable": "query Q($s: String) { iscm(slug: $s) { name } }",
    "variable default": 'query Q($s: String! = "x") { iscm(slug: $s) { name } }',
    "unused variable": 'query Q($n: Int) { iscm(slug: "bali-process") { name } }',
    "variable of another type": "query Q($n: Float) { iscms(first: $n) { totalCount } }",
    "undeclared variable": "{ iscms(first: $n) { totalCount } }",
    "repeated argument": "{ iscms(first: 1, first: 2) { totalCount } }",
    "literal of another kind": '{ iscms(first: "1") { totalCount } }',
    "int out of range": "{ iscms(first: 2147483648) { totalCount } }",
    "missing required argument": "{ iscm { name } }",
    "nested variable": 'query Q($n: Int) { memberState(iso3: "ESP") { iscms { recommendations(first: $n) { edges { node { id } } } } } }',
    "mutation": 'mutation { revokeApiKey(keyId: "x") { errors { code } } }',
}


class NoPlans(compiled.PlanCache):
    """A plan cache that compiles nothing: every operation takes the DataLoader path."""

    def plan(self, *_: Any) -> None:  # type: ignore[override]
        """Return no plan."""


@contextmanager
def reference_path() -> Iterator[None]:
    """Run the requests in this block on the DataLoader path."""
    plans = compiled.PLANS
    compiled.PLANS = NoPlans(0)
    try:
        yield
    finally:
        compiled.PLANS = plans


def body_of(query: str, variables: dict[str, Any] | None, name: str | None) -> dict[str, Any]:
    """Return a GraphQL request body."""
    return {"query": query, "variables": variables, "operationName": name}


def ordered_json(body: bytes) -> str:
    """Return a response body as compact JSON text, keys in the order they came.

    Compiled answers are PostgreSQL's JSON text, spaced as it spaces it; two answers are
    the same when they hold the same values with the same keys in the same order.
    """
    return json.dumps(
        json.loads(body, object_pairs_hook=OrderedDict), separators=(",", ":"), ensure_ascii=False
    )


def same_json(fast: httpx.Response, reference: httpx.Response) -> bool:
    """Whether two responses hold the same JSON (values, key order, types)."""
    return ordered_json(fast.content) == ordered_json(reference.content)


def compiled_statements(statements: StatementLog) -> list[str]:
    """Return the statements a compiled path ran (the DataLoader path runs none like them)."""
    return [s for s in statements.statements if "json_build_object" in s]


async def both_paths(
    client: httpx.AsyncClient,
    body: dict[str, Any],
    headers: dict[str, str],
    statements: StatementLog | None = None,
) -> tuple[httpx.Response, httpx.Response]:
    """Return the compiled path's response and the DataLoader path's, for the same request.

    With `statements`, it holds afterwards what the compiled path's request ran.
    """
    if statements is not None:
        statements.reset()
    fast = await client.post("/graphql", json=body, headers=headers)
    if statements is not None:
        seen = list(statements.statements)
    with reference_path():
        reference = await client.post("/graphql", json=body, headers=headers)
    if statements is not None:
        statements.statements[:] = seen
    return fast, reference


Operation = tuple[str, dict[str, Any] | None, str | None]  # document, variables, operation name


def as_operation(query: str) -> Operation:
    """Return a document without variables or operation name as an Operation."""
    return query, None, None


async def compare_random_operations(
    strategy: st.SearchStrategy[Operation],
    examples: int,
    client: httpx.AsyncClient,
    headers: dict[str, str],
    statements: StatementLog,
) -> None:
    """Run operations drawn from `strategy` on both paths; check they answer the same.

    Hypothesis drives a synchronous test in a worker thread (as in the mutation fuzzing);
    each request runs on the test's event loop, where the app and its connection live.
    """
    loop = asyncio.get_running_loop()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(operation=strategy)
    def check(operation: Operation) -> None:
        query, variables, name = operation
        assert plan_operation(parse(query), name) is not None, query
        request = both_paths(client, body_of(query, variables, name), headers, statements)
        fast, reference = asyncio.run_coroutine_threadsafe(request, loop).result(timeout=60)
        answered = "errors" not in fast.json()
        # a compiled statement answered every request the normal path answers without errors
        assert len(compiled_statements(statements)) == (1 if answered else 0), query

        # then the JSON, the status and the media type are the same
        assert fast.status_code == reference.status_code == 200
        assert same_json(fast, reference), query
        assert fast.headers["content-type"] == reference.headers["content-type"]

    await asyncio.to_thread(check)


@st.composite
def operations(draw: st.DrawFn, slugs: list[str]) -> Operation:
    """Draw a random operation over the compiled subset: (document, variables, operation name)."""
    selected = draw(iscm_selections())
    slug = draw(st.sampled_from([*slugs, MISSING_SLUG]))
    name = draw(st.none() | st.just("Compiled"))
    if draw(st.booleans()):
        header = f"query {name}($slug: String!)" if name else "query ($slug: String!)"
        return f"{header} {{ iscm(slug: $slug) {{ {selected} }} }}", {"slug": slug}, name
    header = f"query {name} " if name else ""
    return f'{header}{{ iscm(slug: "{slug}") {{ {selected} }} }}', None, name


@st.composite
def objective_count_selections(draw: st.DrawFn) -> str:
    """Draw a `gcmObjectives` selection of an ISCM: objective fields and counts."""
    parts = draw(st.lists(st.sampled_from(OBJECTIVE_COUNT_FIELDS), unique=True))
    objective = draw(st.lists(st.sampled_from(sorted(OBJECTIVE_FIELDS)), unique=True))
    if objective or not parts:
        parts.append(f"objective {{ {' '.join(objective or ['number'])} }}")
    return " ".join(draw(st.permutations(parts)))


@st.composite
def iscm_selections(draw: st.DrawFn) -> str:
    """Draw an ISCM selection set: scalar fields and State lists, in a random order."""
    fields = draw(st.lists(st.sampled_from(sorted(ISCM_FIELDS)), unique=True, max_size=6))
    states = {
        name: draw(
            st.none() | st.lists(st.sampled_from(sorted(STATE_FIELDS)), min_size=1, unique=True)
        )
        for name in ISCM_STATE_LISTS
    }
    themes = draw(
        st.none() | st.lists(st.sampled_from(sorted(THEME_FIELDS)), min_size=1, unique=True)
    )
    counts = draw(st.none() | objective_count_selections())
    if not fields and not any(states.values()) and not themes and not counts:
        fields = [draw(st.sampled_from(sorted(ISCM_FIELDS)))]
    parts = [*fields, *(f"{k} {{ {' '.join(v)} }}" for k, v in states.items() if v)]
    if themes:
        parts.append(f"thematicAreas {{ {' '.join(themes)} }}")
    if counts:
        parts.append(f"gcmObjectives {{ {counts} }}")
    return " ".join(draw(st.permutations(parts)))


@st.composite
def page_operations(draw: st.DrawFn, cursors: list[str], edge_sizes: list[int]) -> Operation:
    """Draw a random `iscms(first:, after:)` operation over the compiled subset.

    `edge_sizes` are page sizes around how many ISCMs follow each cursor, where
    `hasNextPage` turns from true to false.
    """
    firsts = st.integers(min_value=0, max_value=40) | st.sampled_from(edge_sizes)
    page, declared, variables = draw(page_arguments(firsts, st.sampled_from([*cursors, "bm9wZQ"])))
    parts = []
    if draw(st.booleans()):
        parts.append("totalCount")
    page_info = draw(st.lists(st.sampled_from(compiled.PAGE_INFO_FIELDS), unique=True))
    if page_info:
        parts.append(f"pageInfo {{ {' '.join(page_info)} }}")
    edge = []
    if draw(st.booleans()):
        edge.append("cursor")
    if draw(st.booleans()) or not edge:
        edge.append(f"node {{ {draw(iscm_selections())} }}")
    if draw(st.booleans()) or not parts:
        parts.append(f"edges {{ {' '.join(draw(st.permutations(edge)))} }}")
    name = draw(st.none() | st.just("Page"))
    header = f"query {name}{declared} " if name or declared else ""
    selected = " ".join(draw(st.permutations(parts)))
    return f"{header}{{ iscms{page} {{ {selected} }} }}", variables, name


@st.composite
def page_arguments(
    draw: st.DrawFn, firsts: st.SearchStrategy[int], afters: st.SearchStrategy[str]
) -> tuple[str, str, dict[str, Any] | None]:
    """Draw `first` and `after` of a page: (arguments, variable definitions, variables).

    Each is left out, written as a literal, or passed in a variable, declared nullable or
    not, and (when nullable) given, given as null or left out of the variables.
    """
    arguments, definitions, variables = [], [], {}
    for name, kind, values in (("first", "Int", firsts), ("after", "String", afters)):
        how = draw(st.sampled_from(["absent", "literal", "variable"]))
        if how == "absent":
            continue
        value = draw(values)
        if how == "literal":
            arguments.append(f"{name}: {value}" if kind == "Int" else f'{name}: "{value}"')
            continue
        required = draw(st.booleans())
        definitions.append(f"${name}: {kind}{'!' if required else ''}")
        arguments.append(f"{name}: ${name}")
        given = "value" if required else draw(st.sampled_from(["value", "null", "left out"]))
        if given != "left out":
            variables[name] = value if given == "value" else None
    page = f"({', '.join(arguments)})" if arguments else ""
    declared = f"({', '.join(definitions)})" if definitions else ""
    return page, declared, variables or None


@pytest.fixture
async def pages(session) -> tuple[list[str], list[int]]:
    """Cursors of a few ISCMs in the catalogue's order, and page sizes around the list's end."""
    sort = ISCM_SORTS["NAME"]
    query = select(models.Iscm.name, models.Iscm.id).order_by(*sort.columns)
    ordered = (await session.execute(query)).all()
    positions = [0, len(ordered) // 2, len(ordered) - 1]
    cursors = [encode_cursor(sort, tuple(ordered[i])) for i in positions]
    following = [len(ordered), *(len(ordered) - i - 1 for i in positions)]
    sizes = sorted({max(n + step, 0) for n in following for step in (-1, 0, 1)})
    return cursors, sizes


@pytest.fixture
async def slugs(session) -> list[str]:
    """Slugs of ISCMs with members and of ISCMs with observers (both lists get exercised)."""
    membership = models.IscmMembership
    query = (
        select(models.Iscm.slug, membership.role)
        .join(membership, membership.iscm_id == models.Iscm.id)
        .distinct()
        .order_by(models.Iscm.slug)
    )
    rows = (await session.execute(query)).all()
    with_observers = [slug for slug, role in rows if role == "OBSERVER"][:3]
    with_members = [slug for slug, role in rows if role == "MEMBER"][:3]
    assert with_members, "the reference data has ISCMs with members"
    return sorted({*with_members, *with_observers, "bali-process"})


@pytest.mark.parametrize("principal", ["anonymous", "partner"])
async def test_random_compiled_operations_answer_what_the_loaders_answer(
    principal, client, session, slugs, pages, statements
):
    # given a caller, anonymous or a partner of one ISCM
    headers = {}
    if principal == "partner":
        token = await new_key(session, "partner", [slugs[0]])
        headers["Authorization"] = f"Bearer {token}"

    # when random operations over the compiled subset run on both paths
    await compare_random_operations(
        operations(slugs) | page_operations(*pages),
        EXAMPLES_PER_PRINCIPAL,
        client,
        headers,
        statements,
    )


async def test_the_benchmark_small_query_is_one_statement(client, statements):
    # when the small benchmark query runs
    statements.reset()
    response = await client.post("/graphql", json={"query": BENCH_SMALL_QUERY})

    # then one statement answered it (the test transaction's savepoints aside), and the
    # DataLoader path answers the same bytes
    data_statements = [s for s in statements.statements if "SAVEPOINT" not in s]
    assert len(data_statements) == 1, statements.statements
    assert "json_build_object" in data_statements[0]
    assert response.json()["data"]["iscm"]["slug"] == "bali-process"
    with reference_path():
        reference = await client.post("/graphql", json={"query": BENCH_SMALL_QUERY})
    assert same_json(response, reference)


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_operations_are_not_compiled(name):
    assert plan_operation(parse(UNSUPPORTED[name]), None) is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            body_of("query Q($slug: String!) { iscm(slug: $slug) { name } }", {}, None),
            "BAD_USER_INPUT",
        ),
        (
            body_of("query Q($slug: String!) { iscm(slug: $slug) { name } }", {"slug": 5}, None),
            "BAD_USER_INPUT",
        ),
        (
            body_of(
                'query A { iscm(slug: "x") { name } } query B { iscm(slug: "y") { name } }',
                None,
                None,
            ),
            "OPERATION_RESOLUTION_FAILURE",
        ),
        *(
            (body_of("query Q($n: Int) { iscms(first: $n) { totalCount } }", {"n": n}, None), c)
            for n, c in (
                ("ten", "BAD_USER_INPUT"),
                (2**31, "BAD_USER_INPUT"),
                (True, "BAD_USER_INPUT"),
                (-1, "BAD_USER_INPUT"),
            )
        ),
        (
            body_of("query Q($a: String) { iscms(after: $a) { totalCount } }", {"a": 5}, None),
            "BAD_USER_INPUT",
        ),
        (
            body_of("query Q($a: String) { iscms(after: $a) { totalCount } }", {"a": "x"}, None),
            "BAD_USER_INPUT",
        ),
        (
            body_of("query Q($c: String!) { memberState(iso3: $c) { name } }", {"c": None}, None),
            "BAD_USER_INPUT",
        ),
        (
            body_of("query Q($c: String!) { memberState(iso3: $c) { name } }", {"c": "ES"}, None),
            "BAD_USER_INPUT",
        ),
    ],
)
async def test_bad_requests_get_the_normal_paths_errors(client, body, code, statements):
    # when a compilable document comes with bad variables or no chosen operation
    fast, reference = await both_paths(client, body, {}, statements)

    # then no compiled statement ran
    assert compiled_statements(statements) == []

    # then the answer is the DataLoader path's typed error
    assert [e["extensions"]["code"] for e in fast.json()["errors"]] == [code]
    assert same_json(fast, reference)


@pytest.mark.parametrize("name", ["x' OR true --", "x\\' OR true --", "Bali\\", "é'"])
async def test_crafted_cursor_keys_stay_values(client, statements, name):
    # given a cursor crafted around a name with quotes and backslashes (its keys are bound to
    # the compiled statement, never written into it)
    cursor = encode_cursor(ISCM_SORTS["NAME"], (name, 5))
    body = body_of(
        f'{{ iscms(first: 3, after: "{cursor}") {{ edges {{ node {{ name }} }} }} }}', None, None
    )

    # when it is used on both paths
    fast, reference = await both_paths(client, body, {}, statements)

    # then the compiled statement answered what the DataLoader path answers
    assert len(compiled_statements(statements)) == 1
    assert "errors" not in fast.json()
    assert same_json(fast, reference)


async def test_the_limits_still_apply_to_compiled_operations(settings, session_factory):
    # given a maximum cost below that of a member list (10 assumed members x 2 fields)
    query = '{ iscm(slug: "bali-process") { name members { iso3 name } } }'
    async with app_client(settings.model_copy(update={"max_cost": 10}), session_factory) as c:
        # when
        response = await c.post("/graphql", json={"query": query})

    # then it is refused as the normal path refuses it
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"


async def test_a_traced_request_takes_the_normal_path(client, statements):
    # when the gateway asks for a trace
    statements.reset()
    response = await client.post(
        "/graphql",
        json={"query": BENCH_SMALL_QUERY},
        headers={"apollo-federation-include-trace": "ftv1"},
    )

    # then the answer carries the trace the compiled path cannot give
    assert "ftv1" in response.json()["extensions"]


async def test_a_page_ending_at_the_last_iscm_has_no_next_page(client, session, statements):
    # given page sizes one short of, equal to and one past the catalogue's size
    total = len((await session.execute(select(models.Iscm.id))).all())
    for first, more in ((total - 1, True), (total, False), (total + 1, False)):
        query = f"{{ iscms(first: {first}) {{ totalCount pageInfo {{ hasNextPage }} }} }}"

        # when the page is asked on both paths
        fast, reference = await both_paths(client, {"query": query}, {}, statements)

        # then the compiled statement answered, as the DataLoader path does
        assert len(compiled_statements(statements)) == 1
        assert fast.json()["data"]["iscms"] == {
            "totalCount": total,
            "pageInfo": {"hasNextPage": more},
        }
        assert same_json(fast, reference)
