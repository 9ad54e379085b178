"""Shared fixtures: one migrated and seeded database per test run, a rolled-back transaction per test."""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from starlette.types import Receive, Scope, Send

from db.reference_data import load_reference_data
from db.session import DRIVER_STATEMENT_LISTENERS, SessionFactory, create_engine
from migrations import upgrade_async
from service.app import create_app
from service.settings import Settings
from tests import browser
from tests.database import create_database, drop_database, server_url
from tests.live_service import served
from tests.writable import WritableDatabase, create_writable_database


@pytest.fixture(scope="session")
def admin_url() -> Iterator[str]:
    """URL of the PostgreSQL server the tests use."""
    with server_url() as url:
        yield url


@pytest.fixture(scope="session")
async def database_url(admin_url: str) -> AsyncIterator[str]:
    """A fresh database for this test run, migrated to head and holding the reference data."""
    url = await create_database(admin_url)
    await upgrade_async(url)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    async with AsyncSession(engine) as session, session.begin():
        await load_reference_data(session)
    await engine.dispose()
    yield url
    await drop_database(admin_url, url)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """A Chromium executable for the browser tests, or skip with the reason there is none."""
    found = browser.chromium()
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture(scope="session")
async def writable_database(admin_url: str) -> AsyncIterator[WritableDatabase]:
    """A database of its own that tests driving a served iscm-graph from outside commit to."""
    writable = await create_writable_database(admin_url)
    yield writable
    await drop_database(admin_url, writable.url)


@pytest.fixture(scope="session")
def served_database(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This run's database served by `iscm-graph serve` with its defaults, started once for the
    tests that drive it from outside (Node tools, a browser); yield its base URL."""
    with served(database_url, tmp_path_factory.mktemp("served-database") / "serve.log") as base:
        yield base


@pytest.fixture(scope="session")
def served_writable_database(
    writable_database: WritableDatabase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`writable_database` served by `iscm-graph serve` with its defaults, started once for the
    tests that subscribe and commit from outside; yield its base URL."""
    log_path = tmp_path_factory.mktemp("served-writable-database") / "serve.log"
    with served(writable_database.url, log_path) as base:
        yield base


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The test run's engine."""
    engine = create_engine(database_url, pool_size=4, max_overflow=4)
    yield engine
    await engine.dispose()


@dataclass
class StatementLog:
    """SQL statements seen on the test connection."""

    statements: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Forget what was seen so far."""
        self.statements.clear()

    @property
    def count(self) -> int:
        """How many statements ran."""
        return len(self.statements)


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
def session_factory(connection: AsyncConnection) -> SessionFactory:
    """Sessions joined to the test transaction: code under test may commit, the test still rolls back."""
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(session_factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session in the test transaction."""
    async with session_factory() as session:
        yield session


@pytest.fixture
def statements(connection: AsyncConnection) -> Iterator[StatementLog]:
    """Record every SQL statement the test connection runs."""
    log = StatementLog()

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        log.statements.append(statement)

    sync_engine = connection.sync_engine
    event.listen(sync_engine, "before_cursor_execute", record)
    DRIVER_STATEMENT_LISTENERS.append(log.statements.append)
    yield log
    DRIVER_STATEMENT_LISTENERS.remove(log.statements.append)
    event.remove(sync_engine, "before_cursor_execute", record)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at the test database; UN data only from the cache (no test goes online)."""
    return Settings(database_url=database_url, offline=True)


@pytest.fixture
async def client(
    settings: Settings, session_factory: SessionFactory
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process; requests share the test transaction."""
    app = create_app(settings, session_factory=session_factory)
    async with app.router.lifespan_context(app) as state:
        assert state is not None  # the app's lifespan yields its state

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        transport = httpx.ASGITransport(app=with_state)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


class GraphQLClient:
    """Posts GraphQL operations and checks the envelope."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run an operation; return the whole response body."""
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}
        )
        assert response.headers["content-type"].startswith("application/"), response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run an operation that must succeed; return its data."""
        body = await self.execute(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def errors(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run an operation that must fail; return its errors."""
        body = await self.execute(query, variables)
        assert body.get("errors"), body
        return body["errors"]


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQLClient:
    """A GraphQL client for the in-process app."""
    return GraphQLClient(client)
