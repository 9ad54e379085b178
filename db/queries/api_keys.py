"""SQL for API keys: create, look up by key id, list, revoke (announced to every instance)."""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, Select, func, insert, null, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models

# Each payload is the key id of a key just revoked; delivered only if the revocation commits.
API_KEY_REVOCATIONS_CHANNEL = "iscm_graph_api_key_revocations"


async def insert_key(
    session: AsyncSession,
    *,
    key_id: str,
    name: str,
    role: str,
    secret_hash: str,
    iscm_ids: Sequence[int],
) -> int:
    """Store a key and the ISCMs it may write for; return its row id."""
    row_id = (
        await session.execute(
            insert(models.ApiKey)
            .values(key_id=key_id, name=name, role=role, secret_hash=secret_hash)
            .returning(models.ApiKey.id)
        )
    ).scalar_one()
    if iscm_ids:
        await session.execute(
            insert(models.api_key_iscms),
            [{"api_key_id": row_id, "iscm_id": iscm_id} for iscm_id in iscm_ids],
        )
    return row_id


def key_query() -> Select[Any]:
    """Select keys with the ids and slugs of their ISCMs (empty arrays when none)."""
    link = models.api_key_iscms
    key = models.ApiKey
    return (
        select(
            key.id,
            key.key_id,
            key.name,
            key.role,
            key.secret_hash,
            key.created_at,
            key.revoked_at,
            # array_remove(..., NULL) turns the outer join's [NULL] into an empty array.
            func.array_remove(func.array_agg(models.Iscm.id), null()).label("iscm_ids"),
            func.array_remove(func.array_agg(models.Iscm.slug), null()).label("iscm_slugs"),
        )
        .outerjoin(link, link.c.api_key_id == key.id)
        .outerjoin(models.Iscm, models.Iscm.id == link.c.iscm_id)
        .group_by(key.id)
    )


async def key_by_key_id(session: AsyncSession, key_id: str) -> Row[Any] | None:
    """Return the key named `key_id` (revoked or not), or None."""
    return (await session.execute(key_query().where(models.ApiKey.key_id == key_id))).first()


async def all_keys(session: AsyncSession) -> list[Row[Any]]:
    """Return every key, oldest first."""
    query = key_query().order_by(models.ApiKey.created_at, models.ApiKey.id)
    return list((await session.execute(query)).all())


async def revoke_key(session: AsyncSession, key_id: str) -> bool:
    """Mark the key revoked and announce it; False when there is no such key or it already was.

    Every service instance hears the announcement on commit and closes the key's WebSockets.
    """
    result = await session.execute(
        update(models.ApiKey)
        .where(models.ApiKey.key_id == key_id, models.ApiKey.revoked_at.is_(None))
        .values(revoked_at=func.now())
        .returning(models.ApiKey.id)
    )
    if result.first() is None:
        return False
    await session.execute(
        text("SELECT pg_notify(:channel, :key_id)"),
        {"channel": API_KEY_REVOCATIONS_CHANNEL, "key_id": key_id},
    )
    return True


async def active_key_ids(session: AsyncSession, key_ids: Collection[str]) -> set[str]:
    """Return those of `key_ids` that name a key not revoked."""
    query = select(models.ApiKey.key_id).where(
        models.ApiKey.key_id.in_(list(key_ids)), models.ApiKey.revoked_at.is_(None)
    )
    return set((await session.execute(query)).scalars())


async def iscm_ids_by_slugs(session: AsyncSession, slugs: Sequence[str]) -> dict[str, int]:
    """Map the known slugs among `slugs` to ISCM ids."""
    rows = await session.execute(
        select(models.Iscm.slug, models.Iscm.id).where(models.Iscm.slug.in_(list(slugs)))
    )
    return {slug: iscm_id for slug, iscm_id in rows}
