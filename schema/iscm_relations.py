"""Fields that lead from ISCMs and member States into the read graph.

`Iscm` and `MemberState` (schema/catalogue.py) inherit these classes, so the catalogue's
types stay where they are while their relations live here. Every field loads through
DataLoaders: a page of 50 ISCMs asking for their recommendations runs one statement.
"""

from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import analysis, calendar, recommendations, reference, review
from resolvers.context import Context
from schema import analysis as analysis_types
from schema import calendar as calendar_types
from schema import recommendations as recommendation_types
from schema import reference as reference_types
from schema import review as review_types
from schema.orderings import EventOrder, RecommendationOrder, ReviewContributionOrder
from schema.pagination import Connection, to_connection

if TYPE_CHECKING:
    from schema.analysis import GovernanceProfile, IscmObjectiveCount, StateOverlap
    from schema.calendar import Event
    from schema.recommendations import Recommendation
    from schema.reference import ThematicArea
    from schema.review import ReviewContribution

Info = strawberry.Info[Context, None]
RecommendationType = Annotated["Recommendation", strawberry.lazy("schema.recommendations")]
ContributionType = Annotated["ReviewContribution", strawberry.lazy("schema.review")]
PAGE_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


@strawberry.type(description="Relations of an ISCM (inherited by Iscm).")
class IscmRelations:
    # Iscm supplies `self.iscm_id`, the database id.

    @strawberry.field(description=f"Recommendations it adopted. {PAGE_HELP}")
    async def recommendations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: RecommendationOrder | None = None,
    ) -> Connection[RecommendationType]:
        order = order_by or RecommendationOrder()
        result = await recommendations.nested_recommendations(
            info.context,
            info.context.graph_loaders.recommendations_of_iscm,
            self.iscm_id,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, recommendation_types.Recommendation.from_row)

    @strawberry.field(
        description=f"Its contributions to GCM reviews that you may see (PUBLISHED ones unless you are its partner or an editor). {PAGE_HELP}"
    )
    async def review_contributions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ReviewContributionOrder | None = None,
    ) -> Connection[ContributionType]:
        order = order_by or ReviewContributionOrder()
        result = await review.nested_contributions(
            info.context,
            info.context.graph_loaders.contributions_of_iscm,
            self.iscm_id,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, review_types.ReviewContribution.from_row)

    @strawberry.field(
        description="Themes it works on: those linked to it and those of its recommendations you may see, by name."
    )
    async def thematic_areas(
        self, info: Info
    ) -> list[Annotated["ThematicArea", strawberry.lazy("schema.reference")]]:
        rows = await reference.thematic_areas_of_iscm(info.context, self.iscm_id)
        return [reference_types.ThematicArea.from_row(row) for row in rows]

    @strawberry.field(
        description="GCM objectives its recommendations or visible review contributions address, by number, with counts."
    )
    async def gcm_objectives(
        self, info: Info
    ) -> list[Annotated["IscmObjectiveCount", strawberry.lazy("schema.analysis")]]:
        rows = await analysis.objective_counts(info.context, self.iscm_id)
        return [analysis_types.IscmObjectiveCount.from_row(row) for row in rows]

    @strawberry.field(description=f"Meetings it held, on the ISCM calendar. {PAGE_HELP}")
    async def events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: EventOrder | None = None,
    ) -> Connection[Annotated["Event", strawberry.lazy("schema.calendar")]]:
        order = order_by or EventOrder()
        result = await calendar.events_of_iscm(
            info.context,
            self.iscm_id,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, calendar_types.Event.from_row)

    @strawberry.field(
        description="Its recommendations and visible review contributions counted over governance level, phase and outcome type."
    )
    async def governance_profile(
        self, info: Info
    ) -> Annotated["GovernanceProfile", strawberry.lazy("schema.analysis")]:
        profile = await analysis.governance_profile(info.context, self.iscm_id)
        return analysis_types.GovernanceProfile.from_profile(profile)


@strawberry.type(description="Relations of a member State (inherited by MemberState).")
class MemberStateRelations:
    # MemberState supplies `self.iso3`.

    @strawberry.field(
        description=f"Recommendations of the ISCMs it is a member of (not an observer). {PAGE_HELP}"
    )
    async def recommendations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: RecommendationOrder | None = None,
    ) -> Connection[RecommendationType]:
        order = order_by or RecommendationOrder()
        result = await recommendations.nested_recommendations(
            info.context,
            info.context.graph_loaders.recommendations_of_state,
            self.iso3,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, recommendation_types.Recommendation.from_row)

    @strawberry.field(
        description="The other States it shares most ISCMs with (both as members), most shared first, then by name."
    )
    async def overlap(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many States to list (default 10, at most the page size)."
            ),
        ] = None,
    ) -> list[Annotated["StateOverlap", strawberry.lazy("schema.analysis")]]:
        overlaps = await analysis.overlap(info.context, self.iso3, first)
        return [analysis_types.StateOverlap.from_overlap(overlap) for overlap in overlaps]
