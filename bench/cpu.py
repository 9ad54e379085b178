"""CPU time per request, in process: iscm-graph against the limit on the same database.

    python -m bench.cpu [--database-url URL] [--scale 0.1] [--requests 300] [--only NAME]
                        [--profile NAME:FORM]

Both applications run in this process, called directly over ASGI (no sockets, no HTTP
parsing), one request at a time, each request sent exactly as the load benchmark sends it.
`time.process_time()` over many requests counts this process's CPU only: PostgreSQL's own
work runs in its processes and is left out, so what is compared is the Python each request
costs. Servers and forms alternate in rounds, so a busy machine slows both alike; each figure
is the median of the rounds. The ratio is limit / iscm-graph (1.0: as cheap as the limit).

Results go to bench/results/cpu.md (and, with --profile, the cProfile of one query's form to
stderr).
"""

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.types import Message, Scope

from bench.catalog import QUERIES, BenchQuery, request_body
from bench.forms import FORMS
from bench.generate import database_url, prepare_database
from bench.machine import describe_machine
from bench.servers import plain_url
from service.settings import ConfigurationError, Settings, normalise_database_url

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS = Path(__file__).resolve().parent / "results" / "cpu.md"
ROUNDS = 3
LIMIT = "limit"

Call = Callable[[bytes, str], Awaitable[tuple[int, bytes]]]


@dataclass
class Measured:
    """CPU and wall time per request of one entry, one figure per round (µs)."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    calls: float = 0.0

    @property
    def cpu_us(self) -> float:
        """The median round's CPU time per request."""
        return statistics.median(self.cpu)

    @property
    def wall_us(self) -> float:
        """The median round's wall time per request."""
        return statistics.median(self.wall)


@asynccontextmanager
async def running(app: Starlette) -> AsyncIterator[Call]:
    """Run `app`'s lifespan; yield a function that POSTs one body to /graphql and returns
    the status and the body."""
    async with app.router.lifespan_context(app) as state:

        async def call(body: bytes, query_name: str) -> tuple[int, bytes]:
            scope: Scope = {
                "type": "http",
                "asgi": {"version": "3.0", "spec_version": "2.3"},
                "http_version": "1.1",
                "method": "POST",
                "scheme": "http",
                "path": "/graphql",
                "raw_path": b"/graphql",
                "root_path": "",
                "query_string": b"",
                "headers": [
                    (b"host", b"bench"),
                    (b"content-type", b"application/json"),
                    (b"accept", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-bench-query", query_name.encode()),
                ],
                "client": ("127.0.0.1", 50000),
                "server": ("127.0.0.1", 80),
                "state": dict(state or {}),
            }
            sent = False
            status = 0
            chunks: list[bytes] = []

            async def receive() -> Message:
                nonlocal sent
                if sent:
                    await asyncio.Event().wait()  # no disconnect while the answer is made
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            async def send(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                elif message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))

            await app(scope, receive, send)
            return status, b"".join(chunks)

        yield call


def iscm_graph_app(url: str) -> Starlette:
    """iscm-graph as `iscm-graph serve` builds it, without rate limits (as the load runs)."""
    from service.app import create_app  # noqa: PLC0415 - imported after the argument check

    settings = Settings(
        database_url=url,
        log_level="warning",
        rate_limit_per_minute=0,
        rate_limit_anonymous_per_minute=0,
    )
    return create_app(settings)


def limit_app(url: str) -> Starlette:
    """The limit server (bench/limit_server.py) for the database at `url`."""
    from bench.limit_server import create_app  # noqa: PLC0415

    return create_app(plain_url(url))


async def measure(call: Call, body: bytes, name: str, requests: int) -> tuple[float, float]:
    """Send `body` `requests` times; return CPU and wall µs per request."""
    cpu_started = time.process_time()
    wall_started = time.perf_counter()
    for _ in range(requests):
        status, _answer = await call(body, name)
        if status != 200:
            raise RuntimeError(f"{name}: status {status}")
    cpu = (time.process_time() - cpu_started) / requests * 1e6
    wall = (time.perf_counter() - wall_started) / requests * 1e6
    return cpu, wall


def bodies(query: BenchQuery) -> dict[str, bytes]:
    """The POST body of each entry of `query`: the limit's, then each form's."""
    found = {LIMIT: request_body(query.graphql, query.operation_name)}
    for form in FORMS:
        found[form] = query.body(form)
    return found


def limit_answers(query: BenchQuery) -> bool:
    """Whether the limit has a statement for `query` (some questions have none, see
    bench/catalog.py: `no_form`)."""
    if LIMIT in query.no_form:
        return False
    try:
        return bool(query.sql)
    except FileNotFoundError:
        return False


async def check(call: Call, limit: Call, query: BenchQuery, entries: dict[str, bytes]) -> None:
    """Refuse to time a form whose answer is not an answer (errors, or another status)."""
    status, answer = await limit(entries[LIMIT], query.name)
    if status != 200:
        raise RuntimeError(f"the limit cannot answer {query.name}: {answer[:200]!r}")
    for form in FORMS:
        status, answer = await call(entries[form], query.name)
        parsed = orjson.loads(answer)
        if status != 200 or parsed.get("errors"):
            raise RuntimeError(f"{query.name} {form}: {status} {answer[:300]!r}")


async def run(options: argparse.Namespace) -> dict[str, dict[str, Measured]]:
    """Measure every query's entries in alternating rounds."""
    report = await prepare_database(options.server_url, options.scale)
    url = database_url(options.server_url, options.scale)
    state = "reused" if report.reused else "made"
    print(f"[cpu] database {report.database} ({state})", file=sys.stderr)
    queries = [
        q for q in QUERIES if (not options.only or q.name in options.only) and limit_answers(q)
    ]
    results: dict[str, dict[str, Measured]] = {
        q.name: {entry: Measured() for entry in (LIMIT, *FORMS)} for q in queries
    }
    async with running(iscm_graph_app(url)) as ours, running(limit_app(url)) as limit:
        calls = {LIMIT: limit, **dict.fromkeys(FORMS, ours)}
        entries = {q.name: bodies(q) for q in queries}
        for query in queries:
            await check(ours, limit, query, entries[query.name])
            for entry, call in calls.items():  # warm caches, plans, prepared statements
                await measure(call, entries[query.name][entry], query.name, options.warmup)
        if options.profile:
            await profile(ours, entries, options.profile, options.requests)
            return {}
        for round_number in range(options.rounds):
            for query in queries:
                for entry, call in calls.items():
                    cpu, wall = await measure(
                        call, entries[query.name][entry], query.name, options.requests
                    )
                    results[query.name][entry].cpu.append(cpu)
                    results[query.name][entry].wall.append(wall)
            print(f"[cpu] round {round_number + 1}/{options.rounds} done", file=sys.stderr)
        for query in queries:
            for entry, call in calls.items():
                results[query.name][entry].calls = await calls_per_request(
                    call, entries[query.name][entry], query.name
                )
    return results


async def calls_per_request(call: Call, body: bytes, name: str, requests: int = 20) -> float:
    """Python function calls per request, counted by cProfile: unlike time, the same on a busy
    machine as on an idle one, so two runs can be compared whatever else ran."""
    profiler = cProfile.Profile()
    profiler.enable()
    await measure(call, body, name, requests)
    profiler.disable()
    return pstats.Stats(profiler).total_calls / requests  # type: ignore[attr-defined]


async def profile(call: Call, entries: dict[str, dict[str, bytes]], which: str, n: int) -> None:
    """Print the cProfile of `n` requests of one query's form (NAME:FORM)."""
    name, _, form = which.partition(":")
    body = entries[name][form or "written"]
    profiler = cProfile.Profile()
    profiler.enable()
    await measure(call, body, name, n)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(60)


def markdown(results: dict[str, dict[str, Measured]], options: argparse.Namespace) -> str:
    """The results as bench/results/cpu.md."""
    lines = [
        "# CPU time per request, in process",
        "",
        f"`{options.command}` — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"Scale {options.scale:g}; {options.requests} requests per entry and round, median of"
        f" {options.rounds} rounds; the limit and every form alternate. CPU is this process's"
        " (`time.process_time`), PostgreSQL's excluded. Ratio: limit µs / iscm-graph µs"
        " (higher is better, 1.0 is the limit's cost). Wall µs is one request at a time,"
        " the database's time included. Calls: Python function calls per request (cProfile),"
        " which a busy machine does not change. Questions the limit has no statement for"
        " (the atlas's pages with UN figures) are left out.",
        "",
        "| query | limit CPU µs | form | iscm-graph CPU µs | ratio | limit wall µs | wall µs"
        " | limit calls | calls |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entries in results.items():
        limit = entries[LIMIT]
        for form in FORMS:
            ours = entries[form]
            lines.append(
                f"| {name} | {limit.cpu_us:.0f} | {form} | {ours.cpu_us:.0f}"
                f" | {limit.cpu_us / ours.cpu_us:.2f} | {limit.wall_us:.0f} | {ours.wall_us:.0f}"
                f" | {limit.calls:.0f} | {ours.calls:.0f} |"
            )
    machine = describe_machine()
    lines += ["", "Machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()), ""]
    return "\n".join(lines)


def parse_options(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.cpu", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
        help="PostgreSQL server; the benchmark database iscm_bench_<scale> is made there",
    )
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--requests", type=int, default=300, help="per entry and round")
    parser.add_argument("--warmup", type=int, default=30, help="requests per entry first")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--only", action="append", choices=[q.name for q in QUERIES])
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--profile", metavar="NAME:FORM", help="profile one query's form instead of measuring"
    )
    options = parser.parse_args(argv)
    try:
        options.server_url = normalise_database_url(options.database_url)
    except ConfigurationError as error:
        parser.error(str(error))
    if options.requests < 1 or options.rounds < 1 or options.warmup < 0:
        parser.error("--requests and --rounds must be ≥ 1, --warmup ≥ 0")
    options.command = " ".join(["python -m bench.cpu", *argv])
    return options


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table and write it to --output."""
    options = parse_options(sys.argv[1:] if argv is None else argv)
    results = asyncio.run(run(options))
    if not results:
        return 0
    text = markdown(results, options)
    options.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
