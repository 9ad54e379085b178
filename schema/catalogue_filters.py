"""Filter inputs of the catalogue's lists: ISCMs and member States."""

from typing import TYPE_CHECKING

import strawberry

from resolvers.catalogue_filters import iscm_criteria, state_criteria
from resolvers.context import Context
from schema.enums import IscmKind, IscmStatus

if TYPE_CHECKING:
    from db.queries.catalogue_filters import IscmCriteria, StateCriteria

REGION_HELP = "An M49 region, sub-region or intermediate region name (see `regions`)"


@strawberry.input(description="Which ISCMs to list; every given condition must hold.")
class IscmFilter:
    kind: IscmKind | None = strawberry.field(default=None, description="RCP, IRF or GLOBAL.")
    region: str | None = strawberry.field(
        default=None,
        description=f"{REGION_HELP}: ISCMs with at least one member State (not observer) placed there. Global processes list no members, so never match.",
    )
    member_state: str | None = strawberry.field(
        default=None,
        description="ISO 3166-1 alpha-3 code: ISCMs the State is member or observer of.",
    )
    thematic_area: str | None = strawberry.field(
        default=None,
        description="Thematic area slug: ISCMs linked to the theme or with a recommendation on it.",
    )
    gcm_objective: int | None = strawberry.field(
        default=None,
        description="GCM objective number (1-23): ISCMs with a recommendation or visible review contribution addressing it.",
    )
    status: IscmStatus | None = strawberry.field(
        default=None, description="Whether it still meets."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Full-text search on acronym, name and summary (web search syntax: quotes, `or`, `-word`).",
    )

    async def criteria(self, context: Context) -> "IscmCriteria":
        """Check the filter and resolve its names."""
        return await iscm_criteria(
            context,
            kind=self.kind.value if self.kind else None,
            region=self.region,
            member_state=self.member_state,
            thematic_area=self.thematic_area,
            gcm_objective=self.gcm_objective,
            status=self.status.value if self.status else None,
            search=self.search,
        )


@strawberry.input(description="Which member States to list; every given condition must hold.")
class MemberStateFilter:
    region: str | None = strawberry.field(default=None, description=f"{REGION_HELP}.")
    iscm: str | None = strawberry.field(
        default=None, description="ISCM slug: States taking part in it as member or observer."
    )
    un_members_only: bool = strawberry.field(
        default=False, description="Only the 193 UN Member States."
    )

    async def criteria(self, context: Context) -> "StateCriteria":
        """Check the filter and resolve its names."""
        return await state_criteria(
            context, region=self.region, iscm=self.iscm, un_members_only=self.un_members_only
        )
