"""Mutations of recommendations: create, update, link to GCM objectives, the workflow
(submit, publish, withdraw), and editors' removal, restoring and merging of duplicates."""

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import recommendation_writes, workflow
from resolvers.context import Context
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.mutations.contributions import IDEMPOTENCY_HELP, REASON_ARGUMENT
from schema.mutations.errors import UserError, provided, to_user_errors
from schema.read_path.results import RowRef
from schema.recommendations import Recommendation

Info = strawberry.Info[Context, None]
ID_ARGUMENT = Annotated[
    strawberry.ID, strawberry.argument(description="The recommendation's `id`.")
]


@strawberry.input(
    description="A recommendation adopted by an ISCM. It starts as a DRAFT, visible to the ISCM's partners and editors until an editor publishes it."
)
class CreateRecommendationInput:
    iscm: str = strawberry.field(description="Slug of the ISCM that adopted it.")
    title: str = strawberry.field(description="Title, 1 to 500 characters (trimmed).")
    text: str = strawberry.field(description="Full text, up to 20,000 characters.")
    adopted_on: date | None = strawberry.field(
        default=None, description="Date of adoption (1945-01-01 to today)."
    )
    level: GovernanceLevel | None = strawberry.field(default=None, description="Governance level.")
    phase: GovernancePhase | None = strawberry.field(
        default=None, description="Policy-cycle phase."
    )
    outcome_type: OutcomeType | None = strawberry.field(default=None, description="Outcome type.")
    source_url: str = strawberry.field(
        description="Where the text was published (an http(s) URL): every recommendation cites its source."
    )
    gcm_objectives: list[int] = strawberry.field(
        default_factory=list, description="Numbers (1 to 23) of the GCM objectives it addresses."
    )


@strawberry.input(
    description="Changes to a recommendation: only the fields given change; null clears an optional one."
)
class UpdateRecommendationInput:
    title: str | None = strawberry.field(
        default=UNSET, description="New title (cannot be cleared)."
    )
    text: str | None = strawberry.field(default=UNSET, description="New text (cannot be cleared).")
    adopted_on: date | None = strawberry.field(default=UNSET, description="Date of adoption.")
    level: GovernanceLevel | None = strawberry.field(default=UNSET, description="Governance level.")
    phase: GovernancePhase | None = strawberry.field(
        default=UNSET, description="Policy-cycle phase."
    )
    outcome_type: OutcomeType | None = strawberry.field(default=UNSET, description="Outcome type.")
    source_url: str | None = strawberry.field(
        default=UNSET, description="Where the text was published (cannot be cleared)."
    )


@strawberry.type(description="The result of a recommendation mutation.")
class RecommendationPayload:
    recommendation: RowRef | None = strawberry.field(
        graphql_type=Recommendation | None,
        description="The recommendation as stored after the write; null when `errors` is not empty.",
    )
    errors: list[UserError] = strawberry.field(
        description="Every problem found; empty on success. Nothing was written when it is not empty."
    )

    @classmethod
    def of(cls, written: workflow.Written) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            recommendation=RowRef("Recommendation", {"id": written.row.id}, as_written=True)
            if written.row is not None
            else None,
            errors=to_user_errors(written.errors),
        )


@strawberry.type
class RecommendationMutations:
    @strawberry.mutation(
        description=f"Record a DRAFT recommendation of an ISCM you may write for. {IDEMPOTENCY_HELP}"
    )
    async def create_recommendation(
        self,
        info: Info,
        input: CreateRecommendationInput,
        idempotency_key: Annotated[
            str | None, strawberry.argument(description=IDEMPOTENCY_HELP)
        ] = None,
    ) -> RecommendationPayload:
        written = await recommendation_writes.create(info.context, provided(input), idempotency_key)
        return RecommendationPayload.of(written)

    @strawberry.mutation(
        description="Change a DRAFT or SUBMITTED recommendation (PUBLISHED ones: editors only), from the version you last read."
    )
    async def update_recommendation(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The recommendation's `id`.")],
        expected_version: Annotated[
            int,
            strawberry.argument(
                description="The `version` you last read; if it changed since, nothing is written and the error is CONFLICT."
            ),
        ],
        input: UpdateRecommendationInput,
    ) -> RecommendationPayload:
        written = await recommendation_writes.update(
            info.context, str(id), expected_version, provided(input)
        )
        return RecommendationPayload.of(written)

    @strawberry.mutation(
        description="Link a recommendation to GCM objectives (its version increments)."
    )
    async def link_recommendation_to_objectives(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The recommendation's `id`.")],
        objectives: Annotated[
            list[int], strawberry.argument(description="GCM objective numbers, 1 to 23.")
        ],
        replace: Annotated[
            bool,
            strawberry.argument(
                description="False (default): add these links. True: link exactly these objectives, unlinking the others."
            ),
        ] = False,
    ) -> RecommendationPayload:
        written = await recommendation_writes.link_objectives(
            info.context, str(id), objectives, replace=replace
        )
        return RecommendationPayload.of(written)

    @strawberry.mutation(description="DRAFT → SUBMITTED: ready for an editor to publish.")
    async def submit_recommendation(
        self,
        info: Info,
        id: ID_ARGUMENT,
        expected_version: Annotated[
            int, strawberry.argument(description="The `version` you last read.")
        ],
    ) -> RecommendationPayload:
        written = await workflow.submit(
            info.context, recommendation_writes.KIND, str(id), expected_version
        )
        return RecommendationPayload.of(written)

    @strawberry.mutation(description="SUBMITTED → PUBLISHED: makes it public (editors).")
    async def publish_recommendation(self, info: Info, id: ID_ARGUMENT) -> RecommendationPayload:
        written = await workflow.publish(info.context, recommendation_writes.KIND, str(id))
        return RecommendationPayload.of(written)

    @strawberry.mutation(
        description="Withdraw a recommendation (final). A PUBLISHED one may be withdrawn by editors only."
    )
    async def withdraw_recommendation(
        self, info: Info, id: ID_ARGUMENT, reason: REASON_ARGUMENT
    ) -> RecommendationPayload:
        written = await workflow.withdraw(info.context, recommendation_writes.KIND, str(id), reason)
        return RecommendationPayload.of(written)

    @strawberry.mutation(
        description="Remove a recommendation, a duplicate say (editors): it disappears from every read, counts and search included, and `restoreRecommendation` brings it back."
    )
    async def remove_recommendation(
        self, info: Info, id: ID_ARGUMENT, reason: REASON_ARGUMENT
    ) -> RecommendationPayload:
        written = await workflow.remove(info.context, recommendation_writes.KIND, str(id), reason)
        return RecommendationPayload.of(written)

    @strawberry.mutation(
        description="Bring a removed recommendation back as it was (editors); list removed ones with `recommendations(filter: {removed: true})`."
    )
    async def restore_recommendation(
        self, info: Info, id: ID_ARGUMENT, reason: REASON_ARGUMENT
    ) -> RecommendationPayload:
        written = await workflow.restore(info.context, recommendation_writes.KIND, str(id), reason)
        return RecommendationPayload.of(written)

    @strawberry.mutation(
        description="Merge a duplicate into another recommendation of the same ISCM (editors): that one keeps its content, gains the duplicate's objectives, themes, SDG targets, ISCMs and sources (and its meeting, document, date and source URL where it has none), and answers to the duplicate's id from then on (in `node`, `nodes`, `_entities` and mutations); the duplicate is removed. The payload holds the merged record."
    )
    async def merge_recommendation(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The duplicate's `id`.")],
        into: Annotated[
            strawberry.ID,
            strawberry.argument(description="The `id` of the recommendation to keep."),
        ],
        reason: REASON_ARGUMENT,
    ) -> RecommendationPayload:
        written = await workflow.merge(
            info.context, recommendation_writes.KIND, str(id), str(into), reason
        )
        return RecommendationPayload.of(written)
