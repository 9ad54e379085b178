"""The hostile clients of the attack benchmark, and the ordinary clients whose latency it watches.

Each runs in a process of its own (bench/attack.py starts them), so that a client's own work does
not share an interpreter with another's. Every attack is one client: one connection (or one
WebSocket) doing its thing in a loop, as fast as the server answers it.
"""

import asyncio
import hashlib
import os
import secrets
import statistics
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import websockets

from bench.catalog import QUERIES, request_body

JSON_HEADERS = {"content-type": "application/json", "accept": "application/json"}
REQUEST_TIMEOUT_SECONDS = 60.0
# Ordinary clients: this many users, each sending one of the benchmark's queries, then pausing.
USERS = 4
PAUSE_SECONDS = 0.1


@dataclass
class Tally:
    """What one client saw: latencies of its requests and their outcomes."""

    latencies_ms: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)

    def record(self, started: float, outcome: str) -> None:
        """Count one request that started at `started` (perf_counter)."""
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.outcomes[outcome] += 1

    def summary(self) -> dict[str, Any]:
        """Return the figures for the report."""
        latencies = sorted(self.latencies_ms)
        if not latencies:
            return {"requests": 0, "outcomes": dict(self.outcomes)}
        return {
            "requests": len(latencies),
            "p50_ms": round(statistics.median(latencies), 2),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 2),
            "max_ms": round(latencies[-1], 2),
            "outcomes": dict(self.outcomes),
        }


def outcome_of(response: httpx.Response) -> str:
    """Name a response: its status, and its first error code when it has one."""
    code = ""
    if response.headers.get("content-type", "").startswith("application/"):
        try:
            errors = orjson.loads(response.content).get("errors") or []
            code = str((errors[0].get("extensions") or {}).get("code", "")) if errors else ""
        except (orjson.JSONDecodeError, AttributeError):
            code = "not JSON"
    return f"{response.status_code} {code}".strip()


async def ordinary_users(url: str, seconds: float) -> dict[str, Any]:
    """USERS users sending the benchmark's queries in turn, each pausing between requests."""
    tally = Tally()
    bodies = [request_body(query.graphql, query.operation_name) for query in QUERIES]
    deadline = time.monotonic() + seconds

    async def user(offset: int) -> None:
        async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS) as client:
            turn = offset
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    response = await client.post(
                        url, content=bodies[turn % len(bodies)], headers=JSON_HEADERS
                    )
                    tally.record(started, outcome_of(response))
                except httpx.HTTPError as error:
                    tally.record(started, type(error).__name__)
                turn += 1
                await asyncio.sleep(PAUSE_SECONDS)

    await asyncio.gather(*(user(offset) for offset in range(USERS)))
    return tally.summary()


# --- The attacks: each returns the request body (or does its own I/O) for one round ---


def fragment_bomb(levels: int = 40) -> str:
    """Fragments each spreading the next twice: 2^levels fields once spread (1.9 KB)."""
    fragments = ["fragment F0 on GcmObjective { number }"]
    fragments += [
        f"fragment F{i} on GcmObjective {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)
    ]
    return f"{{ gcmObjectives {{ ...F{levels} }} }}\n" + "\n".join(fragments)


# Nested unpaged lists: priced at 41,110 when lists were assumed to hold 10 items.
EXPENSIVE = "{ gcmObjectives { iscms { members { iscms { slug name acronym kind } } } } }"
# A query that needs UN data for 20 States (the upstream never answers).
UN_DATA = "{ memberStates(first: 20) { edges { node { iso3 migrantStock { year value } } } } }"
# Padding that makes a distinct document of about 0.9 MB.
LARGE_PADDING = 900_000


def apq_body(document: str) -> bytes:
    """A registration: the document with its SHA-256."""
    sha256 = hashlib.sha256(document.encode()).hexdigest()
    return orjson.dumps(
        {"query": document, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256}}}
    )


def apq_registration(index: int) -> bytes:
    """Alternately 0.9 MB of text that is not GraphQL, and a distinct valid document."""
    if index % 2 == 0:
        return apq_body(f"not graphql {index} " + secrets.token_hex(8) * (LARGE_PADDING // 16))
    return apq_body(f"query Registered{index} {{ gcmObjectives {{ number }} }}")


def large_document(index: int) -> bytes:
    """A distinct valid document of 0.9 MB (a comment pads it)."""
    return orjson.dumps({"query": f"#{index}" + "x" * LARGE_PADDING + "\n{ __typename }"})


async def http_loop(
    url: str,
    seconds: float,
    body_for: Callable[[int], bytes],
    headers_for: Callable[[int], dict[str, str]] | None = None,
    *,
    concurrency: int = 1,
) -> dict[str, Any]:
    """POST `body_for(i)` again and again on `concurrency` connections for `seconds`."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    async def connection() -> None:
        async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS) as client:
            while time.monotonic() < deadline:
                index = next(counter)
                headers = {**JSON_HEADERS, **(headers_for(index) if headers_for else {})}
                started = time.perf_counter()
                try:
                    response = await client.post(url, content=body_for(index), headers=headers)
                    tally.record(started, outcome_of(response))
                except httpx.HTTPError as error:
                    tally.record(started, type(error).__name__)

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return tally.summary()


def random_token(_: int) -> dict[str, str]:
    """A well-formed API key that does not exist: `iscm_<id>_<secret>`."""
    return {"authorization": f"Bearer iscm_{secrets.token_hex(4)}_{secrets.token_urlsafe(24)}"}


async def websocket_flood(url: str, seconds: float) -> dict[str, Any]:
    """One WebSocket sending operations as fast as their answers come back."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    query = next(q for q in QUERIES if q.name == "catalogue_page").graphql
    socket_url = url.replace("http://", "ws://")
    async with websockets.connect(
        socket_url, subprotocols=[websockets.Subprotocol("graphql-transport-ws")], max_size=None
    ) as socket:
        await socket.send(orjson.dumps({"type": "connection_init", "payload": {}}).decode())
        await socket.recv()
        index = 0
        while time.monotonic() < deadline:
            index += 1
            started = time.perf_counter()
            await socket.send(
                orjson.dumps(
                    {"id": str(index), "type": "subscribe", "payload": {"query": query}}
                ).decode()
            )
            while True:
                try:
                    message = orjson.loads(await socket.recv())
                except websockets.ConnectionClosed as closed:
                    tally.record(started, f"closed {closed.rcvd.code if closed.rcvd else ''}")
                    return tally.summary()
                if message.get("id") == str(index) and message["type"] in ("complete", "error"):
                    tally.record(started, message["type"])
                    break
    return tally.summary()


ATTACKS: dict[str, tuple[str, Callable[[str, float], Coroutine[Any, Any, dict[str, Any]]]]] = {
    "fragment_bomb": (
        "the fragment bomb (40 levels, 1.9 KB), looped",
        lambda url, s: http_loop(url, s, lambda _: orjson.dumps({"query": fragment_bomb()})),
    ),
    "expensive_query": (
        "nested unpaged lists (objectives > ISCMs > members > ISCMs), looped",
        lambda url, s: http_loop(url, s, lambda _: orjson.dumps({"query": EXPENSIVE})),
    ),
    "apq_flood": (
        "APQ registrations: 0.9 MB of non-GraphQL text and distinct valid documents, alternately",
        lambda url, s: http_loop(url, s, apq_registration),
    ),
    "cache_flood": (
        "distinct 0.9 MB documents",
        lambda url, s: http_loop(url, s, large_document),
    ),
    "random_tokens": (
        "random well-formed `iscm_<id>_<secret>` tokens, as fast as answered",
        lambda url, s: http_loop(
            url, s, lambda _: orjson.dumps({"query": "{ __typename }"}), random_token
        ),
    ),
    "websocket_flood": (
        "operations (the catalogue page) over one WebSocket, as fast as answered",
        websocket_flood,
    ),
    "hanging_upstream": (
        "queries needing UN data from a source that never answers, 8 at a time",
        lambda url, s: http_loop(url, s, lambda _: orjson.dumps({"query": UN_DATA}), concurrency=8),
    ),
}


def run_client(kind: str, url: str, seconds: float, results: Any) -> None:
    """Process entry point: run the ordinary users or one attack, put its summary on `results`."""
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if kind == "ordinary":
        summary = asyncio.run(ordinary_users(url, seconds))
    else:
        summary = asyncio.run(ATTACKS[kind][1](url, seconds))
    results.put((kind, summary))
