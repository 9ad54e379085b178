"""Recommendations through GraphQL: filters, ordering, paging edges, nested lists, relations."""

from datetime import date

import pytest
from sqlalchemy import select

from db import models
from tests.graph_support import add_recommendation, demo, iscm_id, without_real_outcomes  # noqa: F401 - fixtures

# Written when a fresh install held no outcome records: they list every record of their own.
pytestmark = pytest.mark.usefixtures("without_real_outcomes")

RECOMMENDATIONS = """
query Recommendations($first: Int, $after: String, $last: Int, $before: String,
                      $filter: RecommendationFilter, $orderBy: RecommendationOrder) {
  recommendations(first: $first, after: $after, last: $last, before: $before,
                  filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title adoptedOn level phase outcomeType synthetic
                          iscm { slug } thematicAreas { slug } gcmObjectives { number }
                          sdgTargets { code } } }
  }
}
"""


def titles(data: dict) -> list[str]:
    return [edge["node"]["title"] for edge in data["recommendations"]["edges"]]


@pytest.fixture
async def bali_and_rcm(session):
    """Five recommendations of our own across two ISCMs, with known links and dates."""
    bali = await iscm_id(session, "bali-process")
    rcm = await iscm_id(session, "regional-conference-on-migration")
    await add_recommendation(
        session,
        iscm=bali,
        title="Alpha: share data on smuggling routes",
        adopted_on=date(2019, 3, 1),
        level="REGIONAL",
        phase="AGENDA_SETTING",
        outcome_type="FORUM_FOR_DIALOGUE",
        objectives=(9, 1),
        themes=("counter-smuggling",),
        sdg_codes=("10.7",),
    )
    await add_recommendation(
        session,
        iscm=bali,
        title="Bravo: referral of trafficking victims",
        adopted_on=date(2021, 6, 15),
        level="NATIONAL",
        objectives=(10,),
        themes=("counter-trafficking",),
    )
    await add_recommendation(
        session, iscm=bali, title="Charlie: undated statement", objectives=(10,)
    )
    await add_recommendation(
        session,
        iscm=rcm,
        title="Delta: fair recruitment of migrant workers",
        adopted_on=date(2023, 1, 10),
        level="REGIONAL",
        objectives=(6,),
        themes=("labour-migration",),
        sdg_codes=("8.8",),
    )
    await add_recommendation(
        session,
        iscm=rcm,
        title="Echo: remittance costs",
        adopted_on=date(2020, 11, 30),
        objectives=(20,),
    )
    await session.flush()
    return bali, rcm


async def test_default_order_is_newest_first_with_undated_last(graphql, bali_and_rcm):
    data = await graphql.data(RECOMMENDATIONS, {"first": 10})
    assert titles(data) == [
        "Delta: fair recruitment of migrant workers",
        "Bravo: referral of trafficking victims",
        "Echo: remittance costs",
        "Alpha: share data on smuggling routes",
        "Charlie: undated statement",
    ]
    assert data["recommendations"]["totalCount"] == 5


async def test_fields_and_relations_of_a_recommendation(graphql, bali_and_rcm):
    data = await graphql.data(RECOMMENDATIONS, {"first": 1, "filter": {"search": "smuggling"}})
    node = data["recommendations"]["edges"][0]["node"]
    assert node["title"] == "Alpha: share data on smuggling routes"
    assert node["adoptedOn"] == "2019-03-01"
    assert (node["level"], node["phase"], node["outcomeType"]) == (
        "REGIONAL",
        "AGENDA_SETTING",
        "FORUM_FOR_DIALOGUE",
    )
    assert node["synthetic"] is True
    assert node["iscm"] == {"slug": "bali-process"}
    assert node["thematicAreas"] == [{"slug": "counter-smuggling"}]
    assert node["gcmObjectives"] == [{"number": 1}, {"number": 9}]
    assert node["sdgTargets"] == [{"code": "10.7"}]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"iscm": "bali-process"}, {"Alpha", "Bravo", "Charlie"}),
        ({"level": "REGIONAL"}, {"Alpha", "Delta"}),
        ({"phase": "AGENDA_SETTING"}, {"Alpha"}),
        ({"outcomeType": "FORUM_FOR_DIALOGUE"}, {"Alpha"}),
        ({"gcmObjective": 10}, {"Bravo", "Charlie"}),
        ({"sdgTarget": "8.8"}, {"Delta"}),
        ({"thematicArea": "counter-trafficking"}, {"Bravo"}),
        ({"adoptedFrom": "2020-01-01", "adoptedTo": "2021-12-31"}, {"Bravo", "Echo"}),
        ({"adoptedFrom": "2022-01-01"}, {"Delta"}),
        ({"search": "recruitment"}, {"Delta"}),
        ({"search": '"remittance costs" or smuggling'}, {"Alpha", "Echo"}),
        ({"synthetic": False}, set()),
        ({"iscm": "bali-process", "gcmObjective": 10, "adoptedTo": "2030-01-01"}, {"Bravo"}),
    ],
)
async def test_each_filter(graphql, bali_and_rcm, filter_, expected):
    data = await graphql.data(RECOMMENDATIONS, {"first": 50, "filter": filter_})
    assert {title.split(":")[0] for title in titles(data)} == expected
    assert data["recommendations"]["totalCount"] == len(expected)


@pytest.mark.parametrize(
    ("filter_", "argument"),
    [
        ({"iscm": "no-such-process"}, "filter.iscm"),
        ({"gcmObjective": 24}, "filter.gcmObjective"),
        ({"gcmObjective": 0}, "filter.gcmObjective"),
        ({"sdgTarget": "99.9"}, "filter.sdgTarget"),
        ({"thematicArea": "no-such-theme"}, "filter.thematicArea"),
        ({"adoptedFrom": "2022-01-01", "adoptedTo": "2021-01-01"}, "filter.adoptedFrom"),
        ({"search": "   "}, "filter.search"),
    ],
)
async def test_invalid_filter_values_are_typed_errors(graphql, filter_, argument):
    errors = await graphql.errors(RECOMMENDATIONS, {"first": 5, "filter": filter_})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["extensions"]["argument"] == argument
    assert errors[0]["path"] == ["recommendations"]


async def test_order_by_title_both_ways(graphql, bali_and_rcm):
    ascending = await graphql.data(
        RECOMMENDATIONS, {"first": 10, "orderBy": {"field": "TITLE", "direction": "ASC"}}
    )
    descending = await graphql.data(
        RECOMMENDATIONS, {"first": 10, "orderBy": {"field": "TITLE", "direction": "DESC"}}
    )
    assert titles(ascending) == sorted(titles(ascending))
    assert titles(descending) == list(reversed(titles(ascending)))
    assert titles(ascending)[0].startswith("Alpha")


async def test_paging_forward_backward_and_past_the_end(graphql, bali_and_rcm):
    order = {"field": "ADOPTED_ON", "direction": "DESC"}
    first = await graphql.data(RECOMMENDATIONS, {"first": 2, "orderBy": order})
    page = first["recommendations"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False

    # the last page: three more rows, then nothing follows
    rest = await graphql.data(
        RECOMMENDATIONS,
        {"first": 3, "after": page["pageInfo"]["endCursor"], "orderBy": order},
    )
    assert [t.split(":")[0] for t in titles(rest)] == ["Echo", "Alpha", "Charlie"]
    assert rest["recommendations"]["pageInfo"]["hasNextPage"] is False
    assert rest["recommendations"]["pageInfo"]["hasPreviousPage"] is True

    # past the end (after the undated row, whose key is the sentinel date)
    empty = await graphql.data(
        RECOMMENDATIONS,
        {"first": 3, "after": rest["recommendations"]["pageInfo"]["endCursor"], "orderBy": order},
    )
    assert empty["recommendations"]["edges"] == []
    assert empty["recommendations"]["pageInfo"]["hasNextPage"] is False

    # backwards from the third row gives the first page again
    back = await graphql.data(
        RECOMMENDATIONS,
        {"last": 2, "before": rest["recommendations"]["edges"][0]["cursor"], "orderBy": order},
    )
    assert titles(back) == titles(first)
    assert back["recommendations"]["pageInfo"]["hasPreviousPage"] is False
    assert back["recommendations"]["pageInfo"]["hasNextPage"] is True


async def test_empty_list_and_bad_cursors(graphql, bali_and_rcm):
    empty = await graphql.data(RECOMMENDATIONS, {"first": 5, "filter": {"search": "zebra"}})
    assert empty["recommendations"]["edges"] == []
    assert empty["recommendations"]["totalCount"] == 0
    assert empty["recommendations"]["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }
    errors = await graphql.errors(RECOMMENDATIONS, {"first": 5, "after": "bm9wZQ"})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    by_title = await graphql.data(RECOMMENDATIONS, {"first": 1, "orderBy": {"field": "TITLE"}})
    cursor = by_title["recommendations"]["pageInfo"]["endCursor"]
    errors = await graphql.errors(RECOMMENDATIONS, {"first": 5, "after": cursor})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    errors = await graphql.errors(RECOMMENDATIONS, {"first": 101})
    assert errors[0]["extensions"]["argument"] == "first"


NESTED = """
query Nested($first: Int, $after: String, $last: Int, $before: String) {
  bali: iscm(slug: "bali-process") {
    recommendations(first: $first, after: $after, last: $last, before: $before,
                    orderBy: {field: TITLE, direction: ASC}) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { title } }
    }
  }
  rcm: iscm(slug: "regional-conference-on-migration") {
    recommendations(first: $first, after: $after, orderBy: {field: TITLE}) {
      totalCount edges { node { title } }
    }
  }
}
"""


async def test_nested_recommendations_page_per_iscm(graphql, bali_and_rcm):
    data = await graphql.data(NESTED, {"first": 2})
    bali = data["bali"]["recommendations"]
    assert [e["node"]["title"][0] for e in bali["edges"]] == ["A", "B"]
    assert bali["totalCount"] == 3
    assert bali["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["title"][0] for e in data["rcm"]["recommendations"]["edges"]] == ["D", "E"]
    assert data["rcm"]["recommendations"]["totalCount"] == 2

    # the next page of the nested list, then backwards from it
    more = await graphql.data(NESTED, {"first": 2, "after": bali["pageInfo"]["endCursor"]})
    assert [e["node"]["title"][0] for e in more["bali"]["recommendations"]["edges"]] == ["C"]
    assert more["bali"]["recommendations"]["pageInfo"]["hasNextPage"] is False
    back = await graphql.data(
        NESTED, {"last": 1, "before": more["bali"]["recommendations"]["edges"][0]["cursor"]}
    )
    assert [e["node"]["title"][0] for e in back["bali"]["recommendations"]["edges"]] == ["B"]
    assert back["bali"]["recommendations"]["pageInfo"]["hasPreviousPage"] is True


async def test_nested_recommendations_of_state_objective_and_sdg_target(graphql, bali_and_rcm):
    data = await graphql.data(
        """{
          memberState(iso3: "MEX") { recommendations(first: 10) { totalCount edges { node { title } } } }
          gcmObjectives { number recommendations(first: 10) { totalCount edges { node { title } } } }
          sdgTarget(code: "8.8") { recommendations(first: 10) { edges { node { title } } } }
        }"""
    )
    # Mexico is a member of the RCM, not of the Bali Process
    mexico = data["memberState"]["recommendations"]
    assert {e["node"]["title"][0] for e in mexico["edges"]} == {"D", "E"}
    assert mexico["totalCount"] == 2
    by_number = {o["number"]: o["recommendations"] for o in data["gcmObjectives"]}
    assert {e["node"]["title"][0] for e in by_number[10]["edges"]} == {"B", "C"}
    assert by_number[10]["totalCount"] == 2
    assert by_number[2]["totalCount"] == 0
    assert [e["node"]["title"][0] for e in data["sdgTarget"]["recommendations"]["edges"]] == ["D"]


async def test_recommendation_event_and_node_lookup(graphql, session):
    # given a recommendation adopted at a Global RCP meeting
    grcp = (
        await session.execute(select(models.Event.id).where(models.Event.slug == "grcp-7"))
    ).scalar_one()
    await add_recommendation(session, iscm=None, event=grcp, title="Foxtrot: GRCP outcome")
    await session.flush()

    # when
    data = await graphql.data(
        '{ recommendations(first: 1, filter: {search: "foxtrot"}) { edges { node { id iscm { slug } event { slug kind } } } } }'
    )

    # then
    node = data["recommendations"]["edges"][0]["node"]
    assert node["iscm"] is None
    assert node["event"] == {"slug": "grcp-7", "kind": "GRCP_MEETING"}
    found = await graphql.data(
        "query($id: ID!) { node(id: $id) { __typename ... on Recommendation { title } } }",
        {"id": node["id"]},
    )
    assert found["node"] == {"__typename": "Recommendation", "title": "Foxtrot: GRCP outcome"}


@pytest.mark.usefixtures("demo")
async def test_demo_data_pages_through_every_recommendation(graphql, session):
    expected = (
        await session.execute(
            select(models.Recommendation.id).where(models.Recommendation.synthetic)
        )
    ).all()
    seen: list[str] = []
    after = None
    while True:
        page = (await graphql.data(RECOMMENDATIONS, {"first": 40, "after": after}))[
            "recommendations"
        ]
        seen.extend(edge["node"]["id"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == len(expected) == page["totalCount"]
