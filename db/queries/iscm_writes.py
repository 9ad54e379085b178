"""SQL the write API runs on ISCM records and memberships (editors' reference data)."""

from typing import Any

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.columns import readable_columns

ISCM = models.Iscm
MEMBERSHIP = models.IscmMembership
ISCM_COLUMNS = tuple(c for c in ISCM.__table__.c if c.name != "search_vector")


async def iscm_row_by_slug(session: AsyncSession, slug: str) -> Row[Any] | None:
    """Return every API column of the ISCM `slug`, or None."""
    return (await session.execute(select(*readable_columns(ISCM)).where(ISCM.slug == slug))).first()


async def update_iscm(
    session: AsyncSession, iscm_id: int, expected_version: int | None, values: dict[str, Any]
) -> Row[Any] | None:
    """Apply `values` and bump the version; with `expected_version`, only from that version.

    None means the row has moved on (or is gone). A version above 1 also tells
    `iscm-graph seed` that the record was edited through the API, so it keeps it.
    """
    query = update(ISCM).where(ISCM.id == iscm_id)
    if expected_version is not None:
        query = query.where(ISCM.version == expected_version)
    query = query.values(**values, version=ISCM.version + 1, updated_at=func.now()).returning(
        *ISCM_COLUMNS
    )
    return (await session.execute(query)).first()


async def membership(
    session: AsyncSession, iscm_id: int, iso3: str
) -> Row[*tuple[Any, ...]] | None:
    """Return (state_iso3, role, since, source) of a State's membership in an ISCM, or None."""
    query = select(
        MEMBERSHIP.state_iso3, MEMBERSHIP.role, MEMBERSHIP.since, MEMBERSHIP.source
    ).where(MEMBERSHIP.iscm_id == iscm_id, MEMBERSHIP.state_iso3 == iso3)
    return (await session.execute(query)).first()


async def upsert_membership(
    session: AsyncSession, iscm_id: int, iso3: str, *, role: str, since: int | None, source: str
) -> None:
    """Add the membership or change its role, year and source."""
    statement = insert(MEMBERSHIP).values(
        iscm_id=iscm_id, state_iso3=iso3, role=role, since=since, source=source
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[MEMBERSHIP.iscm_id, MEMBERSHIP.state_iso3],
            set_={"role": role, "since": since, "source": source},
        )
    )


async def end_membership(session: AsyncSession, iscm_id: int, iso3: str) -> None:
    """Remove the State from the ISCM."""
    await session.execute(
        delete(MEMBERSHIP).where(MEMBERSHIP.iscm_id == iscm_id, MEMBERSHIP.state_iso3 == iso3)
    )


ORGANIZATION = models.Organization
OBSERVES = models.iscm_observer_organizations


async def organization_by_name(session: AsyncSession, name: str) -> Row[*tuple[Any, ...]] | None:
    """Return (id, name, acronym) of the organisation of this name (in any case), or None."""
    query = select(ORGANIZATION.id, ORGANIZATION.name, ORGANIZATION.acronym).where(
        func.lower(ORGANIZATION.name) == name.lower()
    )
    return (await session.execute(query)).first()


async def add_organization(
    session: AsyncSession, name: str, acronym: str | None
) -> Row[*tuple[Any, ...]]:
    """Add an organisation; return (id, name, acronym)."""
    query = (
        insert(ORGANIZATION)
        .values(name=name, acronym=acronym)
        .returning(ORGANIZATION.id, ORGANIZATION.name, ORGANIZATION.acronym)
    )
    return (await session.execute(query)).one()


async def set_acronym(session: AsyncSession, organization_id: int, acronym: str | None) -> None:
    """Correct an organisation's acronym."""
    await session.execute(
        update(ORGANIZATION).where(ORGANIZATION.id == organization_id).values(acronym=acronym)
    )


async def observership(
    session: AsyncSession, iscm_id: int, organization_id: int
) -> Row[*tuple[Any, ...]] | None:
    """Return (iscm_id, organization_id, source) of an organisation's observer seat, or None."""
    query = select(OBSERVES.c.iscm_id, OBSERVES.c.organization_id, OBSERVES.c.source).where(
        OBSERVES.c.iscm_id == iscm_id, OBSERVES.c.organization_id == organization_id
    )
    return (await session.execute(query)).first()


async def upsert_observership(
    session: AsyncSession, iscm_id: int, organization_id: int, source: str
) -> None:
    """Seat the organisation as observer of the ISCM, or change the source that lists it."""
    statement = insert(OBSERVES).values(
        iscm_id=iscm_id, organization_id=organization_id, source=source
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[OBSERVES.c.iscm_id, OBSERVES.c.organization_id],
            set_={"source": source},
        )
    )


async def end_observership(session: AsyncSession, iscm_id: int, organization_id: int) -> None:
    """Remove the organisation from the ISCM's observers."""
    await session.execute(
        delete(OBSERVES).where(
            OBSERVES.c.iscm_id == iscm_id, OBSERVES.c.organization_id == organization_id
        )
    )
