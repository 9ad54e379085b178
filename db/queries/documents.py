"""SQL of published documents: their orders and the links filters go through."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, exists, func, literal_column

from db import models
from db.readsql.tree import SortKey

Document = models.Document
# Undated documents sort as the oldest, so newest-first lists end with them.
UNDATED = literal_column(f"'{date.min.isoformat()}'::date", Date)

# When a document came out: published, else adopted, else 1 January of its year.
DATED = func.coalesce(
    Document.published_on,
    Document.adopted_on,
    func.make_date(Document.year, 1, 1, type_=Date),
    UNDATED,
)

DOCUMENT_SORTS = {
    "DATE": SortKey("DATE", (DATED, Document.id)),
    "PUBLISHED_ON": SortKey(
        "PUBLISHED_ON",
        (func.coalesce(Document.published_on, UNDATED), Document.id),
        nullable=Document.published_on,
    ),
    "TITLE": SortKey("TITLE", (Document.title, Document.id)),
}


def document_linked(table: Any, column: str, document: Any, value: Any) -> ColumnElement[bool]:
    """Whether the document has a row in link `table` with `column` = `value`."""
    link = table.alias()
    return (
        exists()
        .where(link.c.document_id == document.c.id, link.c[column] == value)
        .correlate_except(link)
    )
