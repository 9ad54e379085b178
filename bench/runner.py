"""Run the whole benchmark: data, answer checks, statement counts, load rounds, results."""

import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench import answers, load, report
from bench.catalog import ENTRIES, OURS, QUERIES, BenchQuery, form_of, request_body, server_of
from bench.generate import GenerationReport, database_url, describe_rows, prepare_database
from bench.machine import describe_machine, describe_versions
from bench.memory import PeakMemory
from bench.servers import (
    Server,
    ServerError,
    ensure_postgraphile,
    postgraphile_version,
    start_all,
    stop_all,
)
from bench.statements import CountingProxy
from db.session import create_engine

CONNECTIONS = (1, 8)
COUNT_REQUESTS = 2
REQUEST_TIMEOUT_SECONDS = 60
WARMUP_REQUESTS = 1


@dataclass
class Options:
    """What one run does."""

    scale: float
    rounds: int
    duration: float
    warmup: float
    server_url: str
    workers: int
    output_dir: Path
    command: str
    quick: bool = False
    regenerate: bool = False
    only: tuple[str, ...] = ()
    rejudge: bool = False


@dataclass
class Pair:
    """One query on one server: whether it may be timed, and what was measured."""

    status: str = "ok"
    reason: str | None = None
    rounds: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statements: float | None = None
    all_statements: float | None = None
    statement_kinds: dict[str, float] = field(default_factory=dict)
    seconds_per_request: float = 0.0
    data_statements_sample: list[str] = field(default_factory=list)

    @property
    def timed(self) -> bool:
        """Whether this pair takes part in the load rounds."""
        return self.status == "ok"


def say(message: str) -> None:
    """Print one progress line."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def body_for(query: BenchQuery, entry: str) -> bytes:
    """Return the exact POST body `entry` sends for `query` (checks and load alike)."""
    if entry == "postgraphile":
        return request_body(query.postgraphile, query.operation_name)
    return query.body(form_of(entry))


def post(client: httpx.Client, servers: dict[str, Server], query: BenchQuery, entry: str) -> Any:
    """Send `query` as `entry` sends it, once; return the parsed body."""
    answer = client.post(
        servers[server_of(entry)].url,
        content=body_for(query, entry),
        headers={
            "content-type": "application/json",
            "accept": "application/json",
            "x-bench-query": query.name,
        },
    )
    return orjson.loads(answer.content)


def mark(row: dict[str, Pair], server: str, pair: Pair) -> None:
    """Give every entry of `server` in a row the same status."""
    for entry in ENTRIES:
        if server_of(entry) == server:
            row[entry] = pair


def plan_pairs(queries: tuple[BenchQuery, ...]) -> dict[str, dict[str, Pair]]:
    """Decide, before any server runs, which pairs can be asked at all."""
    pairs: dict[str, dict[str, Pair]] = {}
    for query in queries:
        pairs[query.name] = row = {name: Pair() for name in ENTRIES}
        for server, check in (
            ("limit", lambda q: q.sql),
            ("postgraphile", lambda q: q.postgraphile),
            (OURS, lambda q: q.graphql),
        ):
            if server in query.no_form:
                mark(row, server, Pair("no form", query.no_form[server]))
                continue
            try:
                check(query)
            except FileNotFoundError as missing:
                mark(row, server, Pair("missing", f"no query file {Path(missing.filename).name}"))
        if row[OURS].timed:
            reason = answers.unsupported_reason(query)
            if reason is not None:
                mark(row, OURS, Pair("unsupported", reason))
    return pairs


def check_answers(
    servers: dict[str, Server], queries: tuple[BenchQuery, ...], pairs: dict[str, dict[str, Pair]]
) -> None:
    """Ask every server every query once; mark pairs that disagree with the limit."""
    with httpx.Client(timeout=REQUEST_TIMEOUT_SECONDS) as client:
        for query in queries:
            row = pairs[query.name]
            if not row["limit"].timed:
                for name in ENTRIES[1:]:
                    if row[name].timed:
                        row[name] = Pair("unchecked", "the limit cannot answer this query")
                continue
            try:
                reference = post(client, servers, query, "limit")
            except (httpx.HTTPError, orjson.JSONDecodeError) as error:
                row["limit"] = Pair("failed", f"limit failed: {error}")
                continue
            for name in ENTRIES[1:]:
                if not row[name].timed:
                    continue
                try:
                    body = post(client, servers, query, name)
                    problem = answers.compare(query, reference, name, body)
                except (httpx.HTTPError, orjson.JSONDecodeError, KeyError, TypeError) as error:
                    problem = f"{name} could not be checked: {type(error).__name__}: {error}"
                if problem is not None:
                    row[name] = Pair("disagrees", f"answer differs from the limit's: {problem}")
                    say(f"{query.title} on {name}: NOT timed, {problem}")
                else:
                    say(f"{query.title} on {name}: same answer as the limit")


def count_statements(
    proxy: CountingProxy,
    servers: dict[str, Server],
    queries: tuple[BenchQuery, ...],
    pairs: dict[str, dict[str, Pair]],
) -> None:
    """Measure statements per request, one server and query at a time, through the proxy.

    Every answer seen here is checked against the limit's again, so a server that answers
    right only sometimes is caught too.
    """
    with httpx.Client(timeout=REQUEST_TIMEOUT_SECONDS) as client:
        for query in queries:
            row = pairs[query.name]
            if not row["limit"].timed:
                continue
            try:
                reference = post(client, servers, query, "limit")
            except (httpx.HTTPError, orjson.JSONDecodeError) as error:
                row["limit"] = Pair("failed", f"limit failed: {type(error).__name__}")
                continue
            for name, pair in row.items():
                if not pair.timed:
                    continue
                try:
                    bodies = count_one(proxy, client, servers, query, name, pair)
                except (httpx.HTTPError, orjson.JSONDecodeError) as error:
                    row[name] = Pair(
                        "failed", f"{name} failed while counting: {type(error).__name__}"
                    )
                    say(f"{query.title} on {name}: NOT timed, {row[name].reason}")
                    continue
                if name == "limit":
                    continue
                for body in bodies:
                    problem = answers.compare(query, reference, name, body)
                    if problem is not None:
                        row[name] = Pair("disagrees", f"answer differs from the limit's: {problem}")
                        say(
                            f"{query.title} on {name}: NOT timed, a later answer differs: {problem}"
                        )
                        break


def count_one(
    proxy: CountingProxy,
    client: httpx.Client,
    servers: dict[str, Server],
    query: BenchQuery,
    entry: str,
    pair: Pair,
) -> list[Any]:
    """Warm up, then send COUNT_REQUESTS requests one by one and count their statements."""
    for _ in range(WARMUP_REQUESTS):
        post(client, servers, query, entry)
    time.sleep(0.1)  # let the proxy relay the last messages before the count starts
    proxy.log.reset()
    started = time.perf_counter()
    bodies = [post(client, servers, query, entry) for _ in range(COUNT_REQUESTS)]
    pair.seconds_per_request = (time.perf_counter() - started) / COUNT_REQUESTS
    time.sleep(0.1)
    pair.statements = proxy.log.counts["data"] / COUNT_REQUESTS
    pair.all_statements = proxy.log.total / COUNT_REQUESTS
    pair.statement_kinds = {
        kind: count / COUNT_REQUESTS for kind, count in sorted(proxy.log.counts.items())
    }
    pair.data_statements_sample = sorted(set(proxy.log.data_statements))[:5]
    return bodies


def run_seconds(options: Options, pair: Pair, connections: int) -> float:
    """Return how long to load a pair: the chosen duration, longer for slow answers.

    A run should complete several requests on every connection, so a pair whose answer
    takes long gets up to three times the duration.
    """
    workers = max(1, options.workers)
    wanted = pair.seconds_per_request * max(1, connections / workers) * 5
    return min(max(options.duration, wanted), options.duration * 3)


def run_rounds(
    options: Options,
    wrk: str,
    servers: dict[str, Server],
    queries: tuple[BenchQuery, ...],
    pairs: dict[str, dict[str, Pair]],
    memory: PeakMemory,
    scripts: Path,
) -> None:
    """Warm up, then time every pair in rounds that alternate the servers."""
    script_paths = {
        (query.name, name): load.write_script(
            scripts, f"{query.name}.{name}", query.name, body_for(query, name)
        )
        for query in queries
        for name, pair in pairs[query.name].items()
        if pair.timed
    }
    for (query_name, name), warm_up_script in script_paths.items():
        if options.warmup <= 0:
            break
        memory.label = query_name
        server = servers[server_of(name)]
        try:
            load.run_wrk(wrk, server.url, warm_up_script, connections=8, seconds=options.warmup)
        except load.LoadError as error:
            say(f"warm-up of {query_name} on {name} failed: {error}")
        finally:
            server.wait_idle()
    order = list(ENTRIES)
    for round_number in range(options.rounds):
        say(f"round {round_number + 1} of {options.rounds}")
        for query in queries:
            memory.label = query.name
            for connections in CONNECTIONS:
                for name in order:
                    script = script_paths.get((query.name, name))
                    if script is None:
                        continue
                    server = servers[server_of(name)]
                    try:
                        result = load.run_wrk(
                            wrk,
                            server.url,
                            script,
                            connections=connections,
                            seconds=run_seconds(options, pairs[query.name][name], connections),
                        )
                    except load.LoadError as error:
                        pairs[query.name][name] = Pair("failed", str(error))
                        continue
                    finally:
                        server.wait_idle()
                    pairs[query.name][name].rounds.setdefault(connections, []).append(
                        result.as_dict()
                    )
        order = order[1:] + order[:1]


def median(values: list[float | None], digits: int) -> float | None:
    """Return the median of the known values, or None when there are none."""
    known = [value for value in values if value is not None]
    return round(statistics.median(known), digits) if known else None


def summarise(pair: Pair) -> dict[str, Any]:
    """Return a pair's medians across rounds (latency only from rounds that completed requests)."""
    connections = {}
    for count, rounds in sorted(pair.rounds.items()):
        connections[str(count)] = {
            "rps": median([r["rps"] for r in rounds], 1),
            "p50_ms": median([r["p50_ms"] for r in rounds], 3),
            "p99_ms": median([r["p99_ms"] for r in rounds], 3),
            "requests": sum(r["requests"] for r in rounds),
            "errors": sum(r["errors"] for r in rounds),
            "rounds": rounds,
        }
    return connections


async def postgresql_version(url: str) -> str:
    """Return the server's version string."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            return str((await connection.execute(text("SHOW server_version"))).scalar_one())
    finally:
        await engine.dispose()


def run(options: Options) -> dict[str, Any]:
    """Run the benchmark; write bench/results/latest.json and latest.md; return the results."""
    started = time.perf_counter()
    queries = tuple(q for q in QUERIES if not options.only or q.name in options.only)
    machine = describe_machine()
    wrk = load.ensure_wrk()
    postgraphile_problem = None
    try:
        ensure_postgraphile()
    except ServerError as error:
        postgraphile_problem = str(error)
    say(f"preparing the database at scale {options.scale:g}")
    generation: GenerationReport = asyncio.run(
        prepare_database(options.server_url, options.scale, regenerate=options.regenerate)
    )
    say(
        f"{generation.database}: {'reused' if generation.reused else 'generated'} in "
        f"{generation.seconds:.1f} s ({describe_rows(generation.rows)})"
    )
    url = database_url(options.server_url, options.scale)
    pairs = plan_pairs(queries)
    if postgraphile_problem:
        for row in pairs.values():
            row["postgraphile"] = Pair("unavailable", postgraphile_problem)
    log_dir = Path(tempfile.mkdtemp(prefix="iscm-bench-logs-"))
    say(f"server logs in {log_dir}")
    target = make_url(url)
    with CountingProxy(target.host or "127.0.0.1", target.port or 5432) as proxy:
        proxied = target.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False
        )
        servers = start_servers(proxied, options, log_dir, pairs)
        try:
            say("checking that every server gives the limit's answer")
            check_answers(servers, queries, pairs)
            say("counting SQL statements per request")
            count_statements(proxy, servers, queries, pairs)
        finally:
            stop_all(servers)
    servers = start_servers(url, options, log_dir, pairs)
    scripts = Path(tempfile.mkdtemp(prefix="iscm-bench-wrk-"))
    try:
        with PeakMemory(servers) as memory:
            run_rounds(options, wrk, servers, queries, pairs, memory, scripts)
    finally:
        stop_all(servers)
    machine["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    results = report.build_results(
        options=options,
        queries=queries,
        pairs={q: {s: (p, summarise(p)) for s, p in row.items()} for q, row in pairs.items()},
        memory=memory,
        generation=generation,
        machine=machine,
        versions=describe_versions(
            postgresql=asyncio.run(postgresql_version(url)),
            postgraphile=postgraphile_version(),
            wrk=load.wrk_version(wrk),
        ),
        seconds=time.perf_counter() - started,
    )
    report.write(results, options.output_dir, queries)
    say(f"results in {options.output_dir / 'latest.md'} and latest.json")
    return results


def start_servers(
    url: str, options: Options, log_dir: Path, pairs: dict[str, dict[str, Pair]]
) -> dict[str, Server]:
    """Start the servers some pair needs; mark the pairs of a server that would not start."""
    wanted = {server_of(name) for row in pairs.values() for name, pair in row.items() if pair.timed}
    servers, failures = start_all(url, options.workers, log_dir, wanted)
    for server, problem in failures.items():
        say(f"{server} did not start: {problem}")
        for row in pairs.values():
            for name, pair in row.items():
                if server_of(name) == server and pair.timed:
                    row[name] = Pair("failed", f"server did not start: {problem.splitlines()[0]}")
    return servers
