"""SQL for the GCM reviews: review processes and the ISCMs' contributions to them.

Every statement that reads contributions filters them with the viewer's visibility rule.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey
from db.queries.viewer import Viewer
from db.queries.visibility import named_by

Contribution = models.ReviewContribution
ReviewProcess = models.ReviewProcess

CONTRIBUTION_SORTS = {
    # Identity ids grow with insertion, so id order is creation order.
    "CREATED": SortKey("CREATED", (Contribution.id,)),
    "TITLE": SortKey("TITLE", (Contribution.title, Contribution.id)),
}
REVIEW_PROCESS_SORT = SortKey("OPENS_ON", (ReviewProcess.opens_on, ReviewProcess.id))


@dataclass(frozen=True)
class ContributionCriteria:
    """Validated filters on review contributions; None means no constraint."""

    iscm_id: int | None = None
    review_process_id: int | None = None
    objective: int | None = None
    status: str | None = None
    # The removed contributions an editor may restore, instead of the live ones.
    removed: bool = False


@dataclass(frozen=True)
class ReviewProcessCriteria:
    """Validated filters on review processes."""

    kind: str | None = None
    regional_commission: str | None = None
    year: int | None = None


def contribution_query(viewer: Viewer, *, removed: bool = False) -> Select[Any]:
    """Select every contribution column, only the rows `viewer` may see."""
    return select(Contribution.__table__).where(viewer.sees_contributions(removed=removed))


def filtered_contributions(criteria: ContributionCriteria, viewer: Viewer) -> Select[Any]:
    """Select the visible contributions that meet every criterion."""
    query = contribution_query(viewer, removed=criteria.removed)
    if criteria.iscm_id is not None:
        query = query.where(Contribution.iscm_id == criteria.iscm_id)
    if criteria.review_process_id is not None:
        query = query.where(Contribution.review_process_id == criteria.review_process_id)
    if criteria.status is not None:
        query = query.where(Contribution.status == criteria.status)
    if criteria.objective is not None:
        link = models.review_contribution_gcm_objectives
        query = query.where(
            exists().where(
                link.c.contribution_id == Contribution.id,
                link.c.objective_number == criteria.objective,
            )
        )
    return query


async def contributions_by_ids(
    session: AsyncSession, ids: Sequence[int], viewer: Viewer
) -> list[Row[Any]]:
    """Return the contributions these ids name that `viewer` may see (any order), each with
    the `requested_id` it was asked by: a merged duplicate's id names its surviving record."""
    query = named_by(contribution_query(viewer), Contribution, ids)
    return list((await session.execute(query)).all())


def contributions_of_iscms(viewer: Viewer) -> tuple[Select[Any], ColumnElement[Any]]:
    """Visible contributions nested under the ISCM that made them."""
    return contribution_query(viewer), Contribution.iscm_id


def contributions_of_review_processes(
    viewer: Viewer,
) -> tuple[Select[Any], ColumnElement[Any]]:
    """Visible contributions nested under the review process they went to."""
    return contribution_query(viewer), Contribution.review_process_id


def contributions_of_objectives(viewer: Viewer) -> tuple[Select[Any], ColumnElement[Any]]:
    """Visible contributions nested under each GCM objective they address."""
    link = models.review_contribution_gcm_objectives
    query = contribution_query(viewer).join(link, link.c.contribution_id == Contribution.id)
    return query, link.c.objective_number


async def objectives_of_contributions(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return (contribution_id, objective columns...) for these contributions, by number."""
    link = models.review_contribution_gcm_objectives
    query = (
        select(link.c.contribution_id)
        .add_columns(*models.GcmObjective.__table__.c)
        .join(models.GcmObjective, models.GcmObjective.number == link.c.objective_number)
        .where(link.c.contribution_id.in_(ids))
        .order_by(models.GcmObjective.number)
    )
    return list((await session.execute(query)).all())


def filtered_review_processes(criteria: ReviewProcessCriteria) -> Select[Any]:
    """Select the review processes that meet every criterion."""
    query = select(ReviewProcess.__table__)
    if criteria.kind is not None:
        query = query.where(ReviewProcess.kind == criteria.kind)
    if criteria.regional_commission is not None:
        query = query.where(ReviewProcess.regional_commission == criteria.regional_commission)
    if criteria.year is not None:
        query = query.where(ReviewProcess.year == criteria.year)
    return query


async def review_processes_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return the review processes with these ids (any order)."""
    query = select(ReviewProcess.__table__).where(ReviewProcess.id.in_(ids))
    return list((await session.execute(query)).all())


async def review_processes_by_slugs(session: AsyncSession, slugs: Sequence[str]) -> list[Row[Any]]:
    """Return the review processes with these slugs (any order)."""
    query = select(ReviewProcess.__table__).where(ReviewProcess.slug.in_(slugs))
    return list((await session.execute(query)).all())
