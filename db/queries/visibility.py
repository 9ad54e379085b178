"""Row visibility rules in SQL, so every read path applies the same ones.

Each rule is a condition parameterised by who reads (db/queries/viewer.py gives them a
Viewer's values):
- review contributions and recommendations: PUBLISHED ones for everyone, every status of its
  own ISCMs' for a partner, all for editors and admins; a removed one (`deleted_at` set) for
  nobody, except in the editors' list of removed records;
- a record's audit history: for its ISCM's partners, editors and admins only; everyone who
  sees a record sees its published versions (public fields only, see PUBLIC_FIELDS);
- the audit log as a whole: admins only.
A merged duplicate's id names the record it was merged into (`named_by`).
"""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB

from db import models

# The models whose rows follow the workflow (DRAFT -> SUBMITTED -> PUBLISHED, WITHDRAWN) and
# can be removed or merged by editors.
WorkflowModel = type[models.ReviewContribution] | type[models.Recommendation]


def workflow_visible(
    model: WorkflowModel, *, sees_everything: bool, own_iscm_ids: Collection[int]
) -> ColumnElement[bool]:
    """Live rows that are PUBLISHED or of the reader's own ISCMs; every live row for editors."""
    live = model.deleted_at.is_(None)
    if sees_everything:
        return live
    published = model.status == "PUBLISHED"
    if own_iscm_ids:
        return and_(live, or_(published, model.iscm_id.in_(sorted(own_iscm_ids))))
    return and_(live, published)


def contribution_visible(
    *, sees_everything: bool, own_iscm_ids: Collection[int]
) -> ColumnElement[bool]:
    """The review contributions a reader may see."""
    return workflow_visible(
        models.ReviewContribution, sees_everything=sees_everything, own_iscm_ids=own_iscm_ids
    )


def recommendation_visible(
    *, sees_everything: bool, own_iscm_ids: Collection[int]
) -> ColumnElement[bool]:
    """The recommendations a reader may see."""
    return workflow_visible(
        models.Recommendation, sees_everything=sees_everything, own_iscm_ids=own_iscm_ids
    )


def removed_visible(model: WorkflowModel, *, sees_everything: bool) -> ColumnElement[bool]:
    """Removed rows an editor may restore (not merged duplicates); nothing for anyone else."""
    if not sees_everything:
        return false()
    return and_(model.deleted_at.is_not(None), model.merged_into_id.is_(None))


def named_by(query: Select[Any], model: WorkflowModel, ids: Sequence[int]) -> Select[Any]:
    """`query` (over rows of `model`) kept to the records `ids` name, each row with the
    `requested_id` it was asked by: a record names itself, a merged duplicate the record it
    was merged into (merging keeps that one hop: see the merge writer)."""
    requested = model.__table__.alias("requested")
    named = func.coalesce(requested.c.merged_into_id, requested.c.id) == model.id
    return (
        query.add_columns(requested.c.id.label("requested_id"))
        .join(requested, named)
        .where(requested.c.id.in_(list(ids)))
    )


AUDIT = models.AuditEvent


def history_visible(*, sees_everything: bool, own_iscm_ids: Collection[int]) -> ColumnElement[bool]:
    """The audit events of records a reader may read the whole history of: its ISCMs' records
    for a partner (drafts, withdrawn texts, key names, ids), every record for editors."""
    if sees_everything:
        return true()
    if own_iscm_ids:
        return AUDIT.iscm_id.in_(sorted(own_iscm_ids))
    return false()


def audit_log_visible(*, reads_audit_log: bool) -> ColumnElement[bool]:
    """The whole audit log, every entity's events, is for admins only."""
    return true() if reads_audit_log else false()


# Events that leave a record PUBLISHED with content others may have read: each is a version.
PUBLIC_VERSION_ACTIONS = ("PUBLISHED", "UPDATED", "LINKED_OBJECTIVES", "MERGED")


def published_version() -> ColumnElement[bool]:
    """Audit events that made a published version of their record."""
    return and_(
        AUDIT.action.in_(PUBLIC_VERSION_ACTIONS),
        AUDIT.after["status"].astext == "PUBLISHED",
    )


def _review_process_slug(snapshot: ColumnElement[Any]) -> ColumnElement[Any]:
    """The slug of the review process a contribution's snapshot names (not its internal id)."""
    process = models.ReviewProcess
    return (
        select(func.to_jsonb(process.slug))
        .where(process.id == cast(snapshot["review_process_id"].astext, Integer))
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
