"""Replicas starting together: two processes migrating and seeding one fresh database at once.

Each pair runs as users run it (two real `iscm-graph` processes started together), with the
owner's URL for migrations and a service role's URL for the app, and must end with both
processes successful, the schema at head once and the reference data loaded once.
"""

import asyncio
import sys
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text

from db.session import create_engine
from migrations import head_revisions
from tests.database import RoleDatabase, database_with_service_role
from tests.live_service import ROOT, clean_environment, free_port

CLI = [sys.executable, "-m", "service.cli"]
READY_SECONDS = 90


def environment(database: RoleDatabase, **extra: str) -> dict[str, str]:
    """The environment of a process using both roles, plus `extra`."""
    return clean_environment(
        DATABASE_URL=database.service_url,
        ISCM_MIGRATION_DATABASE_URL=database.owner_url,
        ISCM_LOG_JSON="false",
        **extra,
    )


@pytest.fixture
async def fresh(admin_url: str) -> AsyncIterator[RoleDatabase]:
    async with database_with_service_role(admin_url, "iscm_race") as database:
        yield database


async def run_both(command: str, environment: dict[str, str]) -> list[tuple[int, str, str]]:
    """Start `iscm-graph <command>` twice at once; return each one's status, stdout and stderr."""
    processes = [
        await asyncio.create_subprocess_exec(
            *CLI,
            command,
            env=environment,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    results = []
    for process in processes:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
        assert process.returncode is not None
        results.append((process.returncode, stdout.decode(), stderr.decode()))
    return results


async def database_state(url: str) -> tuple[list[str], int, int]:
    """Return the migration revisions, and the counts of ISCMs and of memberships."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            revisions = list(
                (
                    await connection.execute(text("SELECT version_num FROM alembic_version"))
                ).scalars()
            )
            iscms = await connection.scalar(text("SELECT count(*) FROM iscms"))
            memberships = await connection.scalar(text("SELECT count(*) FROM iscm_memberships"))
            return revisions, iscms, memberships
    finally:
        await engine.dispose()


def assert_at_head_and_seeded_once(state: tuple[list[str], int, int]) -> None:
    revisions, iscms, memberships = state
    assert revisions == sorted(head_revisions())
    assert iscms == 34
    assert memberships > 500


async def test_two_migrations_at_once_both_succeed_and_migrate_once(fresh):
    results = await run_both("migrate", environment(fresh))

    assert [status for status, _, _ in results] == [0, 0], results
    outputs = sorted(stdout.strip() for _, stdout, _ in results)
    assert outputs == ["already at the latest revision", "migrated to the latest revision"]
    assert all("Traceback" not in stderr for _, _, stderr in results)
    revisions, iscms, _ = await database_state(fresh.owner_url)
    assert revisions == sorted(head_revisions())
    assert iscms == 0


async def test_two_seeds_at_once_both_succeed_and_load_once(fresh):
    results = await run_both("seed", environment(fresh))

    assert [status for status, _, _ in results] == [0, 0], results
    # one loaded the ISCMs, the other found them all there
    iscm_lines = sorted(
        next(line for line in stdout.splitlines() if line.startswith("iscms:"))
        for _, stdout, _ in results
    )
    assert iscm_lines == [
        "iscms: 0 inserted, 0 updated, 34 unchanged",
        "iscms: 34 inserted, 0 updated, 0 unchanged",
    ]
    assert_at_head_and_seeded_once(await database_state(fresh.owner_url))


async def test_two_services_starting_at_once_both_serve(fresh):
    ports = [free_port(), free_port()]
    processes = [
        await asyncio.create_subprocess_exec(
            *CLI,
            "serve",
            env=environment(fresh, ISCM_PORT=str(port), ISCM_OFFLINE="true"),
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            for port, process in zip(ports, processes, strict=True):
                deadline = asyncio.get_running_loop().time() + READY_SECONDS
                while True:
                    try:
                        ready = await client.get(f"http://127.0.0.1:{port}/readyz")
                        if ready.status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    assert process.returncode is None, "a service exited while starting"
                    assert asyncio.get_running_loop().time() < deadline, "a service never ready"
                    await asyncio.sleep(0.2)
                answer = await client.post(
                    f"http://127.0.0.1:{port}/graphql", json={"query": "{ iscms { totalCount } }"}
                )
                assert answer.json() == {"data": {"iscms": {"totalCount": 34}}}
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
        logs = [(await process.communicate())[1].decode() for process in processes]

    assert sum("Database migrated to" in log for log in logs) == 1, logs
    assert sum("Reference data loaded" in log for log in logs) == 1, logs
    assert all("Traceback" not in log for log in logs), logs
    assert_at_head_and_seeded_once(await database_state(fresh.owner_url))
