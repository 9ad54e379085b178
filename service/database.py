"""Finding, checking and preparing the database the service runs on."""

import asyncio
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from db.embedded import EmbeddedDatabaseError, start_embedded
from db.reference_data import is_seeded, load_reference_data
from db.seed_loading import SeedDataError, SeedReport
from db.session import create_engine, create_session_factory
from migrations import current_revisions, head_revisions, upgrade_async
from service.settings import ConfigurationError, Settings

log = logging.getLogger("iscm_graph.database")

CONNECT_TIMEOUT_SECONDS = 10


@contextmanager
def database_url(settings: Settings) -> Iterator[str]:
    """Yield the configured database URL, or start the embedded server and yield its URL."""
    if settings.database_url is not None:
        yield settings.database_url
        return
    try:
        server, url = start_embedded(settings.data_dir)
    except EmbeddedDatabaseError as error:
        raise ConfigurationError(str(error)) from None
    log.info("No DATABASE_URL set: using the embedded PostgreSQL in %s", settings.data_dir)
    try:
        yield url
    finally:
        server.cleanup()


def describe(url: str) -> str:
    """Name the database at `url` without its password."""
    parsed = make_url(url)
    where = parsed.host or parsed.query.get("host") or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{where}{port}/{parsed.database}"


async def check_reachable(url: str) -> None:
    """Raise ConfigurationError with one line unless the database answers."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except TimeoutError:
        raise ConfigurationError(
            f"cannot reach the database at {describe(url)}: no answer in {CONNECT_TIMEOUT_SECONDS} s"
        ) from None
    except (OperationalError, DBAPIError, OSError, socket.gaierror) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise ConfigurationError(
            f"cannot reach the database at {describe(url)}: {reason}"
        ) from None
    finally:
        await engine.dispose()


async def migrate(url: str) -> bool:
    """Bring the schema to the latest revision; return whether anything ran."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        before = await current_revisions(engine)
    finally:
        await engine.dispose()
    if before == head_revisions():
        return False
    await upgrade_async(url)
    return True


async def seed(url: str) -> SeedReport:
    """Load the reference data in one transaction; refused seed data changes nothing."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            return await load_reference_data(session)
    except SeedDataError as error:
        raise ConfigurationError(f"the seed data was not loaded: {error}") from None
    finally:
        await engine.dispose()


async def prepare(url: str) -> None:
    """Check, migrate and (on an empty catalogue) seed the database before serving."""
    await check_reachable(url)
    migrated = await migrate(url)
    if migrated:
        log.info("Database migrated to %s", ", ".join(sorted(head_revisions())))
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with create_session_factory(engine)() as session:
            seeded = await is_seeded(session)
    finally:
        await engine.dispose()
    # A new revision may come with new seed content; loading again keeps editors' changes.
    if migrated or not seeded:
        report = await seed(url)
        log.info("Reference data loaded: %s", "; ".join(report.lines()[:3]))


def export_url(url: str) -> None:
    """Hand the URL to worker processes through the environment."""
    os.environ["DATABASE_URL"] = url
