"""How fast the atlas's first view renders: `python -m bench.atlas [--loads N] [--database-url URL]`.

The service runs as users run it (`iscm-graph serve`, bench/servers.py) over a database of
the real content alone (reference data and real records, no synthetic rows), UN figures from
the cache only. Headless Chromium, reaching 127.0.0.1 alone, opens /atlas N times:

- cold: a new browser context each time (empty HTTP cache), the service already warm;
- warm: the same context reloaded, the atlas's files in the browser's cache.

The figure is the atlas's own mark `atlas:first-view` (service/static/atlas/main.js): the time
from navigation start until the coverage heatmap, every cell of it, is in the page. Each other
view is also timed when a page load opens it first (files cached). The
baseline, measured in the same run and browser, is the load of a static file of the same
service (the atlas's stylesheet: one request, no script), so the machine's floor shows beside
the atlas's figure. Results go to bench/results/atlas.md and atlas.json.
"""

import argparse
import asyncio
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.async_api import (
    Browser,
    BrowserContext,
    Page,
    Route,
    ViewportSize,
    async_playwright,
)
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.machine import describe_machine
from bench.servers import Server, ServerError, start_iscm_graph, wait_until_ready
from db.reference_data import load_reference_data
from db.session import create_engine, create_session_factory
from migrations import upgrade_async
from service.atlas import bundle
from service.settings import ConfigurationError, normalise_database_url
from tests.browser import CHROMIUM_ARGS, chromium

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "iscm_bench_atlas"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_MS = 1000.0
TIMES = " \N{MULTIPLICATION SIGN}"
FIRST_VIEW = "performance.getEntriesByName('atlas:first-view')[0]?.startTime ?? null"
LOADED = "performance.getEntriesByType('navigation')[0].loadEventEnd"
READY = 'main[data-state="ready"][data-view="{view}"]'
# The other views, each opened first (its own page load) with the atlas's files cached.
OTHER_VIEWS = ("memberships", "iscm/bali-process", "state/PHL", "calendar")
DRAWN_NOTHING = 'main [role="alert"]'
CELLS = ".heatmap-cells [data-column]"
PAGE_TIMEOUT_MS = 30_000
VIEWPORT: ViewportSize = {"width": 1400, "height": 900}


class AtlasBenchError(Exception):
    """The measurement could not run; the message says why."""


@dataclass
class Loads:
    """The times of one kind of load, in milliseconds."""

    label: str
    times: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Median, p90, minimum and maximum of the times."""
        ordered = sorted(self.times)
        p90 = ordered[min(len(ordered) - 1, max(0, round(0.9 * len(ordered)) - 1))]
        return {
            "loads": len(ordered),
            "median_ms": round(statistics.median(ordered), 1),
            "p90_ms": round(p90, 1),
            "min_ms": round(ordered[0], 1),
            "max_ms": round(ordered[-1], 1),
        }


@dataclass
class Offline:
    """What the page asked that was not loopback, and what it logged as errors."""

    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def say(message: str) -> None:
    """Print one progress line."""
    print(f"[bench.atlas {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def prepare_database(server_url: str) -> str:
    """Create the database afresh: migrated, with the reference data and real content only."""
    url = make_url(server_url).set(drivername="postgresql+asyncpg")
    admin = create_engine(url.render_as_string(hide_password=False), pool_size=1, max_overflow=0)
    try:
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    finally:
        await admin.dispose()
    database_url = url.set(database=DATABASE).render_as_string(hide_password=False)
    await upgrade_async(database_url)
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await load_reference_data(session)
    finally:
        await engine.dispose()
    return database_url


async def new_context(browser: Browser, seen: Offline) -> BrowserContext:
    """A fresh context (empty cache) whose pages reach 127.0.0.1 only."""
    context = await browser.new_context(viewport=VIEWPORT)

    async def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            seen.refused.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route("**/*", only_loopback)
    return context


def watch(page: Page, seen: Offline) -> Page:
    """Record the page's console errors."""
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.on(
        "console",
        lambda message: (
            seen.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    return page


async def first_view(page: Page, route: str = "coverage") -> float:
    """Wait for the view and return the atlas's first-view mark, checking the view was drawn
    (the heatmap: with its cells)."""
    await page.locator(READY.format(view=route.split("/", 1)[0])).wait_for()
    if await page.locator(DRAWN_NOTHING).count():
        message = await page.locator(DRAWN_NOTHING).first.inner_text()
        raise AtlasBenchError(f"the atlas's view {route} was not drawn: {message}")
    if route == "coverage" and await page.locator(CELLS).count() == 0:
        raise AtlasBenchError("the atlas's first view drew no heatmap cell")
    mark = await page.evaluate(FIRST_VIEW)
    if mark is None:
        raise AtlasBenchError("the atlas set no atlas:first-view mark")
    return float(mark)


async def measure(base: str, executable: Path, loads: int, warmup: int) -> dict[str, Any]:
    """Open the atlas `loads` times cold and warm, and the baseline as often, alternating."""
    seen = Offline()
    cold, warm = Loads("atlas first view, cold cache"), Loads("atlas first view, warm cache")
    baseline = Loads("baseline: a static file of the service (atlas.css)")
    others = {route: Loads(f"#/{route} opened first, warm cache") for route in OTHER_VIEWS}
    static_url = f"{base}{bundle().url('atlas.css')}"
    cells = 0
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for number in range(warmup + loads):
                kept = number >= warmup
                context = await new_context(browser, seen)
                try:
                    page = watch(await context.new_page(), seen)
                    await page.goto(static_url)
                    loaded = float(await page.evaluate(LOADED))
                    await page.goto(f"{base}/atlas")
                    cold_ms = await first_view(page)
                    await page.reload()
                    warm_ms = await first_view(page)
                    cells = await page.locator(CELLS).count()
                    for route, times in others.items():
                        await page.goto(static_url)  # so that the atlas loads anew
                        await page.goto(f"{base}/atlas#/{route}")
                        opened = await first_view(page, route)
                        if kept:
                            times.times.append(opened)
                finally:
                    await context.close()
                if kept:
                    baseline.times.append(loaded)
                    cold.times.append(cold_ms)
                    warm.times.append(warm_ms)
        finally:
            await browser.close()
    if seen.refused or seen.console_errors:
        raise AtlasBenchError(
            f"the page was not clean: refused {seen.refused[:3]}, errors {seen.console_errors[:3]}"
        )
    measured = {"cold": cold, "warm": warm, "baseline": baseline, **others}
    return {
        "heatmap_cells": cells,
        "loads": [loads_.label for loads_ in measured.values()],
        "figures": {key: loads_.summary() for key, loads_ in measured.items()},
        "samples_ms": {
            key: [round(t, 1) for t in loads_.times] for key, loads_ in measured.items()
        },
    }


async def with_service(
    database_url: str, workers: int, work: Callable[[str], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    """Serve the database with `iscm-graph serve` while `work(base_url)` runs."""
    log_dir = Path(tempfile.mkdtemp(prefix="iscm-bench-atlas-"))
    server: Server = start_iscm_graph(database_url, workers, log_dir)
    try:
        wait_until_ready(server)
        base = server.url.removesuffix("/graphql")
        async with httpx.AsyncClient(timeout=30) as client:  # warms the service's caches
            (await client.get(f"{base}/atlas")).raise_for_status()
        return await work(base)
    finally:
        server.stop()


def markdown(results: dict[str, Any]) -> str:
    """The results as bench/results/atlas.md."""
    figures = results["figures"]
    cold, warm, baseline = figures["cold"], figures["warm"], figures["baseline"]
    lines = [
        "# The atlas's first view in headless Chromium",
        "",
        f"Generated {results['generated_at']} by `{results['command']}`"
        f" ({results['seconds']:.0f} s).",
        "",
        "The service ran as `iscm-graph serve` with"
        f" {results['workers']} workers over `{DATABASE}`: the real content only (the reference"
        " data and real records, no synthetic rows), UN figures from the cache alone. Headless"
        f" {results['browser_version']} reached 127.0.0.1 alone; no request was refused"
        " and the page logged no error.",
        "",
        "| load | loads | median ms | p90 ms | min ms | max ms | median \N{MULTIPLICATION SIGN} baseline |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, label in zip(figures, results["loads"], strict=True):
        row = figures[key]
        ratio = row["median_ms"] / baseline["median_ms"] if baseline["median_ms"] else None
        lines.append(
            f"| {label} | {row['loads']} | {row['median_ms']:.1f} | {row['p90_ms']:.1f}"
            f" | {row['min_ms']:.1f} | {row['max_ms']:.1f}"
            f" | {'-' if ratio is None else f'{ratio:.1f}'}{TIMES if ratio is not None else ''} |"
        )
    met = cold["p90_ms"] < TARGET_MS and warm["p90_ms"] < TARGET_MS
    lines += [
        "",
        f"Target (issue 16): the first view renders in under {TARGET_MS:.0f} ms on this machine"
        f" with the real data: **{'met' if met else 'NOT met'}** (p90 cold {cold['p90_ms']:.0f} ms,"
        f" warm {warm['p90_ms']:.0f} ms).",
        "",
        "## Method",
        "",
        "- First view: from navigation start to the atlas's `atlas:first-view` mark, set when"
        f" the coverage heatmap is in the page ({results['heatmap_cells']} cells drawn, each"
        " load checked to have drawn cells).",
        "- Cold: a new browser context (no HTTP cache) per load, opening /atlas. Warm: the same"
        " context reloaded, the atlas's files cached (every asset URL is versioned).",
        "- Baseline: the same context's navigation to the atlas's stylesheet (one static file of"
        " the same service), to its load event, just before the atlas is opened.",
        "- Other views: after the warm load, each view opened as the first of a new page load"
        " (the stylesheet visited in between), to the same mark; the State and mechanism pages"
        " show their UN figures as not cached (the service is offline, its cache empty).",
        f"- {results['warmup']} warm-up rounds first, not counted; the service was asked once"
        " for /atlas before them.",
        f"- Machine: {results['machine']['nproc']} CPUs ({results['machine']['cpu_model']}),"
        f" {results['machine']['memory_gib']} GiB; load average at start"
        f" {', '.join(str(v) for v in results['machine']['load_average_at_start'])}, at end"
        f" {', '.join(str(round(v, 2)) for v in results['load_average_at_end'])}.",
    ]
    return "\n".join(lines) + "\n"


def parse(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.atlas",
        description=(
            "Measure the atlas's first-view render time in headless Chromium against a served"
            " instance with the real data; write bench/results/atlas.md and atlas.json."
        ),
    )
    parser.add_argument("--loads", type=int, default=20, help="measured loads (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="uncounted loads first (default 2)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
        help=f"PostgreSQL server to use; the measurement recreates its database {DATABASE} there",
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="service workers (default: cores)"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_DIR, help="where atlas.md and atlas.json go"
    )
    args = parser.parse_args(argv)
    if args.loads < 1 or args.warmup < 0 or args.workers < 1:
        parser.error("--loads and --workers must be ≥ 1, --warmup ≥ 0")
    try:
        args.database_url = normalise_database_url(args.database_url)
    except ConfigurationError as error:
        parser.error(str(error))
    return args


def run(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    """Prepare the data, serve it, measure, and write the results."""
    started = time.perf_counter()
    executable = chromium()
    if isinstance(executable, str):
        raise AtlasBenchError(executable)
    machine = describe_machine()
    say(f"creating {DATABASE} with the real content")
    database_url = asyncio.run(prepare_database(args.database_url))
    say(f"measuring {args.loads} loads after {args.warmup} warm-up rounds")
    results = asyncio.run(
        with_service(
            database_url,
            args.workers,
            lambda base: measure(base, executable, args.loads, args.warmup),
        )
    )
    results.update(
        generated_at=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        command=shlex.join(["python", "-m", "bench.atlas", *argv]),
        seconds=time.perf_counter() - started,
        workers=args.workers,
        warmup=args.warmup,
        machine=machine,
        load_average_at_end=list(os.getloadavg()),
        browser_version=browser_version(executable),
    )
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "atlas.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.output / "atlas.md").write_text(markdown(results), encoding="utf-8")
    say(f"results in {args.output / 'atlas.md'}")
    return results


def browser_version(executable: Path) -> str:
    """The browser's version, as it reports it."""
    found = subprocess.run(  # noqa: S603 - the browser the tests found
        [str(executable), "--version"], capture_output=True, text=True, check=False, timeout=30
    )
    return found.stdout.strip() or "(unknown version)"


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; one line on stderr and exit code 2 when it cannot run."""
    arguments = sys.argv[1:] if argv is None else argv
    args = parse(arguments)
    try:
        run(args, arguments)
    except (AtlasBenchError, ServerError, ConfigurationError, OSError) as error:
        print(f"bench.atlas: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
