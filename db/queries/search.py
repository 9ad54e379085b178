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
    union_all,
)

from db import models
from db.queries.text_search import rank, text_query

SEARCHED = (
    ("ISCM", models.Iscm),
    ("RECOMMENDATION", models.Recommendation),
    ("DOCUMENT", models.Document),
)


def search_hits(text: ColumnElement[str], limit: ColumnElement[int]) -> Any:
    """Select the best `limit` matches of `text` as (tag, key, position), best first.

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
            ).where(model.search_vector.op("@@")(query))
            for kind, model in SEARCHED
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
