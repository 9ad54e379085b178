"""The one read path on the shapes a statement gets wrong first: values that look like SQL,
keys past PostgreSQL's limits, DateTime text, page ends, errors per occurrence, plan reuse,
and the gateway's trace."""

import base64
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select, text, tuple_

from db import models
from db.queries.catalogue import ISCM_SORTS
from schema.admission import PARSED
from schema.read_path.arguments import encode_cursor
from schema.read_path.plans import PLANS
from tests.graph_support import EDITOR, execute_as, iscm_id
from tests.in_process import app_client
from tests.write_api.support import add_review_process

CRAFTED = ["x' OR true --", "x\\' OR true --", "Bali\\", "é'", "$1; --", "%s'"]
# (submitted_at, published_at): whole seconds, milliseconds and microseconds, so that the
# DateTime text is checked where Python's isoformat changes shape; a non-UTC offset too.
MOMENTS = [
    (None, None),
    (datetime(2025, 3, 1, 9, 30, tzinfo=UTC), None),
    (
        datetime(2025, 3, 2, 10, 0, 0, 120000, tzinfo=UTC),
        datetime(2025, 4, 1, 0, 0, 0, 1, tzinfo=UTC),
    ),
    (
        datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2025, 6, 6, 6, 6, 6, 999999, tzinfo=UTC),
    ),
]


def reads(statements) -> list[str]:
    """The statements a request ran, the test transaction's savepoints left out."""
    return [s for s in statements.statements if "SAVEPOINT" not in s]


@pytest.mark.parametrize("name", CRAFTED)
async def test_crafted_cursor_keys_stay_values(graphql, session, statements, name):
    # given a cursor crafted around a name with quotes, backslashes and placeholders
    cursor = encode_cursor(ISCM_SORTS["NAME"], (name, 5))
    iscm = models.Iscm
    expected = (
        await session.execute(
            select(iscm.name)
            .where(tuple_(iscm.name, iscm.id) > tuple_(text(":n"), text(":i")))
            .order_by(iscm.name, iscm.id)
            .limit(3),
            {"n": name, "i": 5},
        )
    ).scalars()

    # when it is used
    statements.reset()
    data = await graphql.data(
        "query Q($c: String) { iscms(first: 3, after: $c) { edges { node { name } } } }",
        {"c": cursor},
    )

    # then one statement answered it, the key bound to it and never written into it
    [statement] = reads(statements)
    assert name not in statement
    assert [e["node"]["name"] for e in data["iscms"]["edges"]] == list(expected)


async def test_filter_and_argument_values_are_never_written_into_the_statement(graphql, statements):
    # given values that look like SQL in a search, a filter and a lookup
    search = "o'brien OR 1=1 --"
    query = """query Q($s: String!) {
      iscms(first: 2, filter: { search: $s }) { totalCount }
      recommendations(first: 2, filter: { search: "labour' --" }) { totalCount }
      iscm(slug: "it's-not-there") { name }
    }"""

    # when the operation runs
    statements.reset()
    data = await graphql.data(query, {"s": search})

    # then the statement carries none of them (each is a bound parameter) and answers
    [statement] = reads(statements)
    for value in (search, "labour'", "it's-not-there", "o'brien"):
        assert value not in statement
    assert data["iscm"] is None


async def test_a_page_ending_at_the_last_row_knows_it_is_the_last(graphql, session, statements):
    # given page sizes one short of, equal to and one past the catalogue's size
    total = (await session.execute(select(func.count()).select_from(models.Iscm))).scalar_one()
    for size, more in ((total - 1, True), (total, False), (total + 1, False)):
        # when the page is asked from the start and from the end
        forward = await graphql.data(
            f"{{ iscms(first: {size}) {{ totalCount pageInfo {{ hasNextPage }} }} }}"
        )
        backward = await graphql.data(
            f"{{ iscms(last: {size}) {{ totalCount pageInfo {{ hasPreviousPage }} }} }}"
        )

        # then each says whether rows lie beyond it
        assert forward["iscms"] == {"totalCount": total, "pageInfo": {"hasNextPage": more}}
        assert backward["iscms"] == {"totalCount": total, "pageInfo": {"hasPreviousPage": more}}


async def test_objects_of_more_than_fifty_keys_keep_their_order(settings, session_factory):
    # given an ISCM selection of 70 keys in a scrambled order (json_build_object takes 50)
    fields = [
        "slug", "acronym", "name", "kind", "regions", "established", "secretariat", "status",
        "website", "summary", "openTo", "membersConfidence", "membersWithoutIso", "sources",
        "version", "createdAt", "updatedAt", "memberCount", "id",
    ]  # fmt: skip
    selections = [
        f"k{n:02d}_{fields[(n * 7) % len(fields)]}: {fields[(n * 7) % len(fields)]}"
        for n in range(70)
    ]
    selections.reverse()
    query = f'{{ iscm(slug: "bali-process") {{ {" ".join(selections)} }} }}'
    limits = {"max_aliases": 100}
    async with app_client(settings.model_copy(update=limits), session_factory) as client:
        # when it is read
        response = await client.post("/graphql", json={"query": query})
        plain = await client.post(
            "/graphql", json={"query": f'{{ iscm(slug: "bali-process") {{ {" ".join(fields)} }} }}'}
        )

    # then the keys come in selection order, each with its field's value
    iscm = response.json()["data"]["iscm"]
    expected = plain.json()["data"]["iscm"]
    assert list(iscm) == [s.split(":")[0] for s in selections]
    for key, value in iscm.items():
        assert value == expected[key.split("_", 1)[1]]


async def test_aliases_longer_than_postgresql_names_stay_apart(graphql):
    # given two aliases sharing their first 70 bytes (PostgreSQL keeps 63 of a name), on a
    # field and on an object
    prefix = "a" * 70
    query = f"""{{
      {prefix}_one: iscm(slug: "bali-process") {{ {prefix}_x: slug {prefix}_y: name }}
      {prefix}_two: iscm(slug: "quito-process") {{ {prefix}_x: slug }}
    }}"""

    # when read
    data = await graphql.data(query)

    # then each key is its own
    assert data == {
        f"{prefix}_one": {
            f"{prefix}_x": "bali-process",
            f"{prefix}_y": data[f"{prefix}_one"][f"{prefix}_y"],
        },
        f"{prefix}_two": {f"{prefix}_x": "quito-process"},
    }
    assert data[f"{prefix}_one"][f"{prefix}_y"].startswith("Bali Process")


async def test_datetimes_read_in_sql_are_written_as_python_writes_them(session, session_factory):
    # given contributions whose moments have no, three and six fraction digits
    process = await add_review_process(session, "datetime-shapes")
    bali = await iscm_id(session, "bali-process")
    for n, (submitted, published) in enumerate(MOMENTS):
        await session.execute(
            insert(models.ReviewContribution).values(
                iscm_id=bali,
                review_process_id=process,
                title=f"Moment {n}",
                summary="Shapes of a moment.",
                status="PUBLISHED" if published else "SUBMITTED" if submitted else "DRAFT",
                submitted_at=submitted,
                published_at=published,
            )
        )
    await session.flush()
    stored = {
        row.title: row
        for row in (
            await session.execute(
                select(models.ReviewContribution).where(
                    models.ReviewContribution.review_process_id == process
                )
            )
        ).scalars()
    }

    # when an editor reads them
    query = """{ reviewContributions(first: 10, filter: { reviewProcess: "datetime-shapes" }) {
      edges { node { title submittedAt publishedAt createdAt } } } }"""
    result = await execute_as(session_factory, query, principal=EDITOR)

    # then each is Python's isoformat of the stored moment (as Strawberry's DateTime writes)
    nodes = [e["node"] for e in result.data["reviewContributions"]["edges"]]
    assert len(nodes) == len(MOMENTS)
    for node in nodes:
        row = stored[node["title"]]
        for key, moment in (
            ("submittedAt", row.submitted_at),
            ("publishedAt", row.published_at),
            ("createdAt", row.created_at),
        ):
            assert node[key] == (moment.astimezone(UTC).isoformat() if moment else None)


async def test_errors_are_one_per_occurrence_with_graphql_null_propagation(graphql):
    # given a bad cursor below a list of nullable items, and a bad page size below a list of
    # non-null items of a nullable field
    query = """{
      nodes(ids: ["SXNjbToyMg==", "SXNjbToy"]) {
        ... on Iscm { slug recommendations(after: "bad") { totalCount } }
      }
      memberState(iso3: "ESP") { name iscms { slug events(last: -1) { totalCount } } }
      gcmObjectives { number }
    }"""

    # when it runs
    body = await graphql.execute(query)

    # then each occurrence has its error at its path, and the nulls go up as far as the
    # schema's non-null types make them (each node; the State), the rest intact
    errors = [
        (e["path"], e["extensions"]["code"], e["extensions"]["argument"]) for e in body["errors"]
    ]
    assert errors[:2] == [
        (["nodes", 0, "recommendations"], "BAD_USER_INPUT", "after"),
        (["nodes", 1, "recommendations"], "BAD_USER_INPUT", "after"),
    ]
    assert errors[2][0][:3] == ["memberState", "iscms", 0]
    assert all(path[-1] == "events" and code == "BAD_USER_INPUT" for path, code, _ in errors[2:])
    assert body["data"]["nodes"] == [None, None]
    assert body["data"]["memberState"] is None
    assert len(body["data"]["gcmObjectives"]) == 23


async def test_a_plan_is_made_once_per_shape_and_reused_across_values(graphql, statements):
    # given a document with variables in a nested argument and a skip condition
    query = """query Q($slug: String!, $n: Int, $hide: Boolean!) {
      iscm(slug: $slug) { name recommendations(first: $n) { totalCount } members @skip(if: $hide) { iso3 } }
    }"""
    PLANS.clear()

    # when it runs with three slugs and page sizes, then with the condition turned
    for slug, n in (("bali-process", 1), ("quito-process", 2), ("abu-dhabi-dialogue", 3)):
        statements.reset()
        data = await graphql.data(query, {"slug": slug, "n": n, "hide": False})
        assert "members" in data["iscm"]
    same_shape = len(PLANS)
    [statement] = reads(statements)
    hidden = await graphql.data(query, {"slug": "bali-process", "n": 1, "hide": True})

    # then the values changed no plan (the statement holds none of them); the condition did
    assert same_shape == 1
    assert "abu-dhabi-dialogue" not in statement
    assert "members" not in hidden["iscm"]
    assert len(PLANS) == 2


async def test_the_gateway_trace_has_a_node_per_root_field(client, statements):
    # when the gateway asks for a trace of two root fields, one under an alias
    statements.reset()
    response = await client.post(
        "/graphql",
        json={"query": '{ iscm(slug: "bali-process") { name } goals: gcmObjectives { number } }'},
        headers={"apollo-federation-include-trace": "ftv1"},
    )

    # then one statement answered, and the trace names both fields with their types
    assert len(reads(statements)) == 1
    trace = base64.b64decode(response.json()["extensions"]["ftv1"])
    for name in (b"iscm", b"Iscm", b"goals", b"[GcmObjective!]!", b"Query"):
        assert name in trace


async def test_a_document_parsed_again_finds_its_cached_plan_and_arguments(graphql):
    # given a document read once (its plan and facts cached)
    query = (
        'query Q($n: Int) { iscms(first: $n) { totalCount } iscm(slug: "bali-process") { slug } }'
    )
    first = await graphql.data(query, {"n": 2})

    # when its parse is forgotten (as the parse cache does under pressure), and it comes again
    PARSED.clear()
    again = await graphql.execute(query, {"n": 2})
    refused = await graphql.execute(query, {"n": -1})

    # then the new parse's fields find their arguments: the same answer, the same refusal
    assert again == {"data": first}
    assert refused["errors"][0]["extensions"]["argument"] == "first"


async def test_page_info_that_reads_no_row_is_still_one_object(graphql):
    # when a page is asked only what needs none of its rows (a forward page has no previous
    # one), over several rows and over none
    data = await graphql.data(
        """{ some: iscms(first: 3) { pageInfo { hasPreviousPage } }
             none: iscms(first: 0) { pageInfo { hasPreviousPage } totalCount } }"""
    )

    # then each is one object
    assert data["some"] == {"pageInfo": {"hasPreviousPage": False}}
    assert data["none"]["pageInfo"] == {"hasPreviousPage": False}
