"""Mutations of review contributions: create, update, submit, withdraw, publish, bulk import,
and editors' removal, restoring and merging of duplicates."""

from enum import Enum
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import contribution_import, contribution_writes, workflow
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
from schema.review import ReviewContribution

ID_ARGUMENT = Annotated[strawberry.ID, id_argument("contribution")]


@strawberry.input(description="A new review contribution. It starts as a DRAFT.")
class CreateReviewContributionInput:
    iscm: str = strawberry.field(description="Slug of the contributing ISCM, e.g. `bali-process`.")
    review_process: str = strawberry.field(
        description="Slug of the review it is made to, e.g. `imrf-2026`. Drafts may be written at any time; submitting needs the review to be open (`isOpen`)."
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
        default=UNSET, description="Move it to another review process."
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


@strawberry.type(description="The result of a contribution mutation.")
class ReviewContributionPayload:
    contribution: RowRef | None = record_field(
        ReviewContribution, "The contribution as stored after the write"
    )
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, written: workflow.Written) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            contribution=as_written("ReviewContribution", written.row),
            errors=to_user_errors(written.errors),
        )


KEY_HELP = (
    "Your identifier of this input (1 to 200 characters), unique per ISCM, e.g. a spreadsheet "
    "row id: importing an input with the same key again updates or keeps the record it "
    "stored instead of adding one. Without it, the input is known by its ISCM, review "
    "process and title (case aside)."
)
VOCABULARY_HELP = "the code or its name, in any case"


@strawberry.input(
    description="One contribution of a bulk import. Slugs and vocabulary fields are read case-insensitively (vocabulary fields are text, so one badly written cell fails its own input only)."
)
class ImportReviewContributionInput(CreateReviewContributionInput):
    level: str | None = strawberry.field(
        default=None,
        description=f"Governance level: {VOCABULARY_HELP}, e.g. `REGIONAL` or `Regional`.",
    )
    phase: str | None = strawberry.field(
        default=None,
        description=f"Policy-cycle phase: {VOCABULARY_HELP}, e.g. `AGENDA_SETTING` or `agenda setting`.",
    )
    outcome_type: str | None = strawberry.field(
        default=None,
        description=f"Outcome type: {VOCABULARY_HELP}, e.g. `CAPACITY_BUILDING` or `Capacity building`.",
    )
    key: str | None = strawberry.field(default=None, description=KEY_HELP)


@strawberry.enum(description="What importing one input did (in a check: would do).")
class ImportOutcome(Enum):
    CREATED = strawberry.enum_value("CREATED", description="A new draft was stored.")
    UPDATED = strawberry.enum_value(
        "UPDATED", description="The draft its key names was changed to say what the input says."
    )
    UNCHANGED = strawberry.enum_value(
        "UNCHANGED",
        description="The record its key names already says this, or an editor removed or merged it (see `note`): nothing was written.",
    )
    FAILED = strawberry.enum_value(
        "FAILED", description="The input has problems (`errors`); nothing was written for it."
    )
    ROLLED_BACK = strawberry.enum_value(
        "ROLLED_BACK",
        description="The input was fine, but another input of this atomic import failed, so nothing was stored.",
    )


@strawberry.type(description="The outcome of one input of a bulk import.")
class ImportReviewContributionResult:
    index: int = strawberry.field(description="Position of the input in `inputs`, from 0.")
    outcome: ImportOutcome = strawberry.field(description="What happened to it.")
    contribution: RowRef | None = strawberry.field(
        graphql_type=ReviewContribution | None,
        description="The contribution its key names, as stored (in a check: as it is now); null when there is none.",
    )
    note: str | None = strawberry.field(
        description="Why nothing was written for an UNCHANGED input an editor removed or merged."
    )
    errors: list[UserError] = strawberry.field(
        description="This input's problems (paths start with `inputs`, index, then the field)."
    )


@strawberry.type(description="The result of a bulk import.")
class ImportReviewContributionsPayload:
    results: list[ImportReviewContributionResult] = strawberry.field(
        description="One result per input, in order (empty when the call itself was refused)."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the call failed: a refused call (too many inputs, idempotency conflict) or, for an atomic import or a check, every input's problems. Empty when the call succeeded, even if some non-atomic inputs failed."
    )
    checked: bool = strawberry.field(
        description="True for a check (`check: true`): nothing was written."
    )

    @strawberry.field(description="How many contributions this call stored (created or updated).")
    def imported_count(self) -> int:
        if self.checked:
            return 0
        stored = (ImportOutcome.CREATED, ImportOutcome.UPDATED)
        return sum(1 for result in self.results if result.outcome in stored)

    @classmethod
    def of(cls, imported: contribution_import.Imported) -> Self:
        """Build the payload of an import's outcome."""
        return cls(
            results=[
                ImportReviewContributionResult(
                    index=item.index,
                    outcome=ImportOutcome(item.outcome.value),
                    contribution=as_written("ReviewContribution", item.row),
                    note=item.note,
                    errors=to_user_errors(item.errors),
                )
                for item in imported.items
            ],
            errors=to_user_errors(imported.errors),
            checked=imported.checked,
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
        idempotency_key: IDEMPOTENCY_ARGUMENT = None,
    ) -> ReviewContributionPayload:
        written = await contribution_writes.create(info.context, provided(input), idempotency_key)
        return ReviewContributionPayload.of(written)

    @strawberry.mutation(
        description="Change a DRAFT or SUBMITTED contribution (PUBLISHED ones: editors only), from the version you last read."
    )
    async def update_review_contribution(
        self,
        info: Info,
        id: ID_ARGUMENT,
        expected_version: VERSION_ARGUMENT,
        input: UpdateReviewContributionInput,
    ) -> ReviewContributionPayload:
        written = await contribution_writes.update(
            info.context, str(id), expected_version, provided(input)
        )
        return ReviewContributionPayload.of(written)

    @strawberry.mutation(
        description="DRAFT → SUBMITTED, while its review process is open (OUTSIDE_REVIEW_WINDOW otherwise; editors may submit at any time)."
    )
    async def submit_review_contribution(
        self,
        info: Info,
        id: ID_ARGUMENT,
        expected_version: STEP_VERSION_ARGUMENT,
    ) -> ReviewContributionPayload:
        written = await contribution_writes.submit(info.context, str(id), expected_version)
        return ReviewContributionPayload.of(written)

    withdraw_review_contribution = record_step(
        workflow.withdraw,
        contribution_writes.KIND,
        ReviewContributionPayload,
        "Withdraw a contribution (final). A PUBLISHED one may be withdrawn by editors only.",
    )
    publish_review_contribution = record_publication(
        contribution_writes.KIND,
        ReviewContributionPayload,
        "SUBMITTED → PUBLISHED: makes it public (editors).",
    )

    @strawberry.mutation(
        description=(
            "Import many contributions in one call (at most ISCM_MAX_IMPORT_ITEMS, 500 by "
            "default), each known by its `key` (or its ISCM, review process and title): an "
            "input names a new draft (CREATED), a draft it changes (UPDATED) or a record that "
            "already says the same (UNCHANGED), so importing the same inputs again stores "
            "nothing twice. A record past DRAFT is not changed (CONFLICT). `atomic: true` (the "
            "default) stores all or none; `atomic: false` stores each valid input and reports "
            f"the others; `check: true` reports what would happen and writes nothing. {IDEMPOTENCY_HELP}"
        )
    )
    async def import_review_contributions(
        self,
        info: Info,
        inputs: list[ImportReviewContributionInput],
        atomic: Annotated[
            bool,
            strawberry.argument(
                description="All or nothing (true), or input by input, each in its own savepoint (false)."
            ),
        ] = True,
        check: Annotated[
            bool,
            strawberry.argument(
                description="Check every input and report what importing it would do (as a non-atomic import), writing nothing."
            ),
        ] = False,
        idempotency_key: IDEMPOTENCY_ARGUMENT = None,
    ) -> ImportReviewContributionsPayload:
        imported = await contribution_import.import_many(
            info.context,
            [provided(item) for item in inputs],
            atomic=atomic,
            check=check,
            idempotency_key=idempotency_key,
        )
        return ImportReviewContributionsPayload.of(imported)

    remove_review_contribution = record_step(
        workflow.remove,
        contribution_writes.KIND,
        ReviewContributionPayload,
        "Remove a contribution, a duplicate say (editors): it disappears from every read, and `restoreReviewContribution` brings it back.",
    )
    restore_review_contribution = record_step(
        workflow.restore,
        contribution_writes.KIND,
        ReviewContributionPayload,
        "Bring a removed contribution back as it was (editors); list removed ones with `reviewContributions(filter: {removed: true})`.",
    )
    merge_review_contribution = record_merge(
        contribution_writes.KIND,
        ReviewContributionPayload,
        "Merge a duplicate into another contribution of the same ISCM (editors): that one keeps its content, gains the duplicate's GCM objectives, and answers to the duplicate's id from then on (in `node`, `nodes`, `_entities` and mutations); the duplicate is removed. The payload holds the merged record.",
    )
