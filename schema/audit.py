"""The audit trail as GraphQL: who changed what, when, from what to what; the public versions
of published records; and the whole log, for admins, with its root field.

Who may read what of the trail is decided by db/queries/visibility.py: a record's history is
its ISCM's partners', editors' and admins' (empty for anyone else), its published versions
everyone's who sees the record, the whole log admins' only.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from db import models
from db.queries import audit as sql
from db.queries.visibility import audit_log_visible
from db.readsql.tree import SortKey
from resolvers.authorization import require_audit_reader
from schema.changed_since import updated_since
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.declare import (
    Paginated,
    argument,
    derived,
    per_parent,
    related,
    table,
)
from schema.references import ISCM_SLUG

if TYPE_CHECKING:
    from schema.catalogue import Iscm

EVENT = models.AuditEvent
# The log as admins read it: newest first.
AUDIT_SORTS = {"OCCURRED": SortKey("OCCURRED", (EVENT.id,))}


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
    # Read from the versions of the record's kind (see `published_versions_of`).
    version: int = strawberry.field(description="The record's `version` once published so.")
    published_at: datetime = strawberry.field(description="When this version was published.")
    changes: list[FieldChange] = strawberry.field(
        description="The public fields that differ from the previous published version, by name; in the first version, every field that has a value.",
        metadata=related(
            order=lambda change: (change.c.position,),
            rows=per_parent("FieldChange", lambda _, version: sql.field_changes(version)),
        ),
    )
    published_by: Annotated["Iscm", strawberry.lazy("schema.catalogue")] | None = strawberry.field(
        description="Who published it: the ISCM whose record it is (null for a recommendation of a Global RCP meeting).",
        metadata=related(lambda version, iscm, _: iscm.c.id == version.c.iscm_id),
    )


HISTORY_HELP = (
    "Every recorded change to it, oldest first: who, when, and the values before and after, "
    "drafts included. Only its ISCM's partners, editors and admins read it; for anyone else "
    "the list is empty (see `publishedVersions`)."
)
VERSIONS_HELP = "Its published versions, oldest first: when, by which ISCM, and what changed."


def history_of(entity: str) -> dict[str, Any]:
    """Field metadata: the audit events of the parent row (an `entity` keyed by its id) the
    reader may read, oldest first."""
    return related(
        lambda record, event, reading: sql.history(entity, record, event, reading),
        order=lambda event: (event.c.id,),
    )


def published_versions_of(entity: str) -> dict[str, Any]:
    """Field metadata: the published versions of the parent row (an `entity`), oldest first."""
    return related(
        lambda record, version, _: version.c.record_id == record.c.id,
        order=lambda version: (version.c.id,),
        rows=derived("PublishedVersion", lambda _: sql.published_versions(entity)),
    )


@strawberry.input(description="Which audit events to list; every given condition must hold.")
class AuditEventFilter:
    entity: str | None = strawberry.field(
        default=None,
        description="Kind of record, e.g. `review_contribution`.",
        metadata=argument(condition=lambda _, event, entity, __: event.c.entity == entity),
    )
    entity_id: str | None = strawberry.field(
        default=None,
        description="The record's key within its kind (with `entity`).",
        metadata=argument(condition=lambda _, event, key, __: event.c.entity_id == key),
    )
    iscm: str | None = strawberry.field(
        default=None,
        description="Slug of the ISCM concerned.",
        metadata=argument(
            condition=lambda _, event, iscm_id, __: event.c.iscm_id == iscm_id,
            reference=ISCM_SLUG,
        ),
    )
    actor: str | None = strawberry.field(
        default=None,
        description="Who wrote, e.g. `key:<key id>` or `jwt:<subject>`.",
        metadata=argument(condition=lambda _, event, actor, __: event.c.actor == actor),
    )
    action: str | None = strawberry.field(
        default=None,
        description="What happened, e.g. REMOVED.",
        metadata=argument(
            check=lambda action, _: action.upper(),
            condition=lambda _, event, action, __: event.c.action == action,
        ),
    )
    updated_since: datetime | None = updated_since(
        "occurred_at",
        "Only events recorded at or after this time (`occurredAt`; events never change), for incremental exports. A time without an offset is UTC.",
    )


@strawberry.type
class AuditQuery:
    audit_events: Connection[AuditEvent] = page_field(
        f"The whole audit log, newest first: every write to every record, drafts, key names and ids included. Admins only (FORBIDDEN otherwise). {PAGE_HELP}",
        Paginated(
            lambda _, event, reading: audit_log_visible(reading),
            AUDIT_SORTS,
            "OCCURRED",
            lambda _: True,
            allowed=require_audit_reader,
        ),
        filter=AuditEventFilter,
    )
