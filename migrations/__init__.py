"""Alembic migration history, and the helpers that run it from the CLI and tests."""

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    """Return an Alembic config pointing at this package, for the database at `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser would treat "%" in a URL-encoded socket path as interpolation.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Migrate the database at `url` up to `revision` (blocking; call from a thread)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the database at `url` down to `revision` (blocking; call from a thread)."""
    command.downgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "heads") -> None:
    """Migrate without blocking the event loop (env.py runs its own loop in a thread)."""
    await asyncio.to_thread(upgrade, url, revision)


def head_revisions() -> set[str]:
    """Return the revisions the code expects the database to be at."""
    return set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


async def current_revisions(engine: AsyncEngine) -> set[str]:
    """Return the revisions the database at `engine` is at (empty when never migrated)."""
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: set(MigrationContext.configure(sync).get_current_heads())
        )
