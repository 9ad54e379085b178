"""Operations against hostile clients: invented tokens meet a limit, failures show in metrics."""

import re
import secrets

import httpx
import pytest

from db.queries.api_keys import revoke_key
from resolvers import catalogue
from schema.gcm import GcmObjective
from service.api_keys import create_key
from service.explorer import examples
from service.middleware import REQUEST_ID_HEADER
from tests.in_process import app_client
from tests.test_operations_http import metric_value

COUNT = {"query": "{ iscms { totalCount } }"}
# Not compiled (`__typename`), so it runs through the resolver the test breaks.
ISCM_BY_SLUG = '{ iscm(slug: "bali-process") { __typename name } }'


def random_token() -> str:
    """A well-formed API key token that no key has."""
    return f"iscm_{secrets.token_hex(6)}_{secrets.token_urlsafe(32)}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def key_lookups(statements) -> int:
    return sum("api_keys" in statement for statement in statements.statements)


async def test_random_tokens_meet_a_429_before_each_costs_a_lookup(
    settings, session_factory, statements
):
    # given the anonymous limit at 120 a minute with a burst of 10
    limited = settings.model_copy(
        update={"rate_limit_anonymous_per_minute": 120, "rate_limit_burst": 10}
    )
    async with app_client(limited, session_factory) as client:
        statements.reset()
        # when one address sends 45 invented tokens
        statuses = [
            (await client.post("/graphql", json=COUNT, headers=bearer(random_token()))).status_code
            for _ in range(45)
        ]
    # then the address's bucket refuses them once its burst is spent, before any lookup
    assert statuses == [401] * 10 + [429] * 35
    assert key_lookups(statements) == 10


async def test_a_verified_key_is_limited_in_its_own_bucket(settings, session, session_factory):
    # given 2 requests a minute for the address, 4 for a key, and a real key
    limited = settings.model_copy(
        update={"rate_limit_anonymous_per_minute": 2, "rate_limit_per_minute": 4}
    )
    token = (await create_key(session, name="limited", role="editor", iscm_slugs=[])).token
    async with app_client(limited, session_factory) as client:
        # when the key is used six times
        keyed = [
            (await client.post("/graphql", json=COUNT, headers=bearer(token))).status_code
            for _ in range(6)
        ]
        # then its first request, not yet verified, drew from the address's bucket for
        # credentials, the next four from its own bucket, and the sixth is refused
        assert keyed == [200, 200, 200, 200, 200, 429]
        # and anonymous requests from the same address still have their own bucket
        assert (await client.post("/graphql", json=COUNT)).status_code == 200
        # while invented tokens find one token left in the address's bucket for credentials
        invented = [
            (await client.post("/graphql", json=COUNT, headers=bearer(random_token()))).status_code
            for _ in range(2)
        ]
        assert invented == [401, 429]


async def test_a_revoked_key_is_refused_from_the_next_request_on(
    settings, session, session_factory
):
    limited = settings.model_copy(
        update={"rate_limit_anonymous_per_minute": 3, "rate_limit_per_minute": 600}
    )
    created = await create_key(session, name="revoked", role="editor", iscm_slugs=[])
    async with app_client(limited, session_factory) as client:
        # given a key that has been verified
        for _ in range(3):
            assert (
                await client.post("/graphql", json=COUNT, headers=bearer(created.token))
            ).status_code == 200
        # when it is revoked
        assert await revoke_key(session, created.key_id)
        # then the next request is refused, and the ones after draw from the address's
        # bucket for credentials again (two left of three)
        after = [
            (await client.post("/graphql", json=COUNT, headers=bearer(created.token))).status_code
            for _ in range(4)
        ]
    assert after == [401, 401, 401, 429]


async def test_an_internal_error_counts_as_a_server_error_with_its_code(client, monkeypatch):
    # given a resolver failing as a bug would (patched in this test only: nothing shipped
    # lets a client cause it)
    async def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(catalogue, "iscm_by_slug", broken)
    before = (await client.get("/metrics")).text
    # when
    response = await client.post("/graphql", json={"query": ISCM_BY_SLUG})
    after = (await client.get("/metrics")).text

    def delta(name: str, **labels: str) -> float:
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    # then the client sees a masked error with the request id
    (error,) = response.json()["errors"]
    assert error["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": response.headers[REQUEST_ID_HEADER],
    }
    assert "a bug" not in response.text
    # and monitoring sees a server error, counted under its own code
    assert delta("iscm_graphql_requests_total", operation="anonymous", outcome="server_error") == 1
    assert delta("iscm_graphql_requests_total", operation="anonymous", outcome="error") == 0
    assert delta("iscm_graphql_errors_total", code="INTERNAL_SERVER_ERROR") == 1
    assert delta("iscm_graphql_errors_total", code="UNKNOWN") == 0


@pytest.mark.parametrize("wrong", [None, "not an objective"])
async def test_an_answer_graphql_cannot_complete_is_an_internal_error_with_a_code(
    client, monkeypatch, wrong
):
    # given objectives that come out wrong, as a bug would make them (patched in this test)
    monkeypatch.setattr(GcmObjective, "from_row", classmethod(lambda _cls, _row: wrong))
    # when
    response = await client.post("/graphql", json={"query": "{ gcmObjectives { __typename } }"})
    # then graphql-core's complaint is masked like any bug, and carries a code
    errors = response.json()["errors"]
    assert {error["extensions"]["code"] for error in errors} == {"INTERNAL_SERVER_ERROR"}
    assert "GcmObjective" not in response.text


def request_series(exposition: str) -> set[str]:
    return set(re.findall(r"^iscm_graphql_requests_total\{(.*)\} ", exposition, re.MULTILINE))


async def test_client_chosen_operation_names_add_no_series(client: httpx.AsyncClient):
    # given the series as they are now (the registry lives as long as the process)
    before = request_series((await client.get("/metrics")).text)
    # when 150 operations each get a name of their own
    for index in range(150):
        document = f"query Invented{index} {{ __typename }}"
        assert (await client.post("/graphql", json={"query": document})).status_code == 200
    # then they share one series, `other`
    added = request_series((await client.get("/metrics")).text) - before
    assert added <= {'operation="other",outcome="ok"'}


@pytest.mark.parametrize("example", examples(), ids=lambda example: example.name)
async def test_the_explorer_examples_are_labelled_by_name(client, example):
    before = (await client.get("/metrics")).text
    response = await client.post(
        "/graphql", json={"query": example.query, "variables": example.variables}
    )
    assert response.status_code == 200
    after = (await client.get("/metrics")).text
    (name,) = re.findall(r"query (\w+)", example.query)
    series = {"operation": name, "outcome": "ok"}
    assert (
        metric_value(after, "iscm_graphql_requests_total", **series)
        - metric_value(before, "iscm_graphql_requests_total", **series)
        == 1
    )
