"""The compiled `reviewContributions` page answers exactly what the DataLoader path answers."""

from datetime import UTC, datetime

import pytest
from graphql import parse
from hypothesis import strategies as st
from sqlalchemy import insert, select

from db import models
from db.queries.review import CONTRIBUTION_SORTS
from resolvers.catalogue import sort_key_for
from resolvers.pagination import encode_cursor
from schema import compiled
from schema.compiled import (
    CONTRIBUTION_FIELDS,
    OBJECTIVE_FIELDS,
    REVIEW_PROCESS_FIELDS,
    plan_operation,
)
from tests.test_compiled import (
    Operation,
    both_paths,
    compare_random_operations,
    compiled_statements,
    iscm_selections,
    page_arguments,
    same_json,
)
from tests.write_api.support import add_review_process, new_key

EXAMPLES_PER_PRINCIPAL = 40
NOT_A_CURSOR = "bm9wZQ"
BENCH_EXPORT_QUERY = """
query ContributionExport {
  reviewContributions(first: 100) {
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id title summary practices challenges status level phase outcomeType
        submittedAt publishedAt synthetic
        iscm { slug name }
        reviewProcess { slug }
        gcmObjectives { number shortName }
      }
    }
  }
}
"""
UNSUPPORTED = {
    "order": "{ reviewContributions(orderBy: { field: TITLE }) { edges { node { title } } } }",
    "filter": "{ reviewContributions(filter: { status: DRAFT }) { edges { node { title } } } }",
    "last": "{ reviewContributions(last: 2) { edges { node { title } } } }",
    "history": "{ reviewContributions { edges { node { history { action } } } } }",
    "nested page": "{ reviewContributions { edges { node { iscm { recommendations { totalCount } } } } } }",
    "variable with a default": "query Q($n: Int = 3) { reviewContributions(first: $n) { totalCount } }",
    "typename": "{ reviewContributions { edges { node { __typename } } } }",
}
# (status, submitted_at, published_at): every status; whole seconds, milliseconds and
# microseconds, so the DateTime text is checked where Python's isoformat changes shape.
SHAPES = [
    ("DRAFT", None, None),
    ("SUBMITTED", datetime(2025, 3, 1, 9, 30, tzinfo=UTC), None),
    (
        "PUBLISHED",
        datetime(2025, 3, 2, 10, 0, 0, 120000, tzinfo=UTC),
        datetime(2025, 4, 1, 0, 0, 0, 1, tzinfo=UTC),
    ),
    ("WITHDRAWN", datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC), None),
    (
        "PUBLISHED",
        datetime(2025, 5, 5, 5, 5, 5, tzinfo=UTC),
        datetime(2025, 6, 6, 6, 6, 6, 999999, tzinfo=UTC),
    ),
]


@pytest.fixture
async def contributions(session) -> tuple[str, list[str]]:
    """Contributions of three ISCMs in every status; the partner's slug and some cursors."""
    process_id = await add_review_process(session, "compiled-review")
    iscms = (
        await session.execute(
            select(models.Iscm.id, models.Iscm.slug).order_by(models.Iscm.slug).limit(3)
        )
    ).all()
    levels = [None, *(await session.execute(select(models.GovernanceLevel.code))).scalars()]
    phases = [None, *(await session.execute(select(models.GovernancePhase.code))).scalars()]
    outcomes = [None, *(await session.execute(select(models.OutcomeType.code))).scalars()]
    ids = []
    for n in range(12):
        status, submitted, published = SHAPES[n % len(SHAPES)]
        row = {
            "iscm_id": iscms[n % len(iscms)].id,
            "review_process_id": process_id,
            "title": f'Contribution {n} "quoted" \\ é',
            "summary": f"Summary {n}\nwith a line break",
            "practices": None if n % 2 else f"Practice {n}",
            "challenges": None if n % 3 else "Challenges ✓",
            "level": levels[n % len(levels)],
            "phase": phases[n % len(phases)],
            "outcome_type": outcomes[n % len(outcomes)],
            "status": status,
            "submitted_at": submitted,
            "published_at": published,
            "synthetic": n % 4 == 0,
        }
        statement = insert(models.ReviewContribution).values(**row)
        ids.append(
            (await session.execute(statement.returning(models.ReviewContribution.id))).scalar_one()
        )
        objectives = [number for number in (1, 7, 23) if (n + number) % 3]
        link = models.review_contribution_gcm_objectives
        for number in objectives[: n % 4]:
            await session.execute(
                insert(link).values(contribution_id=ids[-1], objective_number=number)
            )
    newest_first = sort_key_for(CONTRIBUTION_SORTS, "CREATED", True)
    by_title = sort_key_for(CONTRIBUTION_SORTS, "TITLE", False)
    cursors = [encode_cursor(newest_first, (ids[i],)) for i in (11, 6, 1, 0)]
    cursors.append(encode_cursor(by_title, ("Contribution 3", ids[3])))  # another ordering's
    return iscms[0].slug, cursors


def fields_of(allowed: dict[str, str]) -> st.SearchStrategy[list[str]]:
    """Draw a non-empty list of distinct leaf fields."""
    return st.lists(st.sampled_from(sorted(allowed)), min_size=1, max_size=6, unique=True)


@st.composite
def contribution_selections(draw: st.DrawFn) -> str:
    """Draw a contribution selection: scalars, `id`, `iscm`, `reviewProcess`, `gcmObjectives`."""
    parts = draw(st.lists(st.sampled_from(sorted(CONTRIBUTION_FIELDS)), max_size=8, unique=True))
    if draw(st.booleans()):
        parts.append(f"iscm {{ {draw(iscm_selections())} }}")  # State lists included
    for name, allowed in (
        ("reviewProcess", REVIEW_PROCESS_FIELDS),
        ("gcmObjectives", OBJECTIVE_FIELDS),
    ):
        if draw(st.booleans()):
            parts.append(f"{name} {{ {' '.join(draw(fields_of(allowed)))} }}")
    if not parts:
        parts.append("id")
    return " ".join(draw(st.permutations(parts)))


@st.composite
def contribution_pages(draw: st.DrawFn, cursors: list[str]) -> Operation:
    """Draw a `reviewContributions(first:, after:)` operation over the compiled subset."""
    firsts = st.integers(min_value=0, max_value=14)
    page, declared, variables = draw(
        page_arguments(firsts, st.sampled_from([*cursors, NOT_A_CURSOR]))
    )
    parts = []
    if draw(st.booleans()):
        parts.append("totalCount")
    page_info = draw(st.lists(st.sampled_from(compiled.PAGE_INFO_FIELDS), unique=True))
    if page_info:
        parts.append(f"pageInfo {{ {' '.join(page_info)} }}")
    edge = ["cursor"] if draw(st.booleans()) else []
    if draw(st.booleans()) or not edge:
        edge.append(f"node {{ {draw(contribution_selections())} }}")
    if draw(st.booleans()) or not parts:
        parts.append(f"edges {{ {' '.join(draw(st.permutations(edge)))} }}")
    header = f"query{declared} " if declared else ""
    selected = " ".join(draw(st.permutations(parts)))
    return f"{header}{{ reviewContributions{page} {{ {selected} }} }}", variables, None


async def headers_of(principal: str, session, partner_slug: str) -> dict[str, str]:
    """Return the request headers of an anonymous caller, a partner or an editor."""
    if principal == "anonymous":
        return {}
    slugs = [partner_slug] if principal == "partner" else []
    return {"Authorization": f"Bearer {await new_key(session, principal, slugs)}"}


@pytest.mark.parametrize("principal", ["anonymous", "partner", "editor"])
async def test_random_contribution_pages_answer_what_the_loaders_answer(
    principal, client, session, contributions, statements
):
    # given a caller and contributions in every status
    partner_slug, cursors = contributions
    headers = await headers_of(principal, session, partner_slug)

    # when random contribution pages run on both paths
    await compare_random_operations(
        contribution_pages(cursors),
        EXAMPLES_PER_PRINCIPAL,
        client,
        headers,
        statements,
    )


@pytest.mark.parametrize(
    ("principal", "visible"), [("anonymous", 4), ("partner", 7), ("editor", 12)]
)
async def test_the_export_query_is_one_statement_with_visibility_in_it(
    principal, visible, client, session, contributions, statements
):
    # given a caller who may see `visible` of the 12 contributions (4 PUBLISHED; the
    # partner's ISCM made 3 more unpublished)
    headers = await headers_of(principal, session, contributions[0])

    # when the export benchmark query runs on both paths
    fast, reference = await both_paths(client, {"query": BENCH_EXPORT_QUERY}, headers, statements)

    # then one compiled statement answered exactly what the DataLoader path answers
    assert len(compiled_statements(statements)) == 1
    connection = fast.json()["data"]["reviewContributions"]
    assert len(connection["edges"]) == visible
    assert connection["pageInfo"]["hasNextPage"] is False
    assert same_json(fast, reference)


@pytest.mark.parametrize(
    ("arguments", "edges", "more"),
    [("first: 0", 0, True), ("first: 3", 3, True), ("first: 4", 4, False), ("first: 5", 4, False)],
)
async def test_pages_around_the_last_visible_contribution(
    arguments, edges, more, client, contributions, statements
):
    # when an anonymous caller (4 PUBLISHED contributions visible) pages to and past the end
    query = (
        f"{{ reviewContributions({arguments}) {{ totalCount "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
        "edges { cursor node { id publishedAt } } } }"
    )
    fast, reference = await both_paths(client, {"query": query}, {}, statements)

    # then the compiled statement answered, as the DataLoader path does
    assert len(compiled_statements(statements)) == 1
    connection = fast.json()["data"]["reviewContributions"]
    assert connection["totalCount"] == 4
    assert len(connection["edges"]) == edges
    assert connection["pageInfo"]["hasNextPage"] is more
    assert same_json(fast, reference)


async def test_the_page_after_the_oldest_contribution_is_empty(client, contributions, statements):
    # given the cursor of the oldest contribution
    oldest = contributions[1][3]

    # when the page after it is asked
    query = f'{{ reviewContributions(after: "{oldest}") {{ pageInfo {{ hasNextPage hasPreviousPage startCursor }} edges {{ cursor }} }} }}'
    fast, reference = await both_paths(client, {"query": query}, {}, statements)

    # then it is empty on both paths
    assert fast.json()["data"]["reviewContributions"] == {
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": True, "startCursor": None},
        "edges": [],
    }
    assert same_json(fast, reference)


@pytest.mark.parametrize("cursor_index", [None, 4])
async def test_a_bad_cursor_gets_the_normal_paths_error(
    cursor_index, client, contributions, statements
):
    # given a cursor that is not one, or one issued for another ordering
    cursor = NOT_A_CURSOR if cursor_index is None else contributions[1][cursor_index]
    query = f'{{ reviewContributions(after: "{cursor}") {{ edges {{ cursor }} }} }}'

    # when it is used
    fast, reference = await both_paths(client, {"query": query}, {}, statements)

    # then no compiled statement ran and the error is the DataLoader path's
    assert compiled_statements(statements) == []
    [error] = fast.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert same_json(fast, reference)


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_contribution_shapes_are_not_compiled(name):
    assert plan_operation(parse(UNSUPPORTED[name]), None) is None


@pytest.mark.parametrize("first", [-1, 100000])
async def test_a_bad_page_size_gets_the_normal_paths_error(first, client, statements):
    # when a negative or too large page is asked
    query = f"{{ reviewContributions(first: {first}) {{ edges {{ cursor }} }} }}"
    fast, reference = await both_paths(client, {"query": query}, {}, statements)

    # then no compiled statement ran and the error is the DataLoader path's
    assert compiled_statements(statements) == []
    [error] = fast.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "first"
    assert same_json(fast, reference)
