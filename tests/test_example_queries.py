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
    recommendation = models.Recommendation
    shared = models.recommendation_shared_iscms

    async def links(*, synthetic: bool) -> int:
        """Objective links of recommendations, once per ISCM each belongs to."""
        query = (
            select(func.count())
            .select_from(link)
            .join(recommendation, recommendation.id == link.c.recommendation_id)
            .where(recommendation.iscm_id.is_not(None))
        )
        also = (
            select(func.count())
            .select_from(link)
            .join(shared, shared.c.recommendation_id == link.c.recommendation_id)
            .join(recommendation, recommendation.id == link.c.recommendation_id)
        )
        if not synthetic:
            query, also = (
                query.where(~recommendation.synthetic),
                also.where(~recommendation.synthetic),
            )
        return (await session.execute(query)).scalar_one() + (
            await session.execute(also)
        ).scalar_one()

    data = (await graphql.data(example("gcm_coverage_matrix")))["gcmCoverage"]
    assert [o["number"] for o in data["objectives"]] == list(range(1, 24))
    assert len(data["rows"]) == 34
    real = await links(synthetic=False)
    assert sum(row["recommendationCount"] for row in data["rows"]) == real > 0
    assert sum(t["recommendationCount"] for t in data["totals"]) == real
    assert data["basis"]["syntheticCount"] == 0
    assert data["basis"]["editorialCount"] == data["basis"]["recommendationCount"] > 0
    everything = await graphql.data(example("gcm_coverage_matrix"), {"includeSynthetic": True})
    rows = everything["gcmCoverage"]["rows"]
    assert sum(row["recommendationCount"] for row in rows) == await links(synthetic=True) > real
    rcps = await graphql.data(example("gcm_coverage_matrix"), {"filter": {"kind": "RCP"}})
    assert len(rcps["gcmCoverage"]["rows"]) == 17


def first_queries() -> list[str]:
    """The queries of the README's "A first query" section, one per comment."""
    readme = (EXAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A first query", 1)[1].split("\n## ", 1)[0]
    block = section.split("```graphql\n", 1)[1].split("```", 1)[0]
    return [part.strip() for part in ("\n" + block).split("\n# ")[1:] if part.strip()]


async def test_the_readmes_first_queries_answer_what_it_says(graphql):
    state, declarations, coverage = [
        await graphql.data(query.split("\n", 1)[1]) for query in first_queries()
    ]
    assert state["memberState"]["name"] == "Philippines"
    documents = declarations["iscm"]["documents"]
    assert documents["totalCount"] == 11
    cadiz = documents["edges"][0]["node"]
    assert (cadiz["title"], cadiz["year"], cadiz["detailedKind"]) == (
        "Cadiz Action Plan 2023-2027",
        2022,
        "ACTION_PLAN",
    )
    assert len(cadiz["sources"]) == 4
    assert cadiz["recommendations"]["totalCount"] == 12
    second = cadiz["recommendations"]["edges"][1]["node"]
    assert second["classification"] == {
        "kind": "EDITORIAL",
        "note": "Area on regular pathways and visas; GCM 5.",
    }
    assert coverage["gcmCoverage"]["basis"] == {
        "iscmCount": 34,
        "iscmsWithRecords": 18,
        "recommendationCount": 135,
        "editorialCount": 135,
        "syntheticCount": 0,
    }
