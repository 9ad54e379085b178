"""Bounded APQ storage: only documents that could run are stored, none too long, at most so many
(least recently used evicted first, allow-listed ones never), and each client registers at most
so many an hour. A document that is not stored still answers."""

import pytest
from sqlalchemy import func, select

from db import models
from db.queries import persisted_queries
from service.api_keys import create_key
from service.persisted import sha256_of
from tests.in_process import app_client


def apq(document: str) -> dict:
    return {
        "query": document,
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(document)}},
    }


def by_hash(document: str) -> dict:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(document)}}}


async def stored(session, *documents: str) -> list[bool]:
    """Whether each document is in the table."""
    hashes = set(
        (
            await session.scalars(
                select(models.PersistedQuery.sha256).where(
                    models.PersistedQuery.sha256.in_([sha256_of(d) for d in documents])
                )
            )
        ).all()
    )
    return [sha256_of(d) in hashes for d in documents]


async def registrations(session) -> int:
    return await session.scalar(select(func.count()).where(~models.PersistedQuery.allow_listed))


@pytest.fixture
def bounded(settings):
    """Three registrations at most, read from the table on every use (no in-process LRU)."""
    return settings.model_copy(
        update={"persisted_max_entries": 3, "persisted_lru_size": 0, "persisted_max_length": 400}
    )


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("hello, this is not GraphQL at all " * 20, "GRAPHQL_PARSE_FAILED"),
        ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED"),
        (
            "{ gcmObjectives { ...F } } fragment F on GcmObjective { ...F }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }",
            "QUERY_TOO_COMPLEX",
        ),
    ],
    ids=["not GraphQL", "invalid", "a fragment cycle", "over a limit"],
)
async def test_a_document_that_cannot_run_is_not_stored(
    bounded, session_factory, session, document, code
):
    # given a request registering a document whose hash matches
    async with app_client(bounded, session_factory) as client:
        # when it is sent, then asked for by its hash
        registered = await client.post("/graphql", json=apq(document))
        again = await client.post("/graphql", json=by_hash(document))

    # then it is answered with its error, and not stored
    assert registered.json()["errors"][0]["extensions"]["code"] == code
    assert again.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert await stored(session, document) == [False]


async def test_a_document_longer_than_the_cap_answers_but_is_not_stored(
    bounded, session_factory, session
):
    long = "query Long { __typename }" + " " * 400

    async with app_client(bounded, session_factory) as client:
        response = await client.post("/graphql", json=apq(long))

    assert response.json() == {"data": {"__typename": "Query"}}
    assert await stored(session, long) == [False]


async def test_registrations_beyond_the_bound_evict_the_least_recently_used(
    bounded, session_factory, session
):
    # given an allow-listed document and three registrations, the first one used since
    listed = "query Listed { gcmObjectives { number } }"
    await persisted_queries.register(
        session, sha256_of(listed), listed, "Listed", allow_listed=True
    )
    documents = [f"query Q{i} {{ __typename }}" for i in range(5)]
    async with app_client(bounded, session_factory) as client:
        for document in documents[:3]:
            await client.post("/graphql", json=apq(document))
        used = await client.post("/graphql", json=by_hash(documents[0]))
        assert used.json() == {"data": {"__typename": "Query"}}

        # when two more are registered
        for document in documents[3:]:
            await client.post("/graphql", json=apq(document))

    # then the bound holds: the two least recently used went, the used one and the
    # allow-listed one stayed
    assert await registrations(session) == 3
    assert await stored(session, *documents) == [True, False, False, True, True]
    assert await stored(session, listed) == [True]


async def test_each_client_registers_at_most_so_many_an_hour(settings, session_factory, session):
    # given two registrations an hour per client, and a second client with a key
    paced = settings.model_copy(update={"persisted_registrations_per_hour": 2})
    token = (await create_key(session, name="apq client", role="editor", iscm_slugs=[])).token
    documents = [f"query Paced{i} {{ __typename }}" for i in range(4)]
    async with app_client(paced, session_factory) as client:
        # when the anonymous client registers three documents, and the key holder one
        answers = [await client.post("/graphql", json=apq(d)) for d in documents[:3]]
        keyed = await client.post(
            "/graphql", json=apq(documents[3]), headers={"Authorization": f"Bearer {token}"}
        )

    # then every one answered, but the third of the anonymous client was not stored
    assert [a.json() for a in [*answers, keyed]] == [{"data": {"__typename": "Query"}}] * 4
    assert await stored(session, *documents) == [True, True, False, True]
