"""The root Subscription: live review contribution events over graphql-transport-ws."""

from collections.abc import AsyncGenerator
from enum import Enum
from typing import Annotated

import strawberry

from resolvers.context import Context
from resolvers.contribution_events import contribution_events, contribution_removals
from resolvers.contribution_writes import ContributionAction
from resolvers.writes import global_id
from schema.read_path.results import RowRef
from schema.review import ReviewContribution

Info = strawberry.Info[Context, None]


@strawberry.enum(description="What happened to a review contribution.")
class ContributionEventAction(Enum):
    CREATED = strawberry.enum_value("CREATED", description="It was created (as a DRAFT).")
    UPDATED = strawberry.enum_value("UPDATED", description="Its content changed.")
    SUBMITTED = strawberry.enum_value("SUBMITTED", description="It was submitted.")
    WITHDRAWN = strawberry.enum_value("WITHDRAWN", description="It was withdrawn.")
    PUBLISHED = strawberry.enum_value("PUBLISHED", description="It was published.")
    RESTORED = strawberry.enum_value(
        "RESTORED", description="An editor restored it after removing it."
    )
    MERGED = strawberry.enum_value(
        "MERGED", description="An editor merged a duplicate into it (it gained its links)."
    )


@strawberry.type(description="A committed change to a review contribution you may see.")
class ReviewContributionEvent:
    action: ContributionEventAction = strawberry.field(description="What happened.")
    version: int = strawberry.field(description="The contribution's version after this change.")
    contribution: RowRef = strawberry.field(
        graphql_type=ReviewContribution,
        description="The contribution as it is when the event is delivered.",
    )


@strawberry.enum(description="How a review contribution left every read.")
class ContributionRemovalAction(Enum):
    REMOVED = strawberry.enum_value(
        "REMOVED",
        description="An editor removed it; `restoreReviewContribution` may bring it back (a RESTORED event then).",
    )
    MERGED = strawberry.enum_value(
        "MERGED",
        description="An editor merged it, a duplicate, into `mergedInto`, which answers to its id from then on.",
    )


REMOVAL_ACTIONS = {
    ContributionAction.REMOVED: ContributionRemovalAction.REMOVED,
    ContributionAction.MERGED_INTO: ContributionRemovalAction.MERGED,
}


@strawberry.type(
    description="A review contribution you could see that left every read: drop it from what you show."
)
class ReviewContributionRemoval:
    action: ContributionRemovalAction = strawberry.field(description="How it left.")
    id: strawberry.ID = strawberry.field(
        description="The contribution's `id`, as queries gave it before."
    )
    version: int = strawberry.field(description="Its version after the removal.")
    merged_into: RowRef | None = strawberry.field(
        graphql_type=ReviewContribution | None,
        description="The contribution it was merged into, as it is when the event is delivered; null when it was removed, or when you may not see that one.",
    )


ISCM_FILTER = Annotated[
    str | None, strawberry.argument(description="Only this ISCM's contributions (slug).")
]


@strawberry.type(description="Live updates, over WebSocket (graphql-transport-ws) at /graphql.")
class Subscription:
    @strawberry.subscription(
        description=(
            "Committed changes to review contributions, from every service instance. You "
            "receive what you could query: published contributions for everyone, drafts and "
            "submissions for the ISCM's partners and for editors. Authenticate with "
            '`{"Authorization": "Bearer <token>"}` as the `connection_init` payload.'
        )
    )
    async def review_contribution_events(
        self,
        info: Info,
        iscm: ISCM_FILTER = None,
    ) -> AsyncGenerator[ReviewContributionEvent, None]:
        async for event in contribution_events(info.context, iscm):
            yield ReviewContributionEvent(
                action=ContributionEventAction(event.action.value),
                version=event.version,
                contribution=RowRef("ReviewContribution", {"id": event.row.id}, shared=event.reads),
            )

    @strawberry.subscription(
        description=(
            "Review contributions removed by editors, or merged into another, from every "
            "service instance: each that you could see before, by its `id`, so that a client "
            "can drop it from its lists and cache. `reviewContributionEvents` sends no event "
            "for them, as what is removed can no longer be read. Authenticate as there."
        )
    )
    async def review_contribution_removals(
        self,
        info: Info,
        iscm: ISCM_FILTER = None,
    ) -> AsyncGenerator[ReviewContributionRemoval, None]:
        async for removal in contribution_removals(info.context, iscm):
            survivor = removal.merged_into
            yield ReviewContributionRemoval(
                action=REMOVAL_ACTIONS[removal.action],
                id=strawberry.ID(global_id("ReviewContribution", removal.contribution_id)),
                version=removal.version,
                merged_into=(
                    RowRef("ReviewContribution", {"id": survivor}, shared=removal.reads)
                    if survivor is not None
                    else None
                ),
            )
