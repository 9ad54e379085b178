"""GraphQL type of recommendations adopted by ISCMs and Global RCP meetings."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row
from strawberry import relay

from resolvers import recommendations as recommendation_reads
from resolvers.context import Context
from schema import audit as audit_types
from schema import calendar as calendar_types
from schema import catalogue as catalogue_types
from schema import gcm as gcm_types
from schema import reference as reference_types
from schema.governance import (
    GovernanceLevel,
    GovernancePhase,
    OutcomeType,
    level_of,
    outcome_type_of,
    phase_of,
)
from schema.graph_enums import ContributionStatus
from schema.nodes import BIGINT_MAX, integer_id, integer_ids

if TYPE_CHECKING:
    from schema.calendar import Event
    from schema.catalogue import Iscm
    from schema.gcm import GcmObjective
    from schema.reference import SdgTarget, ThematicArea

Info = strawberry.Info[Context, None]


@strawberry.federation.type(
    keys=["id"],
    description="A recommendation adopted by an ISCM or by a Global RCP meeting. Only PUBLISHED ones are public (the curated ones are published on load); drafts are visible to their ISCM's partners and to editors. Removed ones are visible to nobody; the id of a duplicate merged into another names that one.",
)
class Recommendation(relay.Node):
    recommendation_id: relay.NodeID[int]
    title: str = strawberry.field(description="Title.")
    text: str = strawberry.field(description="Full text.")
    adopted_on: date | None = strawberry.field(description="Date of adoption, when known.")
    level: GovernanceLevel | None = strawberry.field(
        description="The governance level it acts at, when classified."
    )
    phase: GovernancePhase | None = strawberry.field(
        description="The policy-cycle phase it belongs to, when classified."
    )
    outcome_type: OutcomeType | None = strawberry.field(
        description="The kind of outcome it is, when classified."
    )
    source_url: str | None = strawberry.field(
        description="Where the text was published (required of recommendations written through the API)."
    )
    status: ContributionStatus = strawberry.field(description="Where it stands in its workflow.")
    submitted_at: datetime | None = strawberry.field(description="When it was submitted.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    synthetic: bool = strawberry.field(
        description="True for generated example data (`iscm-graph seed --demo`), never a real recommendation."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    removed_at: datetime | None = strawberry.field(
        description="When an editor removed it (only editors list removed records); null otherwise."
    )
    iscm_ref: strawberry.Private[int | None]
    event_ref: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row holding the `recommendations` columns."""
        r = row._mapping
        return cls(
            recommendation_id=r["id"],
            title=r["title"],
            text=r["text"],
            adopted_on=r["adopted_on"],
            level=level_of(r["level"]),
            phase=phase_of(r["phase"]),
            outcome_type=outcome_type_of(r["outcome_type"]),
            source_url=r["source_url"],
            status=ContributionStatus(r["status"]),
            submitted_at=r["submitted_at"],
            published_at=r["published_at"],
            synthetic=r["synthetic"],
            version=r["version"],
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            removed_at=r["deleted_at"],
            iscm_ref=r["iscm_id"],
            event_ref=r["event_id"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load recommendations by database id; ones the principal may not see are null."""
        rows = await recommendation_reads.recommendations_by_ids(
            info.context, integer_ids(node_ids, BIGINT_MAX)
        )
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        """Resolve a federation entity reference by global `id` (null when not visible)."""
        global_id = relay.GlobalID.from_id(str(id))
        if global_id.type_name != cls.__name__:
            return None
        (row,) = await recommendation_reads.recommendations_by_ids(
            info.context, [integer_id(global_id.node_id, BIGINT_MAX)]
        )
        return cls.from_row(row) if row is not None else None

    @strawberry.field(
        description="The ISCM that adopted it; null when a Global RCP meeting adopted it."
    )
    async def iscm(
        self, info: Info
    ) -> Annotated["Iscm", strawberry.lazy("schema.catalogue")] | None:
        if self.iscm_ref is None:
            return None
        row = await info.context.loaders.iscm_by_id.load(self.iscm_ref)
        return catalogue_types.Iscm.from_row(row) if row is not None else None

    @strawberry.field(description="The meeting that adopted it, when recorded.")
    async def event(
        self, info: Info
    ) -> Annotated["Event", strawberry.lazy("schema.calendar")] | None:
        if self.event_ref is None:
            return None
        row = await info.context.graph_loaders.event_by_id.load(self.event_ref)
        return calendar_types.Event.from_row(row) if row is not None else None

    @strawberry.field(description="Themes it addresses, by name.")
    async def thematic_areas(
        self, info: Info
    ) -> list[Annotated["ThematicArea", strawberry.lazy("schema.reference")]]:
        rows = await info.context.graph_loaders.thematic_areas_by_recommendation.load(
            self.recommendation_id
        )
        return [reference_types.ThematicArea.from_row(row) for row in rows]

    @strawberry.field(description="GCM objectives it addresses, by number.")
    async def gcm_objectives(
        self, info: Info
    ) -> list[Annotated["GcmObjective", strawberry.lazy("schema.gcm")]]:
        rows = await info.context.graph_loaders.objectives_by_recommendation.load(
            self.recommendation_id
        )
        return [gcm_types.GcmObjective.from_row(row) for row in rows]

    @strawberry.field(description=audit_types.HISTORY_HELP)
    async def history(self, info: Info) -> list[audit_types.AuditEvent]:
        return await audit_types.history_of_recommendation(info, self.recommendation_id)

    @strawberry.field(
        description=f"{audit_types.VERSIONS_HELP} Curated records published on load have none."
    )
    async def published_versions(self, info: Info) -> list[audit_types.PublishedVersion]:
        return await audit_types.versions_of_recommendation(info, self.recommendation_id)

    @strawberry.field(description="SDG targets and indicators it is linked to, by code.")
    async def sdg_targets(
        self, info: Info
    ) -> list[Annotated["SdgTarget", strawberry.lazy("schema.reference")]]:
        rows = await info.context.graph_loaders.sdg_targets_by_recommendation.load(
            self.recommendation_id
        )
        return [reference_types.SdgTarget.from_row(row) for row in rows]
