"""SQL the write API runs on review contributions and recommendations alike: read for update
(following a merged duplicate to the record it went into), insert, versioned update, links to
GCM objectives, and what merging a duplicate moves."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Table, delete, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.columns import readable_columns
from db.queries.visibility import WorkflowModel, named_by

# Each record's link tables, as (table, the column naming the record); the first links it to
# GCM objectives.
LINKS: dict[WorkflowModel, tuple[tuple[Table, str], ...]] = {
    models.ReviewContribution: ((models.review_contribution_gcm_objectives, "contribution_id"),),
    models.Recommendation: (
        (models.recommendation_gcm_objectives, "recommendation_id"),
        (models.recommendation_thematic_areas, "recommendation_id"),
        (models.recommendation_sdg_targets, "recommendation_id"),
        (models.recommendation_shared_iscms, "recommendation_id"),
    ),
}


async def record_by_id(
    session: AsyncSession, model: WorkflowModel, record_id: int
) -> Row[Any] | None:
    """Return the record `record_id` names, whatever its status: itself, or the record it was
    merged into; None when there is none."""
    columns = readable_columns(model)
    query = named_by(select(*columns), model, [record_id]).with_only_columns(*columns)
    return (await session.execute(query)).first()


async def insert_record(
    session: AsyncSession, model: WorkflowModel, values: dict[str, Any]
) -> Row[Any]:
    """Insert a record; return the stored row."""
    query = insert(model).values(**values).returning(*readable_columns(model))
    return (await session.execute(query)).one()


async def update_record(
    session: AsyncSession,
    model: WorkflowModel,
    record_id: int,
    expected_version: int,
    values: dict[str, Any],
) -> Row[Any] | None:
    """Apply `values` if the row is still at `expected_version`; None when it is not (or gone).

    The version check is in the WHERE clause: of two concurrent writers that read the same
    version, the second waits for the first's row lock, re-reads the row and matches nothing.
    """
    query = (
        update(model)
        .where(model.id == record_id, model.version == expected_version)
        .values(**values, version=model.version + 1, updated_at=func.now())
        .returning(*readable_columns(model))
    )
    return (await session.execute(query)).first()


def objective_link(model: WorkflowModel) -> tuple[Table, str]:
    """The table linking records of `model` to GCM objectives, and its record column."""
    return LINKS[model][0]


async def objectives_of(session: AsyncSession, model: WorkflowModel, record_id: int) -> list[int]:
    """Return the GCM objective numbers a record addresses, in order."""
    link, owner = objective_link(model)
    query = (
        select(link.c.objective_number)
        .where(link.c[owner] == record_id)
        .order_by(link.c.objective_number)
    )
    return list((await session.execute(query)).scalars())


async def set_objectives(
    session: AsyncSession,
    model: WorkflowModel,
    record_id: int,
    numbers: Sequence[int],
    *,
    replace: bool,
) -> None:
    """Link the record to `numbers`; with `replace`, unlink every other objective."""
    link, owner = objective_link(model)
    if replace:
        await session.execute(delete(link).where(link.c[owner] == record_id))
    if numbers:
        await session.execute(
            pg_insert(link)
            .values([{owner: record_id, "objective_number": n} for n in numbers])
            .on_conflict_do_nothing()
        )


async def copy_links(
    session: AsyncSession, model: WorkflowModel, duplicate_id: int, survivor_id: int
) -> None:
    """Give the survivor every link the duplicate has (the duplicate keeps its own)."""
    for link, owner in LINKS[model]:
        others = [column for column in link.c if column.name != owner]
        copied = select(literal(survivor_id), *others).where(link.c[owner] == duplicate_id)
        await session.execute(
            pg_insert(link)
            .from_select([owner, *(c.name for c in others)], copied)
            .on_conflict_do_nothing()
        )


async def redirect_merged(
    session: AsyncSession, model: WorkflowModel, from_id: int, to_id: int
) -> None:
    """Point duplicates merged into `from_id` at `to_id`, so every redirect stays one hop."""
    await session.execute(
        update(model).where(model.merged_into_id == from_id).values(merged_into_id=to_id)
    )
