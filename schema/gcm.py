"""GraphQL types of the Global Compact for Migration."""

from typing import Any, Self

import strawberry
from sqlalchemy import Row

from resolvers.context import Context

Info = strawberry.Info[Context, None]


@strawberry.federation.type(
    keys=["number"],
    description="One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, para. 16).",
)
class GcmObjective:
    number: int = strawberry.field(description="Objective number, 1 to 23.")
    title: str = strawberry.field(description="Title as adopted in A/RES/73/195.")
    short_name: str = strawberry.field(
        description="Short label used by the UN Network on Migration."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a `gcm_objectives` row."""
        r = row._mapping
        return cls(number=r["number"], title=r["title"], short_name=r["short_name"])

    @classmethod
    async def resolve_reference(cls, info: Info, number: int) -> Self | None:
        """Resolve a federation entity reference by objective `number`."""
        row = await info.context.loaders.objective_by_number.load(int(number))
        return cls.from_row(row) if row is not None else None
