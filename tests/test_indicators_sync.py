"""`iscm-graph sync`, run as a user runs it, against the loopback UN server and a scratch database."""

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from db.session import create_engine
from service.cli import app
from tests.database import create_database, drop_database
from tests.un_upstream import UpstreamServer, serve_upstream

CLI = [sys.executable, "-m", "service.cli", "sync"]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def upstream_server() -> Iterator[UpstreamServer]:
    yield from serve_upstream()


@pytest.fixture
def upstream(upstream_server: UpstreamServer) -> UpstreamServer:
    upstream_server.reset()
    return upstream_server


@pytest.fixture(scope="module")
async def sync_database(admin_url):
    url = await create_database(admin_url, prefix="iscm_sync")
    yield url
    await drop_database(admin_url, url)


async def run_sync(
    database: str, upstream: UpstreamServer, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("ISCM_") and k != "DATABASE_URL"
    }
    env = {
        **clean,
        "DATABASE_URL": database,
        "ISCM_LOG_LEVEL": "error",
        "ISCM_UPSTREAM_ATTEMPTS": "1",
        "ISCM_UPSTREAM_BACKOFF": "0",
        **{f"ISCM_{key.upper()}": value for key, value in upstream.base_urls().items()},
        **(env or {}),
    }
    return await asyncio.to_thread(
        subprocess.run,
        [*CLI, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def summary(result: subprocess.CompletedProcess) -> dict[str, str]:
    """Return the summary lines by source."""
    lines = {}
    for line in result.stdout.splitlines():
        if line and not line.startswith(" "):
            source, _, rest = line.partition(" ")
            lines[source] = " ".join(rest.split())
    return lines


async def cached_values(database: str) -> list[tuple]:
    engine = create_engine(database, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT iso3, code, year, value FROM indicator_observations"
                    " ORDER BY iso3, code, year"
                )
            )
            return [tuple(row) for row in rows]
    finally:
        await engine.dispose()


async def test_sync_fills_the_cache_then_finds_it_unchanged_then_reports_failure(
    sync_database, upstream
):
    args = ("--source", "WORLDBANK", "--states", "deu,PHL", "--codes", "SM.POP.TOTL")
    upstream.series[("WORLDBANK", "SM.POP.TOTL")] = {"DEU": {2024: 16751376.0, 2020: 15762457.0}}

    # when: a first sync (which also migrates and seeds the empty database)
    first = await run_sync(sync_database, upstream, *args)

    # then
    assert first.returncode == 0, first.stderr
    assert summary(first) == {"WORLDBANK": "fetched 2 unchanged 0 failed 0"}
    values = await cached_values(sync_database)
    assert ("DEU", "SM.POP.TOTL", 2024, 16751376.0) in values
    assert {row[0] for row in values} == {"DEU"}  # PHL: fetched, nothing there
    assert "Syncing 1 series for 2 States" in first.stderr

    # when: again, with the same answers upstream
    second = await run_sync(sync_database, upstream, *args)
    assert second.returncode == 0, second.stderr
    assert summary(second) == {"WORLDBANK": "fetched 0 unchanged 2 failed 0"}

    # when: the source is down
    upstream.down.add("WORLDBANK")
    third = await run_sync(sync_database, upstream, *args)

    # then: exit 1, the cache kept
    assert third.returncode == 1
    assert summary(third)["WORLDBANK"] == "fetched 0 unchanged 0 failed 2"
    assert "HTTP 503" in third.stdout
    assert await cached_values(sync_database) == values


async def test_sync_gives_up_on_a_source_dripping_its_body_after_the_upstream_timeout(
    sync_database, upstream
):
    # given: the World Bank sends one byte every 50 ms, never ending its body
    upstream.dripping["WORLDBANK"] = 0.05

    # when: sync, which has no request deadline, with 1 s per attempt and two attempts
    result = await run_sync(
        sync_database,
        upstream,
        *("--source", "WORLDBANK", "--states", "MEX", "--codes", "SM.POP.TOTL"),
        env={"ISCM_UPSTREAM_TIMEOUT": "1", "ISCM_UPSTREAM_ATTEMPTS": "2"},
    )

    # then: each attempt was cut off whole, not only between bytes
    assert result.returncode == 1, result.stderr
    assert summary(result)["WORLDBANK"] == "fetched 0 unchanged 0 failed 1"
    assert "timed out (no complete answer within 1 s) after 2 attempts" in result.stdout
    assert len(upstream.requests("WORLDBANK")) == 2


async def test_sync_of_every_source_skips_unpd_without_a_token(sync_database, upstream):
    upstream.series[("UNHCR", "refugees_hosted")] = {"MEX": {2023: 1500.0}}

    result = await run_sync(sync_database, upstream, "--states", "MEX")

    assert result.returncode == 0, result.stderr
    lines = summary(result)
    assert lines["UNPD"] == "skipped: not configured (set ISCM_UNPD_API_TOKEN)"
    assert lines["UNHCR"] == "fetched 2 unchanged 0 failed 0"
    assert lines["WORLDBANK"].endswith("failed 0")
    assert lines["SDG"].endswith("failed 0")
    assert upstream.requests("UNPD") == []
    assert ("MEX", "refugees_hosted", 2023, 1500.0) in await cached_values(sync_database)
    # one request per SDG series: the named one and the reference data's migration series
    assert len(upstream.requests("SDG")) >= 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--codes", "SM.POP.TOTL"), "--codes needs exactly one --source"),
        (("--source", "UNPD", "--codes", "abc"), "is not a UNPD code"),
        (("--states", "PHL,P1L"), "must be an ISO 3166-1 alpha-3 code"),
    ],
)
def test_bad_sync_arguments_end_in_one_line_before_any_work(args, message):
    result = CliRunner().invoke(app, ["sync", *args], env={"DATABASE_URL": "postgresql://x@h/x"})

    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("iscm-graph: ")
    assert message in lines[0]


async def test_sync_of_an_unknown_state_ends_in_one_line(sync_database, upstream):
    result = await run_sync(sync_database, upstream, "--states", "PHL,ZZZ")

    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["iscm-graph: no State with ISO3 code ZZZ"]
    assert upstream.requests() == []
