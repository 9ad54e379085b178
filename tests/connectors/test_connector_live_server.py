"""End to end over real HTTP: build_clients pointed at a fixture server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from connectors import (
    USER_AGENT,
    ConnectorConfig,
    ResilienceConfig,
    SourceClient,
    UpstreamRejected,
    UpstreamUnavailable,
    aclose,
    build_clients,
)
from connectors.unhcr import UnhcrClient
from tests.connectors.un_replay import DEU, INDEX, MEX, PHL, SleepRecorder, fixture_bytes

# Page sizes differ between the recordings and the clients' defaults; pages do not.
SIZE_KEYS = {"pageSize", "per_page", "limit"}
FIRST_PAGE = {("page", "1"), ("pageNumber", "1")}


def route_key(path: str, query: list[tuple[str, str]]) -> tuple[str, tuple[tuple[str, str], ...]]:
    kept = [item for item in query if item[0] not in SIZE_KEYS and item not in FIRST_PAGE]
    return path, tuple(sorted(kept))


@dataclass
class FixtureServer:
    """A threaded HTTP server that serves every indexed fixture at its recorded path."""

    port: int = 0
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    failures: dict[str, list[int]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def config(self, **overrides) -> ConnectorConfig:
        return ConnectorConfig(
            sdg_base_url=self.url("/sdgs/UNSDGAPIV5"),
            unpd_base_url=self.url("/dataportalapi/api/v1"),
            unhcr_base_url=self.url("/population/v1"),
            worldbank_base_url=self.url("/v2"),
            **overrides,
        )


ROUTES = {
    route_key(
        urlsplit(entry["base_url"]).path + entry["path"], [tuple(item) for item in entry["query"]]
    ): name
    for name, entry in INDEX.items()
}


def make_handler(state: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            split = urlsplit(self.path)
            state.seen.append((self.path, dict(self.headers.items())))
            queued = state.failures.get(split.path)
            if queued:
                self.send_response(queued.pop(0))
                self.send_header("Retry-After", "2")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            name = ROUTES.get(route_key(split.path, parse_qsl(split.query)))
            if name is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html>not found</html>")
                return
            entry = INDEX[name]
            content = fixture_bytes(name)
            self.send_response(entry["http_status"])
            if entry["content_type"] != "(none)":
                self.send_header("Content-Type", entry["content_type"])
            for key, value in entry["response_headers"].items():
                if not key.endswith("(request)"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureServer]:
    state = FixtureServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def live(server: FixtureServer) -> FixtureServer:
    server.seen.clear()
    server.failures.clear()
    return server


@pytest.mark.asyncio
async def test_every_source_end_to_end(live: FixtureServer) -> None:
    clients = build_clients(live.config(unpd_token="live-token"))
    try:
        sdg = await clients["SDG"].fetch(["SM_POP_REFG_OR"], [DEU, MEX, PHL], 2021, 2023)
        unpd = await clients["UNPD"].fetch(["65"], [PHL, MEX, DEU], 2020, 2023)
        unhcr_client = clients["UNHCR"]
        assert isinstance(unhcr_client, UnhcrClient)
        unhcr = await unhcr_client.fetch(
            ["refugees_hosted"], [DEU], 2021, 2023, counterparts=[MEX, PHL]
        )
        wb = await clients["WORLDBANK"].fetch(["SM.POP.NETM"], [PHL, MEX, DEU], 2019, 2023)
    finally:
        await aclose(clients)

    assert len(sdg) == 9
    assert {(o.iso3, o.year): o.value for o in sdg}["MEX", 2022] == 18.94
    assert len(unpd) == 12  # page 2 came from nextPage, rewritten onto 127.0.0.1
    assert {(o.iso3, o.year): o.value for o in unpd}["DEU", 2023] == 681942.0
    assert sorted((o.dimensions["origin_iso3"], o.year, o.value) for o in unhcr)[0] == (
        "MEX",
        2021,
        61.0,
    )
    assert len(wb) == 15
    paths = [path for path, _ in live.seen]
    assert sum("/v1/sdg/Series/Data" in p for p in paths) == 2
    assert sum("/data/indicators/65/" in p for p in paths) == 2
    assert sum("/population/v1/population/" in p for p in paths) == 2
    assert sum("/v2/country/PHL;MEX;DEU/" in p for p in paths) == 2
    assert all(headers.get("User-Agent") == USER_AGENT for _, headers in live.seen)
    unpd_headers = [h for p, h in live.seen if "/dataportalapi/" in p]
    assert all(h.get("Authorization") == "Bearer live-token" for h in unpd_headers)


@pytest.mark.asyncio
async def test_unhcr_sends_gfr_for_germany_over_the_wire(live: FixtureServer) -> None:
    clients = build_clients(live.config())
    try:
        with pytest.raises(UpstreamRejected):  # no recording for coa=GFR alone: 404
            await clients["UNHCR"].fetch(["refugees_hosted"], [DEU], 2021, 2023)
    finally:
        await aclose(clients)
    population = [path for path, _ in live.seen if "/population/v1/population/" in path]
    assert len(population) == 1
    assert "coa=GFR" in population[0]
    assert "DEU" not in population[0]


@pytest.mark.asyncio
async def test_503_with_retry_after_then_success_over_http(live: FixtureServer) -> None:
    sleeps = SleepRecorder()
    live.failures["/v2/country/DEU/indicator/SM.POP.RHCR.EA"] = [503]
    clients = build_clients(live.config(), sleep=sleeps)
    try:
        observations = await clients["WORLDBANK"].fetch(["SM.POP.RHCR.EA"], [DEU], 2021, 2023)
    finally:
        await aclose(clients)
    assert sleeps.calls == [2.0]
    assert [o.value for o in observations] == [1255694, 2075445, 2593007]


@pytest.mark.asyncio
async def test_unreachable_base_url_is_unavailable() -> None:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = SleepRecorder()
    config = ConnectorConfig(
        sdg_base_url=f"http://127.0.0.1:{port}/sdgs/UNSDGAPIV5",
        resilience=ResilienceConfig(attempts=2),
    )
    clients = build_clients(config, sleep=sleeps)
    sdg: SourceClient = clients["SDG"]
    try:
        with pytest.raises(UpstreamUnavailable, match="network error"):
            await sdg.fetch(["SM_DTH_MIGR"], [MEX])
    finally:
        await aclose(clients)
    assert len(sleeps.calls) == 1
