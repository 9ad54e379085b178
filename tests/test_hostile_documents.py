"""Documents written to make validation slow: each is refused (or answered) at once, over HTTP
and over WebSocket, before any rule's work grows with what the document expands to."""

import asyncio
import time

import orjson
import pytest
import websockets
from websockets.typing import Subprotocol

from service.settings import Settings
from tests.in_process import app_client
from tests.write_api.support import live_server

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}
# What the task allows a refusal of the fragment bomb to take; the others get a generous second.
BOMB_SECONDS = 0.1
QUICK_SECONDS = 1.0


def fragment_bomb(levels: int, on: str = "GcmObjective", leaf: str = "number") -> str:
    """Fragments each spreading the one below twice: 2^levels fields once spread."""
    fragments = [f"fragment F0 on {on} {{ {leaf} }}"]
    fragments += [
        f"fragment F{i} on {on} {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return "\n".join(fragments)


BOMB_QUERY = "{ gcmObjectives { ...F40 } }\n" + fragment_bomb(40)
BOMB_SUBSCRIPTION = "subscription { reviewContributionEvents { ...F40 } }\n" + fragment_bomb(
    40, on="ReviewContributionEvent", leaf="version"
)


def fragments_selecting_one_field(count: int) -> str:
    """`count` fragments on Query each selecting the same nested field, all spread at the root:
    graphql-core compares every pair of them (accepted after a second and more before)."""
    fragments = [
        f"fragment F{i} on Query {{ gcmObjectives {{ number iscms {{ slug }} }} }}"
        for i in range(count)
    ]
    return "{ " + " ".join(f"...F{i}" for i in range(count)) + " }\n" + "\n".join(fragments)


def same_field_repeated(count: int, selection: str) -> str:
    """One field `count` times at the root, each with the same sub-selection."""
    return "{ " + " ".join(f"gcmObjectives {{ {selection} }}" for _ in range(count)) + " }"


def chained_fragments(count: int) -> str:
    """A chain of fragments, each spreading the next: deep recursion for a naive walk."""
    fragments = [f"fragment F{i} on Query {{ __typename ...F{i + 1} }}" for i in range(count)]
    fragments.append(f"fragment F{count} on Query {{ __typename }}")
    return "{ ...F0 }\n" + "\n".join(fragments)


def aliases_in_a_bomb(levels: int) -> str:
    """Strawberry's alias counter walked every spread: 2^levels aliases."""
    bomb = fragment_bomb(levels, leaf="n: number")
    return f"{{ gcmObjectives {{ ...F{levels} }} }}\n{bomb}"


def depth_in_fragments(levels: int) -> str:
    """Depth gained through fragments that nest fields: a naive depth walk follows each."""
    fragments = [
        f"fragment D{i} on Iscm {{ members {{ iscms {{ ...D{i + 1} ...D{i + 1} }} }} }}"
        for i in range(levels)
    ]
    fragments.append(f"fragment D{levels} on Iscm {{ slug }}")
    return '{ iscm(slug: "bali-process") { ...D0 } }\n' + "\n".join(fragments)


# (document, the limit that refuses it)
WORST_DOCUMENTS = {
    "fragment bomb, 22 levels": (
        "{ gcmObjectives { ...F22 } }\n" + fragment_bomb(22),
        "selections",
    ),
    "fragment bomb, ten spreads a level": (
        "{ gcmObjectives { ...F10 } }\n"
        + "\n".join(
            ["fragment F0 on GcmObjective { number }"]
            + [
                f"fragment F{i} on GcmObjective {{ {' '.join([f'...F{i - 1}'] * 10)} }}"
                for i in range(1, 11)
            ]
        ),
        "selections",
    ),
    "aliases in a bomb": (aliases_in_a_bomb(40), "selections"),
    "depth through doubled fragments": (depth_in_fragments(30), "depth"),
    "250 fragments selecting one nested field": (fragments_selecting_one_field(250), "validation"),
    "300 repeats of one nested field": (
        same_field_repeated(300, "number iscms { slug }"),
        "validation",
    ),
    "1000 repeats of one field": (same_field_repeated(1000, "number"), "validation"),
    "a 60,000-character comment": ("#" + "x" * 59_990 + "\n{ __typename }", None),
    "a 900,000-character comment": ("#" + "x" * 900_000 + "\n{ __typename }", "length"),
    "a 900,000-character string": (
        '{ iscm(slug: "' + "x" * 900_000 + '") { slug } }',
        "length",
    ),
    "a chain of 500 fragments": (chained_fragments(500), "validation"),
}


async def timed_post(client, document: str) -> tuple[float, dict]:
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": document}, headers=GRAPHQL_RESPONSE)
    return time.perf_counter() - started, response.json()


async def test_the_fragment_bomb_is_refused_at_once_over_http(client):
    # given the document that held a worker for more than 8 minutes (2^40 fields once spread)
    await client.post("/graphql", json={"query": "{ __typename }"})  # the app is warm

    # when it is sent
    seconds, body = await timed_post(client, BOMB_QUERY)

    # then it is refused, as too big, before validation walked it
    assert seconds < BOMB_SECONDS
    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "selections",
        "maximum": 5000,
    }
    assert "1099511627777 fields" in error["message"]
    assert "data" not in body


@pytest.mark.parametrize("name", WORST_DOCUMENTS)
async def test_each_worst_document_is_answered_quickly(client, name):
    document, limit = WORST_DOCUMENTS[name]
    await client.post("/graphql", json={"query": "{ __typename }"})

    seconds, body = await timed_post(client, document)

    assert seconds < QUICK_SECONDS, f"{name} took {seconds:.2f} s"
    if limit is None:
        assert "errors" not in body, body.get("errors")
    else:
        errors = body["errors"]
        assert {error["extensions"]["code"] for error in errors} == {"QUERY_TOO_COMPLEX"}
        assert limit in {error["extensions"]["limit"] for error in errors}
        assert all(isinstance(error["extensions"]["maximum"], int) for error in errors)


async def test_a_document_longer_than_the_maximum_is_refused_before_it_is_parsed(
    settings, session_factory
):
    async with app_client(
        settings.model_copy(update={"max_document_length": 200}), session_factory
    ) as c:
        allowed = await c.post("/graphql", json={"query": "{ __typename }" + " " * 180})
        refused = await c.post(
            "/graphql", json={"query": "{ __typename }" + " " * 190}, headers=GRAPHQL_RESPONSE
        )

    assert allowed.json() == {"data": {"__typename": "Query"}}
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "length", "maximum": 200}


async def test_fields_spread_from_fragments_count_against_the_selections_limit(
    settings, session_factory
):
    # given a limit of 16 fields, and 2^4 = 16 then 2^5 = 32 fields once spread
    limited = settings.model_copy(update={"max_selections": 17})
    four = "{ gcmObjectives { ...F4 } }\n" + fragment_bomb(4)
    five = "{ gcmObjectives { ...F5 } }\n" + fragment_bomb(5)
    async with app_client(limited, session_factory) as c:
        allowed = await c.post("/graphql", json={"query": four})
        refused = await c.post("/graphql", json={"query": five})

    assert len(allowed.json()["data"]["gcmObjectives"]) == 23
    [error] = refused.json()["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "selections",
        "maximum": 17,
    }


@pytest.fixture(scope="module")
async def ws_server(database_url):
    async with live_server(Settings(database_url=database_url, offline=True)) as running:
        yield running


async def ws_first_answer(url: str, document: str) -> tuple[float, dict]:
    """Send `document` over graphql-transport-ws; return the seconds to the first answer."""
    async with websockets.connect(
        url.replace("http://", "ws://") + "/graphql",
        subprotocols=[Subprotocol("graphql-transport-ws")],
    ) as socket:
        await socket.send(orjson.dumps({"type": "connection_init", "payload": {}}).decode())
        assert orjson.loads(await socket.recv())["type"] == "connection_ack"
        started = time.perf_counter()
        await socket.send(
            orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": document}}).decode()
        )
        message = orjson.loads(await asyncio.wait_for(socket.recv(), 30))
        return time.perf_counter() - started, message


@pytest.mark.parametrize("document", [BOMB_QUERY, BOMB_SUBSCRIPTION], ids=["query", "subscription"])
async def test_the_fragment_bomb_is_refused_at_once_over_websocket(ws_server, document):
    # given a warm server
    await ws_first_answer(ws_server.url, "{ __typename }")

    # when the bomb is sent as an operation on the socket
    seconds, message = await ws_first_answer(ws_server.url, document)

    # then it is refused at once with the same typed error as over HTTP
    assert seconds < BOMB_SECONDS
    assert message["type"] == "error"
    [error] = message["payload"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "selections"


async def test_worst_documents_are_refused_over_websocket_too(ws_server):
    for name in ("250 fragments selecting one nested field", "a 900,000-character comment"):
        document, limit = WORST_DOCUMENTS[name]

        seconds, message = await ws_first_answer(ws_server.url, document)

        assert seconds < QUICK_SECONDS, name
        assert message["type"] == "error", message
        assert message["payload"][0]["extensions"]["limit"] == limit
