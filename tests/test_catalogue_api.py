"""The catalogue through GraphQL: the real ISCMs, their members, member States, GCM objectives."""

import json
from importlib.resources import files

CATALOGUE = """
query Catalogue($first: Int, $after: String) {
  iscms(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { cursor node { slug acronym membersConfidence sources members { iso3 } observers { iso3 } } }
  }
}
"""


def seed_file(name: str):
    return json.loads(files("db").joinpath("seed", name).read_text(encoding="utf-8"))


def seed_iscms() -> list[dict]:
    """The ISCM records with the corrections of iscm_amendments.json applied."""
    records = {record["slug"]: dict(record) for record in seed_file("iscms.json")}
    for amendment in seed_file("iscm_amendments.json")["iscms"]:
        record = records[amendment["iscm"]]
        record.update(amendment["set"])
        record["sources"] = list(dict.fromkeys([*record["sources"], *amendment["sources"]]))
    return list(records.values())


async def test_catalogue_returns_every_iscm_with_its_members(graphql):
    # given the seeded reference data
    expected = {record["slug"]: record for record in seed_iscms()}

    # when
    data = await graphql.data(CATALOGUE, {"first": 50})

    # then
    page = data["iscms"]
    assert page["totalCount"] == len(expected) == 34
    assert page["pageInfo"]["hasNextPage"] is False
    nodes = {edge["node"]["slug"]: edge["node"] for edge in page["edges"]}
    assert set(nodes) == set(expected)
    for slug, record in expected.items():
        assert {m["iso3"] for m in nodes[slug]["members"]} == set(record["members"]), slug
        assert nodes[slug]["acronym"] == record["acronym"]
        assert nodes[slug]["membersConfidence"] == record["members_confidence"].upper()
        assert nodes[slug]["sources"] == record["sources"]


async def test_observers_split_states_from_organizations(graphql):
    data = await graphql.data(
        '{ iscm(slug: "regional-conference-on-migration") { observers { iso3 } '
        "observerOrganizations { name acronym } openTo membersWithoutIso } }"
    )
    iscm = data["iscm"]
    assert {o["iso3"] for o in iscm["observers"]} == {"ARG", "COL", "ECU", "JAM", "PER"}
    acronyms = {o["acronym"] for o in iscm["observerOrganizations"]}
    assert {"UNHCR", "IOM", "ILO"} <= acronyms
    assert iscm["openTo"] is None


async def test_partial_and_global_processes_say_so(graphql):
    data = await graphql.data(
        '{ gfmd: iscm(slug: "international-migration-review-forum") { members { iso3 } membersConfidence openTo } '
        'prague: iscm(slug: "prague-process") { membersWithoutIso membersConfidence } }'
    )
    assert data["gfmd"]["members"] == []
    assert data["gfmd"]["membersConfidence"] == "PARTIAL"
    assert "UN Member States" in data["gfmd"]["openTo"]
    assert any("Kosovo" in name for name in data["prague"]["membersWithoutIso"])


async def test_paging_forward_visits_every_iscm_once(graphql):
    seen: list[str] = []
    after, pages = None, 0
    while True:
        page = (await graphql.data(CATALOGUE, {"first": 10, "after": after}))["iscms"]
        seen.extend(edge["node"]["slug"] for edge in page["edges"])
        pages += 1
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 4
    assert len(seen) == len(set(seen)) == 34


async def test_paging_backward_returns_the_page_before(graphql):
    first_page = (await graphql.data(CATALOGUE, {"first": 5}))["iscms"]
    second = (
        await graphql.data(CATALOGUE, {"first": 5, "after": first_page["pageInfo"]["endCursor"]})
    )["iscms"]
    back = await graphql.data(
        "query($before: String) { iscms(last: 5, before: $before) { pageInfo { hasPreviousPage hasNextPage } edges { node { slug } } } }",
        {"before": second["edges"][0]["cursor"]},
    )
    assert [e["node"]["slug"] for e in back["iscms"]["edges"]] == [
        e["node"]["slug"] for e in first_page["edges"]
    ]
    assert back["iscms"]["pageInfo"] == {"hasPreviousPage": False, "hasNextPage": True}


async def test_empty_page_past_the_end(graphql):
    everything = (await graphql.data(CATALOGUE, {"first": 50}))["iscms"]
    data = await graphql.data(CATALOGUE, {"first": 5, "after": everything["pageInfo"]["endCursor"]})
    assert data["iscms"]["edges"] == []
    assert data["iscms"]["pageInfo"]["hasNextPage"] is False
    assert data["iscms"]["pageInfo"]["endCursor"] is None
    assert data["iscms"]["totalCount"] == 34


async def test_ordering_descending_and_by_established(graphql):
    data = await graphql.data(
        "{ byName: iscms(first: 3, orderBy: {field: NAME, direction: DESC}) { edges { node { name } } } "
        "  oldest: iscms(first: 3, orderBy: {field: ESTABLISHED}) { edges { node { established } } } }"
    )
    names = [e["node"]["name"] for e in data["byName"]["edges"]]
    assert names == sorted(names, reverse=True)
    years = [e["node"]["established"] for e in data["oldest"]["edges"]]
    assert years == sorted(years)


async def test_invalid_cursor_is_a_typed_error(graphql):
    errors = await graphql.errors(CATALOGUE, {"first": 5, "after": "not-a-cursor"})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}


async def test_cursor_from_another_ordering_is_refused(graphql):
    page = (await graphql.data(CATALOGUE, {"first": 1}))["iscms"]
    errors = await graphql.errors(
        "query($after: String) { iscms(first: 1, after: $after, orderBy: {field: ACRONYM}) { totalCount } }",
        {"after": page["pageInfo"]["endCursor"]},
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "ordering NAME" in errors[0]["message"]


async def test_page_size_above_maximum_is_refused(graphql):
    errors = await graphql.errors("{ iscms(first: 101) { totalCount } }")
    assert errors[0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "first",
        "maximum": 100,
    }
    errors = await graphql.errors("{ iscms(first: -1) { totalCount } }")
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    errors = await graphql.errors("{ iscms(first: 1, last: 1) { totalCount } }")
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_member_states_cover_the_un_membership_with_m49_regions(graphql):
    states: list[dict] = []
    after = None
    while True:
        page = (
            await graphql.data(
                "query($after: String) { memberStates(first: 100, after: $after, filter: {unMembersOnly: true}) {"
                " totalCount pageInfo { hasNextPage endCursor } edges { node { iso3 m49 region subregion unMember } } } }",
                {"after": after},
            )
        )["memberStates"]
        states.extend(edge["node"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert page["totalCount"] == len(states) == 193
    assert all(s["unMember"] and s["region"] and s["subregion"] for s in states)
    assert {s["region"] for s in states} == {"Africa", "Americas", "Asia", "Europe", "Oceania"}


async def test_member_state_lookup_and_its_iscms(graphql):
    data = await graphql.data(
        '{ memberState(iso3: "phl") { iso3 iso2 m49 name region subregion unStatus '
        "iscms { slug } memberships { role iscm { slug } } } }"
    )
    state = data["memberState"]
    assert (state["iso3"], state["iso2"], state["m49"]) == ("PHL", "PH", 608)
    assert state["subregion"] == "South-eastern Asia"
    expected = {r["slug"] for r in seed_iscms() if "PHL" in r["members"] or "PHL" in r["observers"]}
    assert {i["slug"] for i in state["iscms"]} == expected
    assert "colombo-process" in expected


async def test_observer_states_and_territories_are_present(graphql):
    data = await graphql.data(
        '{ vat: memberState(iso3: "VAT") { unStatus unMember } cok: memberState(iso3: "COK") { unStatus } '
        'none: memberState(iso3: "XYZ") { iso3 } }'
    )
    assert data["vat"] == {"unStatus": "OBSERVER", "unMember": False}
    assert data["cok"] == {"unStatus": "NONE"}
    assert data["none"] is None


async def test_malformed_iso3_is_a_typed_error(graphql):
    errors = await graphql.errors('{ memberState(iso3: "Philippines") { iso3 } }')
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "iso3"}


async def test_region_filter(graphql):
    data = await graphql.data(
        '{ memberStates(first: 100, filter: {region: "Central America"}) { totalCount edges { node { intermediateRegion } } } }'
    )
    assert data["memberStates"]["totalCount"] == 8
    assert {e["node"]["intermediateRegion"] for e in data["memberStates"]["edges"]} == {
        "Central America"
    }


async def test_gcm_objectives(graphql):
    data = await graphql.data("{ gcmObjectives { number title shortName } }")
    objectives = data["gcmObjectives"]
    assert [o["number"] for o in objectives] == list(range(1, 24))
    assert objectives[0]["title"].startswith("Collect and utilize accurate and disaggregated data")


async def test_node_lookup_round_trips_global_ids(graphql):
    data = await graphql.data(
        '{ iscm(slug: "bali-process") { id name } memberState(iso3: "MEX") { id } }'
    )
    ids = [data["iscm"]["id"], data["memberState"]["id"]]
    nodes = await graphql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Iscm { slug } ... on MemberState { iso3 } } }",
        {"ids": ids},
    )
    assert nodes["nodes"] == [
        {"__typename": "Iscm", "slug": "bali-process"},
        {"__typename": "MemberState", "iso3": "MEX"},
    ]


async def test_unknown_slug_is_null_not_an_error(graphql):
    data = await graphql.data('{ iscm(slug: "no-such-process") { name } }')
    assert data["iscm"] is None
