"""The command line, run as a user runs it: bad configuration gives one line, no traceback."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy import text

from db.session import create_engine
from migrations import upgrade_async
from service.database import DatabaseUrls, prepare
from tests.database import create_database, drop_database

CLI = [sys.executable, "-m", "service.cli"]
ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("ISCM_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [*CLI, *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess, fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert fragment in lines[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_database_is_one_line():
    port = free_port()
    result = run_cli(
        "migrate", env={"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/nothing"}
    )
    assert_one_line_failure(result, f"cannot reach the database at 127.0.0.1:{port}/nothing")


def test_malformed_database_url_is_one_line():
    result = run_cli("serve", env={"DATABASE_URL": "::not-a-url::"})
    assert_one_line_failure(result, "DATABASE_URL")


def test_unwritable_data_dir_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run_cli("migrate", env={"ISCM_DATA_DIR": str(blocker / "data")})
    assert_one_line_failure(result, "cannot create the data directory")


def test_bad_port_is_one_line():
    result = run_cli(
        "serve", env={"ISCM_PORT": "99999", "DATABASE_URL": "postgresql://x@127.0.0.1/x"}
    )
    assert_one_line_failure(result, "ISCM_PORT: ")


async def test_schema_command_prints_sdl():
    # the two runs are independent: at once, each starting its own Python
    plain, federated = await asyncio.gather(
        asyncio.to_thread(run_cli, "schema", env={}),
        asyncio.to_thread(run_cli, "schema", "--federation", env={}),
    )
    assert plain.returncode == federated.returncode == 0
    assert "type Iscm implements Node" in plain.stdout
    assert "@key" not in plain.stdout
    assert '@key(fields: "iso3")' in federated.stdout


@pytest.fixture
async def empty_database(admin_url):
    url = await create_database(admin_url, prefix="iscm_serve")
    yield url
    await drop_database(admin_url, url)


CATALOGUE_QUERY = "{ iscms(first: 50) { totalCount edges { node { acronym members { iso3 } } } } }"


async def serve_and_query(
    env_overrides: dict[str, str], while_serving: Callable[[], Awaitable[None]] | None = None
) -> dict:
    """Start `iscm-graph serve` as a user would, wait until ready, return the catalogue answer.

    `while_serving` runs after the query, before the service stops.
    """
    port = free_port()
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("ISCM_") and k != "DATABASE_URL"
    }
    env = {**clean, "ISCM_PORT": str(port), "ISCM_LOG_LEVEL": "warning", **env_overrides}
    # The service under test runs beside the event loop, as a user would start it.
    process = subprocess.Popen(  # noqa: ASYNC220
        [*CLI, "serve"], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None, process.stderr and process.stderr.read()
                assert time.monotonic() < deadline, "the service did not become ready"
                await asyncio.sleep(0.2)
            response = await client.post("/graphql", json={"query": CATALOGUE_QUERY})
            if while_serving is not None:
                await while_serving()
        return response.json()
    finally:
        process.terminate()
        process.wait(timeout=20)


async def test_serve_migrates_seeds_and_answers(empty_database):
    body = await serve_and_query({"DATABASE_URL": empty_database})
    assert body["data"]["iscms"]["totalCount"] == 34
    assert sum(len(e["node"]["members"]) for e in body["data"]["iscms"]["edges"]) > 500


async def test_serve_without_configuration_runs_an_embedded_database(tmp_path):
    # given no DATABASE_URL at all: the README's first command on a fresh machine
    data_dir = tmp_path / "data"
    tmp_path.chmod(0o755)  # as root, the embedded server runs as its own user

    sessions: list[str] = []

    async def check_roles() -> None:
        # postmaster.pid holds the server's port (line 4) and socket directory (line 5).
        lines = (data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()
        connection = await asyncpg.connect(
            host=lines[4], port=int(lines[3]), user="postgres", database="postgres"
        )
        try:
            rows = await connection.fetch(
                "SELECT usename FROM pg_stat_activity WHERE application_name = 'iscm-graph'"
            )
            sessions.extend(row["usename"] for row in rows)
            await connection.execute("SET ROLE iscm_service")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await connection.execute("ALTER TABLE audit_events DISABLE TRIGGER ALL")
        finally:
            await connection.close()

    # when
    body = await serve_and_query({"ISCM_DATA_DIR": str(data_dir)}, check_roles)

    # then it started PostgreSQL in the data directory, migrated, seeded and answered
    assert body["data"]["iscms"]["totalCount"] == 34
    assert (data_dir / "pgdata" / "PG_VERSION").exists()
    # as a role of its own that owns nothing, not as the owner of the schema
    assert set(sessions) == {"iscm_service"}


async def test_serving_after_a_migration_loads_the_new_seed_content(empty_database):
    # given a catalogue seeded before the real outcome records existed (schema 0005)
    await upgrade_async(empty_database, "0005_operations")
    engine = create_engine(empty_database, pool_size=1, max_overflow=0)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO iscms (slug, name, kind, status, members_confidence)"
                    " VALUES ('bali-process', 'Bali Process', 'IRF', 'ACTIVE', 'PARTIAL')"
                )
            )

        # when serve prepares the database
        await prepare(DatabaseUrls(owner=empty_database, service=empty_database))

        # then it migrated and loaded the content the new revision came with
        async with engine.connect() as connection:
            documents = await connection.execute(text("SELECT count(*) FROM documents"))
            assert documents.scalar_one() == 66
    finally:
        await engine.dispose()
