"""The cross-type search result: an ISCM, a recommendation or a document."""

from typing import Annotated

import strawberry

from schema.catalogue import Iscm
from schema.documents import Document
from schema.recommendations import Recommendation

SearchResult = Annotated[
    Iscm | Recommendation | Document,
    strawberry.union(
        "SearchResult", description="Something the full-text search found, best match first."
    ),
]
