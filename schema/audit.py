"""GraphQL type of the audit trail: who changed what, when, from what to what."""

from datetime import datetime
from typing import Any, Self

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from resolvers import audit
from resolvers.context import Context

Info = strawberry.Info[Context, None]


@strawberry.type(
    description="One recorded write. The trail is append-only: events are never changed or removed."
)
class AuditEvent:
    occurred_at: datetime = strawberry.field(
        description="When the write happened (the start of its transaction)."
    )
    actor: str = strawberry.field(
        description="Who wrote: `key:<key id>` for an API key, `jwt:<subject>` for a token."
    )
    actor_name: str | None = strawberry.field(
        description="The key's name or the token's `name` claim."
    )
    action: str = strawberry.field(
        description="What happened, e.g. CREATED, UPDATED, SUBMITTED, WITHDRAWN, PUBLISHED."
    )
    before: JSON | None = strawberry.field(
        description="The stored values before the write; null on creation."
    )
    after: JSON | None = strawberry.field(description="The stored values after the write.")
    note: str | None = strawberry.field(
        description="The reason (withdrawals) or source URL (reference data) given."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from an `audit_events` row."""
        r = row._mapping
        return cls(
            occurred_at=r["occurred_at"],
            actor=r["actor"],
            actor_name=r["actor_name"],
            action=r["action"],
            before=r["before"],
            after=r["after"],
            note=r["note"],
        )


async def history_of_contribution(info: Info, contribution_id: int) -> list[AuditEvent]:
    """Return a visible contribution's audit events, oldest first."""
    rows = await audit.contribution_history(info.context, contribution_id)
    return [AuditEvent.from_row(row) for row in rows]
