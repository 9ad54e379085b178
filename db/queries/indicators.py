"""SQL for the UN data cache: cached observations, the fetch log, and what to fetch for."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Row, String, Table, and_, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models

SeriesKey = tuple[str, str, str]  # (source, code, iso3)

OBSERVATION_COLUMNS = (
    "year",
    "dimensions_key",
    "value",
    "raw_value",
    "unit",
    "name",
    "dimensions",
    "footnotes",
    "fetched_at",
    "synthetic",
)


async def cache_entries(
    session: AsyncSession, keys: Sequence[SeriesKey]
) -> list[Row[*tuple[Any, ...]]]:
    """Return, in one statement, each key's State codes, last fetch and cached observations.

    One row per cached observation, or one row with NULL observation columns for a key
    with nothing cached; keys whose ISO3 is not a known State return no row at all.
    """
    wanted = (
        func.unnest(
            bindparam("sources", [key[0] for key in keys], type_=ARRAY(String)),
            bindparam("codes", [key[1] for key in keys], type_=ARRAY(String)),
            bindparam("iso3s", [key[2] for key in keys], type_=ARRAY(String)),
        )
        .table_valued("source", "code", "iso3")
        .render_derived(name="wanted")
    )
    state = models.MemberState
    fetch = models.IndicatorFetch
    observation = models.IndicatorObservation
    query = (
        select(
            wanted.c.source,
            wanted.c.code,
            wanted.c.iso3,
            state.iso2,
            state.m49,
            fetch.fetched_at.label("checked_at"),
            fetch.outcome,
            *(getattr(observation, column) for column in OBSERVATION_COLUMNS),
        )
        .select_from(wanted)
        .join(state, state.iso3 == wanted.c.iso3)
        .outerjoin(
            fetch,
            and_(
                fetch.source == wanted.c.source,
                fetch.code == wanted.c.code,
                fetch.iso3 == wanted.c.iso3,
            ),
        )
        .outerjoin(
            observation,
            and_(
                observation.source == wanted.c.source,
                observation.code == wanted.c.code,
                observation.iso3 == wanted.c.iso3,
            ),
        )
        .order_by(wanted.c.source, wanted.c.code, wanted.c.iso3, observation.year)
    )
    return list((await session.execute(query)).all())


async def upsert_observations(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert observations, replacing any cached row with the same natural key."""
    if not rows:
        return
    table = models.IndicatorObservation.__table__
    assert isinstance(table, Table)  # SQLAlchemy types __table__ as any FROM clause
    statement = insert(table)
    replaced = {
        column: statement.excluded[column]
        for column in OBSERVATION_COLUMNS
        if column not in {"year", "dimensions_key"}
    }
    await session.execute(
        statement.on_conflict_do_update(constraint="pk_indicator_observations", set_=replaced),
        list(rows),
    )


async def delete_observations_before(
    session: AsyncSession, source: str, code: str, iso3s: Sequence[str], fetched_at: datetime
) -> None:
    """Delete cached rows of a refreshed series that its latest answer no longer holds."""
    if not iso3s:
        return
    observation = models.IndicatorObservation
    await session.execute(
        delete(observation).where(
            observation.source == source,
            observation.code == code,
            observation.iso3.in_(list(iso3s)),
            observation.fetched_at < fetched_at,
        )
    )


async def record_fetches(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Upsert the fetch log: (source, code, iso3) -> when, with what outcome, how many rows."""
    if not rows:
        return
    table = models.IndicatorFetch.__table__
    assert isinstance(table, Table)  # SQLAlchemy types __table__ as any FROM clause
    statement = insert(table)
    await session.execute(
        statement.on_conflict_do_update(
            constraint="pk_indicator_fetches",
            set_={
                "fetched_at": statement.excluded.fetched_at,
                "outcome": statement.excluded.outcome,
                "rows": statement.excluded.rows,
            },
        ),
        list(rows),
    )


async def states_for_sync(
    session: AsyncSession, iso3s: Sequence[str] | None
) -> list[Row[*tuple[Any, ...]]]:
    """Return (iso3, iso2, m49) of these States, or of every State, by ISO3."""
    state = models.MemberState
    query = select(state.iso3, state.iso2, state.m49).order_by(state.iso3)
    if iso3s is not None:
        query = query.where(state.iso3.in_(list(iso3s)))
    return list((await session.execute(query)).all())


async def sdg_series_codes(session: AsyncSession) -> list[str]:
    """Return every SDG series code the reference data links to a migration indicator."""
    series = models.SdgSeries
    query = select(series.code).distinct().order_by(series.code)
    return list((await session.execute(query)).scalars())
