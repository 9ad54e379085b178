"""Review processes and contributions: visibility on every path, filters, ordering, nodes."""

import pytest
from sqlalchemy import select, update

from db import models
from tests.graph_support import (
    EDITOR,
    add_contribution,
    data_as,
    execute_as,
    iscm_id,
    partner_of,
    review_process_id,
    without_real_outcomes,  # noqa: F401 - fixture
)

# Written when a fresh install held no outcome records: they list every record of their own.
pytestmark = pytest.mark.usefixtures("without_real_outcomes")


@pytest.fixture
async def contributions(session):
    """Bali and RCM contributions to the IMRF 2026 in every status."""
    bali = await iscm_id(session, "bali-process")
    rcm = await iscm_id(session, "regional-conference-on-migration")
    imrf = await review_process_id(session, "imrf-2026")
    eclac = await review_process_id(session, "regional-review-eclac-2025")
    ids = {
        "bali-published": await add_contribution(
            session, iscm=bali, process=imrf, title="Bali published", objectives=(9, 10)
        ),
        "bali-draft": await add_contribution(
            session, iscm=bali, process=imrf, title="Bali draft", status="DRAFT", objectives=(9,)
        ),
        "rcm-published": await add_contribution(
            session, iscm=rcm, process=eclac, title="RCM published", objectives=(6,)
        ),
        "rcm-submitted": await add_contribution(
            session,
            iscm=rcm,
            process=imrf,
            title="RCM submitted",
            status="SUBMITTED",
            objectives=(9,),
        ),
        "rcm-withdrawn": await add_contribution(
            session, iscm=rcm, process=imrf, title="RCM withdrawn", status="WITHDRAWN"
        ),
    }
    # Partners' contributions are real records: the analyses count them by default.
    await session.execute(
        update(models.ReviewContribution)
        .where(models.ReviewContribution.id.in_(list(ids.values())))
        .values(synthetic=False)
    )
    await session.flush()
    return {"bali": bali, "rcm": rcm, "imrf": imrf, **ids}


EVERY_PATH = """
{
  reviewContributions(first: 50) { totalCount edges { node { title status } } }
  bali: iscm(slug: "bali-process") {
    reviewContributions(first: 50) { totalCount edges { node { title } } }
    gcmObjectives { objective { number } recommendationCount contributionCount }
    governanceProfile { contributionCount }
  }
  rcm: iscm(slug: "regional-conference-on-migration") {
    reviewContributions(first: 50) { totalCount edges { node { title } } }
  }
  reviewProcess(slug: "imrf-2026") { contributions(first: 50) { totalCount edges { node { title } } } }
  gcmObjectives { number reviewContributions(first: 50) { totalCount edges { node { title } } } iscms { slug } }
  objectiveNine: iscms(first: 50, filter: {gcmObjective: 9}) { edges { node { slug } } }
  gcmCoverage(filter: {iscms: ["bali-process", "regional-conference-on-migration"]}) {
    rows { iscm { slug } contributionCount }
  }
}
"""


def visible_titles(data: dict) -> dict[str, set[str]]:
    """The contribution titles each read path returned."""
    objective_nine = next(o for o in data["gcmObjectives"] if o["number"] == 9)
    return {
        "root": {e["node"]["title"] for e in data["reviewContributions"]["edges"]},
        "bali": {e["node"]["title"] for e in data["bali"]["reviewContributions"]["edges"]},
        "rcm": {e["node"]["title"] for e in data["rcm"]["reviewContributions"]["edges"]},
        "imrf": {e["node"]["title"] for e in data["reviewProcess"]["contributions"]["edges"]},
        "objective 9": {e["node"]["title"] for e in objective_nine["reviewContributions"]["edges"]},
    }


def counts(data: dict) -> dict[str, int]:
    objective_nine = next(o for o in data["gcmObjectives"] if o["number"] == 9)
    bali_nine = next(c for c in data["bali"]["gcmObjectives"] if c["objective"]["number"] == 9)
    coverage = {
        row["iscm"]["slug"]: row["contributionCount"] for row in data["gcmCoverage"]["rows"]
    }
    return {
        "root": data["reviewContributions"]["totalCount"],
        "bali": data["bali"]["reviewContributions"]["totalCount"],
        "rcm": data["rcm"]["reviewContributions"]["totalCount"],
        "imrf": data["reviewProcess"]["contributions"]["totalCount"],
        "objective 9": objective_nine["reviewContributions"]["totalCount"],
        "bali objective 9": bali_nine["contributionCount"],
        "bali profile": data["bali"]["governanceProfile"]["contributionCount"],
        "coverage bali": coverage["bali-process"],
        "coverage rcm": coverage["regional-conference-on-migration"],
    }


async def test_anonymous_sees_only_published_on_every_path(session_factory, contributions):
    data = await data_as(session_factory, EVERY_PATH)
    assert visible_titles(data) == {
        "root": {"Bali published", "RCM published"},
        "bali": {"Bali published"},
        "rcm": {"RCM published"},
        "imrf": {"Bali published"},
        "objective 9": {"Bali published"},
    }
    assert {e["node"]["status"] for e in data["reviewContributions"]["edges"]} == {"PUBLISHED"}
    assert counts(data) == {
        "root": 2,
        "bali": 1,
        "rcm": 1,
        "imrf": 1,
        "objective 9": 1,
        "bali objective 9": 1,
        "bali profile": 1,
        # Bali's published one addresses objectives 9 and 10: two cells
        "coverage bali": 2,
        "coverage rcm": 1,
    }
    # RCM's submitted contribution addresses objective 9, but is not public
    objective_nine = next(o for o in data["gcmObjectives"] if o["number"] == 9)
    assert objective_nine["iscms"] == [{"slug": "bali-process"}]
    assert [e["node"]["slug"] for e in data["objectiveNine"]["edges"]] == ["bali-process"]


async def test_partner_sees_its_own_iscms_drafts_and_nothing_else(session_factory, contributions):
    data = await data_as(session_factory, EVERY_PATH, principal=partner_of(contributions["rcm"]))
    assert visible_titles(data) == {
        "root": {"Bali published", "RCM published", "RCM submitted", "RCM withdrawn"},
        "bali": {"Bali published"},
        "rcm": {"RCM published", "RCM submitted", "RCM withdrawn"},
        "imrf": {"Bali published", "RCM submitted", "RCM withdrawn"},
        "objective 9": {"Bali published", "RCM submitted"},
    }
    assert counts(data)["root"] == 4
    assert counts(data)["objective 9"] == 2
    assert counts(data)["bali profile"] == 1
    objective_nine = next(o for o in data["gcmObjectives"] if o["number"] == 9)
    assert [i["slug"] for i in objective_nine["iscms"]] == [
        "bali-process",
        "regional-conference-on-migration",
    ]


async def test_editor_sees_everything(session_factory, contributions):
    data = await data_as(session_factory, EVERY_PATH, principal=EDITOR)
    assert counts(data) == {
        "root": 5,
        "bali": 2,
        "rcm": 3,
        "imrf": 4,
        "objective 9": 3,
        "bali objective 9": 2,
        "bali profile": 2,
        "coverage bali": 3,
        "coverage rcm": 2,
    }


NODE = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on ReviewContribution { title } } }"


async def test_node_lookup_hides_drafts_from_those_who_may_not_see_them(
    session_factory, contributions
):
    # given the global ids an editor can read
    editor = await data_as(
        session_factory,
        "{ reviewContributions(first: 10, orderBy: {field: TITLE, direction: ASC}) { edges { node { id title } } } }",
        principal=EDITOR,
    )
    ids = [e["node"]["id"] for e in editor["reviewContributions"]["edges"]]
    titles = [e["node"]["title"] for e in editor["reviewContributions"]["edges"]]
    assert titles == [
        "Bali draft",
        "Bali published",
        "RCM published",
        "RCM submitted",
        "RCM withdrawn",
    ]

    # when anonymous and a Bali partner look them up
    anonymous = await data_as(session_factory, NODE, {"ids": ids})
    bali_partner = await data_as(
        session_factory, NODE, {"ids": ids}, principal=partner_of(contributions["bali"])
    )

    # then
    assert anonymous["nodes"] == [
        None,
        {"title": "Bali published"},
        {"title": "RCM published"},
        None,
        None,
    ]
    assert bali_partner["nodes"] == [
        {"title": "Bali draft"},
        {"title": "Bali published"},
        {"title": "RCM published"},
        None,
        None,
    ]


async def test_filters_and_status_filter_respect_visibility(
    graphql, session_factory, contributions
):
    query = """query($filter: ReviewContributionFilter) {
      reviewContributions(first: 20, filter: $filter) { totalCount edges { node { title } } } }"""
    drafts = await graphql.data(query, {"filter": {"status": "DRAFT"}})
    assert drafts["reviewContributions"]["totalCount"] == 0
    editor_drafts = await data_as(
        session_factory, query, {"filter": {"status": "DRAFT"}}, principal=EDITOR
    )
    assert [e["node"]["title"] for e in editor_drafts["reviewContributions"]["edges"]] == [
        "Bali draft"
    ]
    by_iscm = await data_as(
        session_factory,
        query,
        {"filter": {"iscm": "regional-conference-on-migration", "reviewProcess": "imrf-2026"}},
        principal=EDITOR,
    )
    assert {e["node"]["title"] for e in by_iscm["reviewContributions"]["edges"]} == {
        "RCM submitted",
        "RCM withdrawn",
    }
    by_objective = await data_as(
        session_factory, query, {"filter": {"gcmObjective": 9}}, principal=EDITOR
    )
    assert by_objective["reviewContributions"]["totalCount"] == 3
    for filter_, argument in (
        ({"reviewProcess": "imrf-1999"}, "filter.reviewProcess"),
        ({"iscm": "nope"}, "filter.iscm"),
        ({"gcmObjective": 30}, "filter.gcmObjective"),
    ):
        errors = await graphql.errors(query, {"filter": filter_})
        assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}


async def test_contribution_fields_and_relations(graphql, contributions):
    data = await graphql.data(
        """{ reviewContributions(first: 1, filter: {iscm: "bali-process"}) { edges { node {
             title summary status synthetic publishedAt submittedAt
             iscm { slug } reviewProcess { slug kind year opensOn closesOn }
             gcmObjectives { number } } } } }"""
    )
    node = data["reviewContributions"]["edges"][0]["node"]
    assert node["title"] == "Bali published"
    assert node["status"] == "PUBLISHED"
    assert node["synthetic"] is False  # the fixture makes them real
    assert node["publishedAt"].startswith("2025-03-01")
    assert node["iscm"] == {"slug": "bali-process"}
    assert node["reviewProcess"] == {
        "slug": "imrf-2026",
        "kind": "GLOBAL",
        "year": 2026,
        "opensOn": "2025-01-01",
        "closesOn": "2026-12-31",
    }
    assert node["gcmObjectives"] == [{"number": 9}, {"number": 10}]


async def test_review_processes_list_filter_and_paging(graphql, session):
    expected = (
        (
            await session.execute(
                select(models.ReviewProcess.slug).order_by(
                    models.ReviewProcess.opens_on, models.ReviewProcess.id
                )
            )
        )
        .scalars()
        .all()
    )
    page = await graphql.data(
        "{ reviewProcesses(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }"
    )
    assert page["reviewProcesses"]["totalCount"] == len(expected) == 12
    assert [e["node"]["slug"] for e in page["reviewProcesses"]["edges"]] == list(expected[:3])
    rest = await graphql.data(
        "query($after: String) { reviewProcesses(first: 20, after: $after) { edges { node { slug } } } }",
        {"after": page["reviewProcesses"]["pageInfo"]["endCursor"]},
    )
    assert [e["node"]["slug"] for e in rest["reviewProcesses"]["edges"]] == list(expected[3:])
    regional = await graphql.data(
        '{ reviewProcesses(first: 20, filter: {kind: REGIONAL, regionalCommission: "escap"}) { edges { node { slug regionalCommission } } } }'
    )
    assert [e["node"]["slug"] for e in regional["reviewProcesses"]["edges"]] == [
        "regional-review-escap-2021",
        "regional-review-escap-2025",
    ]
    by_year = await graphql.data(
        "{ reviewProcesses(first: 20, filter: {year: 2022}) { totalCount } }"
    )
    assert by_year["reviewProcesses"]["totalCount"] == 1
    missing = await graphql.data('{ reviewProcess(slug: "imrf-2099") { slug } }')
    assert missing["reviewProcess"] is None


async def test_ordering_contributions(session_factory, contributions):
    query = """query($order: ReviewContributionOrder) {
      reviewContributions(first: 10, orderBy: $order) { edges { node { title } } } }"""
    newest = await data_as(session_factory, query, principal=EDITOR)
    assert [e["node"]["title"] for e in newest["reviewContributions"]["edges"]] == [
        "RCM withdrawn",
        "RCM submitted",
        "RCM published",
        "Bali draft",
        "Bali published",
    ]
    by_title = await data_as(
        session_factory, query, {"order": {"field": "TITLE", "direction": "DESC"}}, principal=EDITOR
    )
    assert by_title["reviewContributions"]["edges"][0]["node"]["title"] == "RCM withdrawn"


async def test_entity_reference_hides_invisible_contributions(session_factory, contributions):
    editor = await data_as(
        session_factory,
        "{ reviewContributions(first: 10, orderBy: {field: TITLE}) { edges { node { id title } } } }",
        principal=EDITOR,
    )
    ids = {e["node"]["title"]: e["node"]["id"] for e in editor["reviewContributions"]["edges"]}
    query = """query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on ReviewContribution { title } ... on SdgTarget { code text } } }"""
    reps = [
        {"__typename": "ReviewContribution", "id": ids["Bali draft"]},
        {"__typename": "ReviewContribution", "id": ids["RCM published"]},
        {"__typename": "SdgTarget", "code": "10.7"},
    ]
    anonymous = await execute_as(session_factory, query, {"reps": reps})
    assert anonymous.errors is None, anonymous.errors
    assert anonymous.data["_entities"][0] is None
    assert anonymous.data["_entities"][1] == {"title": "RCM published"}
    assert anonymous.data["_entities"][2]["code"] == "10.7"
    # strawberry consumes `__typename` from the representations it is given, so send fresh ones
    again = [{"__typename": "ReviewContribution", "id": ids["Bali draft"]}]
    editor_view = await data_as(session_factory, query, {"reps": again}, principal=EDITOR)
    assert editor_view["_entities"] == [{"title": "Bali draft"}]
