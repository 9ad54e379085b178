"""The Global Compact for Migration's objectives, and what addresses each."""

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from db import models
from db.queries.analysis import addressing
from db.queries.recommendations import RECOMMENDATION_SORTS, has_objective
from db.queries.review import CONTRIBUTION_SORTS, contribution_has_objective
from schema.orderings import RecommendationOrder, ReviewContributionOrder, newest_first
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.declare import Paginated, related, table
from schema.recommendations import RecommendationFilter
from schema.review import ReviewContributionFilter

if TYPE_CHECKING:
    from schema.catalogue import Iscm
    from schema.recommendations import Recommendation
    from schema.review import ReviewContribution


@strawberry.federation.type(
    keys=["number"],
    description="One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, para. 16).",
)
class GcmObjective(relay.Node):
    __read__ = table(models.GcmObjective, key="number")
    objective_number: relay.NodeID[int]
    number: int = strawberry.field(description="Objective number, 1 to 23.")
    title: str = strawberry.field(description="Title as adopted in A/RES/73/195.")
    short_name: str = strawberry.field(
        description="Short label used by the UN Network on Migration."
    )
    recommendations: Connection[
        Annotated["Recommendation", strawberry.lazy("schema.recommendations")]
    ] = page_field(
        f"Recommendations addressing the objective. {PAGE_HELP}",
        Paginated(
            lambda objective, recommendation, _: has_objective(recommendation, objective.c.number),
            RECOMMENDATION_SORTS,
            "ADOPTED_ON",
            newest_first("ADOPTED_ON"),
        ),
        order_by=RecommendationOrder,
        filter=RecommendationFilter,
    )
    review_contributions: Connection[
        Annotated["ReviewContribution", strawberry.lazy("schema.review")]
    ] = page_field(
        f"Review contributions addressing the objective that you may see. {PAGE_HELP}",
        Paginated(
            lambda objective, contribution, _: contribution_has_objective(
                contribution, objective.c.number
            ),
            CONTRIBUTION_SORTS,
            "CREATED",
            newest_first("CREATED"),
        ),
        order_by=ReviewContributionOrder,
        filter=ReviewContributionFilter,
    )
    iscms: list[Annotated["Iscm", strawberry.lazy("schema.catalogue")]] = strawberry.field(
        description="ISCMs whose real recommendations (shared ones included) or visible review contributions address the objective, by name, as `gcmCoverage` counts them.",
        metadata=related(
            addressing,
            order=lambda iscm: (iscm.c.name, iscm.c.id),
        ),
    )
