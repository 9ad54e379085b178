"""SQL for the cross-type full-text search over ISCMs, recommendations and documents."""

from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Text,
    cast,
    func,
    literal_column,
    select,
    true,
    union_all,
)

from db import models
from db.queries.text_search import rank, text_query
from db.queries.visibility import Visibility, live, record_visible


def everyone(_table: Any, _visibility: Visibility) -> ColumnElement[bool]:
    """Rows every reader may see."""
    return true()


# What the search looks in: (kind, model, which of its rows a reader may see).

SEARCHED = (
    ("ISCM", models.Iscm, everyone),
    ("RECOMMENDATION", models.Recommendation, record_visible),
    ("DOCUMENT", models.Document, live),
)


def search_hits(text: ColumnElement[str], limit: ColumnElement[int], visibility: Visibility) -> Any:
    """Select the best `limit` matches of `text` the reader may see as (tag, key, position),
    best first.

    Each table's GIN index on `search_vector` finds the matches; `ts_rank` orders them, and
    ties fall back to kind and id so the order is stable.
    """
    query = text_query(text)
    hits = union_all(
        *(
            select(
                literal_column(f"'{kind}'", Text).label("tag"),
                cast(model.id, BigInteger).label("id"),
                rank(model.search_vector, query).label("rank"),
            ).where(model.search_vector.op("@@")(query), visible(model.__table__, visibility))
            for kind, model, visible in SEARCHED
        )
    ).subquery()
    ordering = (hits.c.rank.desc(), hits.c.tag, hits.c.id)
    return (
        select(
            hits.c.tag,
            cast(hits.c.id, Text).label("key"),
            func.row_number().over(order_by=ordering).label("position"),
        )
        .order_by(*ordering)
        .limit(limit)
    )
