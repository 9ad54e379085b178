"""A loopback server playing the four UN APIs for the indicator tests.

It serves the recorded fixtures in tests/fixtures/un by path and query (years, page sizes and
the order of State lists ignored, since the graph asks for its own year window and batches),
answers in the same shapes from `series` for States the recordings lack, and takes per-test
switches for failures: a source down, hanging or dripping its body a byte at a time, scripted
replies (429, 503, malformed JSON, delays), World Bank ISO3s it does not know. Every request is recorded, so tests count upstream calls.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.connectors.un_replay import INDEX, fixture_bytes

BASES = {
    "SDG": "/sdgs/UNSDGAPIV5",
    "UNPD": "/dataportalapi/api/v1",
    "UNHCR": "/population/v1",
    "WORLDBANK": "/v2",
}
# Query keys that do not pick the data: the graph sends its own years and page sizes.
IGNORED_KEYS = frozenset(
    {
        "pageSize",
        "per_page",
        "limit",
        "date",
        "timePeriod",
        "timePeriodStart",
        "timePeriodEnd",
        "year",
        "yearFrom",
        "yearTo",
        "format",
    }
)
FIRST_PAGE = frozenset({("page", "1"), ("pageNumber", "1")})
UNPD_YEARS = re.compile(r"/start/\d+/end/\d+$")
WORLDBANK_PATH = re.compile(r"^/v2/country/([^/]+)/indicator/([^/]+)$")
UNHCR_DIRECTIONS = {"hosted": ("coa", "coa_iso"), "originating": ("coo", "coo_iso")}

STATES: list[dict[str, Any]] = json.loads(
    files("db").joinpath("seed", "member_states.json").read_text(encoding="utf-8")
)
ISO3_BY_M49 = {state["m49"]: state["iso3"] for state in STATES}
NAMES = {state["iso3"]: state["name"] for state in STATES}


def sorted_list(text: str, separator: str) -> str:
    """Return a separated list of codes in sorted order."""
    return separator.join(sorted(text.split(separator)))


def route_key(path: str, query: list[tuple[str, str]]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Return what identifies an answer: the path and the query items that select data."""
    path = UNPD_YEARS.sub("", path)
    match = WORLDBANK_PATH.match(path)
    if match:
        path = f"/v2/country/{sorted_list(match[1], ';')}/indicator/{match[2]}"
    if "/data/indicators/" in path and "/locations/" in path:
        head, _, locations = path.rpartition("/locations/")
        path = f"{head}/locations/{sorted_list(locations, ',')}"
    kept = []
    for key, value in query:
        if key in IGNORED_KEYS or (key, value) in FIRST_PAGE:
            continue
        kept.append((key, sorted_list(value, ",") if key in {"coa", "coo"} else value))
    return path, tuple(sorted(kept))


def fixture_routes() -> dict[tuple[str, tuple[tuple[str, str], ...]], str]:
    """Map route keys to fixture files; the first recording of a key wins."""
    routes: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    for name, entry in INDEX.items():
        path = urlsplit(entry["base_url"]).path + entry["path"]
        routes.setdefault(route_key(path, [tuple(item) for item in entry["query"]]), name)
    return routes


@dataclass
class Reply:
    """A scripted answer: status, body and headers, after an optional delay."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    source: str
    path: str
    query: tuple[tuple[str, str], ...]
    traceparent: str | None = None


@dataclass
class UpstreamServer:
    """State shared between the test and the handler threads."""

    port: int = 0
    seen: list[Seen] = field(default_factory=list)
    down: set[str] = field(default_factory=set)
    slow: dict[str, float] = field(default_factory=dict)
    # Sources that never answer, and sources that send one body byte every so many seconds,
    # until `release` (each test's reset) lets their handler threads go.
    hanging: set[str] = field(default_factory=set)
    dripping: dict[str, float] = field(default_factory=dict)
    released: threading.Event = field(default_factory=threading.Event)
    scripted: dict[str, list[Reply]] = field(default_factory=dict)
    worldbank_unknown: set[str] = field(default_factory=set)
    # (source, code) -> ISO3 -> year -> value, for answers no recording holds.
    series: dict[tuple[str, str], dict[str, dict[int, float]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def base_urls(self) -> dict[str, Any]:  # keyword arguments of Settings
        """Return the settings that point every source at this server."""
        root = f"http://127.0.0.1:{self.port}"
        return {
            "sdg_api_url": root + BASES["SDG"],
            "unpd_api_url": root + BASES["UNPD"],
            "unhcr_api_url": root + BASES["UNHCR"],
            "worldbank_api_url": root + BASES["WORLDBANK"],
        }

    def release(self) -> None:
        """Let every hanging or dripping handler go (they end their connection)."""
        with self.lock:
            self.released.set()
            self.released = threading.Event()

    def reset(self) -> None:
        """Forget requests and switches between tests."""
        self.release()
        with self.lock:
            self.seen.clear()
            self.down.clear()
            self.slow.clear()
            self.hanging.clear()
            self.dripping.clear()
            self.scripted.clear()
            self.worldbank_unknown.clear()
            self.series.clear()

    def script(self, source: str, *replies: Reply) -> None:
        """Answer the next requests to `source` with `replies`, in order."""
        with self.lock:
            self.scripted.setdefault(source, []).extend(replies)

    def requests(self, source: str | None = None) -> list[Seen]:
        """Return the requests received, optionally for one source only."""
        with self.lock:
            return [seen for seen in self.seen if source is None or seen.source == source]

    def take_reply(self, source: str) -> Reply | None:
        """Return the next scripted reply of `source`, or a failure switch, or None."""
        with self.lock:
            queue = self.scripted.get(source)
            if queue:
                return queue.pop(0)
            if source in self.down:
                return Reply(503, b"", {"Content-Type": "text/plain"})
            if source in self.slow:
                return Reply(200, b"[]", {}, self.slow[source])
        return None


def source_of(path: str) -> str | None:
    """Return the source whose base path `path` is under."""
    for source, base in BASES.items():
        if path.startswith(base + "/"):
            return source
    return None


def json_reply(body: Any) -> Reply:
    """Return a 200 JSON reply."""
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def page_of(rows: list[Any], size: int, page: int) -> list[Any]:
    """Return the page-th slice of `rows` (1-based)."""
    return rows[(page - 1) * size : page * size]


class Synthetic:
    """Answers in each API's recorded shape, built from `UpstreamServer.series`."""

    def __init__(self, server: UpstreamServer) -> None:
        self.server = server

    def values(self, source: str, code: str, iso3: str) -> dict[int, float]:
        """Return year -> value of one series for one State."""
        with self.server.lock:
            return dict(self.server.series.get((source, code), {}).get(iso3, {}))

    def answer(self, source: str, path: str, query: dict[str, list[str]]) -> Reply | None:
        """Return a synthetic answer, or None when this request has no synthetic form."""
        if source == "WORLDBANK":
            return self.worldbank(path, query)
        if source == "SDG" and path.endswith("/v1/sdg/Series/Data"):
            return self.sdg(query)
        if source == "UNHCR" and path.endswith("/countries/"):
            return self.unhcr_countries()
        if source == "UNHCR" and path.endswith("/population/"):
            return self.unhcr_population(query)
        return None

    def worldbank(self, path: str, query: dict[str, list[str]]) -> Reply | None:
        match = WORLDBANK_PATH.match(path)
        if match is None:
            return None
        countries, code = match[1].split(";"), match[2]
        with self.server.lock:
            unknown = self.server.worldbank_unknown & set(countries)
        if unknown:
            # The World Bank refuses the whole call, in a 200 error envelope.
            return Reply(
                200,
                fixture_bytes("worldbank_error_invalid_country_XXX.json"),
                {"Content-Type": "application/json"},
            )
        rows = [
            {
                "indicator": {"id": code, "value": f"Synthetic {code}"},
                "country": {"id": iso3[:2], "value": NAMES.get(iso3, iso3)},
                "countryiso3code": iso3,
                "date": str(year),
                "value": value,
                "unit": "",
                "obs_status": "",
                "decimal": 0,
            }
            for iso3 in countries
            for year, value in sorted(self.values("WORLDBANK", code, iso3).items(), reverse=True)
        ]
        if not rows:
            return Reply(
                200,
                fixture_bytes("worldbank_empty_no_data.json"),
                {"Content-Type": "application/json"},
            )
        size = int(query.get("per_page", ["50"])[0])
        page = int(query.get("page", ["1"])[0])
        meta = {
            "page": page,
            "pages": math.ceil(len(rows) / size),
            "per_page": size,
            "total": len(rows),
            "sourceid": "2",
            "lastupdated": "2025-07-01",
        }
        return json_reply([meta, page_of(rows, size, page)])

    def sdg(self, query: dict[str, list[str]]) -> Reply:
        code = query["seriesCode"][0]
        rows = []
        for area in query.get("areaCode", []):
            iso3 = ISO3_BY_M49.get(int(area))
            for year, value in sorted(self.values("SDG", code, iso3 or "").items()):
                rows.append(
                    {
                        "goal": ["10"],
                        "target": ["10.c"],
                        "indicator": ["10.c.1"],
                        "series": code,
                        "seriesDescription": f"Synthetic {code}",
                        "geoAreaCode": area,
                        "geoAreaName": NAMES.get(iso3 or "", area),
                        "timePeriodStart": float(year),
                        "value": str(value),
                        "valueType": "Float",
                        "footnotes": [],
                        "attributes": {"Nature": "E", "Units": "PERCENT"},
                        "dimensions": {"Reporting Type": "G"},
                    }
                )
        size = int(query.get("pageSize", ["100"])[0])
        page = int(query.get("page", ["1"])[0])
        return json_reply(
            {
                "size": size,
                "totalElements": len(rows),
                "totalPages": math.ceil(len(rows) / size),
                "pageNumber": page,
                "attributes": [],
                "dimensions": [],
                "data": page_of(rows, size, page),
            }
        )

    def unhcr_countries(self) -> Reply:
        recorded = json.loads(fixture_bytes("unhcr_countries_subset.json"))
        items = list(recorded["items"])
        covered = {item["iso"] for item in items}
        items += [
            {"id": 1000 + n, "code": state["iso3"], "iso": state["iso3"], "name": state["name"]}
            for n, state in enumerate(STATES)
            if state["iso3"] not in covered
        ]
        return json_reply({"page": 1, "maxPages": 1, "total": [], "items": items})

    def unhcr_population(self, query: dict[str, list[str]]) -> Reply:
        items = []
        for way, (param, join) in UNHCR_DIRECTIONS.items():
            if param not in query:
                continue
            for code in query[param][0].split(","):
                iso3 = {"GFR": "DEU", "PHI": "PHL", "ARE": "EGY", "UAE": "ARE"}.get(code, code)
                values = {
                    measure: self.values("UNHCR", f"{measure}_{way}", iso3)
                    for measure in ("refugees", "asylum_seekers", "idps", "stateless")
                }
                for year in sorted({year for per in values.values() for year in per}):
                    row = {"year": year, "coa": "-", "coa_iso": "-", "coo": "-", "coo_iso": "-"}
                    row[param], row[join] = code, iso3
                    for measure, per in values.items():
                        row[measure] = per.get(year, "-")
                    items.append(row)
        return json_reply({"page": 1, "maxPages": 1, "total": [], "items": items})


def make_handler(server: UpstreamServer) -> type[BaseHTTPRequestHandler]:
    """Return the request handler bound to `server`'s state."""
    routes = fixture_routes()
    synthetic = Synthetic(server)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            split = urlsplit(self.path)
            query = parse_qsl(split.query, keep_blank_values=True)
            source = source_of(split.path)
            with server.lock:
                server.seen.append(
                    Seen(source or "?", split.path, tuple(query), self.headers.get("traceparent"))
                )
                hanging = source in server.hanging
                drip_every = server.dripping.get(source or "")
                released = server.released
            if hanging:
                released.wait()
                return
            if drip_every is not None:
                self.drip(drip_every, released)
                return
            reply = self.reply_for(source, split.path, query)
            if reply.delay:
                time.sleep(reply.delay)
            self.send(reply)

        def reply_for(self, source: str | None, path: str, query: list[tuple[str, str]]) -> Reply:
            if source is None:
                return Reply(404, b"<html>no such API</html>", {"Content-Type": "text/html"})
            scripted = server.take_reply(source)
            if scripted is not None:
                return scripted
            name = routes.get(route_key(path, query))
            if name is not None and not path.endswith("/countries/"):
                entry = INDEX[name]
                headers = {
                    key: value
                    for key, value in entry["response_headers"].items()
                    if not key.endswith("(request)")
                }
                if entry["content_type"] != "(none)":
                    headers["Content-Type"] = entry["content_type"]
                return Reply(entry["http_status"], fixture_bytes(name), headers)
            grouped: dict[str, list[str]] = {}
            for key, value in query:
                grouped.setdefault(key, []).append(value)
            answer = synthetic.answer(source, path, grouped)
            if answer is not None:
                return answer
            return Reply(404, b"<html>not recorded</html>", {"Content-Type": "text/html"})

        def send(self, reply: Reply) -> None:
            try:
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def drip(self, every: float, released: threading.Event) -> None:
            """Promise a JSON body, then send it one byte at a time until released."""
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(b"[")
                while not released.wait(every):
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


class QuietServer(ThreadingHTTPServer):
    """A threaded server that does not print the tracebacks of clients that hung up."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def serve_upstream() -> Iterator[UpstreamServer]:
    """Run the server on 127.0.0.1 in a thread; yield its state; stop it afterwards."""
    state = UpstreamServer()
    httpd = QuietServer(("127.0.0.1", 0), make_handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
