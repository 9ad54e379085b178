"""Fields that lead from GCM objectives to the recommendations, contributions and ISCMs that
address them. `GcmObjective` (schema/gcm.py) inherits them; all load through DataLoaders."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import analysis, recommendations, review
from resolvers.context import Context
from schema import catalogue as catalogue_types
from schema import recommendations as recommendation_types
from schema import review as review_types
from schema.orderings import RecommendationOrder, ReviewContributionOrder
from schema.pagination import Connection, to_connection

if TYPE_CHECKING:
    from schema.catalogue import Iscm
    from schema.recommendations import Recommendation
    from schema.review import ReviewContribution

Info = strawberry.Info[Context, None]
PAGE_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


@strawberry.type(description="Relations of a GCM objective (inherited by GcmObjective).")
class GcmObjectiveRelations:
    # GcmObjective supplies `self.number`.

    @strawberry.field(description=f"Recommendations addressing the objective. {PAGE_HELP}")
    async def recommendations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: RecommendationOrder | None = None,
    ) -> Connection[Annotated["Recommendation", strawberry.lazy("schema.recommendations")]]:
        order = order_by or RecommendationOrder()
        result = await recommendations.nested_recommendations(
            info.context,
            info.context.graph_loaders.recommendations_of_objective,
            self.number,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, recommendation_types.Recommendation.from_row)

    @strawberry.field(
        description=f"Review contributions addressing the objective that you may see. {PAGE_HELP}"
    )
    async def review_contributions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ReviewContributionOrder | None = None,
    ) -> Connection[Annotated["ReviewContribution", strawberry.lazy("schema.review")]]:
        order = order_by or ReviewContributionOrder()
        result = await review.nested_contributions(
            info.context,
            info.context.graph_loaders.contributions_of_objective,
            self.number,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, review_types.ReviewContribution.from_row)

    @strawberry.field(
        description="ISCMs whose recommendations or visible review contributions address the objective, by name."
    )
    async def iscms(
        self, info: Info
    ) -> list[Annotated["Iscm", strawberry.lazy("schema.catalogue")]]:
        rows = await analysis.iscms_addressing(info.context, self.number)
        return [catalogue_types.Iscm.from_row(row) for row in rows]
