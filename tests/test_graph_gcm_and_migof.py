"""One GCM objective by number, and IOM's Migration Governance Framework with its sources."""

import json
from importlib.resources import files

import pytest
from sqlalchemy import text

OBJECTIVE = """
query Objective($number: Int!) {
  gcmObjective(number: $number) { number shortName title recommendations(first: 1) { totalCount } }
}
"""
MIGOF = """
{
  migof {
    name acronym organization endorsed sources
    principles { number statement shortTitle sources }
    objectives { number statement shortTitle sources }
  }
}
"""


async def test_one_objective_by_number(graphql):
    every = {
        o["number"]: o
        for o in (await graphql.data("{ gcmObjectives { number title } }"))["gcmObjectives"]
    }

    for number in (1, 9, 23):
        objective = (await graphql.data(OBJECTIVE, {"number": number}))["gcmObjective"]
        assert objective["number"] == number
        assert objective["title"] == every[number]["title"]


@pytest.mark.parametrize("number", [0, 24, -1])
async def test_a_number_outside_1_to_23_is_refused(graphql, number):
    [error] = await graphql.errors(OBJECTIVE, {"number": number})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["path"] == ["gcmObjective"]
    assert "1 to 23" in error["message"]


async def test_an_objective_missing_from_the_table_is_null(graphql, session):

    await session.execute(
        text("DELETE FROM recommendation_gcm_objectives WHERE objective_number = 23")
    )
    await session.execute(text("DELETE FROM document_gcm_objectives WHERE objective_number = 23"))
    await session.execute(
        text("DELETE FROM review_contribution_gcm_objectives WHERE objective_number = 23")
    )
    await session.execute(text("DELETE FROM gcm_objectives WHERE number = 23"))

    data = await graphql.data(OBJECTIVE, {"number": 23})

    assert data["gcmObjective"] is None


async def test_migof_is_served_with_its_principles_objectives_and_sources(graphql, statements):
    seed = json.loads(files("db").joinpath("seed", "migof.json").read_text("utf-8"))
    statements.reset()

    migof = (await graphql.data(MIGOF))["migof"]

    assert len(statements.statements) == 1
    assert migof["acronym"] == "MiGOF"
    assert migof["name"] == seed["name"]
    assert migof["organization"] == seed["organization"]
    assert "1310" in migof["endorsed"]
    assert migof["sources"] == seed["sources"]
    for kind in ("principles", "objectives"):
        served = migof[kind]
        assert [item["number"] for item in served] == [1, 2, 3]
        for item, record in zip(served, seed[kind], strict=True):
            assert item["statement"] == record["statement"]
            assert item["shortTitle"] == record["short_title"]
            assert item["sources"] == seed["sources"]
            assert all(url.startswith("http") for url in item["sources"])
