"""The authorisation policy: who may do what, for which ISCM. The only place that decides.

Roles, from least to most:
- anonymous: reads published data; writes nothing.
- partner: drafts review data (contributions, recommendations) only for the ISCMs its key or
  token names, at any time, and submits contributions while their review process is open.
- editor: everything a partner may, for every ISCM and at any time, plus publishing
  contributions and recommendations, withdrawing or correcting published ones, removing,
  restoring and merging duplicates, and editing reference data (ISCM records, memberships
  and observer organisations, review processes, events and documents).
- admin: everything, reading the whole audit log included (keys are managed through the
  command line, not through the API).
"""

from enum import StrEnum

from resolvers.errors import ApiError, ErrorCode
from resolvers.principal import Principal, Role


class Action(StrEnum):
    """Everything the write API can be asked to do."""

    CREATE_CONTRIBUTION = "create_contribution"
    UPDATE_CONTRIBUTION = "update_contribution"
    SUBMIT_CONTRIBUTION = "submit_contribution"
    WITHDRAW_CONTRIBUTION = "withdraw_contribution"
    UPDATE_PUBLISHED_CONTRIBUTION = "update_published_contribution"
    WITHDRAW_PUBLISHED_CONTRIBUTION = "withdraw_published_contribution"
    PUBLISH_CONTRIBUTION = "publish_contribution"
    WRITE_OUTSIDE_REVIEW_WINDOW = "write_outside_review_window"
    CREATE_RECOMMENDATION = "create_recommendation"
    UPDATE_RECOMMENDATION = "update_recommendation"
    SUBMIT_RECOMMENDATION = "submit_recommendation"
    WITHDRAW_RECOMMENDATION = "withdraw_recommendation"
    UPDATE_PUBLISHED_RECOMMENDATION = "update_published_recommendation"
    WITHDRAW_PUBLISHED_RECOMMENDATION = "withdraw_published_recommendation"
    PUBLISH_RECOMMENDATION = "publish_recommendation"
    REMOVE_RECORD = "remove_record"
    RESTORE_RECORD = "restore_record"
    MERGE_RECORDS = "merge_records"
    UPDATE_ISCM = "update_iscm"
    SET_ISCM_MEMBERSHIP = "set_iscm_membership"
    SET_ISCM_OBSERVER_ORGANIZATION = "set_iscm_observer_organization"
    EDIT_EVENT = "edit_event"
    EDIT_DOCUMENT = "edit_document"
    MANAGE_REVIEW_PROCESS = "manage_review_process"
    READ_AUDIT_LOG = "read_audit_log"


# What a partner may do, for its own ISCMs only.
PARTNER_ACTIONS = frozenset(
    {
        Action.CREATE_CONTRIBUTION,
        Action.UPDATE_CONTRIBUTION,
        Action.SUBMIT_CONTRIBUTION,
        Action.WITHDRAW_CONTRIBUTION,
        Action.CREATE_RECOMMENDATION,
        Action.UPDATE_RECOMMENDATION,
        Action.SUBMIT_RECOMMENDATION,
        Action.WITHDRAW_RECOMMENDATION,
    }
)
# What only admins may do.
ADMIN_ONLY_ACTIONS = frozenset({Action.READ_AUDIT_LOG})
EDITOR_ACTIONS = frozenset(Action) - ADMIN_ONLY_ACTIONS
ADMIN_ACTIONS = frozenset(Action)


def can(principal: Principal, action: Action, iscm_id: int | None) -> bool:
    """Whether `principal` may perform `action` on data of the ISCM `iscm_id`."""
    if principal.role is Role.ADMIN:
        return action in ADMIN_ACTIONS
    if principal.role is Role.EDITOR:
        return action in EDITOR_ACTIONS
    if principal.role is Role.PARTNER:
        return action in PARTNER_ACTIONS and iscm_id is not None and iscm_id in principal.iscm_ids
    return False


def may_write(principal: Principal) -> bool:
    """Whether `principal` may attempt any write at all (anonymous callers may not)."""
    return not principal.is_anonymous


def may_see_record(
    principal: Principal, *, iscm_id: int | None, status: str, removed: bool = False
) -> bool:
    """Published contributions and recommendations for everyone, the rest for the ISCM's
    partners and editors; removed ones for nobody.

    The same rule as db.queries.visibility.record_visible, for rows already in memory.
    """
    if removed:
        return False
    return status == "PUBLISHED" or principal.sees_everything or iscm_id in principal.iscm_ids


def require_audit_reader(principal: Principal) -> None:
    """Refuse anyone but admins the whole audit log (the SQL rule would show them nothing)."""
    if principal.is_anonymous:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "the audit log is for admins: authenticate")
    if not can(principal, Action.READ_AUDIT_LOG, None):
        raise ApiError(ErrorCode.FORBIDDEN, "only admins may read the whole audit log")


def may_replay(principal: Principal, action: Action, *, iscm_id: int | None, status: str) -> bool:
    """Whether an idempotent replay may hand a created record back to `principal`.

    Checked again on every replay: the same subject may come back with another scope.
    """
    return can(principal, action, iscm_id) and may_see_record(
        principal, iscm_id=iscm_id, status=status
    )
