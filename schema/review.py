"""GraphQL types of the GCM reviews: review processes and the ISCMs' contributions to them."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row
from strawberry import relay

from resolvers import review
from resolvers.context import Context
from schema import audit as audit_types
from schema import catalogue as catalogue_types
from schema import gcm as gcm_types
from schema.governance import (
    GovernanceLevel,
    GovernancePhase,
    OutcomeType,
    level_of,
    outcome_type_of,
    phase_of,
)
from schema.graph_enums import ContributionStatus, ReviewKind, WindowStatus
from schema.nodes import BIGINT_MAX, integer_id, integer_ids
from schema.orderings import ReviewContributionOrder
from schema.pagination import Connection, to_connection

if TYPE_CHECKING:
    from schema.catalogue import Iscm
    from schema.gcm import GcmObjective

Info = strawberry.Info[Context, None]


@strawberry.federation.type(
    keys=["id"],
    description="An ISCM's input to a GCM review. Only PUBLISHED contributions are public; drafts are visible to their ISCM's partners and to editors. Removed ones are visible to nobody; the id of a duplicate merged into another names that one.",
)
class ReviewContribution(relay.Node):
    contribution_id: relay.NodeID[int]
    title: str = strawberry.field(description="Title.")
    summary: str = strawberry.field(description="Summary of the contribution.")
    practices: str | None = strawberry.field(description="Practices the ISCM reports.")
    challenges: str | None = strawberry.field(description="Challenges the ISCM reports.")
    level: GovernanceLevel | None = strawberry.field(
        description="The governance level it concerns, when classified."
    )
    phase: GovernancePhase | None = strawberry.field(
        description="The policy-cycle phase it concerns, when classified."
    )
    outcome_type: OutcomeType | None = strawberry.field(
        description="The kind of outcome it reports, when classified."
    )
    status: ContributionStatus = strawberry.field(description="Where it stands in its workflow.")
    submitted_at: datetime | None = strawberry.field(description="When it was submitted.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    synthetic: bool = strawberry.field(
        description="True for generated example data (`iscm-graph seed --demo`), never a real contribution."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    removed_at: datetime | None = strawberry.field(
        description="When an editor removed it (only editors list removed records); null otherwise."
    )
    iscm_ref: strawberry.Private[int]
    review_process_ref: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row holding the `review_contributions` columns."""
        r = row._mapping
        return cls(
            contribution_id=r["id"],
            title=r["title"],
            summary=r["summary"],
            practices=r["practices"],
            challenges=r["challenges"],
            level=level_of(r["level"]),
            phase=phase_of(r["phase"]),
            outcome_type=outcome_type_of(r["outcome_type"]),
            status=ContributionStatus(r["status"]),
            submitted_at=r["submitted_at"],
            published_at=r["published_at"],
            synthetic=r["synthetic"],
            version=r["version"],
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            removed_at=r["deleted_at"],
            iscm_ref=r["iscm_id"],
            review_process_ref=r["review_process_id"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load contributions by database id; ones the principal may not see are null."""
        rows = await review.contributions_by_ids(info.context, integer_ids(node_ids, BIGINT_MAX))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        """Resolve a federation entity reference by global `id` (null when not visible)."""
        global_id = relay.GlobalID.from_id(str(id))
        if global_id.type_name != cls.__name__:
            return None
        contribution_id = integer_id(global_id.node_id, BIGINT_MAX)
        row = await review.contribution_by_id(info.context, contribution_id)
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="The ISCM that made it.")
    async def iscm(self, info: Info) -> Annotated["Iscm", strawberry.lazy("schema.catalogue")]:
        row = await info.context.loaders.iscm_by_id.load(self.iscm_ref)
        return catalogue_types.Iscm.from_row(row)

    @strawberry.field(description="The review it was made to.")
    async def review_process(self, info: Info) -> "ReviewProcess":
        row = await info.context.graph_loaders.review_process_by_id.load(self.review_process_ref)
        return ReviewProcess.from_row(row)

    @strawberry.field(description="GCM objectives it addresses, by number.")
    async def gcm_objectives(
        self, info: Info
    ) -> list[Annotated["GcmObjective", strawberry.lazy("schema.gcm")]]:
        rows = await info.context.graph_loaders.objectives_by_contribution.load(
            self.contribution_id
        )
        return [gcm_types.GcmObjective.from_row(row) for row in rows]

    @strawberry.field(description=audit_types.HISTORY_HELP)
    async def history(self, info: Info) -> list[audit_types.AuditEvent]:
        return await audit_types.history_of_contribution(info, self.contribution_id)

    @strawberry.field(description=audit_types.VERSIONS_HELP)
    async def published_versions(self, info: Info) -> list[audit_types.PublishedVersion]:
        return await audit_types.versions_of_contribution(info, self.contribution_id)


@strawberry.type(
    description="A GCM review: an International Migration Review Forum or a regional review."
)
class ReviewProcess(relay.Node):
    review_process_id: relay.NodeID[int]
    slug: str = strawberry.field(description="Stable identifier, e.g. `imrf-2026`.")
    name: str = strawberry.field(description="Name.")
    kind: ReviewKind = strawberry.field(description="Global or regional.")
    regional_commission: str | None = strawberry.field(
        description="The UN regional commission leading a regional review, e.g. ESCAP."
    )
    year: int = strawberry.field(description="Year the review concludes.")
    opens_on: date = strawberry.field(description="First day contributions may be submitted.")
    closes_on: date = strawberry.field(description="Last day contributions may be submitted.")
    window_status: WindowStatus = strawberry.field(
        description="Whether `opensOn` and `closesOn` are the organisers' dates or an estimate."
    )
    description: str = strawberry.field(description="What the review is.")
    url: str | None = strawberry.field(description="Official page, when known.")
    sources: list[str] = strawberry.field(
        description="Public sources of its record and its window, as editors cited them."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a `review_processes` row."""
        r = row._mapping
        return cls(
            review_process_id=r["id"],
            slug=r["slug"],
            name=r["name"],
            kind=ReviewKind(r["kind"]),
            regional_commission=r["regional_commission"],
            year=r["year"],
            opens_on=r["opens_on"],
            closes_on=r["closes_on"],
            window_status=WindowStatus(r["window_status"]),
            description=r["description"],
            url=r["url"],
            sources=list(r["sources"]),
            version=r["version"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load review processes by their database ids."""
        loader = info.context.graph_loaders.review_process_by_id
        rows = await loader.load_many(integer_ids(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @strawberry.field(
        description="Whether contributions may be submitted today (UTC): `opensOn` to `closesOn`. Drafts may be written at any time."
    )
    def is_open(self) -> bool:
        return review.window_is_open(self.opens_on, self.closes_on)

    @strawberry.field(description="Contributions made to this review that you may see.")
    async def contributions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ReviewContributionOrder | None = None,
    ) -> Connection[ReviewContribution]:
        order = order_by or ReviewContributionOrder()
        result = await review.nested_contributions(
            info.context,
            info.context.graph_loaders.contributions_of_review_process,
            self.review_process_id,
            order_field=order.field.value,
            descending=order.descending(),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(result, ReviewContribution.from_row)
