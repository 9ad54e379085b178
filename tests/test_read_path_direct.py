"""The direct path (schema/read_path/direct.py): which HTTP requests it answers, and that it
answers them as the full path does.

The full path is Strawberry's `schema.execute`; a request it never reached was answered
directly. The same request with `apollo-federation-include-trace: ftv1` takes the full path,
so its `data` is the oracle.
"""

from typing import Any

import orjson
import pytest

from bench.catalog import QUERIES
from bench.forms import FORMS
from schema import IscmSchema
from tests.graph_support import demo  # noqa: F401 - fixture

FTV1 = {"apollo-federation-include-trace": "ftv1"}
CLIENT_STYLE = """
query Iscm($slug: String!) {
  iscm(slug: $slug) { __typename ...Card members { __typename iso3 } }
}
fragment Card on Iscm { id slug name kind memberCount: members { iso3 } }
"""
ANSWERED_DIRECTLY = [
    {"query": "{ iscms(first: 5) { totalCount edges { node { slug name } } } }"},
    {"query": CLIENT_STYLE, "variables": {"slug": "bali-process"}},
    {
        "query": "query($n: Int!) { a: gcmObjective(number: $n) { number title } "
        "b: gcmObjective(number: 2) { number } }",
        "variables": {"n": 1},
    },
    {
        "query": 'query S { search(query: "labour", first: 3) { __typename '
        "... on Iscm { slug } ... on Recommendation { title } } }",
        "operationName": "S",
    },
]
ENTITIES = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Iscm { name } } }"""
# A gateway's entity fetch; an argument naming a record that exists.
ANSWERED_DIRECTLY += [
    {"query": ENTITIES, "variables": {"r": [{"__typename": "Iscm", "slug": "bali-process"}]}},
    {"query": '{ recommendations(first: 2, filter: {iscm: "rabat-process"}) { totalCount } }'},
]
BENCH_QUESTIONS = [
    "iscm_by_slug",
    "catalogue_page",
    "state_recommendations",
    "search_page",
    "gateway_entities",
]


@pytest.fixture
def full_path(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The queries the full path ran (Strawberry's `schema.execute`), in order."""
    ran: list[str | None] = []
    execute = IscmSchema.execute

    async def counted(self: IscmSchema, query: str | None, *args: Any, **kwargs: Any) -> Any:
        ran.append(query)
        return await execute(self, query, *args, **kwargs)

    monkeypatch.setattr(IscmSchema, "execute", counted)
    return ran


async def both_paths(client: Any, body: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """The answer as sent, and the `data` of the same request traced (the full path's)."""
    answer = await client.post("/graphql", json=body)
    traced = await client.post("/graphql", json=body, headers=FTV1)
    assert answer.status_code == traced.status_code == 200, (answer.text, traced.text)
    assert "ftv1" in traced.json()["extensions"]
    return answer.json(), traced.json()["data"]


@pytest.mark.parametrize("body", ANSWERED_DIRECTLY, ids=range(len(ANSWERED_DIRECTLY)))
async def test_queries_the_statement_answers_whole_skip_the_full_path(client, full_path, body):
    # when
    answer, full = await both_paths(client, body)

    # then the untraced request never reached the full path, and answered the same
    assert full_path == [body["query"]]  # the traced one only
    assert answer == {"data": full}
    assert full  # something was read


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("name", BENCH_QUESTIONS)
@pytest.mark.parametrize("form", FORMS)
async def test_the_benchmark_s_questions_are_answered_directly_in_every_form(
    client, full_path, name, form
):
    # given the question as the benchmark sends it (written, as Apollo Client sends it, aliased)
    [question] = [query for query in QUERIES if query.name == name]
    body = orjson.loads(question.body(form))

    # when
    answer, full = await both_paths(client, body)

    # then
    assert len(full_path) == 1  # the traced request
    assert answer == {"data": full}


async def test_a_get_query_is_answered_directly(client, full_path):
    # when
    response = await client.get("/graphql", params={"query": "{ iscms(first: 1) { totalCount } }"})

    # then
    assert response.status_code == 200
    assert response.json()["data"]["iscms"]["totalCount"] > 0
    assert full_path == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        # variables that do not coerce: the full path names the variable
        (
            {
                "query": "query($n: Int!) { gcmObjective(number: $n) { number } }",
                "variables": {"n": "one"},
            },
            "BAD_USER_INPUT",
        ),
        # a document that does not validate
        ({"query": "{ iscms { nope } }"}, "GRAPHQL_VALIDATION_FAILED"),
        # above the cost limit
        (
            {
                "query": "{ iscms(first: 100) { edges { node { recommendations(first: 100) { edges "
                "{ node { iscms { recommendations(first: 100) { totalCount } } } } } } } } }"
            },
            "QUERY_TOO_COMPLEX",
        ),
        # an argument the read path refuses, placed as a field error in Python
        ({"query": "{ iscms(first: 1000) { totalCount } }"}, "BAD_USER_INPUT"),
    ],
    ids=["variables", "validation", "cost", "field-error"],
)
async def test_requests_with_errors_to_report_take_the_full_path(client, full_path, body, code):
    # when
    response = await client.post("/graphql", json=body)

    # then the full path answered, with the error it reports
    assert full_path == [body["query"]]
    if code is not None:
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == [code]


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ __typename iscms(first: 1) { totalCount } }"},  # the root's own __typename
        # a malformed representation is an item error placed in Python
        {"query": ENTITIES, "variables": {"r": [{"__typename": "Iscm"}]}},
        {"query": "mutation { __typename }"},
    ],
    ids=["root-typename", "malformed-entity", "mutation"],
)
async def test_what_is_left_to_python_takes_the_full_path(client, full_path, body):
    # when
    response = await client.post("/graphql", json=body)

    # then
    assert response.status_code == 200
    assert full_path == [body["query"]]


async def test_a_missing_reference_is_reported_by_the_full_path_from_the_one_statement(
    client, full_path, statements
):
    # given an argument naming an ISCM that does not exist
    query = '{ recommendations(first: 2, filter: {iscm: "no-such-process"}) { totalCount } }'

    # when
    response = await client.post("/graphql", json={"query": query})

    # then the full path placed the error, from the answer the direct path read
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["path"] == ["recommendations"]
    assert full_path == [query]
    assert len([s for s in statements.statements if "SAVEPOINT" not in s]) == 1
