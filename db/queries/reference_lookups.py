"""SQL lookups the write API validates input against: review processes and vocabularies."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models

VOCABULARIES: dict[str, Any] = {
    "level": models.GovernanceLevel,
    "phase": models.GovernancePhase,
    "outcome_type": models.OutcomeType,
}


async def review_process_by_slug(session: AsyncSession, slug: str) -> Row[*tuple[Any, ...]] | None:
    """Return (id, slug, opens_on, closes_on) of the review process `slug`, or None."""
    process = models.ReviewProcess
    query = select(process.id, process.slug, process.opens_on, process.closes_on).where(
        process.slug == slug
    )
    return (await session.execute(query)).first()


async def review_process_by_id(
    session: AsyncSession, process_id: int
) -> Row[*tuple[Any, ...]] | None:
    """Return (id, slug, opens_on, closes_on) of a review process, or None."""
    process = models.ReviewProcess
    query = select(process.id, process.slug, process.opens_on, process.closes_on).where(
        process.id == process_id
    )
    return (await session.execute(query)).first()


async def iscm_by_slug(session: AsyncSession, slug: str) -> Row[*tuple[Any, ...]] | None:
    """Return (id, slug, name, version) of the ISCM `slug`, or None."""
    query = select(models.Iscm.id, models.Iscm.slug, models.Iscm.name, models.Iscm.version).where(
        models.Iscm.slug == slug
    )
    return (await session.execute(query)).first()


async def known_codes(session: AsyncSession, vocabulary: str, codes: Collection[str]) -> set[str]:
    """Return which of `codes` exist in `vocabulary` (level, phase or outcome_type)."""
    if not codes:
        return set()
    model = VOCABULARIES[vocabulary]
    query = select(model.code).where(model.code.in_(list(codes)))
    return set((await session.execute(query)).scalars())


async def vocabulary_terms(session: AsyncSession, vocabulary: str) -> list[Row[*tuple[Any, ...]]]:
    """Return (code, name) of every term of `vocabulary` (level, phase or outcome_type)."""
    model = VOCABULARIES[vocabulary]
    query = select(model.code, model.name).order_by(model.position)
    return list((await session.execute(query)).all())


async def state_un_status(session: AsyncSession, iso3: str) -> str | None:
    """Return the UN status of the State or territory with this ISO alpha-3 code, or None."""
    query = select(models.MemberState.un_status).where(models.MemberState.iso3 == iso3)
    return (await session.execute(query)).scalar_one_or_none()
