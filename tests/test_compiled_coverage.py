"""The compiled `gcmCoverage` matrix answers exactly what the DataLoader path answers."""

from pathlib import Path

import pytest
from graphql import parse
from hypothesis import strategies as st
from sqlalchemy import select

from db import models
from schema.compiled import (
    COVERAGE_CELL_FIELDS,
    COVERAGE_ROW_COUNTS,
    OBJECTIVE_FIELDS,
    plan_operation,
)
from tests.graph_support import add_recommendation
from tests.test_compiled import (
    as_operation,
    both_paths,
    compare_random_operations,
    compiled_statements,
    iscm_selections,
    same_json,
)
from tests.test_compiled_contributions import contributions, headers_of

__all__ = ["contributions"]  # a fixture, used by name

EXAMPLES_PER_PRINCIPAL = 25
PRINCIPALS = ["anonymous", "partner", "editor"]
COVERAGE_QUERY = (
    Path(__file__).parent.parent / "bench" / "queries" / "gcm_coverage.graphql"
).read_text()
UNSUPPORTED = {
    "filter": "{ gcmCoverage(filter: { kind: RCP }) { rows { recommendationCount } } }",
    "cell objective": "{ gcmCoverage { rows { cells { objective { number } } } } }",
    "totals objective": "{ gcmCoverage { totals { objective { title } } } }",
    "alias": "{ gcmCoverage { lines: rows { recommendationCount } } }",
    "typename": "{ gcmCoverage { __typename rows { contributionCount } } }",
    "unknown iscm field": "{ gcmCoverage { rows { iscm { nope } } } }",
}


@pytest.fixture
async def coverage(session, contributions) -> str:
    """Recommendations with objectives in two ISCMs (one addressing none) on top of
    contributions in every status; the partner's ISCM slug."""
    partner_slug, _ = contributions
    iscms = (
        await session.execute(select(models.Iscm.id).order_by(models.Iscm.slug).limit(2))
    ).scalars()
    for n, iscm_id in enumerate(iscms):
        for k in range(3):
            objectives = tuple(sorted({1 + (n + k) % 23, 23 - k, 7}))[: k + 1]
            await add_recommendation(
                session, iscm=iscm_id, title=f"Coverage {n}.{k}", objectives=objectives
            )
        await add_recommendation(session, iscm=iscm_id, title=f"No objective {n}")
    return partner_slug


def cell_selection(draw: st.DrawFn) -> str:
    """Draw the fields of a coverage cell."""
    fields = draw(st.lists(st.sampled_from(sorted(COVERAGE_CELL_FIELDS)), min_size=1, unique=True))
    return " ".join(fields)


@st.composite
def coverage_operations(draw: st.DrawFn) -> str:
    """Draw a `gcmCoverage` operation over the compiled subset."""
    parts = []
    if draw(st.booleans()):
        row = draw(st.lists(st.sampled_from(COVERAGE_ROW_COUNTS), unique=True))
        if draw(st.booleans()):
            row.append(f"cells {{ {cell_selection(draw)} }}")
        if draw(st.booleans()) or not row:
            row.append(f"iscm {{ {draw(iscm_selections())} }}")
        parts.append(f"rows {{ {' '.join(draw(st.permutations(row)))} }}")
    if draw(st.booleans()):
        parts.append(f"totals {{ {cell_selection(draw)} }}")
    if draw(st.booleans()) or not parts:
        fields = draw(st.lists(st.sampled_from(sorted(OBJECTIVE_FIELDS)), min_size=1, unique=True))
        parts.append(f"objectives {{ {' '.join(fields)} }}")
    return f"{{ gcmCoverage {{ {' '.join(draw(st.permutations(parts)))} }} }}"


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_random_coverage_operations_answer_what_the_loaders_answer(
    principal, client, session, coverage, statements
):
    # given a caller and recommendations and contributions (every status) addressing objectives
    headers = await headers_of(principal, session, coverage)

    # when random coverage operations run on both paths
    await compare_random_operations(
        coverage_operations().map(as_operation), EXAMPLES_PER_PRINCIPAL, client, headers, statements
    )


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_the_coverage_benchmark_query_is_one_statement(
    principal, client, session, coverage, statements
):
    # given a caller
    headers = await headers_of(principal, session, coverage)

    # when query (d) runs on both paths
    fast, reference = await both_paths(client, {"query": COVERAGE_QUERY}, headers, statements)

    # then one compiled statement answered what the DataLoader path answers: every ISCM, all
    # 23 cells each, counts that add up
    assert len(compiled_statements(statements)) == 1
    assert same_json(fast, reference)
    rows = fast.json()["data"]["gcmCoverage"]["rows"]
    total = (await session.execute(select(models.Iscm.id))).all()
    assert len(rows) == len(total)
    assert all(len(row["cells"]) == 23 for row in rows)
    assert any(row["contributionCount"] for row in rows)
    for row in rows:
        assert row["recommendationCount"] == sum(c["recommendationCount"] for c in row["cells"])


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_coverage_shapes_are_not_compiled(name):
    assert plan_operation(parse(UNSUPPORTED[name]), None) is None
