"""States and territories: `memberStates` lists the 195 States, territories are a filter away,
and States are found by their M49 names and by the names people know them by."""

import json
from importlib.resources import files

STATES = """
query States($filter: MemberStateFilter, $after: String) {
  memberStates(first: 100, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { iso3 name unStatus } }
  }
}
"""
SEARCH = """
query Search($search: String!) {
  memberStates(first: 20, filter: {search: $search}) { edges { node { iso3 name } } }
}
"""


def seed_states() -> list[dict]:
    return json.loads(files("db").joinpath("seed", "member_states.json").read_text("utf-8"))


async def every_state(graphql, filter: dict | None = None) -> tuple[int, list[dict]]:
    """Walk a filtered list page by page: its totalCount and every node."""
    nodes: list[dict] = []
    after, total = None, None
    while True:
        page = (await graphql.data(STATES, {"filter": filter, "after": after}))["memberStates"]
        total = page["totalCount"]
        nodes.extend(edge["node"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return total, nodes
        after = page["pageInfo"]["endCursor"]


async def test_without_a_filter_the_list_holds_the_195_states(graphql):
    # given the seed's 193 UN Member States, 2 observer States and 54 territories
    by_status: dict[str, set[str]] = {}
    for state in seed_states():
        by_status.setdefault(state["un_status"], set()).add(state["iso3"])
    assert [len(by_status[s]) for s in ("MEMBER", "OBSERVER", "NONE")] == [193, 2, 54]

    # when the list is read without a filter, and with an empty one
    total, nodes = await every_state(graphql)
    empty_total, _ = await every_state(graphql, {})

    # then it holds the States only, Antarctica and Bouvet Island not among them
    assert total == empty_total == len(nodes) == 195
    assert {node["iso3"] for node in nodes} == by_status["MEMBER"] | by_status["OBSERVER"]
    assert {"VAT", "PSE"} <= {node["iso3"] for node in nodes}
    assert not {"ATA", "BVT"} & {node["iso3"] for node in nodes}


async def test_territories_are_a_filter_away(graphql):
    territories_total, territories = await every_state(graphql, {"unStatus": ["NONE"]})
    everything, _ = await every_state(graphql, {"unStatus": ["MEMBER", "OBSERVER", "NONE"]})
    observers, observer_nodes = await every_state(graphql, {"unStatus": ["OBSERVER"]})
    members, _ = await every_state(graphql, {"unMembersOnly": True})
    null_status, _ = await every_state(graphql, {"unStatus": None})

    assert territories_total == 54
    assert {node["unStatus"] for node in territories} == {"NONE"}
    assert {"ATA", "BVT"} <= {node["iso3"] for node in territories}
    assert everything == 249
    assert observers == 2
    assert {node["name"] for node in observer_nodes} == {"Holy See", "State of Palestine"}
    assert members == 193  # unMembersOnly still means the 193
    assert null_status == 195


async def test_a_regions_states_are_states_unless_territories_are_asked_for(graphql):
    data = await graphql.data(
        """{ polynesia: region(name: "Polynesia") { memberStates { iso3 unStatus } }
             all: region(name: "Polynesia") { memberStates(unStatus: [MEMBER, OBSERVER, NONE]) { iso3 } } }"""
    )

    states = data["polynesia"]["memberStates"]
    assert {state["unStatus"] for state in states} == {"MEMBER"}
    assert {"WSM", "TON", "TUV"} <= {state["iso3"] for state in states}
    assert {"COK", "NIU", "PYF"} <= {state["iso3"] for state in data["all"]["memberStates"]}


async def test_states_are_named_as_in_m49(graphql):
    data = await graphql.data(
        """{ rus: memberState(iso3: "RUS") { name alternativeNames }
             kor: memberState(iso3: "KOR") { name } vnm: memberState(iso3: "VNM") { name }
             cod: memberState(iso3: "COD") { name } vat: memberState(iso3: "VAT") { name } }"""
    )

    assert data["rus"]["name"] == "Russian Federation"
    assert "Russia" in data["rus"]["alternativeNames"]
    assert data["kor"]["name"] == "Republic of Korea"
    assert data["vnm"]["name"] == "Viet Nam"
    assert data["cod"]["name"] == "Democratic Republic of the Congo"
    assert data["vat"]["name"] == "Holy See"


async def test_search_finds_states_by_m49_and_common_names(graphql):
    expected = {
        "Russia": {"RUS"},
        "russian federation": {"RUS"},
        "South Korea": {"KOR"},
        "Republic of Korea": {"KOR", "PRK"},  # "Democratic People's Republic of Korea" too
        "Vietnam": {"VNM"},
        "Viet Nam": {"VNM"},
        "Congo-Kinshasa": {"COD"},
        "congo kinshasa": {"COD"},
        "Congo-Brazzaville": {"COG"},
        "Turkey": {"TUR"},
        "Turkiye": {"TUR"},  # without its diaeresis
        "C\u00f4te d\u2019Ivoire": {"CIV"},  # M49 spelling, typographic apostrophe
        "Ivory Coast": {"CIV"},
        "Holy See": {"VAT"},
        "Vatican": {"VAT"},
        "PHL": {"PHL"},  # an ISO code
        "ph": {"PHL"},
    }
    for text, codes in expected.items():
        data = await graphql.data(SEARCH, {"search": text})
        assert {edge["node"]["iso3"] for edge in data["memberStates"]["edges"]} == codes, text


async def test_search_matches_words_from_their_start(graphql):
    congo = await graphql.data(SEARCH, {"search": "Congo"})
    iran = await graphql.data(SEARCH, {"search": "iran"})

    assert {e["node"]["iso3"] for e in congo["memberStates"]["edges"]} == {"COD", "COG"}
    # "ran" is inside "France" and "Iran": only a word's start counts
    assert {e["node"]["iso3"] for e in iran["memberStates"]["edges"]} == {"IRN"}


async def test_search_keeps_the_default_and_combines_with_other_filters(graphql):
    default = await graphql.data(SEARCH, {"search": "Bouvet"})
    territories = await graphql.data(
        '{ memberStates(filter: {search: "Bouvet", unStatus: [NONE]}) { edges { node { iso3 } } } }'
    )
    asia = await graphql.data(
        '{ memberStates(filter: {search: "Korea", region: "Asia"}) { totalCount } }'
    )

    assert default["memberStates"]["edges"] == []
    assert territories["memberStates"]["edges"] == [{"node": {"iso3": "BVT"}}]
    assert asia["memberStates"]["totalCount"] == 2


async def test_a_search_without_letters_is_refused(graphql):
    for text in ("   ", "!!", "Россия"):
        [error] = await graphql.errors(SEARCH, {"search": text})
        assert error["extensions"]["code"] == "BAD_USER_INPUT", text
        assert error["path"] == ["memberStates"]
        assert "filter.search" in error["message"]


async def test_a_filtered_list_is_one_statement(graphql, statements):
    statements.reset()

    await graphql.data(
        '{ memberStates(filter: {search: "Korea"}) { totalCount edges { node { iso3 } } } '
        'polynesia: region(name: "Polynesia") { memberStates { iso3 } } }'
    )

    assert len([s for s in statements.statements if "member_states" in s]) == 1
