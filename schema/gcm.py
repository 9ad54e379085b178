"""GraphQL types of the Global Compact for Migration."""

from collections.abc import Iterable
from typing import Any, Self

import strawberry
from sqlalchemy import Row
from strawberry import relay

from resolvers.context import Context
from schema.gcm_relations import GcmObjectiveRelations
from schema.nodes import SMALLINT_MAX, integer_id, integer_ids

Info = strawberry.Info[Context, None]


@strawberry.federation.type(
    keys=["number"],
    description="One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, para. 16).",
)
class GcmObjective(GcmObjectiveRelations, relay.Node):
    objective_number: relay.NodeID[int]
    number: int = strawberry.field(description="Objective number, 1 to 23.")
    title: str = strawberry.field(description="Title as adopted in A/RES/73/195.")
    short_name: str = strawberry.field(
        description="Short label used by the UN Network on Migration."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a `gcm_objectives` row."""
        r = row._mapping
        return cls(
            objective_number=r["number"],
            number=r["number"],
            title=r["title"],
            short_name=r["short_name"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load objectives by number."""
        rows = await info.context.loaders.objective_by_number.load_many(
            integer_ids(node_ids, SMALLINT_MAX)
        )
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, number: int) -> Self | None:
        """Resolve a federation entity reference by objective `number`."""
        row = await info.context.loaders.objective_by_number.load(
            integer_id(str(number), SMALLINT_MAX)
        )
        return cls.from_row(row) if row is not None else None
