"""The cross-type search result: an ISCM, a recommendation or a document."""

from typing import Annotated, Any

import strawberry

from resolvers.search import SearchHit
from schema.catalogue import Iscm
from schema.documents import Document
from schema.recommendations import Recommendation

SearchResult = Annotated[
    Iscm | Recommendation | Document,
    strawberry.union(
        "SearchResult", description="Something the full-text search found, best match first."
    ),
]

SEARCH_TYPES: dict[str, Any] = {
    "ISCM": Iscm,
    "RECOMMENDATION": Recommendation,
    "DOCUMENT": Document,
}


def search_result(hit: SearchHit) -> Any:
    """Build the GraphQL object of one search hit."""
    return SEARCH_TYPES[hit.kind].from_row(hit.row)
