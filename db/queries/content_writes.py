"""SQL the write API runs on the catalogue's reference content (events and documents): read
by id or slug, insert, versioned update, and the link tables that tie them to ISCMs and to
each other."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Table, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.columns import readable_columns

ContentModel = type[models.Event] | type[models.Document]


async def content_by_id(session: AsyncSession, model: ContentModel, row_id: int) -> Row[Any] | None:
    """Return the event or document `row_id`, removed or not, or None."""
    query = select(*readable_columns(model)).where(model.id == row_id)
    return (await session.execute(query)).first()


async def insert_content(
    session: AsyncSession, model: ContentModel, values: dict[str, Any]
) -> Row[Any] | None:
    """Insert an event or document; None when its slug is taken."""
    query = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["slug"])
        .returning(*readable_columns(model))
    )
    return (await session.execute(query)).first()


async def update_content(
    session: AsyncSession,
    model: ContentModel,
    row_id: int,
    expected_version: int,
    values: dict[str, Any],
) -> Row[Any] | None:
    """Apply `values` if the row is still at `expected_version`; None when it is not.

    The version increments, which also tells `iscm-graph seed` that an editor changed the
    record (db/seed_loading.py keeps it, its links included).
    """
    query = (
        update(model)
        .where(model.id == row_id, model.version == expected_version)
        .values(**values, version=model.version + 1, updated_at=func.now())
        .returning(*readable_columns(model))
    )
    return (await session.execute(query)).first()


async def linked(
    session: AsyncSession, table: Table, owner: str, owner_id: int, other: str
) -> list[Any]:
    """Return what the row `owner_id` is linked to through `table`, in order."""
    query = select(table.c[other]).where(table.c[owner] == owner_id).order_by(table.c[other])
    return list((await session.execute(query)).scalars())


async def set_links(
    session: AsyncSession,
    table: Table,
    owner: str,
    owner_id: int,
    other: str,
    others: Sequence[Any],
    *,
    replace: bool,
) -> None:
    """Link the row `owner_id` to `others`; with `replace`, unlink everything else."""
    if replace:
        await session.execute(delete(table).where(table.c[owner] == owner_id))
    if others:
        await session.execute(
            insert(table)
            .values([{owner: owner_id, other: value} for value in others])
            .on_conflict_do_nothing()
        )


async def live_ids(session: AsyncSession, model: ContentModel, ids: Sequence[int]) -> set[int]:
    """Return which of `ids` name events or documents that exist and are not removed."""
    if not ids:
        return set()
    query = select(model.id).where(model.id.in_(list(ids)), model.deleted_at.is_(None))
    return set((await session.execute(query)).scalars())


async def iscm_ids_by_slug(session: AsyncSession, slugs: Sequence[str]) -> dict[str, int]:
    """Return the ids of the ISCMs among `slugs`, by slug."""
    if not slugs:
        return {}
    query = select(models.Iscm.slug, models.Iscm.id).where(models.Iscm.slug.in_(list(slugs)))
    return {slug: iscm_id for slug, iscm_id in (await session.execute(query)).all()}
