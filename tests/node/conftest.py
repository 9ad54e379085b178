"""Fixtures of the tests that drive Node tools against a running iscm-graph.

The service runs as users run it, `iscm-graph serve` in a subprocess. The Node packages are
installed on first use from the lockfiles (tests/node_packages.py); without Node 20+ and npm
these tests skip.
"""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.reference_data import load_reference_data
from db.session import create_engine
from migrations import upgrade_async
from service.api_keys import create_key
from tests.database import create_database, drop_database
from tests.live_service import ROOT, served
from tests.node_packages import node_packages
from tests.write_api.support import add_review_process

NODE_DIR = Path(__file__).resolve().parent
GATEWAY_DIR = ROOT / "deploy" / "gateway"
PARTNER_ISCM = "bali-process"
OPEN_REVIEW = "node-open-review"


@pytest.fixture(scope="session")
def node_project() -> Path:
    """tests/node with its packages installed."""
    return node_packages(NODE_DIR)


@pytest.fixture(scope="session")
def gateway_project() -> Path:
    """deploy/gateway (Hive Gateway and the composition script) with its packages installed."""
    return node_packages(GATEWAY_DIR)


@pytest.fixture(scope="session")
def live_service(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve this run's database with `iscm-graph serve` on a free port; yield the GraphQL URL."""
    log_path = tmp_path_factory.mktemp("live-service") / "serve.log"
    with served(database_url, log_path) as base:
        yield f"{base}/graphql"


@dataclass(frozen=True)
class WritableDatabase:
    """A database of its own that tests may commit to, with an open review and a partner key."""

    url: str
    partner_token: str


@pytest.fixture(scope="session")
async def writable_database(admin_url: str) -> AsyncIterator[WritableDatabase]:
    """A migrated, seeded database for tests that commit, dropped after the run."""
    url = await create_database(admin_url, prefix="iscm_node")
    await upgrade_async(url)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    async with AsyncSession(engine) as session, session.begin():
        await load_reference_data(session)
        await add_review_process(session, OPEN_REVIEW)
        key = await create_key(
            session, name="node partner", role="partner", iscm_slugs=[PARTNER_ISCM]
        )
    await engine.dispose()
    yield WritableDatabase(url, key.token)
    await drop_database(admin_url, url)
