"""Helpers for the read-graph tests: demo data in the test transaction, rows of our own, and
running an operation as a given principal straight through the schema."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.demo_data import insert_demo_rows
from db.session import RequestSession, SessionFactory
from resolvers.context import ApiConfig, Context
from resolvers.principal import ANONYMOUS, Principal, Role
from schema import schema


@pytest.fixture
async def demo(session: AsyncSession) -> AsyncSession:
    """The seeded database plus the synthetic recommendations and contributions."""
    await insert_demo_rows(session)
    await session.flush()
    return session


@pytest.fixture
async def without_real_outcomes(session: AsyncSession) -> AsyncSession:
    """The catalogue without the ISCMs' real documents, outcomes and meetings (db/seed/).

    For tests that list or count every record of a kind among rows of their own, written
    when a fresh install held none; the test's transaction rolls the deletion back.
    """
    await session.execute(
        delete(models.Recommendation).where(models.Recommendation.slug.is_not(None))
    )
    await session.execute(delete(models.Document).where(models.Document.slug.is_not(None)))
    await session.execute(delete(models.Event).where(models.Event.detailed_kind.is_not(None)))
    await session.flush()
    return session


async def execute_as(
    session_factory: SessionFactory,
    query: str,
    variables: dict[str, Any] | None = None,
    principal: Principal = ANONYMOUS,
    config: ApiConfig | None = None,
) -> Any:
    """Run an operation through the schema with `principal` (and `config`, by default the
    defaults); return the ExecutionResult."""
    db = RequestSession(session_factory)
    try:
        context = Context.create(db, config or ApiConfig(), principal=principal)
        return await schema.execute(query, variable_values=variables, context_value=context)
    finally:
        await db.close()


async def data_as(
    session_factory: SessionFactory,
    query: str,
    variables: dict[str, Any] | None = None,
    principal: Principal = ANONYMOUS,
) -> dict[str, Any]:
    """Run an operation that must succeed as `principal`; return its data."""
    result = await execute_as(session_factory, query, variables, principal)
    assert result.errors is None, result.errors
    return result.data


def partner_of(*iscm_ids: int) -> Principal:
    """A partner principal of these ISCMs."""
    return Principal(role=Role.PARTNER, subject="partner", iscm_ids=frozenset(iscm_ids))


EDITOR = Principal(role=Role.EDITOR, subject="editor")
ADMIN = Principal(role=Role.ADMIN, subject="admin")


async def iscm_id(session: AsyncSession, slug: str) -> int:
    """Return the database id of the ISCM with this slug."""
    return (
        await session.execute(select(models.Iscm.id).where(models.Iscm.slug == slug))
    ).scalar_one()


async def add_recommendation(
    session: AsyncSession,
    *,
    iscm: int | None,
    title: str,
    text: str = "Synthetic test recommendation.",
    adopted_on: date | None = None,
    level: str | None = None,
    phase: str | None = None,
    outcome_type: str | None = None,
    objectives: tuple[int, ...] = (),
    themes: tuple[str, ...] = (),
    sdg_codes: tuple[str, ...] = (),
    event: int | None = None,
) -> int:
    """Insert a synthetic recommendation with its links; return its id."""
    recommendation_id = (
        await session.execute(
            insert(models.Recommendation)
            .values(
                iscm_id=iscm,
                event_id=event,
                title=title,
                text=text,
                adopted_on=adopted_on,
                level=level,
                phase=phase,
                outcome_type=outcome_type,
                synthetic=True,
            )
            .returning(models.Recommendation.id)
        )
    ).scalar_one()
    for table, column, values in (
        (models.recommendation_gcm_objectives, "objective_number", objectives),
        (models.recommendation_thematic_areas, "thematic_area_slug", themes),
        (models.recommendation_sdg_targets, "sdg_code", sdg_codes),
    ):
        if values:
            await session.execute(
                insert(table),
                [{"recommendation_id": recommendation_id, column: value} for value in values],
            )
    return recommendation_id


async def add_contribution(
    session: AsyncSession,
    *,
    iscm: int,
    process: int,
    title: str,
    status: str = "PUBLISHED",
    objectives: tuple[int, ...] = (),
    level: str | None = None,
    phase: str | None = None,
    outcome_type: str | None = None,
) -> int:
    """Insert a synthetic review contribution in `status` with its objectives; return its id."""
    now = datetime(2025, 3, 1, tzinfo=UTC)
    submitted = status in ("SUBMITTED", "PUBLISHED", "WITHDRAWN")
    contribution_id = (
        await session.execute(
            insert(models.ReviewContribution)
            .values(
                iscm_id=iscm,
                review_process_id=process,
                title=title,
                summary="Synthetic test contribution.",
                status=status,
                level=level,
                phase=phase,
                outcome_type=outcome_type,
                submitted_at=now if submitted else None,
                published_at=now if status == "PUBLISHED" else None,
                synthetic=True,
            )
            .returning(models.ReviewContribution.id)
        )
    ).scalar_one()
    if objectives:
        await session.execute(
            insert(models.review_contribution_gcm_objectives),
            [{"contribution_id": contribution_id, "objective_number": n} for n in objectives],
        )
    return contribution_id


async def review_process_id(session: AsyncSession, slug: str) -> int:
    """Return the database id of the review process with this slug."""
    query = select(models.ReviewProcess.id).where(models.ReviewProcess.slug == slug)
    return (await session.execute(query)).scalar_one()


async def count(session: AsyncSession, query: Any) -> int:
    """Count the rows of a select."""
    return (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
