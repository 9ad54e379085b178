"""Metamorphic tests of the read path: operations generated from the schema (tests/operations.py),
run on the reference data plus the demo records, as an anonymous caller, a partner and an editor.

Each generated operation is answered without errors in exactly one SQL statement; and rewriting
it changes the answer only as GraphQL says: `__typename` only adds keys, fragments change
nothing, an alias renames one key, @skip/@include remove exactly one, the same field twice with
other arguments adds its own answer next to the first.
"""

import asyncio
import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
import pytest
from graphql import GraphQLInputObjectType, GraphQLObjectType, get_named_type, is_abstract_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.session import RequestSession
from resolvers.context import ApiConfig, Context
from resolvers.principal import ANONYMOUS, Principal
from schema import schema
from schema.read_path import direct
from tests.conftest import StatementLog
from tests.graph_support import (  # noqa: F401 - fixture
    ADMIN,
    EDITOR,
    add_recommendation,
    demo,
    execute_as,
    iscm_id,
    partner_of,
)
from tests.in_process import app_client
from tests.operations import (
    PAGE_SIZES,
    Builder,
    Field,
    Operation,
    Samples,
    Selection,
    aliased,
    at,
    container_paths,
    dumped,
    field_paths,
    in_fragment,
    keys_follow_selections,
    renamed,
    selection_lists,
    siblings,
    skipped,
    twice,
    typenames,
    with_second,
    with_typenames,
    without,
    without_typenames,
)

EXAMPLES = 25  # per caller; each runs about eight requests
GRAPH = schema._schema
OBJECT_TYPES = frozenset(n for n, t in GRAPH.type_map.items() if isinstance(t, GraphQLObjectType))
LONG_ALIAS = "an_alias_longer_than_the_sixty_three_bytes_postgresql_keeps_of_a_name_" + "x" * 9
WORDS = ["migration", "labour mobility", "return -trafficking", '"border management"', "zzzz"]
DATES = ["2016-01-01", "2018-12-10", "2019-06-30", "2021-01-01", "2024-12-31"]
ANSWERS_TIMEOUT = 120
# The cost estimate refuses some generated operations (nested lists of every ISCM, say) and
# the response ceiling some answers: both are tested on their own (tests/test_cost_model.py,
# tests/test_response_ceiling.py); here every operation runs.
UNLIMITED = ApiConfig(max_cost=10**9, max_response_bytes=10**9)
ADMINS_ONLY = frozenset({"Query.auditEvents"})


def bounded(examples: int) -> settings:
    """Hypothesis settings of these tests: a fixed number of examples, the same every run."""
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@dataclass
class Rewrites:
    """A generated operation and the rewrites drawn for it (see tests/operations.py)."""

    base: Operation
    typenames: Operation
    fragments: Operation
    alias: tuple[tuple[int, ...], str]
    skip: tuple[tuple[int, ...], str]
    twice: tuple[tuple[int, ...], Field]


@st.composite
def rewritten_operations(draw: st.DrawFn, samples: Samples, left_out: frozenset[str]) -> Rewrites:
    """Draw an operation from the schema and one of each rewrite of it."""
    builder = Builder(draw, GRAPH, samples, left_out)
    base = builder.operation()
    paths = list(field_paths(base.selections))

    lists = list(selection_lists(base.selections))
    places = draw(
        st.lists(
            st.tuples(st.integers(0, len(lists) - 1), st.integers(0, 8)), min_size=1, max_size=3
        )
    )

    moved = base
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(container_paths(moved)))
        selections = at(moved.selections, path).selections if path else moved.selections
        assert selections
        start = draw(st.integers(0, len(selections) - 1))
        end = draw(st.integers(start + 1, len(selections)))
        how = draw(st.sampled_from(["named", "typed", "bare", "included"]))
        moved = in_fragment(moved, path, start, end, how)

    alias_path = draw(st.sampled_from(paths))
    taken = {s.key for s in siblings(base, alias_path) if isinstance(s, Field)}
    alias = draw(st.sampled_from([a for a in ("renamed", LONG_ALIAS) if a not in taken]))

    skip = (draw(st.sampled_from(paths)), draw(st.sampled_from(SKIPS)))

    twice_path = draw(
        st.sampled_from([p for p in paths if at(base.selections, p).name != "__typename"])
    )
    owner = owner_of(base, twice_path)
    other = builder.field(owner, at(base.selections, twice_path).name, depth=1)
    other.alias = "again"
    return Rewrites(
        base, with_typenames(base, places), moved, (alias_path, alias), skip, (twice_path, other)
    )


SKIPS = ["@skip(if: true)", "@include(if: false)", "@skip(if: $hidden)", "@include(if: $shown)"]


def owner_of(operation: Operation, path: tuple[int, ...]) -> Any:
    """The schema type whose field the selection at `path` is."""
    if len(path) == 1:
        return GRAPH.query_type
    return GRAPH.get_type(at(operation.selections, path[:-1]).returns)


async def seeded_samples(session: AsyncSession, editor: "Caller", anonymous: "Caller") -> Samples:
    """Sample values from the seeded rows: slugs, codes, names, ids, entity keys."""

    async def values(query: Any) -> list[Any]:
        return sorted(v for v in (await session.execute(query)).scalars() if v is not None)

    state = models.MemberState
    regions = await values(
        union(select(state.region), select(state.subregion), select(state.intermediate_region))
    )
    # ISCMs and States with the most recommendations first: Hypothesis draws first ones most
    recommendations = models.Recommendation
    iscms = list(
        (
            await session.execute(
                select(models.Iscm.slug)
                .outerjoin(recommendations, recommendations.iscm_id == models.Iscm.id)
                .group_by(models.Iscm.slug)
                .order_by(func.count(recommendations.id).desc(), models.Iscm.slug)
            )
        ).scalars()
    )
    ids_query = """{
      iscms(first: 2) { edges { node { id } } } memberStates(first: 2) { edges { node { id } } }
      recommendations(first: 3) { edges { node { id } } }
      reviewContributions(first: 4) { edges { node { id } } }
      reviewProcesses(first: 2) { edges { node { id } } } events(first: 2) { edges { node { id } } }
      documents(first: 2) { edges { node { id } } } thematicAreas(first: 2) { edges { node { id } } }
      sdgTargets(first: 2) { edges { node { id } } } gcmObjectives { id } gcmGuidingPrinciples { id }
    }"""
    everything = (await editor(ids_query, {}))["data"]
    ids = [*global_ids(everything), base64.b64encode(b"Iscm:999999").decode()]
    public = (
        await anonymous(
            "{ reviewContributions(first: 2) { edges { node { id } } } iscms(first: 2) { edges { node { id } } } }",
            {},
        )
    )["data"]
    contributions = [e["node"]["id"] for e in public["reviewContributions"]["edges"]]
    iscm_ids = [e["node"]["id"] for e in public["iscms"]["edges"]]
    membership = models.IscmMembership
    states = list(
        (
            await session.execute(
                select(state.iso3)
                .outerjoin(membership, membership.state_iso3 == state.iso3)
                .group_by(state.iso3)
                .order_by(func.count(membership.iscm_id).desc(), state.iso3)
            )
        ).scalars()
    )
    sdg_codes = await values(select(models.SdgTarget.code))
    representations = st.one_of(
        st.builds(lambda n: {"__typename": "GcmObjective", "number": n}, st.integers(1, 23)),
        st.builds(lambda s: {"__typename": "Iscm", "slug": s}, st.sampled_from(iscms)),
        st.builds(lambda i: {"__typename": "Iscm", "id": i}, st.sampled_from(iscm_ids)),
        st.builds(lambda c: {"__typename": "MemberState", "iso3": c}, st.sampled_from(states)),
        st.builds(
            lambda i: {"__typename": "ReviewContribution", "id": i}, st.sampled_from(contributions)
        ),
        st.builds(lambda c: {"__typename": "SdgTarget", "code": c}, st.sampled_from(sdg_codes)),
    )
    slugs = st.sampled_from(iscms)
    dates = st.sampled_from(DATES)
    return Samples(
        {
            "Query.iscm.slug": slugs,
            "Query.reviewProcess.slug": st.sampled_from(
                await values(select(models.ReviewProcess.slug))
            ),
            "Query.memberState.iso3": st.sampled_from(states),
            "Query.sdgTarget.code": st.sampled_from(sdg_codes),
            "Query.region.name": st.sampled_from(regions),
            "Query.node.id": st.sampled_from(ids),
            "Query.nodes.ids": st.lists(st.sampled_from(ids), min_size=1, max_size=4),
            "Query.search.query": st.sampled_from(WORDS),
            "Query.search.first": st.integers(1, 5),
            "Query.gcmObjective.number": st.integers(1, 23),
            "Query._entities.representations": st.lists(representations, min_size=1, max_size=4),
            "iscm": slugs,
            "iscms": st.lists(slugs, min_size=1, max_size=3, unique=True),
            "memberState": st.sampled_from(states),
            "thematicArea": st.sampled_from(await values(select(models.ThematicArea.slug))),
            "gcmObjective": st.integers(1, 23),
            "goal": st.integers(1, 17),
            "sdgTarget": st.sampled_from(sdg_codes),
            "reviewProcess": st.sampled_from(await values(select(models.ReviewProcess.slug))),
            "region": st.sampled_from(regions),
            "regionalCommission": st.sampled_from(
                ["ECE", *await values(select(models.ReviewProcess.regional_commission))]
            ),
            "year": st.sampled_from(
                [2019, *await values(select(models.ReviewProcess.year).distinct())]
            ),
            "search": st.sampled_from(WORDS),
            "unStatus": st.lists(
                st.sampled_from(["MEMBER", "OBSERVER", "NONE"]), min_size=1, max_size=3, unique=True
            ),
            "updatedSince": st.sampled_from(
                ["2000-01-01T00:00:00Z", "2026-12-05T09:00:00+01:00", "2100-01-01T00:00:00"]
            ),
            **{
                name: dates
                for name in (
                    "adoptedFrom",
                    "adoptedTo",
                    "publishedFrom",
                    "publishedTo",
                    "submittedFrom",
                    "submittedTo",
                    "from",
                    "to",
                )
            },
        }
    )


def global_ids(data: Any) -> list[str]:
    """Every `id` in an answer."""
    if isinstance(data, list):
        return [i for item in data for i in global_ids(item)]
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "id"] + [
            i for k, v in data.items() if k != "id" for i in global_ids(v)
        ]
    return []


Caller = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]


def caller_over_http(client: Any) -> Caller:
    """Post operations to the app over HTTP (an anonymous caller); return the response body."""

    async def call(document: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": document, "variables": variables})
        return response.json()

    return call


def caller_as(session_factory: Any, principal: Principal) -> Caller:
    """Run operations through the schema as `principal`; return the response as a body."""

    async def call(document: str, variables: dict[str, Any]) -> dict[str, Any]:
        result = await execute_as(session_factory, document, variables, principal, UNLIMITED)
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return body

    return call


def reads(statements: StatementLog) -> list[str]:
    """The statements a request ran, the test transaction's savepoints left out."""
    return [s for s in statements.statements if "SAVEPOINT" not in s]


class Answers:
    """Runs operations from Hypothesis's worker thread on the test's event loop, checking that
    each is answered without errors in one SQL statement."""

    def __init__(
        self, call: Caller, statements: StatementLog, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.call = call
        self.statements = statements
        self.loop = loop

    async def _answer(
        self, document: str, variables: dict[str, Any]
    ) -> tuple[dict[str, Any], list[str]]:
        self.statements.reset()
        body = await self.call(document, variables)
        return body, reads(self.statements)

    def data(self, operation: Operation, **values: Any) -> dict[str, Any]:
        """The operation's data; it must have no errors and take one statement (none when
        every root field was skipped)."""
        document = operation.document()
        variables = {**operation.values(), **values}
        request = self._answer(document, variables)
        body, ran = asyncio.run_coroutine_threadsafe(request, self.loop).result(ANSWERS_TIMEOUT)
        assert "errors" not in body, (document, variables, body["errors"])
        assert len(ran) == (1 if body["data"] else 0), (document, ran)
        return body["data"]


def check_rewrites(answers: Answers, drawn: Rewrites) -> None:
    """Run an operation and its rewrites; check each answer against the base answer."""
    base = answers.data(drawn.base)
    document = drawn.base.document()
    assert keys_follow_selections(base, drawn.base.selections), (document, base)

    # __typename only adds keys, each naming an object type
    with_names = answers.data(drawn.typenames)
    assert dumped(without_typenames(with_names)) == dumped(without_typenames(base)), document
    assert set(typenames(with_names)) <= OBJECT_TYPES
    assert len(list(typenames(with_names))) >= len(list(typenames(base)))

    # fields moved into named or inline fragments change nothing, key order included
    assert dumped(answers.data(drawn.fragments)) == dumped(base), drawn.fragments.document()

    # an alias renames its key and nothing else
    path, alias = drawn.alias
    renamed_answer = answers.data(aliased(drawn.base, path, alias))
    assert dumped(renamed_answer) == dumped(renamed(base, drawn.base, path, alias)), document

    # @skip / @include remove exactly that field (and, given false / true, nothing)
    path, directive = drawn.skip
    operation = skipped(drawn.base, path, directive)
    expected = dumped(without(base, drawn.base, path))
    if "$hidden" in directive:
        operation.variables["hidden"] = ("Boolean!", True)
        assert dumped(answers.data(operation)) == expected, operation.document()
        assert dumped(answers.data(operation, hidden=False)) == dumped(base)
    elif "$shown" in directive:
        operation.variables["shown"] = ("Boolean!", False)
        assert dumped(answers.data(operation)) == expected, operation.document()
        assert dumped(answers.data(operation, shown=True)) == dumped(base)
    else:
        assert dumped(answers.data(operation)) == expected, operation.document()

    # the same field again under an alias, with other arguments, answers as it does alone
    path, other = drawn.twice
    both, instead = twice(drawn.base, path, other)
    alone = answers.data(instead)
    expected_both = with_second(base, alone, drawn.base, path, other)
    assert dumped(answers.data(both)) == dumped(expected_both), both.document()


@pytest.fixture
async def ties_and_gaps(session, demo):  # noqa: F811
    """Rows on which keyset pages go wrong first: undated recommendations and documents (a
    nullable first sort key), recommendations sharing a date or a title."""
    bali, quito = await iscm_id(session, "bali-process"), await iscm_id(session, "quito-process")
    for n in range(5):
        await add_recommendation(session, iscm=bali, title=f"Undated {n}", objectives=(1, 2))
        await add_recommendation(
            session, iscm=bali, title="Same title", adopted_on=date(2019, 5, 5), objectives=(2,)
        )
    for n in range(3):
        await add_recommendation(
            session, iscm=quito, title=f"Undated {n}", themes=("labour-migration",)
        )
    for n, published in enumerate([None, None, date(2020, 1, 1), date(2020, 1, 1), None]):
        document = (
            await session.execute(
                insert(models.Document)
                .values(title=f"Document {n}", kind="DECLARATION", published_on=published)
                .returning(models.Document.id)
            )
        ).scalar_one()
        await session.execute(
            insert(models.document_iscms).values(document_id=document, iscm_id=bali)
        )
    await session.flush()


@pytest.fixture
async def principals(session, ties_and_gaps) -> dict[str, Principal]:
    """Who reads: nobody, a partner of the ISCM with the most unpublished contributions, an
    editor and an admin."""
    contribution = models.ReviewContribution
    partner_iscm = (
        await session.execute(
            select(contribution.iscm_id)
            .where(contribution.status != "PUBLISHED")
            .group_by(contribution.iscm_id)
            .order_by(func.count().desc(), contribution.iscm_id)
            .limit(1)
        )
    ).scalar_one()
    return {
        "anonymous": ANONYMOUS,
        "partner": partner_of(partner_iscm),
        "editor": EDITOR,
        "admin": ADMIN,
    }


@pytest.fixture
async def callers(settings, session_factory, principals):
    """The anonymous caller (over HTTP) and the others through the schema; none limited by
    the operations' cost (see UNLIMITED)."""
    limits = {"max_cost": UNLIMITED.max_cost, "max_response_bytes": UNLIMITED.max_response_bytes}
    async with app_client(settings.model_copy(update=limits), session_factory) as client:
        yield {
            "anonymous": caller_over_http(client),
            **{
                who: caller_as(session_factory, principal)
                for who, principal in principals.items()
                if who != "anonymous"
            },
        }


def left_out_for(who: str) -> frozenset[str]:
    """Fields this caller may not read at all (an error it should have): left out."""
    return frozenset() if who == "admin" else ADMINS_ONLY


@pytest.mark.parametrize("who", ["anonymous", "partner", "editor", "admin"])
async def test_generated_operations_keep_graphql_s_metamorphic_relations(
    who, callers, session, statements
):
    # given operations generated from the schema over the seeded and demo data
    samples = await seeded_samples(session, callers["editor"], callers["anonymous"])
    answers = Answers(callers[who], statements, asyncio.get_running_loop())

    @bounded(EXAMPLES)
    @given(drawn=rewritten_operations(samples, left_out_for(who)))
    def check(drawn: Rewrites) -> None:
        check_rewrites(answers, drawn)

    # when each runs with its rewrites, then each answer is what GraphQL says
    await asyncio.to_thread(check)


DIRECT_EXAMPLES = 10  # per caller; each compares three operations


async def direct_and_full(
    session_factory: Any, document: str, variables: dict[str, Any], principal: Principal
) -> tuple[Any, Any]:
    """The direct path's data (None when it leaves the operation to the full path) and the
    full path's result, for the same operation and reader."""
    db = RequestSession(session_factory)
    try:
        context = Context.create(db, UNLIMITED, principal=principal)
        text = await direct.data_text(GRAPH, document, None, variables, context)
    finally:
        await db.close()
    full = await execute_as(session_factory, document, variables, principal, UNLIMITED)
    return (orjson.loads(text) if text is not None else None), full


@pytest.mark.parametrize("who", ["anonymous", "partner", "editor", "admin"])
async def test_the_direct_path_answers_what_the_full_path_answers(
    who, callers, principals, session, session_factory
):
    # given operations generated from the schema, with their __typename and fragment rewrites
    samples = await seeded_samples(session, callers["editor"], callers["anonymous"])
    loop = asyncio.get_running_loop()

    answered: list[bool] = []

    @bounded(DIRECT_EXAMPLES)
    @given(drawn=rewritten_operations(samples, left_out_for(who)))
    def check(drawn: Rewrites) -> None:
        for operation in (drawn.base, drawn.typenames, drawn.fragments):
            document, variables = operation.document(), operation.values()
            request = direct_and_full(session_factory, document, variables, principals[who])
            data, full = asyncio.run_coroutine_threadsafe(request, loop).result(ANSWERS_TIMEOUT)
            # when the direct path answers them, then it answers as the full path does
            assert not full.errors, (document, full.errors)
            answered.append(data is not None)
            if data is not None:
                assert dumped(data) == dumped(full.data), document

    await asyncio.to_thread(check)
    # Left to the full path: the root's own __typename, `_entities` (a missing entity is an
    # error placed in Python); the other generated operations are answered directly.
    assert sum(answered) >= len(answered) // 2, answered


WALKS_PER_SITE = 2  # per caller
# Each node is known by its cursor (unique in its order): not every node type has an `id`.
PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor }"


def connection_sites() -> list[tuple[str, str | None]]:
    """Where a connection can be walked: root connections (name, None), and the connections
    of the objects root fields return (root name, connection name)."""
    query = GRAPH.query_type
    assert query is not None
    sites: list[tuple[str, str | None]] = []
    for name, definition in query.fields.items():
        named = get_named_type(definition.type)
        if named.name.endswith("Connection"):
            sites.append((name, None))
        elif isinstance(named, GraphQLObjectType) and definition.type is named:  # one object
            sites.extend(
                (name, inner)
                for inner, field in named.fields.items()
                if get_named_type(field.type).name.endswith("Connection")
            )
    return sites


@dataclass
class Walk:
    """A connection to page through: the operation (page size `$n`, cursor `$cursor`) going
    forward (`first`/`after`) and backward (`last`/`before`); the answer's keys down to it."""

    forward: Operation
    backward: Operation
    keys: tuple[str, ...]
    page_size: int
    ends: tuple[int, int]  # where a range between two cursors starts and ends (mod its size)


@st.composite
def connection_walks(draw: st.DrawFn, samples: Samples, site: tuple[str, str | None]) -> Walk:
    """Draw the arguments of the connection at `site`: order, filter, page size."""
    builder = Builder(draw, GRAPH, samples)
    query = GRAPH.query_type
    assert query is not None
    root_name, inner = site
    owner, name = (query, root_name)
    root_arguments: dict[str, str] = {}
    if inner is not None:
        definition = query.fields[root_name]
        root_arguments = {k: v for k, v in builder.arguments(query, root_name, definition).items()}
        owner, name = get_named_type(definition.type), inner
    definition = owner.fields[name]
    arguments = {}
    for argument in ("orderBy", "filter"):
        input_type = definition.args[argument].type if argument in definition.args else None
        if isinstance(input_type, GraphQLInputObjectType) and draw(st.booleans()):
            # one condition at most, so that most walks have pages to walk
            value = builder.input_object(input_type, optional=1 if argument == "filter" else 2)
            arguments[argument] = builder.written(value, input_type)

    def walking(size: str, cursor: str) -> Operation:
        page = Field(name, arguments={**arguments, size: "$n", cursor: "$cursor"})
        page.selections = [Field(PAGE)]  # printed as is
        selections: list[Selection] = [page]
        if inner is not None:
            selections = [Field(root_name, arguments=root_arguments, selections=selections)]
        variables = {**builder.variables, "n": ("Int!", 1), "cursor": ("String", None)}
        return Operation(selections, variables, name="Walk")

    keys = (root_name, inner) if inner is not None else (root_name,)
    ends = (draw(st.integers(0, 999)), draw(st.integers(0, 999)))
    return Walk(walking("first", "after"), walking("last", "before"), keys, draw(PAGE_SIZES), ends)


def connection_in(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The connection at `keys` in an answer."""
    for key in keys:
        data = data[key]
    return data


def pages(answers: Answers, walk: Walk, forward: bool, size: int) -> list[dict[str, Any]]:
    """Every page of the connection, walking from one end to the other."""
    operation = walk.forward if forward else walk.backward
    found: list[dict[str, Any]] = []
    cursor = None
    while len(found) < 200:
        page = connection_in(answers.data(operation, n=size, cursor=cursor), walk.keys)
        found.append(page)
        more = page["pageInfo"]["hasNextPage" if forward else "hasPreviousPage"]
        if not more:
            return found
        cursor = page["pageInfo"]["endCursor" if forward else "startCursor"]
    raise AssertionError("the walk did not end")


def check_walk(answers: Answers, walk: Walk) -> None:
    """Walk a connection both ways; check each node comes once, in one order, counted."""
    total = connection_in(answers.data(walk.forward, n=1), walk.keys)["totalCount"]
    size = min(100, max(walk.page_size, -(-total // 10)))  # ten pages at most

    forward = pages(answers, walk, forward=True, size=size)
    edges = [e for page in forward for e in page["edges"]]
    ids = [e["cursor"] for e in edges]
    assert len(ids) == len(set(ids)) == total, walk.forward.document()
    assert {page["totalCount"] for page in forward} == {total}
    for page in forward:
        if page["edges"]:
            assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
    assert [p["pageInfo"]["hasNextPage"] for p in forward] == [True] * (len(forward) - 1) + [False]

    # last/before from the end gives the same nodes in the same order
    backward = pages(answers, walk, forward=False, size=size)
    assert [e["cursor"] for page in reversed(backward) for e in page["edges"]] == ids
    assert {page["totalCount"] for page in backward} == {total}

    # and over any range between two cursors, first/after and last/before agree
    if total >= 3:
        start = walk.ends[0] % (total - 2)
        end = start + 2 + walk.ends[1] % min(total - start - 2, 99)
        between = end - start - 1
        after = answers.data(walk.forward, n=between, cursor=edges[start]["cursor"])
        before = answers.data(walk.backward, n=between, cursor=edges[end]["cursor"])
        inside = ids[start + 1 : end]
        assert [e["cursor"] for e in connection_in(after, walk.keys)["edges"]] == inside
        assert [e["cursor"] for e in connection_in(before, walk.keys)["edges"]] == inside


@pytest.mark.parametrize("who", ["anonymous", "admin"])
async def test_walking_any_connection_both_ways_meets_each_node_once(
    who, callers, session, statements
):
    # given connections drawn from the schema (root and nested, ordered and filtered)
    samples = await seeded_samples(session, callers["editor"], callers["anonymous"])
    answers = Answers(callers[who], statements, asyncio.get_running_loop())

    def check_every_site() -> None:
        for site in connection_sites():
            if site[0] in {name.split(".")[1] for name in left_out_for(who)}:
                continue

            @bounded(WALKS_PER_SITE)
            @given(walk=connection_walks(samples, site))
            def check(walk: Walk) -> None:
                check_walk(answers, walk)

            check()

    # when each is walked forward and backward, then the walks agree
    await asyncio.to_thread(check_every_site)


async def test_the_generator_can_select_every_database_field(callers, session):
    # given the sample values
    samples = await seeded_samples(session, callers["editor"], callers["anonymous"])
    # A stand-in draw: looking fields up never draws a value.
    builder = Builder(lambda strategy: None, GRAPH, samples)  # type: ignore[arg-type]

    # when each field of each type an operation can reach is looked at
    unreachable = []
    seen: set[str] = set()
    types = [GRAPH.query_type]
    while types:
        owner = types.pop()
        if owner is None or owner.name in seen:
            continue
        seen.add(owner.name)
        for name in builder.fields_of(owner):
            if not builder.can_draw(owner, name):
                unreachable.append(f"{owner.name}.{name}")
            named = get_named_type(owner.fields[name].type)
            types.extend(GRAPH.get_possible_types(named) if is_abstract_type(named) else [named])
        types = [t for t in types if isinstance(t, GraphQLObjectType)]

    # then every one but the UN statistics can be generated (a new field whose required
    # arguments have no sample values must get some in `seeded_samples`)
    assert unreachable == []
    assert len(seen) > 40
