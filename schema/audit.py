"""GraphQL types of the audit trail: who changed what, when, from what to what; the public
versions of published records; and the whole log, for admins."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row
from strawberry.scalars import JSON

from resolvers import audit
from resolvers.context import Context
from schema import catalogue as catalogue_types
from schema.pagination import Connection, to_connection

if TYPE_CHECKING:
    from schema.catalogue import Iscm

Info = strawberry.Info[Context, None]
PAGE_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


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
        description="What happened, e.g. CREATED, UPDATED, SUBMITTED, WITHDRAWN, PUBLISHED, REMOVED, RESTORED, MERGED (a duplicate was merged into this record), MERGED_INTO (this duplicate was merged into another)."
    )
    entity: str = strawberry.field(
        description="What kind of record, e.g. `review_contribution`, `recommendation`, `iscm`, `review_process`."
    )
    entity_id: str = strawberry.field(
        description="The record's key within its kind: a database id, or a slug."
    )
    before: JSON | None = strawberry.field(
        description="The stored values before the write; null on creation."
    )
    after: JSON | None = strawberry.field(description="The stored values after the write.")
    note: str | None = strawberry.field(
        description="The reason (withdrawals, removals) or source URL (reference data) given."
    )
    request_id: str | None = strawberry.field(
        description="The id of the request that wrote it, as in the service's logs."
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
            entity=r["entity"],
            entity_id=r["entity_id"],
            before=r["before"],
            after=r["after"],
            note=r["note"],
            request_id=r["request_id"],
        )


@strawberry.type(description="A public field that changed from one published version to the next.")
class FieldChange:
    field: str = strawberry.field(description="The field, as the record's GraphQL type names it.")
    before: JSON | None = strawberry.field(
        description="Its value in the previous published version; null in the first one."
    )
    after: JSON | None = strawberry.field(description="Its value in this version.")


@strawberry.type(
    description="A version of a record as it was published: public facts only, for everyone who sees the record."
)
class PublishedVersion:
    version: int = strawberry.field(description="The record's `version` once published so.")
    published_at: datetime = strawberry.field(description="When this version was published.")
    changes: list[FieldChange] = strawberry.field(
        description="The public fields that differ from the previous published version, by name; in the first version, every field that has a value."
    )
    iscm_ref: strawberry.Private[int | None]

    @strawberry.field(
        description="Who published it: the ISCM whose record it is (null for a recommendation of a Global RCP meeting)."
    )
    async def published_by(
        self, info: Info
    ) -> Annotated["Iscm", strawberry.lazy("schema.catalogue")] | None:
        if self.iscm_ref is None:
            return None
        row = await info.context.loaders.iscm_by_id.load(self.iscm_ref)
        return catalogue_types.Iscm.from_row(row) if row is not None else None

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row of db.queries.audit.published_versions_query."""
        return cls(
            version=row.version,
            published_at=row.published_at,
            changes=[
                FieldChange(field=c["field"], before=c["before"], after=c["after"])
                for c in row.changes
            ],
            iscm_ref=row.iscm_id,
        )


HISTORY_HELP = (
    "Every recorded change to it, oldest first: who, when, and the values before and after, "
    "drafts included. Only its ISCM's partners, editors and admins read it; for anyone else "
    "the list is empty (see `publishedVersions`)."
)
VERSIONS_HELP = "Its published versions, oldest first: when, by which ISCM, and what changed."


async def history_of_contribution(info: Info, contribution_id: int) -> list[AuditEvent]:
    """Return a contribution's audit events the caller may read, oldest first."""
    rows = await audit.contribution_history(info.context, contribution_id)
    return [AuditEvent.from_row(row) for row in rows]


async def history_of_recommendation(info: Info, recommendation_id: int) -> list[AuditEvent]:
    """Return a recommendation's audit events the caller may read, oldest first."""
    rows = await audit.recommendation_history(info.context, recommendation_id)
    return [AuditEvent.from_row(row) for row in rows]


async def versions_of_contribution(info: Info, contribution_id: int) -> list[PublishedVersion]:
    """Return a contribution's published versions, oldest first."""
    rows = await audit.contribution_versions(info.context, contribution_id)
    return [PublishedVersion.from_row(row) for row in rows]


async def versions_of_recommendation(info: Info, recommendation_id: int) -> list[PublishedVersion]:
    """Return a recommendation's published versions, oldest first."""
    rows = await audit.recommendation_versions(info.context, recommendation_id)
    return [PublishedVersion.from_row(row) for row in rows]


@strawberry.input(description="Which audit events to list; every given condition must hold.")
class AuditEventFilter:
    entity: str | None = strawberry.field(
        default=None, description="Kind of record, e.g. `review_contribution`."
    )
    entity_id: str | None = strawberry.field(
        default=None, description="The record's key within its kind (with `entity`)."
    )
    iscm: str | None = strawberry.field(default=None, description="Slug of the ISCM concerned.")
    actor: str | None = strawberry.field(
        default=None, description="Who wrote, e.g. `key:<key id>` or `jwt:<subject>`."
    )
    action: str | None = strawberry.field(default=None, description="What happened, e.g. REMOVED.")


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description=f"The whole audit log, newest first: every write to every record, drafts, key names and ids included. Admins only (FORBIDDEN otherwise). {PAGE_HELP}"
    )
    async def audit_events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: AuditEventFilter | None = None,
    ) -> Connection[AuditEvent]:
        given = filter or AuditEventFilter()
        result = await audit.audit_log_page(
            info.context,
            entity=given.entity,
            entity_id=given.entity_id,
            iscm=given.iscm,
            actor=given.actor,
            action=given.action,
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, AuditEvent.from_row)
