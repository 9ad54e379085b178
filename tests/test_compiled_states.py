"""The compiled `memberState(iso3:)` read answers exactly what the DataLoader path answers."""

from datetime import date

import pytest
from graphql import parse
from hypothesis import strategies as st
from sqlalchemy import func, insert, select

from db import models
from schema.compiled import ISCM_FIELDS, RECOMMENDATION_FIELDS, STATE_FIELDS, plan_operation
from tests.test_compiled import (
    as_operation,
    both_paths,
    compare_random_operations,
    compiled_statements,
    same_json,
)
from tests.test_compiled_contributions import headers_of

EXAMPLES_PER_PRINCIPAL = 30
BENCH_STATE_QUERY = """
query StateRecommendations {
  memberState(iso3: "ESP") {
    iso3
    name
    iscms {
      slug
      name
      recommendations(first: 20, orderBy: { field: ADOPTED_ON, direction: DESC }) {
        edges { node { id title adoptedOn level } }
      }
    }
  }
}
"""
ORDERS = [
    None,
    "{}",
    "{ field: ADOPTED_ON }",
    "{ field: TITLE }",
    "{ direction: ASC }",
    "{ field: ADOPTED_ON, direction: DESC }",
    "{ field: ADOPTED_ON, direction: ASC }",
    "{ field: TITLE, direction: DESC }",
]
UNSUPPORTED = {
    "after": '{ memberState(iso3: "ESP") { iscms { recommendations(after: "x") { edges { node { id } } } } } }',
    "page info": '{ memberState(iso3: "ESP") { iscms { recommendations { pageInfo { hasNextPage } } } } }',
    "cursor": '{ memberState(iso3: "ESP") { iscms { recommendations { edges { cursor } } } } }',
    "role": '{ memberState(iso3: "ESP") { iscms(role: MEMBER) { slug } } }',
    "iscm members": '{ memberState(iso3: "ESP") { iscms { members { iso3 } } } }',
    "nullable variable": "query Q($c: String) { memberState(iso3: $c) { name } }",
    "recommendation iscm": '{ memberState(iso3: "ESP") { iscms { recommendations { edges { node { iscm { slug } } } } } } }',
}


@pytest.fixture
async def states(session) -> list[str]:
    """Codes of States in several ISCMs, whose ISCMs hold dated, undated and tied recommendations."""
    membership = models.IscmMembership
    busiest = (
        select(membership.state_iso3)
        .group_by(membership.state_iso3)
        .order_by(func.count().desc(), membership.state_iso3)
        .limit(3)
    )
    codes = list((await session.execute(busiest)).scalars())
    iscm_ids = (
        await session.execute(
            select(membership.iscm_id).where(membership.state_iso3.in_(codes)).distinct()
        )
    ).scalars()
    for iscm_id in iscm_ids:
        for n in range(iscm_id % 5 + 2):
            adopted = None if n % 3 == 0 else date(2020 + n % 2, 1 + n % 12, 1)  # ties too
            await session.execute(
                insert(models.Recommendation).values(
                    iscm_id=iscm_id,
                    title=f"Recommendation {(iscm_id * 7 + n) % 11} «{n}»",
                    text=f"Text {n}",
                    adopted_on=adopted,
                    source_url=None if n % 2 else "https://example.org/r",
                    synthetic=n % 4 == 0,
                )
            )
    return [*codes, " esp ", "ZZZ"]


@st.composite
def state_operations(draw: st.DrawFn, codes: list[str]) -> str:
    """Draw a `memberState(iso3:)` operation over the compiled subset."""
    fields = draw(st.lists(st.sampled_from(sorted(STATE_FIELDS)), max_size=4, unique=True))
    if draw(st.booleans()) or not fields:
        iscm = draw(st.lists(st.sampled_from(sorted(ISCM_FIELDS)), max_size=3, unique=True))
        if draw(st.booleans()) or not iscm:
            arguments = []
            first = draw(st.none() | st.integers(min_value=0, max_value=8))
            if first is not None:
                arguments.append(f"first: {first}")
            order = draw(st.sampled_from(ORDERS))
            if order is not None:
                arguments.append(f"orderBy: {order}")
            node = draw(
                st.lists(st.sampled_from(sorted(RECOMMENDATION_FIELDS)), min_size=1, unique=True)
            )
            page = f"({', '.join(arguments)})" if arguments else ""
            iscm.append(f"recommendations{page} {{ edges {{ node {{ {' '.join(node)} }} }} }}")
        fields.append(f"iscms {{ {' '.join(draw(st.permutations(iscm)))} }}")
    code = draw(st.sampled_from(codes))
    selected = " ".join(draw(st.permutations(fields)))
    return f'{{ memberState(iso3: "{code}") {{ {selected} }} }}'


@pytest.mark.parametrize("principal", ["anonymous", "partner", "editor"])
async def test_random_state_operations_answer_what_the_loaders_answer(
    principal, client, session, states, statements
):
    # given a caller and States whose ISCMs hold recommendations
    slug = (await session.execute(select(models.Iscm.slug).limit(1))).scalar_one()
    headers = await headers_of(principal, session, slug)

    # when random State operations run on both paths
    await compare_random_operations(
        state_operations(states).map(as_operation),
        EXAMPLES_PER_PRINCIPAL,
        client,
        headers,
        statements,
    )


async def test_the_state_benchmark_query_is_one_statement(client, states, statements):
    # when the deep benchmark query runs (Spain takes part in ISCMs of the reference data)
    fast, reference = await both_paths(client, {"query": BENCH_STATE_QUERY}, {}, statements)

    # then one compiled statement answered what the DataLoader path answers
    assert len(compiled_statements(statements)) == 1
    state = fast.json()["data"]["memberState"]
    assert state["iso3"] == "ESP"
    assert state["iscms"], "Spain takes part in ISCMs"
    assert same_json(fast, reference)


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ('{ memberState(iso3: "ZZZ") { name } }', {"memberState": None}),
        (
            '{ memberState(iso3: "ESP") { iscms { recommendations(first: 0) { edges { node { id } } } } } }',
            None,
        ),
    ],
)
async def test_an_unknown_state_and_an_empty_page(query, answer, client, states, statements):
    # when a State that does not exist, or empty pages, are asked
    fast, reference = await both_paths(client, {"query": query}, {}, statements)

    # then the compiled statement answered, as the DataLoader path does
    assert len(compiled_statements(statements)) == 1
    data = fast.json()["data"]
    if answer is not None:
        assert data == answer
    else:
        pages = [i["recommendations"] for i in data["memberState"]["iscms"]]
        assert pages
        assert all(page == {"edges": []} for page in pages)
    assert same_json(fast, reference)


@pytest.mark.parametrize(
    "query",
    [
        '{ memberState(iso3: "ES") { name } }',
        '{ memberState(iso3: "ESP") { iscms { recommendations(first: -1) { edges { node { id } } } } } }',
        '{ memberState(iso3: "ESP") { iscms { recommendations(first: 100000) { edges { node { id } } } } } }',
    ],
)
async def test_bad_arguments_get_the_normal_paths_error(query, client, statements):
    # when a bad code or page size is used
    fast, reference = await both_paths(client, {"query": query}, {}, statements)

    # then no compiled statement ran and the error is the DataLoader path's
    assert compiled_statements(statements) == []
    assert [e["extensions"]["code"] for e in fast.json()["errors"]] == ["BAD_USER_INPUT"]
    assert same_json(fast, reference)


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_state_shapes_are_not_compiled(name):
    assert plan_operation(parse(UNSUPPORTED[name]), None) is None
