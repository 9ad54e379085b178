"""Column lists shared by the query modules."""

from typing import Any

from sqlalchemy import Column

# Search vectors are for matching only; no API field reads them.
UNREAD_COLUMNS = frozenset({"search_vector"})


def readable_columns(model: Any) -> list[Column[Any]]:
    """Every column of `model`'s table the API reads."""
    return [column for column in model.__table__.c if column.name not in UNREAD_COLUMNS]
