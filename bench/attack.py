"""`python -m bench.attack [--quick]`: ordinary clients' latency under each hostile client.

Starts iscm-graph as `iscm-graph serve` runs it (2 workers, default settings: rate limits off,
UN sources online) on the benchmark's generated database, with every UN source pointed at a
local server that accepts connections and never answers. Ordinary clients (bench/attacks.py:
four users sending the benchmark's five queries in turn, pausing 0.1 s between requests) are
measured alone and then while one attack runs, for each attack in turn; each attack's p50 is
reported as a ratio to the p50 measured alone just before it (so that a change in the machine's
load between attacks does not count as the attack's effect). Target: at most 2. Results go to
bench/results/attack.json and attack.md.
"""

import argparse
import asyncio
import multiprocessing
import os
import shlex
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import text

from bench.attacks import ATTACKS, run_client
from bench.generate import database_url, prepare_database
from bench.machine import describe_machine, package_version
from bench.servers import Server, ServerError, free_port, plain_url, spawn, wait_until_ready
from db.session import create_engine
from service.settings import ConfigurationError, normalise_database_url

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
WORKERS = 2
TARGET_RATIO = 2.0
QUICK = {"scale": 0.1, "seconds": 8.0}
FULL = {"scale": 1.0, "seconds": 30.0}
# The attack starts this long before the ordinary clients are measured.
ATTACK_LEAD_SECONDS = 1.0
MIB = 1024 * 1024


def say(message: str) -> None:
    """Print one progress line."""
    print(f"[attack {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@contextmanager
def silent_upstream() -> Iterator[str]:
    """A local HTTP 'source' that accepts every connection and never answers; yield its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        listener.close()
        for connection in held:
            connection.close()


def start_service(database: str, upstream: str, log_dir: Path) -> Server:
    """Start `iscm-graph serve` with 2 workers, every UN source pointed at `upstream`."""
    port = free_port()
    env = {
        "DATABASE_URL": plain_url(database),
        "ISCM_WORKERS": str(WORKERS),
        "ISCM_PORT": str(port),
        "ISCM_HOST": "127.0.0.1",
        "ISCM_LOG_LEVEL": "warning",
        "ISCM_OFFLINE": "false",
        "ISCM_UNPD_API_TOKEN": "attack-benchmark",
        **{f"ISCM_{source}_API_URL": upstream for source in ("SDG", "UNPD", "UNHCR", "WORLDBANK")},
    }
    executable = Path(sys.executable).parent / "iscm-graph"
    return spawn("iscm-graph", [str(executable), "serve"], env, log_dir, port)


def run_phase(url: str, attack: str | None, seconds: float) -> dict[str, Any]:
    """Measure the ordinary clients for `seconds`, with `attack` running (or none)."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = []
    if attack is not None:
        attacker = context.Process(
            target=run_client, args=(attack, url, seconds + ATTACK_LEAD_SECONDS, results)
        )
        attacker.start()
        processes.append(attacker)
        time.sleep(ATTACK_LEAD_SECONDS)
    ordinary = context.Process(target=run_client, args=("ordinary", url, seconds, results))
    ordinary.start()
    processes.append(ordinary)
    summaries = dict(results.get(timeout=seconds + 180) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    return summaries


def worker_memory_mib(server: Server) -> float:
    """The largest resident memory of the service's workers."""
    sizes = []
    for process in server.worker_processes():
        try:
            sizes.append(process.memory_info().rss / MIB)
        except OSError:
            continue
    return round(max(sizes, default=0.0), 1)


async def persisted_bytes(database: str) -> int:
    """What the persisted-query table holds on disk, indexes and TOAST included."""
    engine = create_engine(database, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            return int(
                await connection.scalar(text("SELECT pg_total_relation_size('persisted_queries')"))
            )
    finally:
        await engine.dispose()


def healthz_ms(server: Server) -> float | None:
    """How long /healthz takes right now (None when it does not answer in 10 s)."""
    started = time.perf_counter()
    try:
        httpx.get(server.url.replace("/graphql", "/healthz"), timeout=10).raise_for_status()
    except httpx.HTTPError:
        return None
    return round((time.perf_counter() - started) * 1000, 1)


def ratio(summary: dict[str, Any], baseline: dict[str, Any]) -> float | None:
    """p50 under attack over p50 without attack."""
    if not summary.get("p50_ms") or not baseline.get("p50_ms"):
        return None
    return round(summary["p50_ms"] / baseline["p50_ms"], 2)


def measure_all(options: argparse.Namespace, database: str, log_dir: Path) -> dict[str, Any]:
    """Start the service, measure without attack, under each attack, and without again."""
    with silent_upstream() as upstream:
        server = start_service(database, upstream, log_dir)
        try:
            wait_until_ready(server)
            say(f"iscm-graph ready on {server.url}; warming up")
            run_phase(server.url, None, 3.0)
            attacks: dict[str, Any] = {}
            for name in options.only or list(ATTACKS):
                say(f"ordinary clients alone, then under attack: {name}")
                alone = run_phase(server.url, None, options.seconds)["ordinary"]
                memory, stored = worker_memory_mib(server), asyncio.run(persisted_bytes(database))
                measured = run_phase(server.url, name, options.seconds)
                attacks[name] = {
                    "description": ATTACKS[name][0],
                    "alone": alone,
                    "ordinary": measured["ordinary"],
                    "attacker": measured[name],
                    "ratio": ratio(measured["ordinary"], alone),
                    "healthz_ms_after": healthz_ms(server),
                    "worker_rss_mib": [memory, worker_memory_mib(server)],
                    "persisted_queries_bytes": [stored, asyncio.run(persisted_bytes(database))],
                }
                attacks[name]["target_met"] = (
                    attacks[name]["ratio"] is not None and attacks[name]["ratio"] <= TARGET_RATIO
                )
        finally:
            server.stop()
    return {"attacks": attacks}


def markdown(results: dict[str, Any]) -> str:
    """The report as a Markdown page."""
    lines = [
        "# Attack benchmark",
        "",
        f"`{results['command']}` — scale {results['scale']}, {results['seconds']} s per phase,"
        f" iscm-graph {results['versions']['iscm-graph']} with {WORKERS} workers and default"
        " settings (rate limits off, UN sources online and pointed at a server that never"
        " answers). Ordinary clients: 4 users sending the five benchmark queries in turn, 0.1 s"
        " apart, measured alone and then under one attack; the ratio is p50 under attack over"
        f" p50 alone just before. Target: at most {TARGET_RATIO:g}.",
        "",
        "| attack | p50 alone (ms) | p50 under attack (ms) | ratio | target | p99 alone → under"
        " attack (ms) | ordinary outcomes | attacker requests | attacker p50 (ms) | attacker"
        " outcomes | worker RSS (MiB) | persisted_queries (bytes) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, attack in results["attacks"].items():
        alone, ordinary, attacker = attack["alone"], attack["ordinary"], attack["attacker"]
        lines.append(
            f"| {name}: {attack['description']} | {alone.get('p50_ms')} |"
            f" {ordinary.get('p50_ms')} | {attack['ratio']} |"
            f" {'met' if attack['target_met'] else 'MISSED'} |"
            f" {alone.get('p99_ms')} → {ordinary.get('p99_ms')} | {_outcomes(ordinary)} |"
            f" {attacker.get('requests')} | {attacker.get('p50_ms')} | {_outcomes(attacker)} |"
            f" {' → '.join(map(str, attack['worker_rss_mib']))} |"
            f" {' → '.join(map(str, attack['persisted_queries_bytes']))} |"
        )
    lines += ["", f"Machine: {results['machine']}", ""]
    return "\n".join(lines)


def _outcomes(summary: dict[str, Any]) -> str:
    return ", ".join(f"{count} x {outcome}" for outcome, count in summary["outcomes"].items())


def parse_options(argv: list[str]) -> argparse.Namespace:
    """Read the command line; --quick changes the defaults, explicit options still win."""
    parser = argparse.ArgumentParser(prog="python -m bench.attack", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="scale 0.1, 8 s per phase")
    parser.add_argument("--scale", type=float, help="data scale of the generated database")
    parser.add_argument("--seconds", type=float, help="seconds each phase measures")
    parser.add_argument(
        "--only", action="append", choices=list(ATTACKS), help="run only this attack (repeatable)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
        help="PostgreSQL server; the benchmark's database iscm_bench_<scale> is created there",
    )
    parser.add_argument("--output", type=Path, default=RESULTS_DIR, help="where the results go")
    options = parser.parse_args(argv)
    defaults = QUICK if options.quick else FULL
    for name, default in defaults.items():
        if getattr(options, name) is None:
            setattr(options, name, default)
    try:
        options.server_url = normalise_database_url(options.database_url)
    except ConfigurationError as error:
        parser.error(str(error))
    options.command = shlex.join(["python", "-m", "bench.attack", *argv])
    return options


def main(argv: list[str] | None = None) -> int:
    """Run the attack benchmark; one line on stderr and exit code 2 when it cannot run."""
    options = parse_options(sys.argv[1:] if argv is None else argv)
    try:
        say(f"preparing the database at scale {options.scale}")
        asyncio.run(prepare_database(options.server_url, options.scale))
        database = database_url(options.server_url, options.scale)
        with tempfile.TemporaryDirectory(prefix="iscm-attack-") as logs:
            measured = measure_all(options, database, Path(logs))
    except (ServerError, ConfigurationError, OSError) as error:
        print(f"bench.attack: {error}", file=sys.stderr)
        return 2
    results = {
        "command": options.command,
        "scale": options.scale,
        "seconds": options.seconds,
        "target_ratio": TARGET_RATIO,
        "machine": describe_machine(),
        "versions": {"iscm-graph": package_version("iscm-graph"), "python": sys.version.split()[0]},
        **measured,
    }
    options.output.mkdir(parents=True, exist_ok=True)
    (options.output / "attack.json").write_bytes(
        orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n"
    )
    (options.output / "attack.md").write_text(markdown(results), encoding="utf-8")
    for name, attack in measured["attacks"].items():
        say(f"{name}: ratio {attack['ratio']} ({'met' if attack['target_met'] else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
