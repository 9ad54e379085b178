"""The audit trail as GraphQL: who changed what, when, from what to what."""

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from db import models
from schema.read_path.declare import related, table


@strawberry.type(
    description="One recorded write. The trail is append-only: events are never changed or removed."
)
class AuditEvent:
    __read__ = table(models.AuditEvent)
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


def history_of(entity: str) -> dict[str, Any]:
    """Field metadata: the audit events of the parent row (an `entity` keyed by its id), oldest
    first. Whoever may see the row may see its history."""
    return related(
        lambda parent, event, _: (
            (event.c.entity == entity)
            & (event.c.entity_id == parent.c.id.cast(models.AuditEvent.entity_id.type))
        ),
        order=lambda event: (event.c.id,),
    )
