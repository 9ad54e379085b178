"""Filters of the catalogue's lists: `iscms(filter:)` and `memberStates(filter:)`."""

import json
from importlib.resources import files

import pytest
from sqlalchemy import func, insert, select, update

from db import models
from tests.graph_support import (
    add_contribution,
    add_recommendation,
    iscm_id,
    review_process_id,
    without_real_outcomes,  # noqa: F401 - fixture
)

# Written when a fresh install held no outcome records: they list every record of their own.
pytestmark = pytest.mark.usefixtures("without_real_outcomes")

ISCMS = """
query Iscms($filter: IscmFilter) {
  iscms(first: 100, filter: $filter) { totalCount edges { node { slug } } }
}
"""
STATES = """
query States($filter: MemberStateFilter, $after: String) {
  memberStates(first: 100, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { iso3 } }
  }
}
"""


def seed(name: str):
    return json.loads(files("db").joinpath("seed", name).read_text(encoding="utf-8"))


def slugs(data: dict) -> set[str]:
    return {edge["node"]["slug"] for edge in data["iscms"]["edges"]}


async def test_kind_and_status(graphql):
    records = seed("iscms.json")
    rcps = await graphql.data(ISCMS, {"filter": {"kind": "RCP"}})
    assert slugs(rcps) == {r["slug"] for r in records if r["kind"] == "RCP"}
    assert rcps["iscms"]["totalCount"] == 17
    inactive = await graphql.data(ISCMS, {"filter": {"status": "INACTIVE", "kind": "IRF"}})
    assert slugs(inactive) == {"acp-eu-dialogue-on-migration-and-development"}


async def test_region_matches_members_m49_placement(graphql):
    placement = {s["iso3"]: s for s in seed("member_states.json")}
    expected = {
        r["slug"]
        for r in seed("iscms.json")
        if any(placement[m]["intermediate_region"] == "Central America" for m in r["members"])
    }
    data = await graphql.data(ISCMS, {"filter": {"region": "Central America"}})
    assert slugs(data) == expected
    assert "regional-conference-on-migration" in expected
    oceania = await graphql.data(ISCMS, {"filter": {"region": "Oceania", "kind": "RCP"}})
    assert slugs(oceania) == {"pacific-immigration-development-community"}


async def test_member_state_matches_members_and_observers(graphql):
    expected = {
        r["slug"] for r in seed("iscms.json") if "PHL" in r["members"] or "PHL" in r["observers"]
    }
    data = await graphql.data(ISCMS, {"filter": {"memberState": "phl"}})
    assert slugs(data) == expected
    assert len(expected) > 3


async def as_real(session, model, record_id) -> None:
    """Make a test record stand for a real one (the helpers add synthetic records)."""
    await session.execute(update(model).where(model.id == record_id).values(synthetic=False))
    await session.flush()


async def test_thematic_area_matches_explicit_links_and_recommendations(graphql, session):
    # given the Bali Process linked explicitly, the RCM through a recommendation
    bali = await iscm_id(session, "bali-process")
    rcm = await iscm_id(session, "regional-conference-on-migration")
    await session.execute(
        insert(models.iscm_thematic_areas).values(iscm_id=bali, thematic_area_slug="migrant-health")
    )
    health = await add_recommendation(session, iscm=rcm, title="Health", themes=("migrant-health",))
    await session.flush()
    demo_only = await graphql.data(ISCMS, {"filter": {"thematicArea": "migrant-health"}})
    await as_real(session, models.Recommendation, health)

    # when
    data = await graphql.data(ISCMS, {"filter": {"thematicArea": "migrant-health"}})
    themes = await graphql.data(
        '{ bali: iscm(slug: "bali-process") { thematicAreas { slug } } '
        'rcm: iscm(slug: "regional-conference-on-migration") { thematicAreas { slug name } } }'
    )

    # then (demo data counts for nothing, as in the analyses)
    assert slugs(demo_only) == {"bali-process"}
    assert slugs(data) == {"bali-process", "regional-conference-on-migration"}
    assert themes["bali"]["thematicAreas"] == [{"slug": "migrant-health"}]
    assert themes["rcm"]["thematicAreas"] == [{"slug": "migrant-health", "name": "Migrant health"}]


async def test_gcm_objective_counts_recommendations_and_public_contributions(graphql, session):
    bali = await iscm_id(session, "bali-process")
    rcm = await iscm_id(session, "regional-conference-on-migration")
    colombo = await iscm_id(session, "colombo-process")
    imrf = await review_process_id(session, "imrf-2026")
    five = await add_recommendation(session, iscm=bali, title="Five", objectives=(5,))
    await add_contribution(session, iscm=rcm, process=imrf, title="Public five", objectives=(5,))
    await add_contribution(
        session, iscm=colombo, process=imrf, title="Draft five", status="DRAFT", objectives=(5,)
    )
    await session.flush()
    demo_only = await graphql.data(ISCMS, {"filter": {"gcmObjective": 5}})
    await as_real(session, models.Recommendation, five)
    await session.execute(update(models.ReviewContribution).values(synthetic=False))
    data = await graphql.data(ISCMS, {"filter": {"gcmObjective": 5}})
    assert slugs(demo_only) == set()
    assert slugs(data) == {"bali-process", "regional-conference-on-migration"}


async def test_full_text_search_agrees_with_sql(graphql, session):
    query = func.websearch_to_tsquery("english", "smuggling -trafficking")
    expected = set(
        (
            await session.execute(
                select(models.Iscm.slug).where(models.Iscm.search_vector.op("@@")(query))
            )
        ).scalars()
    )
    data = await graphql.data(ISCMS, {"filter": {"search": "smuggling -trafficking"}})
    assert slugs(data) == expected
    assert "bali-process" not in expected  # its name mentions trafficking too
    assert data["iscms"]["totalCount"] == len(expected)
    anything = await graphql.data(ISCMS, {"filter": {"search": "smuggling"}})
    assert "bali-process" in slugs(anything)


@pytest.mark.parametrize(
    ("filter_", "argument"),
    [
        ({"region": "Atlantis"}, "filter.region"),
        ({"memberState": "Philippines"}, "filter.memberState"),
        ({"memberState": "XXX"}, "filter.memberState"),
        ({"thematicArea": "space-migration"}, "filter.thematicArea"),
        ({"gcmObjective": 24}, "filter.gcmObjective"),
        ({"search": "\t "}, "filter.search"),
    ],
)
async def test_invalid_iscm_filters(graphql, filter_, argument):
    errors = await graphql.errors(ISCMS, {"filter": filter_})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert errors[0]["path"] == ["iscms"]


async def test_member_states_of_an_iscm_in_a_region(graphql):
    record = next(r for r in seed("iscms.json") if r["slug"] == "prague-process")
    placement = {s["iso3"]: s for s in seed("member_states.json")}
    participants = set(record["members"]) | {o for o in record["observers"] if o in placement}
    data = await graphql.data(STATES, {"filter": {"iscm": "prague-process"}})
    assert {e["node"]["iso3"] for e in data["memberStates"]["edges"]} == participants
    asian = await graphql.data(
        STATES, {"filter": {"iscm": "prague-process", "region": "Asia", "unMembersOnly": True}}
    )
    assert {e["node"]["iso3"] for e in asian["memberStates"]["edges"]} == {
        code
        for code in participants
        if placement[code]["region"] == "Asia" and placement[code]["un_status"] == "MEMBER"
    }
    errors = await graphql.errors(STATES, {"filter": {"iscm": "no-such-process"}})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "filter.iscm"}
    errors = await graphql.errors(STATES, {"filter": {"region": "Narnia"}})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "filter.region"}
