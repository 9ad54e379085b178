"""The example queries in examples/queries/ (shown in the README) run and answer correctly."""

import json
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import models
from tests.graph_support import demo  # noqa: F401 - fixture

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "queries"


def example(name: str) -> str:
    return (EXAMPLES / f"{name}.graphql").read_text(encoding="utf-8")


def test_the_readme_shows_every_example():
    readme = (EXAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    names = sorted(path.name for path in EXAMPLES.glob("*.graphql"))
    assert names == [
        "catalogue_with_members.graphql",
        "gcm_coverage_matrix.graphql",
        "state_iscms_and_recommendations.graphql",
    ]
    for name in names:
        assert f"examples/queries/{name}" in readme


async def test_catalogue_with_members(graphql, session):
    seeded = json.loads(files("db").joinpath("seed", "iscms.json").read_text(encoding="utf-8"))
    data = await graphql.data(example("catalogue_with_members"))
    page = data["iscms"]
    assert page["totalCount"] == 34
    assert page["pageInfo"]["hasNextPage"] is False
    nodes = {edge["node"]["slug"]: edge["node"] for edge in page["edges"]}
    for record in seeded:
        node = nodes[record["slug"]]
        assert {m["iso3"] for m in node["members"]} == set(record["members"])
        assert node["memberCount"] == len(record["members"])
    by_name = select(models.Iscm.slug).order_by(models.Iscm.name, models.Iscm.id)
    assert list(nodes) == list((await session.execute(by_name)).scalars())
    rcps = await graphql.data(
        example("catalogue_with_members"), {"first": 5, "filter": {"kind": "RCP"}}
    )
    assert rcps["iscms"]["totalCount"] == 17
    assert len(rcps["iscms"]["edges"]) == 5


@pytest.mark.usefixtures("demo")
async def test_state_iscms_and_recommendations(graphql, session):
    membership = models.IscmMembership
    member_of = select(membership.iscm_id).where(
        membership.state_iso3 == "PHL", membership.role == "MEMBER"
    )
    expected_total = (
        await session.execute(
            select(func.count())
            .select_from(models.Recommendation)
            .where(models.Recommendation.iscm_id.in_(member_of))
        )
    ).scalar_one()
    data = await graphql.data(example("state_iscms_and_recommendations"), {"iso3": "PHL"})
    state = data["memberState"]
    assert (state["name"], state["subregion"]) == ("Philippines", "South-eastern Asia")
    assert "colombo-process" in {m["iscm"]["slug"] for m in state["memberships"]}
    recommendations = state["recommendations"]
    assert recommendations["totalCount"] == expected_total > 10
    assert len(recommendations["edges"]) == 10
    dates = [edge["node"]["adoptedOn"] for edge in recommendations["edges"]]
    assert dates == sorted(dates, reverse=True)
    member_slugs = {m["iscm"]["slug"] for m in state["memberships"] if m["role"] == "MEMBER"}
    assert {edge["node"]["iscm"]["slug"] for edge in recommendations["edges"]} <= member_slugs


@pytest.mark.usefixtures("demo")
async def test_gcm_coverage_matrix(graphql, session):
    link = models.recommendation_gcm_objectives
    linked = (
        await session.execute(
            select(func.count())
            .select_from(link)
            .join(models.Recommendation, models.Recommendation.id == link.c.recommendation_id)
            .where(models.Recommendation.iscm_id.is_not(None))
        )
    ).scalar_one()
    data = (await graphql.data(example("gcm_coverage_matrix")))["gcmCoverage"]
    assert [o["number"] for o in data["objectives"]] == list(range(1, 24))
    assert len(data["rows"]) == 34
    assert sum(row["recommendationCount"] for row in data["rows"]) == linked > 0
    assert sum(t["recommendationCount"] for t in data["totals"]) == linked
    rcps = await graphql.data(example("gcm_coverage_matrix"), {"filter": {"kind": "RCP"}})
    assert len(rcps["gcmCoverage"]["rows"]) == 17
