"""Reference vocabularies through GraphQL: governance enums and terms, thematic areas, SDG
targets, GCM guiding principles, M49 regions, and node lookups for all of them."""

import base64
import json
from importlib.resources import files

import pytest
from graphql import GraphQLEnumType
from sqlalchemy import func, select

from db import models
from schema import schema


def seed(name: str):
    return json.loads(files("db").joinpath("seed", name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("enum", "vocabulary"),
    [
        ("GovernanceLevel", "governance_levels"),
        ("GovernancePhase", "governance_phases"),
        ("OutcomeType", "outcome_types"),
    ],
)
def test_governance_enums_carry_the_seed_descriptions(enum, vocabulary):
    terms = seed("reference.json")[vocabulary]
    enum_type = schema._schema.get_type(enum)
    assert isinstance(enum_type, GraphQLEnumType)
    values = enum_type.values
    assert list(values) == [term["code"] for term in terms]
    for term in terms:
        assert values[term["code"]].description == f"{term['name']}: {term['description']}"


async def test_vocabulary_root_fields_list_codes_names_and_descriptions(graphql):
    data = await graphql.data(
        "{ governanceLevels { code name description } governancePhases { code name } "
        "outcomeTypes { code name description } }"
    )
    reference = seed("reference.json")
    assert data["governanceLevels"] == reference["governance_levels"]
    assert [t["code"] for t in data["governancePhases"]] == [
        t["code"] for t in reference["governance_phases"]
    ]
    assert data["outcomeTypes"] == reference["outcome_types"]


async def test_thematic_areas_page_by_name(graphql):
    themes = sorted(seed("reference.json")["thematic_areas"], key=lambda t: t["name"])
    first = await graphql.data(
        "{ thematicAreas(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug name description } } } }"
    )
    page = first["thematicAreas"]
    assert page["totalCount"] == len(themes)
    assert [e["node"] for e in page["edges"]] == themes[:5]
    rest = await graphql.data(
        "query($after: String) { thematicAreas(first: 100, after: $after) { edges { node { slug } } } }",
        {"after": page["pageInfo"]["endCursor"]},
    )
    assert [e["node"]["slug"] for e in rest["thematicAreas"]["edges"]] == [
        t["slug"] for t in themes[5:]
    ]


async def test_sdg_targets_with_parent_children_and_series(graphql, session):
    records = {r["code"]: r for r in seed("sdg_migration_targets.json")}
    data = await graphql.data(
        """{ sdgTarget(code: "10.7") { code kind goal text parent { code }
               children { code kind parent { code } series { code description } } series { code } } }"""
    )
    target = data["sdgTarget"]
    assert (target["code"], target["kind"], target["goal"]) == ("10.7", "TARGET", 10)
    assert target["text"] == records["10.7"]["text"]
    assert target["parent"] is None
    assert target["series"] == []
    expected_children = sorted(code for code, r in records.items() if r["parent"] == "10.7")
    assert [c["code"] for c in target["children"]] == expected_children
    for child in target["children"]:
        assert child["kind"] == "INDICATOR"
        assert child["parent"] == {"code": "10.7"}
        assert [s["code"] for s in child["series"]] == sorted(
            s["code"] for s in records[child["code"]]["series"] or []
        )
    assert any(child["series"] for child in target["children"])


async def test_sdg_targets_list_and_filter(graphql):
    records = seed("sdg_migration_targets.json")
    everything = await graphql.data(
        "{ sdgTargets(first: 100) { totalCount edges { node { code goal } } } }"
    )
    assert everything["sdgTargets"]["totalCount"] == len(records)
    goals = [e["node"]["goal"] for e in everything["sdgTargets"]["edges"]]
    assert goals == sorted(goals)
    indicators = await graphql.data(
        "{ sdgTargets(first: 100, filter: {goal: 10, kind: INDICATOR}) { edges { node { code } } } }"
    )
    assert {e["node"]["code"] for e in indicators["sdgTargets"]["edges"]} == {
        r["code"] for r in records if r["goal"] == 10 and r["kind"] == "indicator"
    }
    errors = await graphql.errors("{ sdgTargets(first: 5, filter: {goal: 18}) { totalCount } }")
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "filter.goal"}
    assert (await graphql.data('{ sdgTarget(code: "99.1") { code } }'))["sdgTarget"] is None


async def test_guiding_principles(graphql):
    data = await graphql.data("{ gcmGuidingPrinciples { number paragraph name } }")
    assert data["gcmGuidingPrinciples"] == seed("gcm_guiding_principles.json")
    assert len(data["gcmGuidingPrinciples"]) == 10


async def test_regions_tree_matches_member_states(graphql, session):
    data = await graphql.data(
        """{ regions { name level parentName subregions { name level parentName
               subregions { name level parentName } } } }"""
    )
    regions = data["regions"]
    assert [r["name"] for r in regions] == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    assert {r["level"] for r in regions} == {"REGION"}
    americas = next(r for r in regions if r["name"] == "Americas")
    latin = next(
        s for s in americas["subregions"] if s["name"] == "Latin America and the Caribbean"
    )
    assert latin["level"] == "SUBREGION"
    assert latin["parentName"] == "Americas"
    assert [s["name"] for s in latin["subregions"]] == [
        "Caribbean",
        "Central America",
        "South America",
    ]
    assert {s["level"] for s in latin["subregions"]} == {"INTERMEDIATE_REGION"}
    subregions = (
        await session.execute(
            select(func.count(func.distinct(models.MemberState.subregion))).where(
                models.MemberState.subregion.is_not(None)
            )
        )
    ).scalar_one()
    assert sum(len(r["subregions"]) for r in regions) == subregions


async def test_region_member_states_at_every_level(graphql, session):
    data = await graphql.data(
        """{ centralAmerica: region(name: "Central America") { level parentName memberStates { iso3 } }
             americas: region(name: "Americas") { memberStates { iso3 } }
             everywhere: region(name: "Americas") { memberStates(unStatus: [MEMBER, OBSERVER, NONE]) { iso3 } }
             none: region(name: "Atlantis") { name } }"""
    )
    assert data["centralAmerica"]["level"] == "INTERMEDIATE_REGION"
    assert data["centralAmerica"]["parentName"] == "Latin America and the Caribbean"
    assert len(data["centralAmerica"]["memberStates"]) == 8
    placed = select(func.count()).where(models.MemberState.region == "Americas")
    states = placed.where(models.MemberState.un_status != models.TERRITORY)
    # the States by default, the territories too when asked for
    assert len(data["americas"]["memberStates"]) == await session.scalar(states) == 35
    assert len(data["everywhere"]["memberStates"]) == await session.scalar(placed)
    assert data["none"] is None


async def test_every_new_node_type_round_trips_its_global_id(graphql):
    data = await graphql.data(
        """{ thematicAreas(first: 1) { edges { node { id slug } } }
             sdgTarget(code: "10.7") { id }
             gcmGuidingPrinciples { id number }
             gcmObjectives { id number }
             reviewProcesses(first: 1) { edges { node { id slug } } }
             events(first: 1) { edges { node { id slug } } } }"""
    )
    ids = [
        data["thematicAreas"]["edges"][0]["node"]["id"],
        data["sdgTarget"]["id"],
        data["gcmGuidingPrinciples"][2]["id"],
        data["gcmObjectives"][22]["id"],
        data["reviewProcesses"]["edges"][0]["node"]["id"],
        data["events"]["edges"][0]["node"]["id"],
    ]
    nodes = await graphql.data(
        """query($ids: [ID!]!) { nodes(ids: $ids) { __typename
             ... on ThematicArea { slug } ... on SdgTarget { code }
             ... on GcmGuidingPrinciple { number } ... on GcmObjective { number }
             ... on ReviewProcess { slug } ... on Event { slug } } }""",
        {"ids": ids},
    )
    assert nodes["nodes"] == [
        {"__typename": "ThematicArea", "slug": data["thematicAreas"]["edges"][0]["node"]["slug"]},
        {"__typename": "SdgTarget", "code": "10.7"},
        {"__typename": "GcmGuidingPrinciple", "number": 3},
        {"__typename": "GcmObjective", "number": 23},
        {
            "__typename": "ReviewProcess",
            "slug": data["reviewProcesses"]["edges"][0]["node"]["slug"],
        },
        {"__typename": "Event", "slug": data["events"]["edges"][0]["node"]["slug"]},
    ]


def global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def test_unknown_and_malformed_node_ids_resolve_to_null(graphql):
    # numbers too large for their column must not reach the database driver
    ids = [
        global_id("Recommendation:99999999999999999999999"),
        global_id("Recommendation:9223372036854775807"),
        global_id("Event:12x"),
        global_id("Event:99999999999"),
        global_id("GcmObjective:99"),
        global_id("GcmObjective:40000"),
        global_id("GcmGuidingPrinciple:70000"),
        global_id("ReviewContribution:²"),
        global_id("ReviewProcess:3000000000"),
        global_id("Document:-1"),
        global_id("SdgTarget:no-such-code"),
        global_id("ThematicArea:no-such-theme"),
        global_id("Iscm:99999999999"),
        global_id("Iscm:²"),
    ]
    data = await graphql.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert data["nodes"] == [None] * len(ids)
