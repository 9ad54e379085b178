"""The two fields of a mutation payload: the record as written, and the errors."""

from typing import Any

import strawberry
from sqlalchemy import Row

from schema.read_path.results import RowRef


def record_field(graphql_type: Any, description: str) -> Any:
    """The payload field showing the record a write stored, null when it failed; the
    description is completed with that rule."""
    return strawberry.field(
        graphql_type=graphql_type | None,
        description=f"{description}; null when `errors` is not empty.",
    )


def errors_field() -> Any:
    """The payload field listing a write's problems."""
    return strawberry.field(
        description="Every problem found; empty on success. Nothing was written when it is not empty."
    )


def as_written(type_name: str, row: Row[Any] | None) -> RowRef | None:
    """The record a write stored, read with the selection asked for (even where its type's
    visibility rule would hide it, as after a removal); None when nothing was written."""
    return RowRef(type_name, {"id": row.id}, as_written=True) if row is not None else None
