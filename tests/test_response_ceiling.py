"""The response-size ceiling: an answer that would outgrow ISCM_MAX_RESPONSE_BYTES is one typed
error, whether it is read in SQL or completed in Python, never a partial body."""

from graphql.execution.executor import CollectedErrors
from sqlalchemy import text

from db.session import RequestSession
from resolvers.context import ApiConfig, Context
from schema import schema
from schema.response_size import ResponseBudget, SizeLimitedExecutor
from tests.in_process import app_client

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}
# Every State with its memberships: under the cost limit, about 50 KB of JSON.
STATES = "{ memberStates(first: 100) { edges { node { iso3 name officialName region subregion memberships { role iscm { slug name } } } } } }"
# A page read in one SQL statement building the JSON.
SQL_PAGE = "{ iscms(first: 100) { edges { node { slug name summary } } } }"


async def test_an_answer_over_the_ceiling_is_one_typed_error(settings, session_factory):
    # given a ceiling of 10 KB
    small = settings.model_copy(update={"max_response_bytes": 10_000})
    async with app_client(small, session_factory) as client:
        # when a query that returns more runs (and one that returns less)
        response = await client.post("/graphql", json={"query": STATES}, headers=GRAPHQL_RESPONSE)
        fits = await client.post("/graphql", json={"query": "{ gcmObjectives { number } }"})

    # then it is answered with no data and one error naming the maximum, in a small body
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "RESPONSE_TOO_LARGE", "maximum": 10_000}
    assert error["path"][0] == "memberStates"
    assert len(response.content) < 1_000
    assert len(fits.json()["data"]["gcmObjectives"]) == 23


async def test_the_same_query_runs_under_the_default_ceiling(graphql):
    data = await graphql.data(STATES)

    assert len(data["memberStates"]["edges"]) == 100


async def test_a_page_over_the_ceiling_is_refused_too(settings, session_factory):
    small = settings.model_copy(update={"max_response_bytes": 2_000})
    async with app_client(small, session_factory) as client:
        response = await client.post("/graphql", json={"query": SQL_PAGE})

    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "RESPONSE_TOO_LARGE", "maximum": 2_000}


async def test_execution_stops_completing_once_past_the_ceiling(session_factory, session):
    # given a context whose ceiling is 1 KB, executing without the HTTP view's own check
    db = RequestSession(session_factory)
    context = Context.create(db, ApiConfig(max_response_bytes=1_000))
    try:
        result = await schema.execute(STATES, context_value=context)
    finally:
        await db.close()

    # then the schema answers the ceiling's error alone
    assert result.data is None
    assert result.errors is not None
    [error] = result.errors
    assert error.extensions == {"code": "RESPONSE_TOO_LARGE", "maximum": 1_000}
    # and no work it started still runs on the connection the request shared
    assert await session.scalar(text("SELECT 1")) == 1


async def test_each_subscription_event_has_a_ceiling_of_its_own():
    executor = SizeLimitedExecutor.__new__(SizeLimitedExecutor)
    executor.response_budget = ResponseBudget(100)
    executor.response_budget.spend(90)
    executor.collected_errors = CollectedErrors()

    event = executor.build_per_event_executor({"payload": 1})

    assert event.response_budget.used == 0
    assert event.response_budget.maximum == 100
    assert executor.response_budget.used == 90


async def test_an_answer_over_the_ceiling_runs_its_statement_once(
    settings, session_factory, statements
):
    # given a ceiling below the answer of a query the statement answers whole
    small = settings.model_copy(update={"max_response_bytes": 2_000})
    async with app_client(small, session_factory) as client:
        statements.reset()  # what the app read on start-up
        # when
        response = await client.post("/graphql", json={"query": SQL_PAGE})

    # then it is refused at its path, from the one statement's answer
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "RESPONSE_TOO_LARGE"
    assert error["path"] == ["iscms"]
    assert len([s for s in statements.statements if "SAVEPOINT" not in s]) == 1
