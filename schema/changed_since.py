"""`updatedSince` on every root list: what changed since an integration script's last export."""

from datetime import UTC, datetime
from typing import Any

import strawberry

from schema.read_path.declare import argument

UPDATED_SINCE_HELP = (
    "Only records changed at or after this time (`updatedAt`), for incremental exports: pass "
    "the largest `updatedAt` your last export saw (records changed at that very instant come "
    "again). A time without an offset is UTC."
)


def as_utc(moment: datetime, _: str) -> datetime:
    """A time with its offset; one without is read as UTC (the server's zone must not matter)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def updated_since(column: str = "updated_at", description: str = UPDATED_SINCE_HELP) -> Any:
    """A filter field keeping the rows whose `column` is at or after the given time."""
    return strawberry.field(
        default=None,
        description=description,
        metadata=argument(
            check=as_utc, condition=lambda _, row, moment, __: row.c[column] >= moment
        ),
    )
