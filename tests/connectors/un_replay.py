"""Test helpers: replay the recorded UN API fixtures through httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from connectors import StateRef

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "un"
INDEX: dict[str, dict[str, Any]] = {
    entry["file"]: entry
    for entry in json.loads((FIXTURES / "fixtures_index.json").read_text())["fixtures"]
}

PHL = StateRef(iso3="PHL", iso2="PH", m49=608)
MEX = StateRef(iso3="MEX", iso2="MX", m49=484)
DEU = StateRef(iso3="DEU", iso2="DE", m49=276)


def fixture_bytes(name: str) -> bytes:
    """Return the exact bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    """Return a fixture file parsed as JSON."""
    return json.loads(fixture_bytes(name))


def fixture_url(name: str) -> str:
    """Return the absolute URL (without query) the fixture was served at."""
    entry = INDEX[name]
    return entry["base_url"] + entry["path"]


def fixture_response(name: str, body: bytes | None = None) -> httpx.Response:
    """Return the fixture as an httpx.Response with its recorded status and headers."""
    entry = INDEX[name]
    headers = {
        key: value
        for key, value in entry["response_headers"].items()
        if not key.endswith("(request)")  # request headers noted in the index, not replies
    }
    if entry["content_type"] != "(none)":
        headers["Content-Type"] = entry["content_type"]
    content = fixture_bytes(name) if body is None else body
    return httpx.Response(entry["http_status"], headers=headers, content=content)


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    """Return a JSON response built in a test (for shapes no fixture has)."""
    return httpx.Response(
        status,
        headers={"Content-Type": "application/json", **(headers or {})},
        content=json.dumps(body).encode(),
    )


def _query_key(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return query items in a comparable order."""
    return sorted(items)


Responder = Callable[[httpx.Request], httpx.Response]


@dataclass
class Route:
    """One URL (host + path + exact query multiset) and what it answers."""

    url: httpx.URL
    query: list[tuple[str, str]]
    respond: Responder
    hits: int = 0


@dataclass
class Replay:
    """A MockTransport handler: serves registered routes, records requests, rejects the rest."""

    routes: list[Route] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def add(
        self, url: str, query: list[tuple[str, str]], respond: Responder | httpx.Response
    ) -> Route:
        """Serve `respond` for GET `url` with exactly `query` (any order)."""
        responder = respond if callable(respond) else (lambda _request, r=respond: r)
        route = Route(httpx.URL(url), _query_key([(key, value) for key, value in query]), responder)
        self.routes.append(route)
        return route

    def add_fixture(
        self,
        name: str,
        *,
        rebase: tuple[str, str] | None = None,
        body: bytes | None = None,
        query: list[tuple[str, str]] | None = None,
    ) -> Route:
        """Serve a fixture at its recorded URL and query, optionally moved from one base to another."""
        url = fixture_url(name)
        if rebase is not None:
            real, test = rebase
            assert url.startswith(real), (url, real)
            url = test + url[len(real) :]
        recorded = query if query is not None else [tuple(item) for item in INDEX[name]["query"]]
        return self.add(url, recorded, lambda _request: fixture_response(name, body))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request from the routes, or fail the test loudly."""
        self.requests.append(request)
        query = _query_key(list(request.url.params.multi_items()))
        for route in self.routes:
            if (
                request.method == "GET"
                and request.url.host == route.url.host
                and request.url.port == route.url.port
                and request.url.path == route.url.path
                and self._same_query(query, route.query)
            ):
                route.hits += 1
                return route.respond(request)
        raise AssertionError(f"unexpected request: {request.method} {request.url}")

    @staticmethod
    def _same_query(sent: list[tuple[str, str]], recorded: list[tuple[str, str]]) -> bool:
        """Compare queries; an explicit page=1 matches a recording that left page out."""
        if sent == recorded:
            return True
        if not any(key == "page" for key, _ in recorded):
            return [item for item in sent if item != ("page", "1")] == recorded
        return False

    def client(self) -> httpx.AsyncClient:
        """Return an httpx.AsyncClient whose transport is this replay."""
        return httpx.AsyncClient(transport=httpx.MockTransport(self))

    def params(self, index: int) -> list[tuple[str, str]]:
        """Return the query items of the index-th request, in the order sent."""
        return list(self.requests[index].url.params.multi_items())


@dataclass
class SleepRecorder:
    """An injected sleep that records the waits instead of waiting."""

    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        """Record the wait."""
        self.calls.append(seconds)


@dataclass
class FakeClock:
    """A monotonic clock the test moves by hand."""

    now: float = 1000.0

    def __call__(self) -> float:
        """Return the current fake time."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds
