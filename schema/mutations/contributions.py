"""Mutations of review contributions: create, update, submit, withdraw, publish, bulk import."""

from typing import Annotated, Any, Self

import strawberry
from sqlalchemy import Row
from strawberry.types.unset import UNSET

from resolvers import contribution_writes
from resolvers.context import Context
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.mutations.errors import UserError, provided, to_user_errors
from schema.read_path.results import RowRef
from schema.review import ReviewContribution

Info = strawberry.Info[Context, None]

IDEMPOTENCY_HELP = (
    "Optional client-chosen key (1 to 200 characters, scoped to your key or token): a retry "
    "with the same key and the same input returns the first result and writes nothing; the "
    "same key with a different input is a CONFLICT."
)


@strawberry.input(description="A new review contribution. It starts as a DRAFT.")
class CreateReviewContributionInput:
    iscm: str = strawberry.field(description="Slug of the contributing ISCM, e.g. `bali-process`.")
    review_process: str = strawberry.field(
        description="Slug of the review it is made to, e.g. `imrf-2026`; it must be open today (`opensOn` to `closesOn`)."
    )
    title: str = strawberry.field(description="Title, 1 to 500 characters (trimmed).")
    summary: str = strawberry.field(description="Summary, 1 to 20,000 characters.")
    practices: str | None = strawberry.field(
        default=None, description="Practices the ISCM reports, up to 20,000 characters."
    )
    challenges: str | None = strawberry.field(
        default=None, description="Challenges the ISCM reports, up to 20,000 characters."
    )
    level: GovernanceLevel | None = strawberry.field(default=None, description="Governance level.")
    phase: GovernancePhase | None = strawberry.field(
        default=None, description="Policy-cycle phase."
    )
    outcome_type: OutcomeType | None = strawberry.field(default=None, description="Outcome type.")
    gcm_objectives: list[int] = strawberry.field(
        default_factory=list, description="Numbers (1 to 23) of the GCM objectives it addresses."
    )


@strawberry.input(
    description="Changes to a contribution: only the fields given change; null clears an optional one."
)
class UpdateReviewContributionInput:
    review_process: str | None = strawberry.field(
        default=UNSET, description="Move it to another (open) review process."
    )
    title: str | None = strawberry.field(
        default=UNSET, description="New title (cannot be cleared)."
    )
    summary: str | None = strawberry.field(
        default=UNSET, description="New summary (cannot be cleared)."
    )
    practices: str | None = strawberry.field(default=UNSET, description="New practices text.")
    challenges: str | None = strawberry.field(default=UNSET, description="New challenges text.")
    level: GovernanceLevel | None = strawberry.field(default=UNSET, description="Governance level.")
    phase: GovernancePhase | None = strawberry.field(
        default=UNSET, description="Policy-cycle phase."
    )
    outcome_type: OutcomeType | None = strawberry.field(default=UNSET, description="Outcome type.")
    gcm_objectives: list[int] | None = strawberry.field(
        default=UNSET, description="The complete new list of GCM objective numbers."
    )


def contribution_of(row: Row[Any] | None) -> Any:
    """The stored contribution a payload shows, read with the selection asked for."""
    return RowRef("ReviewContribution", {"id": row.id}) if row is not None else None


@strawberry.type(description="The result of a contribution mutation.")
class ReviewContributionPayload:
    contribution: ReviewContribution | None = strawberry.field(
        description="The contribution as stored after the write; null when `errors` is not empty."
    )
    errors: list[UserError] = strawberry.field(
        description="Every problem found; empty on success. Nothing was written when it is not empty."
    )

    @classmethod
    def of(cls, written: contribution_writes.Written) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            contribution=contribution_of(written.row),
            errors=to_user_errors(written.errors),
        )


@strawberry.type(description="The outcome of one input of a bulk import.")
class ImportReviewContributionResult:
    index: int = strawberry.field(description="Position of the input in `inputs`, from 0.")
    contribution: ReviewContribution | None = strawberry.field(
        description="The stored contribution; null when this input failed or the import was rolled back."
    )
    errors: list[UserError] = strawberry.field(
        description="This input's problems (paths start with `inputs`, index)."
    )


@strawberry.type(description="The result of a bulk import.")
class ImportReviewContributionsPayload:
    results: list[ImportReviewContributionResult] = strawberry.field(
        description="One result per input, in order (empty when the call itself was refused)."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the call failed: a refused call (too many inputs, idempotency conflict) or, for an atomic import, every input's problems. Empty when the call succeeded, even if some non-atomic inputs failed."
    )

    @strawberry.field(description="How many contributions this call stored.")
    def imported_count(self) -> int:
        return sum(1 for result in self.results if result.contribution is not None)

    @classmethod
    def of(cls, imported: contribution_writes.Imported) -> Self:
        """Build the payload of an import's outcome."""
        return cls(
            results=[
                ImportReviewContributionResult(
                    index=item.index,
                    contribution=contribution_of(item.row),
                    errors=to_user_errors(item.errors),
                )
                for item in imported.items
            ],
            errors=to_user_errors(imported.errors),
        )


@strawberry.type
class ContributionMutations:
    @strawberry.mutation(
        description=f"Create a DRAFT contribution for an ISCM you may write for. {IDEMPOTENCY_HELP}"
    )
    async def create_review_contribution(
        self,
        info: Info,
        input: CreateReviewContributionInput,
        idempotency_key: Annotated[
            str | None, strawberry.argument(description=IDEMPOTENCY_HELP)
        ] = None,
    ) -> ReviewContributionPayload:
        written = await contribution_writes.create(info.context, provided(input), idempotency_key)
        return ReviewContributionPayload.of(written)

    @strawberry.mutation(
        description="Change a DRAFT or SUBMITTED contribution (PUBLISHED ones: editors only), from the version you last read."
    )
    async def update_review_contribution(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The contribution's `id`.")],
        expected_version: Annotated[
            int,
            strawberry.argument(
                description="The `version` you last read; if it changed since, nothing is written and the error is CONFLICT."
            ),
        ],
        input: UpdateReviewContributionInput,
    ) -> ReviewContributionPayload:
        written = await contribution_writes.update(
            info.context, str(id), expected_version, provided(input)
        )
        return ReviewContributionPayload.of(written)

    @strawberry.mutation(description="DRAFT → SUBMITTED, while its review process is open.")
    async def submit_review_contribution(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The contribution's `id`.")],
        expected_version: Annotated[
            int, strawberry.argument(description="The `version` you last read.")
        ],
    ) -> ReviewContributionPayload:
        written = await contribution_writes.submit(info.context, str(id), expected_version)
        return ReviewContributionPayload.of(written)

    @strawberry.mutation(
        description="Withdraw a contribution (final). A PUBLISHED one may be withdrawn by editors only."
    )
    async def withdraw_review_contribution(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The contribution's `id`.")],
        reason: Annotated[
            str,
            strawberry.argument(description="Why, up to 2,000 characters; kept in its history."),
        ],
    ) -> ReviewContributionPayload:
        written = await contribution_writes.withdraw(info.context, str(id), reason)
        return ReviewContributionPayload.of(written)

    @strawberry.mutation(description="SUBMITTED → PUBLISHED: makes it public (editors).")
    async def publish_review_contribution(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The contribution's `id`.")],
    ) -> ReviewContributionPayload:
        written = await contribution_writes.publish(info.context, str(id))
        return ReviewContributionPayload.of(written)

    @strawberry.mutation(
        description=(
            "Create many DRAFT contributions in one call (at most ISCM_MAX_IMPORT_ITEMS, 500 by "
            "default). `atomic: true` (the default) stores all or none; `atomic: false` stores "
            f"each valid input and reports the others. {IDEMPOTENCY_HELP}"
        )
    )
    async def import_review_contributions(
        self,
        info: Info,
        inputs: list[CreateReviewContributionInput],
        atomic: Annotated[
            bool,
            strawberry.argument(
                description="All or nothing (true), or input by input, each in its own savepoint (false)."
            ),
        ] = True,
        idempotency_key: Annotated[
            str | None, strawberry.argument(description=IDEMPOTENCY_HELP)
        ] = None,
    ) -> ImportReviewContributionsPayload:
        imported = await contribution_writes.import_many(
            info.context,
            [provided(item) for item in inputs],
            atomic=atomic,
            idempotency_key=idempotency_key,
        )
        return ImportReviewContributionsPayload.of(imported)
