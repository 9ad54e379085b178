"""Root query fields of recommendations and the GCM reviews."""

from datetime import date
from typing import TYPE_CHECKING

import strawberry

from resolvers import recommendations, review
from resolvers.context import Context
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.graph_enums import ContributionStatus, ReviewKind
from schema.orderings import RecommendationOrder, ReviewContributionOrder
from schema.pagination import Connection, to_connection
from schema.recommendations import Recommendation
from schema.review import ReviewContribution, ReviewProcess

if TYPE_CHECKING:
    from db.queries.recommendations import RecommendationCriteria
    from db.queries.review import ContributionCriteria, ReviewProcessCriteria

Info = strawberry.Info[Context, None]
PAGE_ARGS_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


@strawberry.input(description="Which recommendations to list; every given condition must hold.")
class RecommendationFilter:
    iscm: str | None = strawberry.field(default=None, description="Slug of the adopting ISCM.")
    level: GovernanceLevel | None = strawberry.field(default=None, description="Governance level.")
    phase: GovernancePhase | None = strawberry.field(default=None, description="Governance phase.")
    outcome_type: OutcomeType | None = strawberry.field(default=None, description="Outcome type.")
    gcm_objective: int | None = strawberry.field(
        default=None, description="GCM objective number (1-23) it addresses."
    )
    sdg_target: str | None = strawberry.field(
        default=None, description="Code of an SDG target or indicator it is linked to."
    )
    thematic_area: str | None = strawberry.field(
        default=None, description="Slug of a theme it addresses."
    )
    adopted_from: date | None = strawberry.field(
        default=None, description="Adopted on or after this day (undated ones are left out)."
    )
    adopted_to: date | None = strawberry.field(
        default=None, description="Adopted on or before this day (undated ones are left out)."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Full-text search on title and text (web search syntax: quotes, `or`, `-word`).",
    )
    synthetic: bool | None = strawberry.field(
        default=None, description="Only generated example data (true) or only real data (false)."
    )
    status: ContributionStatus | None = strawberry.field(
        default=None,
        description="Workflow status; without credentials only PUBLISHED ones exist for you.",
    )
    removed: bool = strawberry.field(
        default=False,
        description="Editors: list the removed ones (that `restoreRecommendation` can bring back) instead; nobody else sees any.",
    )

    async def criteria(self, context: Context) -> "RecommendationCriteria":
        """Check the filter and resolve its names."""
        return await recommendations.recommendation_criteria(
            context,
            iscm=self.iscm,
            level=self.level.value if self.level else None,
            phase=self.phase.value if self.phase else None,
            outcome_type=self.outcome_type.value if self.outcome_type else None,
            gcm_objective=self.gcm_objective,
            sdg_target=self.sdg_target,
            thematic_area=self.thematic_area,
            adopted_from=self.adopted_from,
            adopted_to=self.adopted_to,
            search=self.search,
            synthetic=self.synthetic,
            status=self.status.value if self.status else None,
            removed=self.removed,
        )


@strawberry.input(
    description="Which review contributions to list; every given condition must hold."
)
class ReviewContributionFilter:
    iscm: str | None = strawberry.field(default=None, description="Slug of the contributing ISCM.")
    review_process: str | None = strawberry.field(
        default=None, description="Slug of the review, e.g. `imrf-2026`."
    )
    gcm_objective: int | None = strawberry.field(
        default=None, description="GCM objective number (1-23) it addresses."
    )
    status: ContributionStatus | None = strawberry.field(
        default=None,
        description="Workflow status; without credentials only PUBLISHED ones exist for you.",
    )
    removed: bool = strawberry.field(
        default=False,
        description="Editors: list the removed ones (that `restoreReviewContribution` can bring back) instead; nobody else sees any.",
    )

    async def criteria(self, context: Context) -> "ContributionCriteria":
        """Check the filter and resolve its names."""
        return await review.contribution_criteria(
            context,
            iscm=self.iscm,
            review_process=self.review_process,
            gcm_objective=self.gcm_objective,
            status=self.status.value if self.status else None,
            removed=self.removed,
        )


@strawberry.input(description="Which review processes to list.")
class ReviewProcessFilter:
    kind: ReviewKind | None = strawberry.field(default=None, description="Global or regional.")
    regional_commission: str | None = strawberry.field(
        default=None, description="UN regional commission, e.g. ESCAP."
    )
    year: int | None = strawberry.field(default=None, description="Year the review concludes.")

    def criteria(self) -> "ReviewProcessCriteria":
        """Return the filter's criteria."""
        return review.review_process_criteria(
            kind=self.kind.value if self.kind else None,
            regional_commission=self.regional_commission,
            year=self.year,
        )


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        description=f"Recommendations you may see (PUBLISHED ones without credentials), newest first by default. {PAGE_ARGS_HELP}"
    )
    async def recommendations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: RecommendationFilter | None = None,
        order_by: RecommendationOrder | None = None,
    ) -> Connection[Recommendation]:
        order = order_by or RecommendationOrder()
        result = await recommendations.recommendation_page(
            info.context,
            await (filter or RecommendationFilter()).criteria(info.context),
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, Recommendation.from_row)

    @strawberry.field(
        description=f"Review contributions you may see (PUBLISHED ones without credentials), newest first by default. {PAGE_ARGS_HELP}"
    )
    async def review_contributions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ReviewContributionFilter | None = None,
        order_by: ReviewContributionOrder | None = None,
    ) -> Connection[ReviewContribution]:
        order = order_by or ReviewContributionOrder()
        result = await review.contribution_page(
            info.context,
            await (filter or ReviewContributionFilter()).criteria(info.context),
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, ReviewContribution.from_row)

    @strawberry.field(description=f"GCM reviews, in the order they open. {PAGE_ARGS_HELP}")
    async def review_processes(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ReviewProcessFilter | None = None,
    ) -> Connection[ReviewProcess]:
        criteria = (filter or ReviewProcessFilter()).criteria()
        result = await review.review_process_page(
            info.context, criteria, first=first, after=after, last=last, before=before
        )
        return to_connection(result, ReviewProcess.from_row)

    @strawberry.field(description="One GCM review by slug; null when there is none.")
    async def review_process(self, info: Info, slug: str) -> ReviewProcess | None:
        row = await info.context.graph_loaders.review_process_by_slug.load(slug)
        return ReviewProcess.from_row(row) if row is not None else None
