"""Finding, checking and preparing the database the service runs on.

Two roles take part. The schema's owner migrates, seeds and runs the command line
(ISCM_MIGRATION_DATABASE_URL, else DATABASE_URL); the served app connects as the service role
(DATABASE_URL), which may read and write the data but owns nothing (migrations/grants.py), so it
cannot alter the audit log's append-only trigger. Migrating and seeding hold an advisory lock,
so replicas starting together take turns.
"""

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.embedded import EmbeddedDatabaseError, start_embedded
from db.reference_data import is_seeded, load_reference_data
from db.seed_loading import SeedDataError, SeedReport
from db.session import create_engine, create_session_factory
from migrations import current_revisions, head_revisions, upgrade_async
from migrations.grants import grant_service_role
from service.settings import ConfigurationError, Settings

log = logging.getLogger("iscm_graph.database")

CONNECT_TIMEOUT_SECONDS = 10
# The role the served app uses on the embedded PostgreSQL (created there when missing).
EMBEDDED_SERVICE_ROLE = "iscm_service"
# pg_advisory_lock key of migrating and seeding (advisory locks are per database).
SCHEMA_LOCK_KEY = 0x1_5C_6A_9F
INSUFFICIENT_PRIVILEGE = "42501"


@dataclass(frozen=True)
class DatabaseUrls:
    """Where to connect as the schema's owner and as the service; equal in a one-URL set-up."""

    owner: str
    service: str
    embedded: bool = False


@dataclass(frozen=True)
class Login:
    """Who a URL logs in as."""

    role: str
    superuser: bool


@contextmanager
def database_urls(settings: Settings) -> Iterator[DatabaseUrls]:
    """Yield the configured URLs, or start the embedded server and yield its URLs."""
    if settings.database_url is not None:
        owner = settings.migration_database_url or settings.database_url
        yield DatabaseUrls(owner=owner, service=settings.database_url)
        return
    try:
        server, url = start_embedded(settings.data_dir)
    except EmbeddedDatabaseError as error:
        raise ConfigurationError(str(error)) from None
    log.info("No DATABASE_URL set: using the embedded PostgreSQL in %s", settings.data_dir)
    service = make_url(url).set(username=EMBEDDED_SERVICE_ROLE, password=None)
    try:
        yield DatabaseUrls(
            owner=url, service=service.render_as_string(hide_password=False), embedded=True
        )
    finally:
        server.cleanup()


def describe(url: str) -> str:
    """Name the database at `url` without its password."""
    parsed = make_url(url)
    where = parsed.host or parsed.query.get("host") or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{where}{port}/{parsed.database}"


async def check_reachable(url: str) -> Login:
    """Return who `url` logs in as; raise ConfigurationError with one line unless it answers."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS), engine.connect() as connection:
            row = (
                await connection.execute(
                    text("SELECT current_user, current_setting('is_superuser') = 'on'")
                )
            ).one()
            return Login(role=row[0], superuser=row[1])
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


@asynccontextmanager
async def schema_lock(url: str) -> AsyncIterator[None]:
    """Hold the database's migration lock: one process at a time migrates and seeds.

    A session-level advisory lock on a connection of its own: released when the block ends,
    and by PostgreSQL if the process dies holding it.
    """
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            locked = text("SELECT pg_try_advisory_lock(:key)").bindparams(key=SCHEMA_LOCK_KEY)
            if not await connection.scalar(locked):
                log.info("Waiting for another process to finish migrating %s", describe(url))
                wait = text("SELECT pg_advisory_lock(:key)").bindparams(key=SCHEMA_LOCK_KEY)
                await connection.execute(wait)
            yield
    finally:
        await engine.dispose()


async def create_embedded_service_role(url: str) -> None:
    """Create the embedded server's service role unless it exists (it logs in over the socket)."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    f"DO $$ BEGIN CREATE ROLE {EMBEDDED_SERVICE_ROLE} LOGIN;"
                    " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                )
            )
    finally:
        await engine.dispose()


async def owns_schema(connection: AsyncConnection) -> bool:
    """Whether the connection's role owns the migrated schema (its migration state)."""
    owner = await connection.scalar(
        text(
            "SELECT tableowner = current_user FROM pg_tables"
            " WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
        )
    )
    return bool(owner)


async def upgrade(urls: DatabaseUrls) -> bool:
    """Migrate to the latest revision and grant the service role; return whether a revision ran.

    Call it holding `schema_lock`.
    """
    if urls.embedded:
        await create_embedded_service_role(urls.owner)
    owner = await check_reachable(urls.owner)
    service = owner if urls.service == urls.owner else await check_reachable(urls.service)
    engine = create_engine(urls.owner, pool_size=1, max_overflow=0)
    try:
        current = await current_revisions(engine)
        ran = current != head_revisions()
        if ran:
            try:
                await upgrade_async(urls.owner)
            except DBAPIError as error:
                if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                    raise
                raise ConfigurationError(
                    f"the database is at revision {', '.join(sorted(current)) or 'none'} and"
                    f" this version needs {', '.join(sorted(head_revisions()))}, which its"
                    " connection may not migrate: run `iscm-graph migrate` with the owner's URL"
                    " in ISCM_MIGRATION_DATABASE_URL"
                ) from None
        async with engine.begin() as connection:
            if service.role != owner.role:
                await grant_service_role(connection, service.role)
            # One role for both: the owner serving, or the service given no owner's URL.
            elif await owns_schema(connection):
                log.warning(
                    "The service connects as %s, the owner of the schema, which can alter or"
                    " disable the audit log's append-only trigger: give it a role of its own in"
                    " DATABASE_URL and the owner's URL in ISCM_MIGRATION_DATABASE_URL",
                    owner.role,
                )
    finally:
        await engine.dispose()
    if service.superuser and service.role != owner.role:
        log.warning(
            "The service role %s is a superuser: privileges do not bind it; use a plain role",
            service.role,
        )
    return ran


async def migrate(urls: DatabaseUrls) -> bool:
    """Bring the schema to the latest revision (taking turns with other processes)."""
    async with schema_lock(urls.owner):
        return await upgrade(urls)


async def seed(url: str) -> SeedReport:
    """Load the reference data in one transaction (as the owner, holding `schema_lock`); refused
    seed data changes nothing."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            return await load_reference_data(session)
    except SeedDataError as error:
        raise ConfigurationError(f"the seed data was not loaded: {error}") from None
    finally:
        await engine.dispose()


async def prepare(urls: DatabaseUrls) -> None:
    """Check, migrate and (on an empty catalogue) seed the database before serving."""
    await check_reachable(urls.owner)
    async with schema_lock(urls.owner):
        migrated = await upgrade(urls)
        if migrated:
            log.info("Database migrated to %s", ", ".join(sorted(head_revisions())))
        engine = create_engine(urls.owner, pool_size=1, max_overflow=0)
        try:
            async with create_session_factory(engine)() as session:
                seeded = await is_seeded(session)
        finally:
            await engine.dispose()
        # A new revision may come with new seed content; loading again keeps editors' changes.
        if migrated or not seeded:
            report = await seed(urls.owner)
            log.info("Reference data loaded: %s", "; ".join(report.lines()[:3]))


def export_url(url: str) -> None:
    """Hand the service's URL to worker processes through the environment."""
    os.environ["DATABASE_URL"] = url
