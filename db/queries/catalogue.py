"""SQL for the catalogue: ISCMs, member States, memberships, organisations, GCM objectives."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.pagination import SortKey

ISCM_SORTS = {
    "NAME": SortKey("NAME", (models.Iscm.name, models.Iscm.id)),
    "ACRONYM": SortKey(
        "ACRONYM", (func.coalesce(models.Iscm.acronym, models.Iscm.name), models.Iscm.id)
    ),
    "ESTABLISHED": SortKey(
        "ESTABLISHED", (func.coalesce(models.Iscm.established, 0), models.Iscm.id)
    ),
}
STATE_SORTS = {
    "NAME": SortKey("NAME", (models.MemberState.name, models.MemberState.iso3)),
    "ISO3": SortKey("ISO3", (models.MemberState.iso3,)),
}


def iscm_query() -> Select[Any]:
    """Select every ISCM column used by the API."""
    return select(models.Iscm.__table__).with_only_columns(
        *(c for c in models.Iscm.__table__.c if c.name != "search_vector")
    )


def state_query() -> Select[Any]:
    """Select every member State column."""
    return select(models.MemberState.__table__)


async def iscms_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Row[Any]]:
    """Return the ISCMs with these ids (any order)."""
    return list((await session.execute(iscm_query().where(models.Iscm.id.in_(ids)))).all())


async def iscms_by_slugs(session: AsyncSession, slugs: Sequence[str]) -> list[Row[Any]]:
    """Return the ISCMs with these slugs (any order)."""
    return list((await session.execute(iscm_query().where(models.Iscm.slug.in_(slugs)))).all())


async def states_by_iso3(session: AsyncSession, codes: Sequence[str]) -> list[Row[Any]]:
    """Return the member States with these ISO alpha-3 codes (any order)."""
    query = state_query().where(models.MemberState.iso3.in_(codes))
    return list((await session.execute(query)).all())


async def memberships_of_iscms(session: AsyncSession, iscm_ids: Sequence[int]) -> list[Row[Any]]:
    """Return (iscm_id, role, since, source, State columns...) for these ISCMs, by State name."""
    membership = models.IscmMembership
    query = (
        select(membership.iscm_id, membership.role, membership.since, membership.source)
        .add_columns(*models.MemberState.__table__.c)
        .join(models.MemberState, models.MemberState.iso3 == membership.state_iso3)
        .where(membership.iscm_id.in_(iscm_ids))
        .order_by(models.MemberState.name)
    )
    return list((await session.execute(query)).all())


async def memberships_of_states(session: AsyncSession, codes: Sequence[str]) -> list[Row[Any]]:
    """Return (state_iso3, role, since, source, ISCM columns...) for these States, by ISCM name."""
    membership = models.IscmMembership
    query = (
        iscm_query()
        .add_columns(membership.state_iso3, membership.role, membership.since, membership.source)
        .join(membership, membership.iscm_id == models.Iscm.id)
        .where(membership.state_iso3.in_(codes))
        .order_by(models.Iscm.name)
    )
    return list((await session.execute(query)).all())


async def observer_organizations_of_iscms(
    session: AsyncSession, iscm_ids: Sequence[int]
) -> list[Row[Any]]:
    """Return (iscm_id, organisation columns...) for these ISCMs, by organisation name."""
    link = models.iscm_observer_organizations
    query = (
        select(link.c.iscm_id, models.Organization.id, models.Organization.name)
        .add_columns(models.Organization.acronym)
        .join(models.Organization, models.Organization.id == link.c.organization_id)
        .where(link.c.iscm_id.in_(iscm_ids))
        .order_by(models.Organization.name)
    )
    return list((await session.execute(query)).all())


async def gcm_objectives(session: AsyncSession) -> list[Row[Any]]:
    """Return the 23 GCM objectives in order."""
    query = select(models.GcmObjective.__table__).order_by(models.GcmObjective.number)
    return list((await session.execute(query)).all())


async def gcm_objectives_by_number(session: AsyncSession, numbers: Sequence[int]) -> list[Row[Any]]:
    """Return the GCM objectives with these numbers."""
    query = select(models.GcmObjective.__table__).where(models.GcmObjective.number.in_(numbers))
    return list((await session.execute(query)).all())
