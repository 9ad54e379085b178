"""Fixtures of the write API tests: keys for every role, an open and a closed review process."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.reference_data import load_reference_data
from db.session import create_engine
from migrations import upgrade_async
from service.settings import Settings
from tests.database import create_database, drop_database
from tests.write_api.support import (
    LiveServer,
    WriteClient,
    add_review_process,
    live_server,
    new_key,
)

OWN_ISCM = "bali-process"
OTHER_ISCM = "budapest-process"
OPEN_PROCESS = "test-open-review"
CLOSED_PROCESS = "test-closed-review"


@dataclass
class Callers:
    """One client per role; the partner holds OWN_ISCM only."""

    anonymous: WriteClient
    partner: WriteClient
    editor: WriteClient
    admin: WriteClient

    def by_role(self, role: str) -> WriteClient:
        """Return the client of `role`."""
        return getattr(self, role)


@pytest.fixture
async def review_processes(session) -> dict[str, int]:
    """An open review process (window around today) and one that closed last year."""
    return {
        OPEN_PROCESS: await add_review_process(session, OPEN_PROCESS),
        CLOSED_PROCESS: await add_review_process(
            session, CLOSED_PROCESS, opens_days=-400, closes_days=-300
        ),
    }


@pytest.fixture
async def callers(session, client: httpx.AsyncClient, review_processes) -> Callers:
    """Clients for anonymous, partner (of OWN_ISCM), editor and admin, in the test transaction."""
    return Callers(
        anonymous=WriteClient(client),
        partner=WriteClient(client, await new_key(session, "partner", [OWN_ISCM])),
        editor=WriteClient(client, await new_key(session, "editor")),
        admin=WriteClient(client, await new_key(session, "admin")),
    )


@pytest.fixture(scope="session")
async def committed_database_url(admin_url: str) -> AsyncIterator[str]:
    """A database of its own for tests that commit (live server, races, the CLI), dropped after."""
    url = await create_database(admin_url, prefix="iscm_write_api")
    await upgrade_async(url)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    async with AsyncSession(engine) as session, session.begin():
        await load_reference_data(session)
        await add_review_process(session, OPEN_PROCESS)
    await engine.dispose()
    yield url
    await drop_database(admin_url, url)


@pytest.fixture(scope="session")
async def server(committed_database_url: str) -> AsyncIterator[LiveServer]:
    """The real app on a loopback port, committing to `committed_database_url`."""
    async with live_server(Settings(database_url=committed_database_url)) as running:
        yield running


@pytest.fixture
async def committed_session(committed_database_url: str) -> AsyncIterator[AsyncSession]:
    """A session on the committed database; what it commits stays (in that database only)."""
    engine = create_engine(committed_database_url, pool_size=2, max_overflow=0)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        yield session
    await engine.dispose()
