"""SQL for the cross-type full-text search over ISCMs, recommendations and documents."""

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Row, literal, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.text_search import rank, text_query
from db.queries.viewer import Viewer


def searched(viewer: Viewer) -> tuple[tuple[str, Any, ColumnElement[bool]], ...]:
    """What the search looks in: (kind, model, the rows of it `viewer` may see)."""
    return (
        ("ISCM", models.Iscm, true()),
        ("RECOMMENDATION", models.Recommendation, viewer.sees_recommendations()),
        ("DOCUMENT", models.Document, true()),
    )


async def search_hits(
    session: AsyncSession, text: str, limit: int, viewer: Viewer
) -> list[Row[Any]]:
    """Return the best `limit` (kind, id, rank) matches of `text` `viewer` may see, best first,
    in one statement.

    Each table's GIN index on `search_vector` finds the matches; `ts_rank` orders them, and
    ties fall back to kind and id so the order is stable.
    """
    parsed = select(text_query(text).label("query")).cte("parsed")
    hits = union_all(
        *(
            select(
                literal(kind).label("kind"),
                model.id.cast(BigInteger).label("id"),
                rank(model.search_vector, parsed.c.query).label("rank"),
            )
            # The parsed query is one row: joining it on TRUE pairs it with every row.
            .select_from(model)
            .join(parsed, true())
            .where(model.search_vector.op("@@")(parsed.c.query), visible)
            for kind, model, visible in searched(viewer)
        )
    ).subquery("hits")
    query = select(hits).order_by(hits.c.rank.desc(), hits.c.kind, hits.c.id).limit(limit)
    return list((await session.execute(query)).all())
