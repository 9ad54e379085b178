"""SQL of the GCM reviews: the orders of contributions and review processes, their links."""

from typing import Any

from sqlalchemy import ColumnElement, exists

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
