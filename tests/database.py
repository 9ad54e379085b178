"""Test databases: a real PostgreSQL (TEST_DATABASE_URL, else an embedded one), never a mock."""

import asyncio
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.embedded import start_embedded
from db.session import create_engine
from service.settings import normalise_database_url


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


def run(coroutine: object) -> object:
    """Run a coroutine from synchronous fixture code."""
    return asyncio.run(coroutine)  # type: ignore[arg-type]
