"""A database outage: every request is a GraphQL-shaped 503 with its request id, keyed or not.

The app reaches PostgreSQL through a TCP relay that the test cuts: pooled connections die
and new ones are refused, as when the server goes away. Nothing is mocked.
"""

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import delete

from db import models
from service.api_keys import create_key
from service.app import create_app
from service.middleware import REQUEST_ID_HEADER
from service.settings import Settings
from tests.tcp_proxy import TcpRelay, relayed
from tests.write_api.conftest import OPEN_PROCESS, OWN_ISCM
from tests.write_api.operations import CREATE

ONE_ISCM = '{ iscm(slug: "bali-process") { name } }'
OBJECTIVES = "{ gcmObjectives { number shortName } }"
NO_DATABASE = "{ __typename }"


@pytest.fixture
async def editor_token(committed_session) -> AsyncIterator[str]:
    """An editor key committed to the database, deleted afterwards."""
    created = await create_key(committed_session, name="outage test", role="editor", iscm_slugs=[])
    await committed_session.commit()
    yield created.token
    await committed_session.execute(
        delete(models.ApiKey).where(models.ApiKey.key_id == created.key_id)
    )
    await committed_session.commit()


@pytest.fixture
async def relayed_app(committed_database_url) -> AsyncIterator[tuple[TcpRelay, httpx.AsyncClient]]:
    """The app with its own pools, reaching the database through a relay the test can cut."""
    async with relayed(committed_database_url) as (relay, url):
        app = create_app(Settings(database_url=url, offline=True))
        async with app.router.lifespan_context(app) as state:
            assert state is not None  # the app's lifespan yields its state

            async def with_state(scope, receive, send):
                scope["state"] = dict(state)
                await app(scope, receive, send)

            transport = httpx.ASGITransport(app=with_state, raise_app_exceptions=False)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver"
            ) as client:
                yield relay, client


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"  # seconds: clients may try again
    assert response.headers["content-type"].startswith("application/"), response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert error["extensions"]["requestId"] == response.headers[REQUEST_ID_HEADER]
    assert response.headers[REQUEST_ID_HEADER] in error["message"]


async def test_an_outage_answers_503_for_anonymous_and_keyed_requests_alike(
    relayed_app, editor_token
):
    relay, client = relayed_app
    keyed = {"Authorization": f"Bearer {editor_token}"}
    create = {
        "query": CREATE,
        "variables": {
            "input": {
                "iscm": OWN_ISCM,
                "reviewProcess": OPEN_PROCESS,
                "title": "Written during an outage",
                "summary": "Must not be half-written.",
            },
            "key": None,
        },
    }
    # given a service that answers
    for headers in ({}, keyed):
        assert (
            await client.post("/graphql", json={"query": ONE_ISCM}, headers=headers)
        ).status_code == 200
    # when the database goes away
    await relay.cut()
    # then every kind of request is a typed 503: reads, a write, and a key
    # check even where the operation itself needs no database
    for headers in ({}, keyed):
        for query in (ONE_ISCM, OBJECTIVES):
            assert_unavailable(
                await client.post("/graphql", json={"query": query}, headers=headers)
            )
            graphql_response = {**headers, "Accept": "application/graphql-response+json"}
            assert_unavailable(
                await client.post("/graphql", json={"query": query}, headers=graphql_response)
            )
    assert_unavailable(await client.post("/graphql", json=create, headers=keyed))
    assert_unavailable(await client.post("/graphql", json={"query": NO_DATABASE}, headers=keyed))
    anonymous = await client.post("/graphql", json={"query": NO_DATABASE})
    assert anonymous.json() == {"data": {"__typename": "Query"}}
    assert_unavailable(await client.get("/calendar.ics"))
    assert (await client.get("/readyz")).status_code == 503
    # and once it is back, the same requests answer again
    await relay.restore()
    for headers in ({}, keyed):
        response = await client.post("/graphql", json={"query": OBJECTIVES}, headers=headers)
        assert response.status_code == 200
        assert "errors" not in response.json()
