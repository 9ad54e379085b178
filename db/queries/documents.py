"""SQL for published documents and the ISCMs, events and GCM objectives they concern."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Row, Select, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey
from db.queries.catalogue import iscm_query
from db.queries.columns import readable_columns
from db.queries.text_search import matches

Document = models.Document
# Undated documents sort as the oldest, so newest-first lists end with them.
UNDATED = literal(date.min, Date)

DOCUMENT_SORTS = {
    "PUBLISHED_ON": SortKey(
        "PUBLISHED_ON", (func.coalesce(Document.published_on, UNDATED), Document.id)
    ),
    "TITLE": SortKey("TITLE", (Document.title, Document.id)),
}


@dataclass(frozen=True)
class DocumentCriteria:
    """Validated filters on documents; None means no constraint."""

    iscm_id: int | None = None
    kind: str | None = None
    objective: int | None = None
    published_from: date | None = None
    published_to: date | None = None
    search: str | None = None


def document_query() -> Select[Any]:
    """Select every document column the API reads."""
    return select(*readable_columns(Document))


def filtered_documents(criteria: DocumentCriteria) -> Select[Any]:
    """Select the documents that meet every criterion."""
    query = document_query()
    if criteria.iscm_id is not None:
        link = models.document_iscms
        query = query.where(
            exists().where(link.c.document_id == Document.id, link.c.iscm_id == criteria.iscm_id)
        )
    if criteria.objective is not None:
        link = models.document_gcm_objectives
        query = query.where(
            exists().where(
                link.c.document_id == Document.id,
                link.c.objective_number == criteria.objective,
            )
        )
    if criteria.kind is not None:
        query = query.where(Document.kind == criteria.kind)
    if criteria.published_from is not None:
        query = query.where(Document.published_on >= criteria.published_from)
    if criteria.published_to is not None:
        query = query.where(Document.published_on <= criteria.published_to)
    if criteria.search is not None:
        query = query.where(matches(Document.search_vector, criteria.search))
    return query


async def documents_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return the documents with these ids (any order)."""
    query = document_query().where(Document.id.in_(ids))
    return list((await session.execute(query)).all())


async def iscms_of_documents(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return (document_id, ISCM columns...) for these documents, by ISCM name."""
    link = models.document_iscms
    query = (
        iscm_query()
        .add_columns(link.c.document_id)
        .join(link, link.c.iscm_id == models.Iscm.id)
        .where(link.c.document_id.in_(ids))
        .order_by(models.Iscm.name)
    )
    return list((await session.execute(query)).all())


async def events_of_documents(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return (document_id, event columns...) for these documents, by event year."""
    link = models.document_events
    query = (
        select(models.Event.__table__)
        .add_columns(link.c.document_id)
        .join(link, link.c.event_id == models.Event.id)
        .where(link.c.document_id.in_(ids))
        .order_by(models.Event.year, models.Event.id)
    )
    return list((await session.execute(query)).all())


async def objectives_of_documents(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return (document_id, objective columns...) for these documents, by number."""
    link = models.document_gcm_objectives
    query = (
        select(link.c.document_id)
        .add_columns(*models.GcmObjective.__table__.c)
        .join(models.GcmObjective, models.GcmObjective.number == link.c.objective_number)
        .where(link.c.document_id.in_(ids))
        .order_by(models.GcmObjective.number)
    )
    return list((await session.execute(query)).all())
