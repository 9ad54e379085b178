"""Mutations of recommendations: create, update, link to GCM objectives."""

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import recommendation_writes
from resolvers.context import Context
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.mutations.contributions import IDEMPOTENCY_HELP
from schema.mutations.errors import UserError, provided, to_user_errors
from schema.read_path.results import RowRef
from schema.recommendations import Recommendation

Info = strawberry.Info[Context, None]


@strawberry.input(description="A recommendation adopted by an ISCM.")
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
    source_url: str | None = strawberry.field(
        default=None, description="Where the text was published (an http(s) URL)."
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
        default=UNSET, description="Where the text was published."
    )


@strawberry.type(description="The result of a recommendation mutation.")
class RecommendationPayload:
    recommendation: Recommendation | None = strawberry.field(
        description="The recommendation as stored after the write; null when `errors` is not empty."
    )
    errors: list[UserError] = strawberry.field(
        description="Every problem found; empty on success. Nothing was written when it is not empty."
    )

    @classmethod
    def of(cls, written: recommendation_writes.WrittenRecommendation) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            recommendation=RowRef("Recommendation", {"id": written.row.id})
            if written.row is not None
            else None,
            errors=to_user_errors(written.errors),
        )


@strawberry.type
class RecommendationMutations:
    @strawberry.mutation(
        description=f"Record a recommendation of an ISCM you may write for. {IDEMPOTENCY_HELP}"
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

    @strawberry.mutation(description="Change a recommendation, from the version you last read.")
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
