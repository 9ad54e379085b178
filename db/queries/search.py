"""SQL for the cross-type full-text search over ISCMs, recommendations and documents."""

from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Text,
    cast,
    func,
    literal_column,
    not_,
    or_,
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


def real_unless(model: Any, include_synthetic: ColumnElement[bool]) -> ColumnElement[bool]:
    """Real rows, and generated ones too when asked for (of models that hold any)."""
    synthetic = getattr(model, "synthetic", None)
    return true() if synthetic is None else or_(include_synthetic, not_(synthetic))


# What the search looks in: (kind, model, which of its rows a reader may see).

SEARCHED = (
    ("ISCM", models.Iscm, everyone),
    ("RECOMMENDATION", models.Recommendation, record_visible),
    ("DOCUMENT", models.Document, live),
)


def search_hits(
    text: ColumnElement[str],
    limit: ColumnElement[int],
    visibility: Visibility,
    include_synthetic: ColumnElement[bool],
) -> Any:
    """Select the best `limit` matches of `text` the reader may see as (tag, key, position),
    best first; generated example data only when `include_synthetic`.

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
            ).where(
                model.search_vector.op("@@")(query),
                visible(model.__table__, visibility),
                real_unless(model, include_synthetic),
            )
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
