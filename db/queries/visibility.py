"""Row visibility rules in SQL, in one place, so every read applies the same ones.

Each rule is a condition on a row (a table, or an alias of it in a larger statement), given
who reads (`Visibility`):
- review contributions and recommendations (workflow records): PUBLISHED ones for everyone,
  every status of its own ISCMs' for a partner, all for editors and admins; a removed one
  (`deleted_at` set) for nobody, except in the editors' list of removed records;
- events and documents (reference content): every one for everyone, a removed one for nobody,
  except in the editors' list of removed records;
- a record's audit history: for its ISCM's partners, editors and admins only; everyone who
  sees a record sees its published versions (public fields only, see PUBLIC_FIELDS);
- the audit log as a whole: admins only.
A merged duplicate's id names the record it was merged into (`named_record`, `named_by`).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    any_,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from db import models

# The models whose rows follow the workflow (DRAFT -> SUBMITTED -> PUBLISHED, WITHDRAWN) and
# can be removed or merged by editors.
WorkflowModel = type[models.ReviewContribution] | type[models.Recommendation]


@dataclass(frozen=True)
class Visibility:
    """What a reader may see: everything (editors and admins), or what is public plus its own
    ISCMs' (partners); the whole audit log only if it is an admin.

    `own_iscm_ids` are the ISCMs a partner writes for: ids, or the bound parameter holding
    them in a statement built for every partner alike; None for anonymous readers.
    """

    sees_everything: bool = False
    own_iscm_ids: Collection[int] | ColumnElement[Any] | None = None
    reads_audit_log: bool = False

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        """What a statement built for this reader depends on: its class, not its ISCMs."""
        return self.sees_everything, self.own_iscm_ids is not None, self.reads_audit_log

    def owns(self, iscm_id: ColumnElement[Any]) -> ColumnElement[bool] | None:
        """Whether `iscm_id` is one of the reader's own ISCMs; None when it has none."""
        own = self.own_iscm_ids
        if own is None:
            return None
        if isinstance(own, ColumnElement):
            return iscm_id == any_(own)
        return iscm_id.in_(sorted(own)) if own else None


ANONYMOUS = Visibility()


def record_visible(record: Any, visibility: Visibility) -> ColumnElement[bool]:
    """The live workflow records (contributions, recommendations) a reader may see.

    `record` is the table or an alias of it.
    """
    live = record.c.deleted_at.is_(None)
    if visibility.sees_everything:
        return live
    published = record.c.status == "PUBLISHED"
    owned = visibility.owns(record.c.iscm_id)
    return and_(live, published if owned is None else or_(published, owned))


def removed_visible(record: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Removed records an editor may restore (not merged duplicates); none for anyone else."""
    if not visibility.sees_everything:
        return false()
    return and_(record.c.deleted_at.is_not(None), record.c.merged_into_id.is_(None))


def live(row: Any, _visibility: Visibility) -> ColumnElement[bool]:
    """The rows of reference content (events, documents) not removed by an editor: those
    for everyone, a removed one for nobody, except in the editors' list of removed ones."""
    return row.c.deleted_at.is_(None)


def removed_content_visible(row: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Removed events or documents an editor may restore; none for anyone else."""
    return row.c.deleted_at.is_not(None) if visibility.sees_everything else false()


def named_record(table: Any, requested_id: ColumnElement[Any]) -> ColumnElement[Any]:
    """The id of the record `requested_id` names: itself, or for a merged duplicate the
    record it was merged into (merging keeps that one hop: see the merge writer)."""
    requested = table.alias()
    return (
        select(func.coalesce(requested.c.merged_into_id, requested.c.id))
        .where(requested.c.id == requested_id)
        .correlate_except(requested)
        .scalar_subquery()
    )


def named_by(query: Select[Any], model: WorkflowModel, ids: Sequence[int]) -> Select[Any]:
    """`query` (over rows of `model`) kept to the records `ids` name (see `named_record`),
    each row with the `requested_id` it was asked by."""
    requested = model.__table__.alias("requested")
    named = func.coalesce(requested.c.merged_into_id, requested.c.id) == model.id
    return (
        query.add_columns(requested.c.id.label("requested_id"))
        .join(requested, named)
        .where(requested.c.id.in_(list(ids)))
    )


def history_visible(event: Any, visibility: Visibility) -> ColumnElement[bool]:
    """The audit events of records a reader may read the whole history of: its ISCMs' records
    for a partner (drafts, withdrawn texts, key names, ids), every record for editors."""
    if visibility.sees_everything:
        return true()
    owned = visibility.owns(event.c.iscm_id)
    return false() if owned is None else owned


def audit_log_visible(visibility: Visibility) -> ColumnElement[bool]:
    """The whole audit log, every entity's events, is for admins only."""
    return true() if visibility.reads_audit_log else false()


# Events that leave a record PUBLISHED with content others may have read: each is a version.
PUBLIC_VERSION_ACTIONS = ("PUBLISHED", "UPDATED", "LINKED_OBJECTIVES", "MERGED")


def published_version(event: Any) -> ColumnElement[bool]:
    """Audit events that made a published version of their record."""
    actions = literal(list(PUBLIC_VERSION_ACTIONS), ARRAY(Text()))
    return and_(
        event.c.action == any_(actions),
        event.c.after["status"].astext == "PUBLISHED",
    )


def _review_process_slug(snapshot: ColumnElement[Any]) -> ColumnElement[Any]:
    """The slug of the review process a contribution's snapshot names (not its internal id)."""
    process = models.ReviewProcess.__table__.alias()
    return (
        select(func.to_jsonb(process.c.slug))
        .where(process.c.id == cast(snapshot["review_process_id"].astext, Integer))
        .correlate_except(process)
        .scalar_subquery()
    )


# What of an audit snapshot a published version shows, by GraphQL field name: the public
# content only, never ids, actors or workflow bookkeeping.
PUBLIC_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "review_contribution": (
        ("title", "title"),
        ("summary", "summary"),
        ("practices", "practices"),
        ("challenges", "challenges"),
        ("level", "level"),
        ("phase", "phase"),
        ("outcomeType", "outcome_type"),
        ("gcmObjectives", "gcm_objectives"),
    ),
    "recommendation": (
        ("title", "title"),
        ("text", "text"),
        ("adoptedOn", "adopted_on"),
        ("level", "level"),
        ("phase", "phase"),
        ("outcomeType", "outcome_type"),
        ("sourceUrl", "source_url"),
        ("gcmObjectives", "gcm_objectives"),
    ),
}


def public_content(entity: str, snapshot: ColumnElement[Any]) -> ColumnElement[Any]:
    """The public fields of an audit snapshot of `entity`, as one JSON object."""
    pairs: list[ColumnElement[Any]] = []
    for name, key in PUBLIC_FIELDS[entity]:
        pairs += [literal(name), snapshot[key]]
    if entity == "review_contribution":
        pairs += [literal("reviewProcess"), _review_process_slug(snapshot)]
    return func.jsonb_build_object(*pairs, type_=JSONB)
