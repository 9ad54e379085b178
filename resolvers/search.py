"""Query logic for the cross-type search: rank matches in SQL, then load what matched."""

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from db.queries.search import search_hits
from resolvers import arguments
from resolvers.context import Context
from resolvers.viewer import viewer_of

DEFAULT_SEARCH_SIZE = 20


@dataclass(frozen=True)
class SearchHit:
    """One match: what kind of thing, its row, and how well it matched."""

    kind: str
    row: Row[Any]
    rank: float


async def search(context: Context, text: str, first: int | None) -> list[SearchHit]:
    """Return the best matches of `text` among ISCMs, recommendations and documents."""
    query = arguments.search_text(text, "query")
    assert query is not None
    size = arguments.list_size(context, first, DEFAULT_SEARCH_SIZE)
    viewer = viewer_of(context)
    async with context.db.use() as session:
        hits = await search_hits(session, query, size, viewer)
    loaders = {
        "ISCM": context.loaders.iscm_by_id.load,
        "RECOMMENDATION": lambda row_id: context.graph_loaders.recommendation_by_id.load(
            (row_id, viewer)
        ),
        "DOCUMENT": context.graph_loaders.document_by_id.load,
    }
    # Gathered, so each kind's loader fetches all its matches in one batch.
    rows = await asyncio.gather(*(loaders[hit.kind](hit.id) for hit in hits))
    return [
        SearchHit(kind=hit.kind, row=row, rank=hit.rank)
        for hit, row in zip(hits, rows, strict=True)
        if row is not None
    ]
