"""SQL of the GCM reviews: the orders of contributions and review processes, their links."""

from typing import Any

from sqlalchemy import ColumnElement, Date, cast, exists, func, literal_column

from db import models
from db.readsql.tree import SortKey

Contribution = models.ReviewContribution
ReviewProcess = models.ReviewProcess

CONTRIBUTION_SORTS = {
    # Identity ids grow with insertion, so id order is creation order.
    "CREATED": SortKey("CREATED", (Contribution.id,)),
    "TITLE": SortKey("TITLE", (Contribution.title, Contribution.id)),
}
REVIEW_PROCESS_SORTS = {"OPENS_ON": SortKey("OPENS_ON", (ReviewProcess.opens_on, ReviewProcess.id))}


def contribution_has_objective(contribution: Any, number: Any) -> ColumnElement[bool]:
    """Whether the contribution addresses GCM objective `number`."""
    link = models.review_contribution_gcm_objectives.alias()
    return (
        exists()
        .where(link.c.contribution_id == contribution.c.id, link.c.objective_number == number)
        .correlate_except(link)
    )


def window_open(process: Any) -> ColumnElement[bool]:
    """Whether the review process accepts submissions today (UTC calendar dates, both
    included; resolvers/writes.py's `window_is_open` is the same rule for a row in memory)."""
    today = cast(func.timezone(literal_column("'UTC'"), func.now()), Date)
    return today.between(process.c.opens_on, process.c.closes_on)


def submitted_day(contribution: Any) -> ColumnElement[Any]:
    """The UTC calendar day a contribution was submitted; null for drafts never submitted."""
    return cast(func.timezone(literal_column("'UTC'"), contribution.c.submitted_at), Date)
