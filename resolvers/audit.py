"""Reading the audit trail: a contribution's history, batched per request."""

from typing import Any

from sqlalchemy import Row

from resolvers.context import Context


async def contribution_history(context: Context, contribution_id: int) -> list[Row[Any]]:
    """Return the audit events of a contribution the caller can already see, oldest first."""
    return await context.loaders.history_by_contribution.load(contribution_id)
