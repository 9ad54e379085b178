"""Mutations of recommendations: create, update, link to GCM objectives, the workflow
(submit, publish, withdraw), and editors' removal, restoring and merging of duplicates."""

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import recommendation_writes, workflow
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.mutations.arguments import (
    IDEMPOTENCY_ARGUMENT,
    IDEMPOTENCY_HELP,
    STEP_VERSION_ARGUMENT,
    VERSION_ARGUMENT,
    Info,
    id_argument,
)
from schema.mutations.errors import UserError, provided, to_user_errors
from schema.mutations.lifecycle import record_merge, record_publication, record_step
from schema.mutations.payloads import as_written, errors_field, record_field
from schema.read_path.results import RowRef
from schema.recommendations import Recommendation

ID_ARGUMENT = Annotated[strawberry.ID, id_argument("recommendation")]


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
    recommendation: RowRef | None = record_field(
        Recommendation, "The recommendation as stored after the write"
    )
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, written: workflow.Written) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            recommendation=as_written("Recommendation", written.row),
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
        idempotency_key: IDEMPOTENCY_ARGUMENT = None,
    ) -> RecommendationPayload:
        written = await recommendation_writes.create(info.context, provided(input), idempotency_key)
        return RecommendationPayload.of(written)

    @strawberry.mutation(
        description="Change a DRAFT or SUBMITTED recommendation (PUBLISHED ones: editors only), from the version you last read."
    )
    async def update_recommendation(
        self,
        info: Info,
        id: ID_ARGUMENT,
        expected_version: VERSION_ARGUMENT,
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
        id: ID_ARGUMENT,
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
        expected_version: STEP_VERSION_ARGUMENT,
    ) -> RecommendationPayload:
        written = await workflow.submit(
            info.context, recommendation_writes.KIND, str(id), expected_version
        )
        return RecommendationPayload.of(written)

    publish_recommendation = record_publication(
        recommendation_writes.KIND,
        RecommendationPayload,
        "SUBMITTED → PUBLISHED: makes it public (editors).",
    )
    withdraw_recommendation = record_step(
        workflow.withdraw,
        recommendation_writes.KIND,
        RecommendationPayload,
        "Withdraw a recommendation (final). A PUBLISHED one may be withdrawn by editors only.",
    )
    remove_recommendation = record_step(
        workflow.remove,
        recommendation_writes.KIND,
        RecommendationPayload,
        "Remove a recommendation, a duplicate say (editors): it disappears from every read, counts and search included, and `restoreRecommendation` brings it back.",
    )
    restore_recommendation = record_step(
        workflow.restore,
        recommendation_writes.KIND,
        RecommendationPayload,
        "Bring a removed recommendation back as it was (editors); list removed ones with `recommendations(filter: {removed: true})`.",
    )
    merge_recommendation = record_merge(
        recommendation_writes.KIND,
        RecommendationPayload,
        "Merge a duplicate into another recommendation of the same ISCM (editors): that one keeps its content, gains the duplicate's objectives, themes, SDG targets, ISCMs and sources (and its meeting, document, date and source URL where it has none), and answers to the duplicate's id from then on (in `node`, `nodes`, `_entities` and mutations); the duplicate is removed. The payload holds the merged record.",
    )
