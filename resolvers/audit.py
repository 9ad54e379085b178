"""Reading the audit trail: a record's history and published versions (batched per request),
and the whole log for admins."""

from typing import Any

from sqlalchemy import Row

from db.queries.audit import AUDIT_SORTS, AuditCriteria, audit_log
from resolvers import arguments
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode
from resolvers.pages import root_page
from resolvers.pagination import PageResult
from resolvers.viewer import viewer_of


async def contribution_history(context: Context, contribution_id: int) -> list[Row[Any]]:
    """Return the audit events of a contribution the caller may read, oldest first."""
    loader = context.graph_loaders.history_by_contribution
    return await loader.load((contribution_id, viewer_of(context)))


async def recommendation_history(context: Context, recommendation_id: int) -> list[Row[Any]]:
    """Return the audit events of a recommendation the caller may read, oldest first."""
    loader = context.graph_loaders.history_by_recommendation
    return await loader.load((recommendation_id, viewer_of(context)))


async def contribution_versions(context: Context, contribution_id: int) -> list[Row[Any]]:
    """Return the published versions of a contribution the caller can already see."""
    return await context.graph_loaders.versions_by_contribution.load(contribution_id)


async def recommendation_versions(context: Context, recommendation_id: int) -> list[Row[Any]]:
    """Return the published versions of a recommendation the caller can already see."""
    return await context.graph_loaders.versions_by_recommendation.load(recommendation_id)


def require_audit_reader(context: Context) -> None:
    """Refuse anyone but admins the whole audit log (the SQL rule would show them nothing)."""
    if context.principal.is_anonymous:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "the audit log is for admins: authenticate")
    if not can(context.principal, Action.READ_AUDIT_LOG, None):
        raise ApiError(ErrorCode.FORBIDDEN, "only admins may read the whole audit log")


async def audit_log_page(
    context: Context,
    *,
    entity: str | None,
    entity_id: str | None,
    iscm: str | None,
    actor: str | None,
    action: str | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of the audit log meeting the filter, newest first (admins only)."""
    require_audit_reader(context)
    criteria = AuditCriteria(
        entity=entity,
        entity_id=entity_id,
        iscm_id=await arguments.iscm_id(context, iscm, "filter.iscm"),
        actor=actor,
        action=action.upper() if action else None,
    )
    return await root_page(
        context,
        audit_log(criteria, viewer_of(context)),
        AUDIT_SORTS,
        order_field="OCCURRED",
        descending=True,
        first=first,
        after=after,
        last=last,
        before=before,
    )
