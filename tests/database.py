"""Test databases: a real PostgreSQL (TEST_DATABASE_URL, else an embedded one), never a mock."""

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.embedded import start_embedded
from db.session import create_engine
from service.settings import normalise_database_url

ROLE_PASSWORD = "role-secret"


@contextmanager
def server_url() -> Iterator[str]:
    """Yield an admin URL: TEST_DATABASE_URL when set, else an embedded server's."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield normalise_database_url(configured)
        return
    with tempfile.TemporaryDirectory(prefix="iscm-graph-test-") as directory:
        os.chmod(directory, 0o755)  # the embedded server may run as another user when root
        server, url = start_embedded(Path(directory))
        try:
            yield url
        finally:
            server.cleanup()


async def create_database(admin_url: str, prefix: str = "iscm_test") -> str:
    """Create a uniquely named empty database next to `admin_url`; return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(admin_url: str, url: str) -> None:
    """Drop the database at `url`, disconnecting anyone still on it."""
    name = make_url(url).database
    engine = create_engine(admin_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await engine.dispose()


async def admin_execute(admin_url: str, statement: str) -> None:
    """Run one statement on the server as the admin, outside any transaction."""
    engine = create_engine(admin_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def create_role(admin_url: str, prefix: str = "iscm_test_role") -> str:
    """Create a uniquely named login role without any privileges; return its name."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    await admin_execute(admin_url, f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{ROLE_PASSWORD}'")
    return name


async def drop_role(admin_url: str, name: str) -> None:
    """Drop a role made by `create_role` (after the databases granting it anything are gone)."""
    await admin_execute(admin_url, f'DROP ROLE IF EXISTS "{name}"')


def url_as(url: str, role: str) -> str:
    """Return `url` logging in as `role`."""
    return (
        make_url(url)
        .set(username=role, password=ROLE_PASSWORD)
        .render_as_string(hide_password=False)
    )


@dataclass(frozen=True)
class RoleDatabase:
    """An empty database owned by the admin, and a login role that may do nothing in it yet."""

    owner_url: str
    service_url: str


@asynccontextmanager
async def database_with_service_role(admin_url: str, prefix: str) -> AsyncIterator[RoleDatabase]:
    """Create an empty database and a service role for it; drop both afterwards."""
    role = await create_role(admin_url, prefix="iscm_service")
    url = await create_database(admin_url, prefix=prefix)
    try:
        yield RoleDatabase(owner_url=url, service_url=url_as(url, role))
    finally:
        await drop_database(admin_url, url)
        await drop_role(admin_url, role)


def run(coroutine: object) -> object:
    """Run a coroutine from synchronous fixture code."""
    return asyncio.run(coroutine)  # type: ignore[arg-type]
