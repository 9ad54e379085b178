"""The visibility a request's principal is entitled to."""

from db.queries.viewer import Viewer
from resolvers.context import Context


def viewer_of(context: Context) -> Viewer:
    """Return what the request's principal may see, as a hashable loader scope."""
    principal = context.principal
    return Viewer(
        sees_everything=principal.sees_everything, own_iscm_ids=frozenset(principal.iscm_ids)
    )
