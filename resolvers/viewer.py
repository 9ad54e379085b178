"""The visibility a request's principal is entitled to."""

from db.queries.viewer import ANONYMOUS_VIEWER, Viewer
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.principal import ANONYMOUS, Principal


def viewer_of(context: Context) -> Viewer:
    """Return what the request's principal may see, as a hashable loader scope."""
    return viewer_for(context.principal)


def viewer_for(principal: Principal) -> Viewer:
    """Return what `principal` may see."""
    if principal is ANONYMOUS:
        return ANONYMOUS_VIEWER
    return Viewer(
        sees_everything=principal.sees_everything,
        own_iscm_ids=frozenset(principal.iscm_ids),
        reads_audit_log=can(principal, Action.READ_AUDIT_LOG, None),
    )
