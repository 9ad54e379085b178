"""The migration history and the models agree, and the history runs down and up again."""

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db.models import Base
from db.session import create_engine
from migrations import current_revisions, downgrade, head_revisions, upgrade
from tests.database import create_database, drop_database


@pytest.fixture
async def scratch_database(admin_url):
    url = await create_database(admin_url, prefix="iscm_migrations")
    yield url
    await drop_database(admin_url, url)


async def differences(url: str) -> list:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync, opts={"compare_type": True, "compare_server_default": True}
                    ),
                    Base.metadata,
                )
            )
    finally:
        await engine.dispose()


async def revisions(url: str) -> set[str]:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        return await current_revisions(engine)
    finally:
        await engine.dispose()


async def test_models_and_migrations_agree_and_round_trip(scratch_database):
    await asyncio.to_thread(upgrade, scratch_database)
    assert await revisions(scratch_database) == head_revisions()
    assert await differences(scratch_database) == []

    await asyncio.to_thread(downgrade, scratch_database, "base")
    assert await revisions(scratch_database) == set()

    await asyncio.to_thread(upgrade, scratch_database)
    assert await differences(scratch_database) == []
