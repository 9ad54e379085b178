"""Filters of the catalogue's lists: ISCM and member State criteria, checked."""

from db.queries.catalogue_filters import IscmCriteria, StateCriteria
from resolvers import arguments
from resolvers.context import Context


async def iscm_criteria(
    context: Context,
    *,
    kind: str | None = None,
    region: str | None = None,
    member_state: str | None = None,
    thematic_area: str | None = None,
    gcm_objective: int | None = None,
    status: str | None = None,
    search: str | None = None,
    slugs: list[str] | None = None,
    argument: str = "filter",
) -> IscmCriteria:
    """Check an ISCM filter and resolve its names; `argument` prefixes error paths."""
    return IscmCriteria(
        kind=kind,
        region=await arguments.region_name(context, region, f"{argument}.region"),
        state_iso3=await arguments.state_code(context, member_state, f"{argument}.memberState"),
        theme=await arguments.thematic_area(context, thematic_area, f"{argument}.thematicArea"),
        objective=arguments.objective_number(gcm_objective, f"{argument}.gcmObjective"),
        status=status,
        search=arguments.search_text(search, f"{argument}.search"),
        ids=await arguments.iscm_ids(context, slugs, f"{argument}.iscms"),
    )


async def state_criteria(
    context: Context,
    *,
    region: str | None = None,
    iscm: str | None = None,
    un_members_only: bool = False,
) -> StateCriteria:
    """Check a member State filter and resolve its names."""
    return StateCriteria(
        region=await arguments.region_name(context, region, "filter.region"),
        iscm_id=await arguments.iscm_id(context, iscm, "filter.iscm"),
        un_members_only=un_members_only,
    )
