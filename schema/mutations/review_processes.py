"""Editors' mutations of review processes: open one, and keep its window and page current."""

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import review_process_writes
from schema.graph_enums import ReviewKind, WindowStatus
from schema.mutations.arguments import VERSION_ARGUMENT, Info
from schema.mutations.errors import UserError, provided, to_user_errors
from schema.mutations.payloads import as_written, errors_field, record_field
from schema.read_path.results import RowRef
from schema.review import ReviewProcess

SOURCE_ARGUMENT = Annotated[
    str,
    strawberry.argument(
        description="URL of the public source for this change (http or https), e.g. the organisers' announcement; recorded in the audit trail and added to the process's `sources`."
    ),
]


@strawberry.input(description="A GCM review process to open for contributions.")
class CreateReviewProcessInput:
    slug: str = strawberry.field(
        description="Stable identifier: lower-case words joined by hyphens, e.g. `imrf-2030`."
    )
    name: str = strawberry.field(description="Name, up to 300 characters.")
    kind: ReviewKind = strawberry.field(description="Global (an IMRF) or regional.")
    regional_commission: str | None = strawberry.field(
        default=None,
        description="For a regional review, the UN regional commission leading it: ECA, ECE, ECLAC, ESCAP or ESCWA.",
    )
    year: int = strawberry.field(description="Year the review concludes (2018 to 2100).")
    opens_on: date = strawberry.field(description="First day contributions may be submitted.")
    closes_on: date = strawberry.field(description="Last day contributions may be submitted.")
    window_status: WindowStatus = strawberry.field(
        default=WindowStatus.INDICATIVE,
        description="OFFICIAL when the organisers announced these dates; INDICATIVE (the default) for an estimate.",
    )
    description: str = strawberry.field(description="What the review is.")
    url: str | None = strawberry.field(
        default=None, description="Its official page (an http(s) URL)."
    )


@strawberry.input(
    description="Changes to a review process: only the fields given change; null clears an optional one."
)
class UpdateReviewProcessInput:
    name: str | None = strawberry.field(default=UNSET, description="Name (cannot be cleared).")
    kind: ReviewKind | None = strawberry.field(default=UNSET, description="Global or regional.")
    regional_commission: str | None = strawberry.field(
        default=UNSET, description="The UN regional commission leading a regional review."
    )
    year: int | None = strawberry.field(default=UNSET, description="Year the review concludes.")
    opens_on: date | None = strawberry.field(
        default=UNSET, description="First day contributions may be submitted."
    )
    closes_on: date | None = strawberry.field(
        default=UNSET, description="Last day contributions may be submitted."
    )
    window_status: WindowStatus | None = strawberry.field(
        default=UNSET,
        description="Whether the window is the organisers' (OFFICIAL) or an estimate.",
    )
    description: str | None = strawberry.field(
        default=UNSET, description="What the review is (cannot be cleared)."
    )
    url: str | None = strawberry.field(default=UNSET, description="Its official page.")


@strawberry.type(description="The result of a review process mutation.")
class ReviewProcessPayload:
    review_process: RowRef | None = record_field(
        ReviewProcess, "The review process as stored after the write"
    )
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, written: review_process_writes.WrittenProcess) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            review_process=as_written("ReviewProcess", written.row),
            errors=to_user_errors(written.errors),
        )


@strawberry.type
class ReviewProcessMutations:
    @strawberry.mutation(
        description="Open a new review process, citing a source (editors). Partners then submit contributions to it while it is open."
    )
    async def create_review_process(
        self,
        info: Info,
        input: CreateReviewProcessInput,
        source: SOURCE_ARGUMENT,
    ) -> ReviewProcessPayload:
        written = await review_process_writes.create_process(info.context, provided(input), source)
        return ReviewProcessPayload.of(written)

    @strawberry.mutation(
        description="Change a review process (its window, whether the window is official, its official page, ...) from the version you last read, citing a source (editors). `iscm-graph seed` keeps processes changed this way."
    )
    async def update_review_process(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The review process's slug.")],
        expected_version: VERSION_ARGUMENT,
        input: UpdateReviewProcessInput,
        source: SOURCE_ARGUMENT,
    ) -> ReviewProcessPayload:
        written = await review_process_writes.update_process(
            info.context, slug, expected_version, provided(input), source
        )
        return ReviewProcessPayload.of(written)
