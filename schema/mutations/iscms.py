"""Editors' mutations of reference data: ISCM records and State memberships."""

from typing import Annotated, Self, cast

import strawberry
from strawberry.types.unset import UNSET

from resolvers import iscm_writes
from schema.catalogue import Iscm, Membership, OrganizationMembership
from schema.enums import IscmStatus, MembersConfidence, MembershipRole
from schema.mutations.arguments import VERSION_ARGUMENT, Info
from schema.mutations.errors import UserError, provided, to_user_errors
from schema.mutations.payloads import errors_field, record_field
from schema.read_path.results import RowRef

SLUG_ARGUMENT = Annotated[str, strawberry.argument(description="The ISCM's slug.")]


@strawberry.input(
    description="Changes to an ISCM record: only the fields given change; null clears an optional one."
)
class UpdateIscmInput:
    name: str | None = strawberry.field(default=UNSET, description="Full name (cannot be cleared).")
    acronym: str | None = strawberry.field(
        default=UNSET, description="Acronym, up to 40 characters."
    )
    regions: list[str] | None = strawberry.field(default=UNSET, description="Regions it covers.")
    established: int | None = strawberry.field(
        default=UNSET, description="Year established (1945 to 2100)."
    )
    secretariat: str | None = strawberry.field(
        default=UNSET, description="Who provides the secretariat."
    )
    status: IscmStatus | None = strawberry.field(
        default=UNSET, description="Whether it still meets."
    )
    website: str | None = strawberry.field(
        default=UNSET, description="Official website (http(s) URL)."
    )
    summary: str | None = strawberry.field(
        default=UNSET, description="Summary of its purpose and history."
    )
    open_to: str | None = strawberry.field(
        default=UNSET, description="For global processes: who may take part."
    )
    members_confidence: MembersConfidence | None = strawberry.field(
        default=UNSET,
        description="CONFIRMED once a source gives the complete member list and `members` matches it.",
    )


@strawberry.type(description="The result of an ISCM mutation.")
class IscmPayload:
    iscm: RowRef | None = record_field(
        Iscm, "The ISCM as stored after the write (its `version` incremented)"
    )
    errors: list[UserError] = errors_field()
    membership: RowRef | None = strawberry.field(
        graphql_type=Membership | None,
        description="For setIscmMembership: the membership as stored; null when it was ended (or for updateIscm).",
    )
    organization_membership: RowRef | None = strawberry.field(
        graphql_type=OrganizationMembership | None,
        description="For setIscmObserverOrganization: the organisation's observer seat as stored, with its source; null when it was removed (or for the other mutations).",
    )

    @classmethod
    def of(cls, written: iscm_writes.WrittenIscm) -> Self:
        """Build the payload of a write's outcome."""
        iscm, membership, seat = written.row, written.membership, written.organization_membership
        return cls(
            iscm=RowRef("Iscm", {"id": iscm.id}) if iscm is not None else None,
            errors=to_user_errors(written.errors),
            membership=RowRef(
                "Membership",
                {"iscm_id": iscm.id, "state_iso3": membership.state_iso3},
            )
            if iscm is not None and membership is not None
            else None,
            organization_membership=RowRef(
                "OrganizationMembership",
                {"iscm_id": iscm.id, "organization_id": seat.organization_id},
            )
            if iscm is not None and seat is not None
            else None,
        )


@strawberry.type
class IscmMutations:
    @strawberry.mutation(
        description="Edit an ISCM record from the version you last read, citing a source (editors). `iscm-graph seed` keeps records edited this way."
    )
    async def update_iscm(
        self,
        info: Info,
        slug: SLUG_ARGUMENT,
        expected_version: VERSION_ARGUMENT,
        input: UpdateIscmInput,
        source: Annotated[
            str,
            strawberry.argument(
                description="URL of the public source for this change (http or https); recorded in the audit trail and added to the ISCM's `sources`."
            ),
        ],
    ) -> IscmPayload:
        written = await iscm_writes.update_iscm(
            info.context, slug, expected_version, provided(input), source
        )
        return IscmPayload.of(written)

    @strawberry.mutation(
        description="Add a State to an ISCM, change its role, or end its membership with `role: null` (editors). Increments the ISCM's `version`, so `iscm-graph seed` keeps the change."
    )
    async def set_iscm_membership(
        self,
        info: Info,
        slug: SLUG_ARGUMENT,
        iso3: Annotated[
            str, strawberry.argument(description="The State's ISO 3166-1 alpha-3 code.")
        ],
        role: Annotated[
            MembershipRole | None,
            strawberry.argument(description="MEMBER or OBSERVER; null ends the membership."),
        ],
        source: Annotated[
            str,
            strawberry.argument(
                description="URL of the public source for this change (http or https)."
            ),
        ],
        since: Annotated[
            int | None, strawberry.argument(description="Year the State joined, when known.")
        ] = None,
    ) -> IscmPayload:
        written = await iscm_writes.set_membership(
            info.context,
            slug,
            iso3,
            # Strawberry unwraps enum_value() members: the value is the code itself.
            cast(str, role.value) if role else None,
            source,
            since,
        )
        return IscmPayload.of(written)

    @strawberry.mutation(
        description="Seat an international organisation as observer of an ISCM, change the source that lists it, or remove it with `observer: false`, citing a source (editors). An organisation not yet known is added. Increments the ISCM's `version`, so `iscm-graph seed` keeps the change."
    )
    async def set_iscm_observer_organization(
        self,
        info: Info,
        slug: SLUG_ARGUMENT,
        organization: Annotated[
            str,
            strawberry.argument(
                description="The organisation's full name, e.g. `International Organization for Migration (IOM)` (matched in any case)."
            ),
        ],
        source: Annotated[
            str,
            strawberry.argument(
                description="URL of the public source that lists it as observer (http or https)."
            ),
        ],
        acronym: Annotated[
            str | None,
            strawberry.argument(
                description="Its acronym, e.g. `IOM`; given, it corrects the one stored."
            ),
        ] = None,
        observer: Annotated[
            bool,
            strawberry.argument(description="True (default): seat it. False: remove it."),
        ] = True,
    ) -> IscmPayload:
        written = await iscm_writes.set_observer_organization(
            info.context, slug, organization, acronym, observer=observer, source=source
        )
        return IscmPayload.of(written)
