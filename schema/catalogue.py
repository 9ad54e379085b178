"""GraphQL types of the catalogue: ISCMs, member States, memberships, organisations."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Self

import strawberry
from sqlalchemy import Row
from strawberry import relay

from resolvers.context import Context
from schema import indicators as un_data
from schema.enums import IscmKind, IscmStatus, MembersConfidence, MembershipRole, UnStatus
from schema.iscm_relations import IscmRelations, MemberStateRelations
from schema.nodes import integer_id, integer_ids

Info = strawberry.Info[Context, None]


@strawberry.federation.type(
    keys=["id", "slug"],
    description="An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process.",
)
class Iscm(IscmRelations, relay.Node):
    iscm_id: relay.NodeID[int]
    slug: str = strawberry.field(description="Stable, URL-safe identifier, e.g. `bali-process`.")
    acronym: str | None = strawberry.field(
        description="Acronym, e.g. `RCM`; null for processes known by name only (e.g. the Bali Process)."
    )
    name: str = strawberry.field(description="Full name.")
    kind: IscmKind = strawberry.field(description="RCP, inter-regional forum or global process.")
    regions: list[str] = strawberry.field(
        description="Regions the mechanism covers, as its sources name them."
    )
    established: int | None = strawberry.field(description="Year it was established.")
    secretariat: str | None = strawberry.field(
        description="Who provides the secretariat, as the source words it; null when there is none or none was found."
    )
    status: IscmStatus = strawberry.field(description="Whether it still meets.")
    website: str | None = strawberry.field(
        description="Official website, when one was seen in the sources."
    )
    summary: str | None = strawberry.field(
        description="A paraphrased summary of its purpose and history."
    )
    open_to: str | None = strawberry.field(
        description="For global processes: who may take part. Their `members` list is empty on purpose."
    )
    members_confidence: MembersConfidence = strawberry.field(
        description="Whether `members` is the complete list (CONFIRMED) or only what the public record showed (PARTIAL)."
    )
    members_without_iso: list[str] = strawberry.field(
        description="Members a source names that have no ISO 3166-1 code (e.g. Kosovo*), so are not in `members`."
    )
    sources: list[str] = strawberry.field(
        description="URLs of the public sources this record rests on."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from an `iscms` row."""
        r = row._mapping
        return cls(
            iscm_id=r["id"],
            slug=r["slug"],
            acronym=r["acronym"],
            name=r["name"],
            kind=IscmKind(r["kind"]),
            regions=r["regions"],
            established=r["established"],
            secretariat=r["secretariat"],
            status=IscmStatus(r["status"]),
            website=r["website"],
            summary=r["summary"],
            open_to=r["open_to"],
            members_confidence=MembersConfidence(r["members_confidence"]),
            members_without_iso=r["members_without_iso"],
            sources=r["sources"],
            version=r["version"],
            created_at=r["created_at"],
            updated_at=r["updated_at"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load ISCMs by their database ids (the part after the type in a global ID)."""
        rows = await info.context.loaders.iscm_by_id.load_many(integer_ids(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def resolve_reference(
        cls, info: Info, id: strawberry.ID | None = None, slug: str | None = None
    ) -> Self | None:
        """Resolve a federation entity reference by global `id` or by `slug`."""
        if slug is not None:
            row = await info.context.loaders.iscm_by_slug.load(slug)
        else:
            global_id = relay.GlobalID.from_id(str(id))
            if global_id.type_name != cls.__name__:
                return None
            row = await info.context.loaders.iscm_by_id.load(integer_id(global_id.node_id))
        return cls.from_row(row) if row is not None else None

    @strawberry.field(
        description="Member States, by name. Read `membersConfidence` before treating it as complete."
    )
    async def members(self, info: Info) -> list["MemberState"]:
        rows = await info.context.loaders.memberships_by_iscm.load(self.iscm_id)
        return [MemberState.from_row(row) for row in rows if row.role == "MEMBER"]

    @strawberry.field(description="Observer States, by name.")
    async def observers(self, info: Info) -> list["MemberState"]:
        rows = await info.context.loaders.memberships_by_iscm.load(self.iscm_id)
        return [MemberState.from_row(row) for row in rows if row.role == "OBSERVER"]

    @strawberry.field(description="Every participating State with its role, by State name.")
    async def memberships(
        self, info: Info, role: MembershipRole | None = None
    ) -> list["Membership"]:
        rows = await info.context.loaders.memberships_by_iscm.load(self.iscm_id)
        return [
            Membership.from_row(row, iscm=self, state=MemberState.from_row(row))
            for row in rows
            if role is None or row.role == role.value
        ]

    @strawberry.field(description="How many member States are listed (observers not counted).")
    async def member_count(self, info: Info) -> int:
        rows = await info.context.loaders.memberships_by_iscm.load(self.iscm_id)
        return sum(1 for row in rows if row.role == "MEMBER")

    @strawberry.field(
        description="International organisations that observe or support the mechanism."
    )
    async def observer_organizations(self, info: Info) -> list["Organization"]:
        rows = await info.context.loaders.observer_organizations_by_iscm.load(self.iscm_id)
        return [Organization.from_row(row) for row in rows]

    # UN data over the members (schema/indicators.py).
    indicator_summary = un_data.iscm_indicator_summary_field


@strawberry.federation.type(
    keys=["iso3"],
    description="A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions.",
)
class MemberState(MemberStateRelations, relay.Node):
    state_code: relay.NodeID[str]
    iso3: str = strawberry.field(description="ISO 3166-1 alpha-3 code, e.g. `PHL`.")
    iso2: str = strawberry.field(description="ISO 3166-1 alpha-2 code, e.g. `PH`.")
    m49: int = strawberry.field(description="UN M49 numeric code, e.g. 608.")
    name: str = strawberry.field(description="Short name.")
    official_name: str | None = strawberry.field(description="Official name.")
    region: str | None = strawberry.field(
        description="M49 region (Africa, Americas, Asia, Europe, Oceania)."
    )
    subregion: str | None = strawberry.field(description="M49 sub-region, e.g. South-eastern Asia.")
    intermediate_region: str | None = strawberry.field(
        description="M49 intermediate region where one applies, e.g. Central America."
    )
    un_status: UnStatus = strawberry.field(description="Standing at the United Nations.")
    un_member_since: int | None = strawberry.field(
        description="Year of admission to the UN, for Member States."
    )

    @strawberry.field(description="Whether it is one of the 193 UN Member States.")
    def un_member(self) -> bool:
        return self.un_status is UnStatus.MEMBER

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from a row holding the `member_states` columns."""
        r = row._mapping
        return cls(
            state_code=r["iso3"],
            iso3=r["iso3"],
            iso2=r["iso2"],
            m49=r["m49"],
            name=r["name"],
            official_name=r["official_name"],
            region=r["region"],
            subregion=r["subregion"],
            intermediate_region=r["intermediate_region"],
            un_status=UnStatus(r["un_status"]),
            un_member_since=r["un_member_since"],
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Load States by ISO alpha-3 code."""
        rows = await info.context.loaders.state_by_iso3.load_many(list(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def resolve_reference(cls, info: Info, iso3: str) -> Self | None:
        """Resolve a federation entity reference by `iso3`."""
        row = await info.context.loaders.state_by_iso3.load(iso3.upper())
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="ISCMs the State takes part in (as member or observer), by name.")
    async def iscms(self, info: Info, role: MembershipRole | None = None) -> list[Iscm]:
        rows = await info.context.loaders.memberships_by_state.load(self.iso3)
        return [Iscm.from_row(row) for row in rows if role is None or row.role == role.value]

    @strawberry.field(description="The State's memberships with their roles, by ISCM name.")
    async def memberships(self, info: Info) -> list["Membership"]:
        rows = await info.context.loaders.memberships_by_state.load(self.iso3)
        return [Membership.from_row(row, iscm=Iscm.from_row(row), state=self) for row in rows]

    # UN data (schema/indicators.py).
    indicators = un_data.state_indicators_field
    migrant_stock = un_data.migrant_stock_field
    refugees_hosted = un_data.refugees_hosted_field
    refugees_originating = un_data.refugees_originating_field
    remittances_received = un_data.remittances_received_field
    remittance_cost_percent = un_data.remittance_cost_percent_field


@strawberry.type(description="A State's participation in an ISCM.")
class Membership:
    role: MembershipRole = strawberry.field(description="Member or observer.")
    since: int | None = strawberry.field(description="Year the State joined, when known.")
    source: str | None = strawberry.field(
        description="Source URL of a membership recorded through the API."
    )
    iscm: Iscm = strawberry.field(description="The mechanism.")
    state: MemberState = strawberry.field(description="The State.")

    @classmethod
    def from_row(cls, row: Row[Any], *, iscm: Iscm, state: MemberState) -> Self:
        """Build the type from a membership row and its two ends."""
        r = row._mapping
        return cls(
            role=MembershipRole(r["role"]),
            since=r["since"],
            source=r["source"],
            iscm=iscm,
            state=state,
        )


@strawberry.type(
    description="An international organisation taking part in ISCMs as observer or partner."
)
class Organization:
    name: str = strawberry.field(description="Full name, as the source writes it.")
    acronym: str | None = strawberry.field(description="Acronym, when the name carries one.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        """Build the type from an `organizations` row."""
        return cls(name=row._mapping["name"], acronym=row._mapping["acronym"])
