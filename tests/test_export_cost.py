"""A full export, page by page, as an integration script writes it: every recommendation,
contribution, document and event with their usual fields, within the default cost limit, then
again incrementally with `updatedSince`."""

from datetime import UTC, datetime

import pytest
from graphql import OperationDefinitionNode, parse
from sqlalchemy import select, update

from db import models
from resolvers.context import ApiConfig
from schema import list_sizes, schema
from schema.limits import operation_cost
from tests.graph_support import demo  # noqa: F401 - fixture

PAGE = 100  # the largest page (ISCM_MAX_PAGE_SIZE)
EXPORTS = {
    "recommendations": """
query ExportRecommendations($first: Int!, $after: String, $since: DateTime) {
  recommendations(first: $first, after: $after, filter: {updatedSince: $since}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug number title text adoptedOn level phase outcomeType sourceUrl sources
      classification { kind note } linkNote conflicts status synthetic
      publishedAt createdAt updatedAt
      iscm { slug } iscms { slug } event { slug } document { slug }
      gcmObjectives { number } thematicAreas { slug } sdgTargets { code }
    } }
  }
}""",
    "reviewContributions": """
query ExportContributions($first: Int!, $after: String, $since: DateTime) {
  reviewContributions(first: $first, after: $after, filter: {updatedSince: $since}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id title summary practices challenges level phase outcomeType status synthetic
      submittedAt publishedAt createdAt updatedAt
      iscm { slug } reviewProcess { slug } gcmObjectives { number }
    } }
  }
}""",
    "documents": """
query ExportDocuments($first: Int!, $after: String, $since: DateTime) {
  documents(first: $first, after: $after, filter: {updatedSince: $since}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug title alternativeTitles kind detailedKind publishedOn adoptedOn year place url
      summary sources conflicts synthetic createdAt updatedAt
      iscms { slug } events { slug } gcmObjectives { number }
    } }
  }
}""",
    "events": """
query ExportEvents($first: Int!, $after: String, $since: DateTime) {
  events(first: $first, after: $after, filter: {updatedSince: $since}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug title kind detailedKind sequence year startsOn endsOn city host theme notes
      conflicts url sources synthetic createdAt updatedAt
      iscm { slug } iscms { slug } documents { slug } country { iso3 }
    } }
  }
}""",
}


async def walk(graphql, field: str, since: str | None = None) -> tuple[int, list[str], int]:
    """Read a whole list page by page: its totalCount, the ids in order, the pages read."""
    ids: list[str] = []
    after, pages = None, 0
    while True:
        variables = {"first": PAGE, "after": after, "since": since}
        page = (await graphql.data(EXPORTS[field], variables))[field]
        pages += 1
        ids.extend(edge["node"]["id"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return page["totalCount"], ids, pages
        after = page["pageInfo"]["endCursor"]


async def test_every_export_page_costs_less_than_the_default_maximum(session):
    # given the sizes measured on the real data
    await list_sizes.refresh(session)
    maximum = ApiConfig().max_cost

    for field, document in EXPORTS.items():
        [operation] = parse(document).definitions
        assert isinstance(operation, OperationDefinitionNode)

        # when a page of the largest size is priced
        cost = operation_cost(schema._schema, operation, {}, {"first": PAGE}, ApiConfig())

        # then it fits, with room for a few more fields
        assert cost <= 0.8 * maximum, f"{field} costs {cost} of {maximum}"


@pytest.mark.usefixtures("demo")
async def test_a_full_export_walks_every_record_within_the_limits(graphql, statements):
    # given the real content and the demo data, more than one page of recommendations
    for field in EXPORTS:
        statements.reset()

        # when the script reads the list to its end
        total, ids, pages = await walk(graphql, field)

        # then nothing was refused, every record came once, and each page was one statement
        assert total > 0, field
        assert len(ids) == len(set(ids)) == total, field
        assert pages == -(-total // PAGE), field
        assert statements.count == pages, field
    total, _, pages = await walk(graphql, "recommendations")
    assert pages > 1


async def test_an_incremental_export_reads_only_what_changed(graphql, session):
    # given two events changed after the last export
    later = datetime(2031, 1, 1, tzinfo=UTC)
    slugs = (
        await session.scalars(select(models.Event.slug).order_by(models.Event.id).limit(2))
    ).all()
    await session.execute(
        update(models.Event).where(models.Event.slug.in_(slugs)).values(updated_at=later)
    )

    # when the script exports since then
    total, ids, pages = await walk(graphql, "events", since="2030-12-31T00:00:00Z")

    # then it reads those two, in one page
    assert (total, len(ids), pages) == (2, 2, 1)
