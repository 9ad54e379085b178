"""Documents and the cross-type full-text search."""

from datetime import date

import pytest
from sqlalchemy import insert, select

from db import models
from tests.graph_support import add_recommendation, iscm_id, without_real_outcomes  # noqa: F401 - fixtures

# Written when a fresh install held no outcome records: they list every record of their own.
pytestmark = pytest.mark.usefixtures("without_real_outcomes")


async def add_document(
    session,
    *,
    title,
    kind="KEY_DOCUMENT",
    summary=None,
    published_on=None,
    iscms=(),
    events=(),
    objectives=(),
):
    document_id = (
        await session.execute(
            insert(models.Document)
            .values(
                title=title, kind=kind, summary=summary, published_on=published_on, synthetic=True
            )
            .returning(models.Document.id)
        )
    ).scalar_one()
    for table, column, values in (
        (models.document_iscms, "iscm_id", iscms),
        (models.document_events, "event_id", events),
        (models.document_gcm_objectives, "objective_number", objectives),
    ):
        if values:
            await session.execute(
                insert(table), [{"document_id": document_id, column: value} for value in values]
            )
    return document_id


@pytest.fixture
async def library(session):
    """Documents and a recommendation that all mention quokkas, with different weight."""
    bali = await iscm_id(session, "bali-process")
    colombo = await iscm_id(session, "colombo-process")
    grcp = (
        await session.execute(select(models.Event.id).where(models.Event.slug == "grcp-8"))
    ).scalar_one()
    await add_document(
        session,
        title="Quokka quokka handbook",
        summary="All about the quokka.",
        kind="POSITION_PAPER",
        published_on=date(2022, 5, 1),
        iscms=(bali, colombo),
        objectives=(1, 23),
    )
    await add_document(
        session,
        title="Report of the eighth Global RCP meeting",
        summary="The report mentions a quokka once.",
        kind="GRCP_REPORT",
        published_on=date(2019, 6, 1),
        events=(grcp,),
    )
    await add_document(session, title="Undated declaration", kind="DECLARATION")
    await add_recommendation(
        session, iscm=bali, title="Protect quokka corridors", text="A recommendation on corridors."
    )
    await session.flush()
    return {"bali": bali, "colombo": colombo, "grcp": grcp}


# The library is generated example data, found only when asked for.
SEARCH = """
query Search($query: String!, $first: Int, $synthetic: Boolean = true) {
  search(query: $query, first: $first, includeSynthetic: $synthetic) {
    __typename
    ... on Iscm { slug }
    ... on Recommendation { title }
    ... on Document { title }
  }
}
"""


async def test_search_ranks_title_matches_above_body_matches_in_one_statement(
    graphql, library, statements
):
    # when
    statements.reset()
    data = await graphql.data(SEARCH, {"query": "quokka"})

    # then: two title hits (weight A) before the summary-only hit (weight B)
    assert data["search"] == [
        {"__typename": "Document", "title": "Quokka quokka handbook"},
        {"__typename": "Recommendation", "title": "Protect quokka corridors"},
        {"__typename": "Document", "title": "Report of the eighth Global RCP meeting"},
    ]
    ranked = [s for s in statements.statements if "ts_rank" in s]
    assert len(ranked) == 1
    assert ranked[0].count("UNION ALL") == 2


async def test_search_finds_iscms_and_honours_first(graphql, library):
    data = await graphql.data(SEARCH, {"query": "Colombo Process"})
    assert data["search"][0] == {"__typename": "Iscm", "slug": "colombo-process"}
    limited = await graphql.data(SEARCH, {"query": "quokka", "first": 1})
    assert limited["search"] == [{"__typename": "Document", "title": "Quokka quokka handbook"}]
    nothing = await graphql.data(SEARCH, {"query": "zzyzx"})
    assert nothing["search"] == []


async def test_search_finds_generated_example_data_only_when_asked(graphql, library):
    real_only = await graphql.data(SEARCH, {"query": "quokka", "synthetic": False})
    assert real_only["search"] == []
    default = await graphql.data('{ search(query: "quokka") { __typename } }')
    assert default["search"] == []
    assert len((await graphql.data(SEARCH, {"query": "quokka"}))["search"]) == 3


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"query": "   "}, "query"),
        ({"query": ""}, "query"),
        ({"query": "quokka", "first": 101}, "first"),
        ({"query": "quokka", "first": -1}, "first"),
    ],
)
async def test_search_refuses_blank_queries_and_bad_sizes(graphql, variables, argument):
    errors = await graphql.errors(SEARCH, variables)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert errors[0]["extensions"]["argument"] == argument


DOCUMENTS = """
query Documents($filter: DocumentFilter, $orderBy: DocumentOrder) {
  documents(first: 10, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { node { id title kind publishedOn synthetic iscms { slug } events { slug } gcmObjectives { number } } }
  }
}
"""


def titles(data):
    return [edge["node"]["title"] for edge in data["documents"]["edges"]]


async def test_documents_newest_first_with_their_relations(graphql, library):
    data = await graphql.data(DOCUMENTS)
    assert titles(data) == [
        "Quokka quokka handbook",
        "Report of the eighth Global RCP meeting",
        "Undated declaration",
    ]
    handbook, report, _ = (edge["node"] for edge in data["documents"]["edges"])
    assert handbook["iscms"] == [{"slug": "bali-process"}, {"slug": "colombo-process"}]
    assert handbook["gcmObjectives"] == [{"number": 1}, {"number": 23}]
    assert handbook["kind"] == "POSITION_PAPER"
    assert handbook["synthetic"] is True
    assert report["events"] == [{"slug": "grcp-8"}]
    by_title = await graphql.data(DOCUMENTS, {"orderBy": {"field": "TITLE"}})
    assert titles(by_title) == sorted(titles(by_title))
    node = await graphql.data(
        "query($id: ID!) { node(id: $id) { ... on Document { title publishedOn } } }",
        {"id": handbook["id"]},
    )
    assert node["node"] == {"title": "Quokka quokka handbook", "publishedOn": "2022-05-01"}


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"iscm": "colombo-process"}, ["Quokka quokka handbook"]),
        ({"kind": "GRCP_REPORT"}, ["Report of the eighth Global RCP meeting"]),
        ({"gcmObjective": 23}, ["Quokka quokka handbook"]),
        (
            {"publishedFrom": "2019-01-01", "publishedTo": "2020-01-01"},
            ["Report of the eighth Global RCP meeting"],
        ),
        ({"search": "declaration"}, ["Undated declaration"]),
    ],
)
async def test_document_filters(graphql, library, filter_, expected):
    assert titles(await graphql.data(DOCUMENTS, {"filter": filter_})) == expected


@pytest.mark.parametrize(
    ("filter_", "argument"),
    [
        ({"iscm": "atlantis"}, "filter.iscm"),
        ({"gcmObjective": -3}, "filter.gcmObjective"),
        ({"publishedFrom": "2020-01-02", "publishedTo": "2020-01-01"}, "filter.publishedFrom"),
        ({"search": " "}, "filter.search"),
    ],
)
async def test_invalid_document_filters(graphql, filter_, argument):
    errors = await graphql.errors(DOCUMENTS, {"filter": filter_})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
