"""GraphQL over HTTP: media types, status codes, request checks, request ids, CORS and body size."""

import logging

import orjson
import pytest

from db.session import RequestSession
from resolvers.errors import ErrorCode
from service.settings import ConfigurationError, load_settings
from tests.in_process import app_client

GRAPHQL_RESPONSE = "application/graphql-response+json"
TYPENAME = {"query": "{ __typename }"}
MISSPELT_FIELD = '{ iscm(slug: "bali-process") { nmae } }'
NEEDS_AN_ID = "query Needs($iso3: String!) { memberState(iso3: $iso3) { name } }"
OBJECTIVES = "{ gcmObjectives { number } }"


def post(client, body, accept=None, **headers):
    if accept is not None:
        headers["accept"] = accept
    return client.post("/graphql", json=body, headers=headers)


def media_type(response) -> str:
    return response.headers["content-type"].split(";")[0]


def codes(response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json()["errors"]]


# Media types


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        (f"text/html, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"*/*;q=0.1, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
    ],
)
async def test_the_response_media_type_follows_accept(client, accept, expected):
    response = await post(client, TYPENAME, accept)

    assert response.status_code == 200
    assert media_type(response) == expected
    assert "charset=utf-8" in response.headers["content-type"]
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "application/json;q=0"])
async def test_an_accept_header_allowing_neither_json_type_is_406(client, accept):
    response = await post(client, TYPENAME, accept)

    assert response.status_code == 406
    assert codes(response) == [ErrorCode.NOT_ACCEPTABLE]


# Request errors: no data, 400 under graphql-response+json, 200 under application/json


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{"}, ErrorCode.GRAPHQL_PARSE_FAILED),
        ({"query": MISSPELT_FIELD}, ErrorCode.GRAPHQL_VALIDATION_FAILED),
        ({"query": NEEDS_AN_ID, "variables": {"iso3": None}}, ErrorCode.BAD_USER_INPUT),
        ({"query": NEEDS_AN_ID, "variables": {"iso3": 12}}, ErrorCode.BAD_USER_INPUT),
        (
            {"query": "query A { __typename } query B { __typename }"},
            ErrorCode.OPERATION_RESOLUTION_FAILURE,
        ),
        (
            {"query": "query A { __typename }", "operationName": "B"},
            ErrorCode.OPERATION_RESOLUTION_FAILURE,
        ),
    ],
)
async def test_request_errors_have_no_data(client, body, code):
    strict = await post(client, body, GRAPHQL_RESPONSE)
    plain = await post(client, body, "application/json")

    assert strict.status_code == 400
    assert media_type(strict) == GRAPHQL_RESPONSE
    assert plain.status_code == 200
    assert media_type(plain) == "application/json"
    for response in (strict, plain):
        assert "data" not in response.json()
        assert codes(response) == [code]


async def test_validation_errors_keep_graphqls_message(client):
    response = await post(client, {"query": MISSPELT_FIELD}, GRAPHQL_RESPONSE)

    [error] = response.json()["errors"]
    assert error["message"] == "Cannot query field 'nmae' on type 'Iscm'. Did you mean 'name'?"
    assert error["locations"] == [{"line": 1, "column": 32}]


async def test_a_field_error_is_200_with_data_under_graphql_response_json(client):
    # given an argument the resolver refuses
    body = {"query": '{ memberState(iso3: "12") { name } gcmObjectives { number } }'}

    # when
    response = await post(client, body, GRAPHQL_RESPONSE)

    # then
    assert response.status_code == 200
    payload = response.json()
    assert payload["data"]["memberState"] is None
    assert len(payload["data"]["gcmObjectives"]) == 23
    assert codes(response) == [ErrorCode.BAD_USER_INPUT]


async def test_an_unexpected_exception_is_masked_and_logged_with_the_request_id(
    client, monkeypatch, caplog
):
    # given a read that fails in a way nobody planned for
    async def broken(*_):
        raise RuntimeError("connection string postgres://secret@db leaked")

    monkeypatch.setattr(RequestSession, "fetch_value", broken)

    # when
    with caplog.at_level(logging.ERROR, logger="iscm_graph.errors"):
        response = await post(client, {"query": OBJECTIVES}, **{"x-request-id": "trace-42"})

    # then the client sees a code and the id, never the exception
    [error] = response.json()["errors"]
    assert error["message"] == "Internal server error (request trace-42)."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "trace-42"}
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    # and the log has the traceback under that id
    [record] = [r for r in caplog.records if "trace-42" in r.getMessage()]
    assert record.exc_info is not None
    assert "leaked" in str(record.exc_info[1])


# Malformed HTTP requests


@pytest.mark.parametrize(
    "body",
    [
        b'{ "not json',
        b"",
        b'"a string"',
        b'[{"query": "{ __typename }"}]',
        b'{"notquery": "{ __typename }"}',
        b'{"query": 7}',
        b'{"query": ""}',
        b'{"query": "{ __typename }", "operationName": 1}',
        b'{"query": "{ __typename }", "variables": "{}"}',
        b'{"query": "{ __typename }", "variables": []}',
        b'{"query": "{ __typename }", "extensions": false}',
        b'\xff\xfe{"query": "{ __typename }"}',
    ],
)
async def test_malformed_requests_are_400_with_a_json_error(client, body):
    response = await client.post(
        "/graphql",
        content=body,
        headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
    )

    assert response.status_code == 400
    assert media_type(response) == GRAPHQL_RESPONSE
    assert codes(response) == [ErrorCode.BAD_REQUEST]
    assert "data" not in response.json()


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"],
)
async def test_bodies_other_than_utf8_json_are_415(client, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post("/graphql", content=orjson.dumps(TYPENAME), headers=headers)

    assert response.status_code == 415
    assert codes(response) == [ErrorCode.UNSUPPORTED_MEDIA_TYPE]


async def test_utf8_with_an_explicit_charset_is_accepted(client):
    body = orjson.dumps({"query": '{ __type(name: "Run🏃Swim🏊") { name } }'})
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json; charset=UTF-8"}
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"__type": None}}


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_are_405(client, method):
    response = await client.request(method, "/graphql")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert codes(response) == [ErrorCode.METHOD_NOT_ALLOWED]


# GET


async def test_get_runs_queries_with_json_variables(client):
    response = await client.get(
        "/graphql",
        params={"query": NEEDS_AN_ID, "variables": '{"iso3": "PHL"}'},
        headers={"accept": GRAPHQL_RESPONSE},
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"memberState": {"name": "Philippines"}}}


@pytest.mark.parametrize(
    "query", ["mutation { __typename }", "query Q { __typename } mutation M { __typename }"]
)
async def test_get_refuses_mutations_with_405(client, query):
    params = {"query": query}
    if " M " in query:
        params["operationName"] = "M"

    response = await client.get("/graphql", params=params, headers={"accept": GRAPHQL_RESPONSE})

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert codes(response) == [ErrorCode.METHOD_NOT_ALLOWED]


async def test_subscriptions_are_refused_over_http(client):
    query = "subscription Live { __typename }"

    response = await post(client, {"query": query}, GRAPHQL_RESPONSE)

    assert response.status_code == 400
    assert codes(response) == [ErrorCode.BAD_REQUEST]
    assert "WebSocket" in response.json()["errors"][0]["message"]


async def test_get_with_variables_that_are_not_json_is_400(client):
    response = await client.get("/graphql", params={"query": NEEDS_AN_ID, "variables": "{iso3"})

    assert response.status_code == 400
    assert codes(response) == [ErrorCode.BAD_REQUEST]


async def test_a_browser_still_gets_graphiql(client):
    response = await client.get("/graphql", headers={"accept": "text/html"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


# orjson


async def test_responses_write_utf8_as_is(client):
    # orjson and PostgreSQL's JSON text write UTF-8 as is, where the standard library would
    # escape it as \u00f4 (an answer read whole by the statement is its JSON text, unparsed)
    query = '{ memberState(iso3: "CIV") { __typename name } }'
    response = await post(client, {"query": query})

    assert response.json() == {
        "data": {"memberState": {"__typename": "MemberState", "name": "Côte d'Ivoire"}}
    }
    assert "Côte".encode() in response.content


async def test_answers_without_typename_write_utf8_as_is_too(client):
    response = await post(client, {"query": '{ memberState(iso3: "CIV") { name } }'})

    assert response.json() == {"data": {"memberState": {"name": "Côte d'Ivoire"}}}
    assert "Côte".encode() in response.content


# Request ids


async def test_a_valid_request_id_is_echoed(client):
    response = await post(client, TYPENAME, **{"x-request-id": "frontend-7f3a/1"})

    assert response.headers["x-request-id"] == "frontend-7f3a/1"


@pytest.mark.parametrize("given", [None, "x" * 129, "line\nbreak", " padded", "tab\there", ""])
async def test_a_missing_or_invalid_request_id_is_replaced(client, given):
    headers = {} if given is None else {"x-request-id": given}

    response = await client.post("/graphql", json=TYPENAME, headers=headers)

    generated = response.headers["x-request-id"]
    assert generated != given
    assert len(generated) == 32
    assert int(generated, 16) >= 0


async def test_refused_requests_carry_a_request_id_too(client):
    response = await client.put("/graphql", headers={"x-request-id": "put-1"})

    assert response.status_code == 405
    assert response.headers["x-request-id"] == "put-1"


# Body size


async def test_a_body_declared_too_large_is_413(settings, session_factory):
    async with app_client(
        settings.model_copy(update={"max_body_bytes": 2048}), session_factory
    ) as c:
        body = {"query": "{ __typename }", "extensions": {"padding": "x" * 4096}}
        response = await c.post("/graphql", json=body)

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {
        "code": "PAYLOAD_TOO_LARGE",
        "maximum": 2048,
    }


async def test_a_streamed_body_is_cut_off_at_the_limit(settings, session_factory):
    # given a chunked body with no declared length
    sent = []

    async def chunks():
        for _ in range(64):
            sent.append(1024)
            yield b" " * 1024

    # when
    async with app_client(
        settings.model_copy(update={"max_body_bytes": 4096}), session_factory
    ) as c:
        response = await c.post(
            "/graphql", content=chunks(), headers={"content-type": "application/json"}
        )

    # then the app stopped reading soon after the limit
    assert response.status_code == 413
    assert codes(response) == [ErrorCode.PAYLOAD_TOO_LARGE]
    assert sum(sent) < 64 * 1024


async def test_a_body_under_the_limit_is_served(settings, session_factory):
    async with app_client(
        settings.model_copy(update={"max_body_bytes": 2048}), session_factory
    ) as c:
        response = await c.post("/graphql", json=TYPENAME)

    assert response.status_code == 200


# CORS


async def test_cors_is_off_by_default(client):
    response = await client.options(
        "/graphql",
        headers={"origin": "https://app.example.org", "access-control-request-method": "POST"},
    )

    assert "access-control-allow-origin" not in response.headers


async def test_configured_origins_may_call_the_api(settings, session_factory):
    allowed = settings.model_copy(update={"cors_origins": ("https://app.example.org",)})
    preflight_headers = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, authorization",
    }
    async with app_client(allowed, session_factory) as c:
        preflight = await c.options(
            "/graphql", headers={"origin": "https://app.example.org", **preflight_headers}
        )
        stranger = await c.options(
            "/graphql", headers={"origin": "https://evil.example.com", **preflight_headers}
        )
        actual = await c.post(
            "/graphql", json=TYPENAME, headers={"origin": "https://app.example.org"}
        )

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert stranger.status_code == 400
    assert "access-control-allow-origin" not in stranger.headers
    assert actual.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "x-request-id" in actual.headers["access-control-expose-headers"].lower()


def test_cors_origins_are_read_comma_separated(monkeypatch):
    monkeypatch.setenv("ISCM_CORS_ORIGINS", "https://a.example.org, http://localhost:3000")

    assert load_settings().cors_origins == ("https://a.example.org", "http://localhost:3000")


def test_an_origin_that_is_not_an_origin_is_refused(monkeypatch):
    monkeypatch.setenv("ISCM_CORS_ORIGINS", "https://a.example.org/path")

    with pytest.raises(ConfigurationError, match="ISCM_CORS_ORIGINS: "):
        load_settings()
