"""Responses above ISCM_COMPRESS_MIN_BYTES are gzip-compressed for clients that accept it."""

import gzip
import json
import zlib
from typing import Any

import httpx
import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from service.explorer import ASSETS_PATH, assets
from service.middleware import middleware_for
from service.settings import Settings
from tests.in_process import app_client

CATALOGUE = {
    "query": "query Catalogue { iscms(first: 50) { edges { node { slug name members { iso3 name } } } } }"
}
SMALL = {"query": "{ __typename }"}
GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}


async def sent(
    client: httpx.AsyncClient, method: str, url: str, **options: Any
) -> tuple[httpx.Response, bytes]:
    """Return the response and its body as it travelled (httpx would decode gzip)."""
    async with client.stream(method, url, **options) as response:
        return response, b"".join([chunk async for chunk in response.aiter_raw()])


async def test_a_large_answer_is_gzipped_for_a_client_that_accepts_it(client):
    # when
    compressed, travelled = await sent(client, "POST", "/graphql", json=CATALOGUE, headers=GZIP)
    plain, plain_body = await sent(client, "POST", "/graphql", json=CATALOGUE, headers=IDENTITY)

    # then
    assert compressed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["vary"]
    assert "content-encoding" not in plain.headers
    assert len(travelled) < len(plain_body) / 4
    answer = orjson.loads(plain_body)
    assert orjson.loads(gzip.decompress(travelled)) == answer
    assert len(answer["data"]["iscms"]["edges"]) == 34


async def test_a_small_answer_is_sent_as_it_is(client):
    response = await client.post("/graphql", json=SMALL, headers=GZIP)

    assert "content-encoding" not in response.headers
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_zero_switches_compression_off(settings, session_factory):
    uncompressed = settings.model_copy(update={"compress_min_bytes": 0})
    async with app_client(uncompressed, session_factory) as client:
        response = await client.post("/graphql", json=CATALOGUE, headers=GZIP)

    assert "content-encoding" not in response.headers
    assert len(response.json()["data"]["iscms"]["edges"]) == 34


async def test_the_explorer_bundle_is_sent_compressed_and_revalidates(client):
    # given
    bundle = assets()["graphiql.min.js"]
    url = f"{ASSETS_PATH}/graphiql.min.js"

    # when
    compressed, travelled = await sent(client, "GET", url, headers=GZIP)
    plain, plain_body = await sent(client, "GET", url, headers=IDENTITY)
    revalidated = await client.get(
        url, headers={**GZIP, "If-None-Match": compressed.headers["etag"]}
    )

    # then the 3.5 MB bundle travels as about a fifth of that, with its own validator
    assert compressed.headers["content-encoding"] == "gzip"
    assert compressed.headers["vary"] == "Accept-Encoding"
    assert len(travelled) < len(bundle.body) / 3
    assert gzip.decompress(travelled) == bundle.body
    assert plain_body == bundle.body
    assert compressed.headers["etag"] != plain.headers["etag"]
    assert revalidated.status_code == 304


async def test_streamed_responses_are_never_held_back_for_compression():
    # given an app with the service's middleware that streams a multipart answer
    async def parts():
        for number in range(3):
            yield (json.dumps({"part": number, "padding": "x" * 2000}) + "\r\n").encode()

    async def stream(_: Request) -> StreamingResponse:
        return StreamingResponse(parts(), media_type="multipart/mixed; boundary=-")

    middleware = [Middleware(m.cls, *m.args, **m.kwargs) for m in middleware_for(Settings())]
    app = Starlette(routes=[Route("/stream", stream)], middleware=middleware)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        # when
        response = await client.get("/stream", headers=GZIP)

    # then
    assert "content-encoding" not in response.headers
    assert response.text.count('"part"') == 3


async def test_a_streamed_json_answer_is_compressed_part_by_part():
    # given an app streaming three JSON parts, each to be readable when it arrives
    async def parts():
        for number in range(3):
            yield (json.dumps({"part": number, "padding": "x" * 2000}) + "\n").encode()

    async def stream(_: Request) -> StreamingResponse:
        return StreamingResponse(
            parts(), media_type="application/json", headers={"Vary": "Authorization"}
        )

    middleware = [Middleware(m.cls, *m.args, **m.kwargs) for m in middleware_for(Settings())]
    app = Starlette(routes=[Route("/stream", stream)], middleware=middleware)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        # when
        response, travelled = await sent(client, "GET", "/stream", headers=GZIP)

    # then every part is in the gzip stream, which ends properly, and Vary keeps its name
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Authorization, Accept-Encoding"
    assert "content-length" not in response.headers
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    text = decompressor.decompress(travelled).decode()
    assert decompressor.eof
    assert [json.loads(line)["part"] for line in text.splitlines()] == [0, 1, 2]
