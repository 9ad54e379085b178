"""The coverage matrix's statement can read the records it counts from the live-records
indexes alone (migration 0012_visible_records_index), for every reader class.

On a database of its own holding the benchmark's rows at scale 0.01, vacuumed and analysed as
the benchmark's is. The tables are still small enough for PostgreSQL to prefer scanning them
whole, so sequential and bitmap scans are turned off: what is checked is that the index
answers the reads at all (its predicate implied by the visibility rule, every column read
carried), not a timing.
"""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bench.generate import Counts, insert_synthetic_rows
from db.reference_data import load_reference_data
from db.session import RequestSession, create_engine, create_request_session_factory
from migrations import upgrade_async
from resolvers.principal import ANONYMOUS, Principal
from tests.database import create_database, drop_database
from tests.graph_support import EDITOR, data_as, partner_of

COVERAGE = """
query Coverage($iscms: [String!]) {
  gcmCoverage(includeSynthetic: true, filter: {iscms: $iscms}) {
    basis { iscmCount recommendationCount contributionCount editorialCount syntheticCount }
    totals { objectiveNumber recommendationCount contributionCount }
    rows { iscm { slug } recommendationCount contributionCount
           cells { objectiveNumber recommendationCount contributionCount } }
  }
}
"""
INDEXES = ("ix_recommendations_live_by_iscm", "ix_review_contributions_live_by_iscm")
FIRST_ISCM = text("SELECT id, slug FROM iscms ORDER BY id LIMIT 1")


@pytest.fixture(scope="module")
async def bench_database(admin_url: str) -> AsyncIterator[str]:
    """A migrated database with the reference data and the benchmark's rows at scale 0.01."""
    url = await create_database(admin_url, prefix="iscm_coverage_plan")
    await upgrade_async(url)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with AsyncSession(engine) as session, session.begin():
            await load_reference_data(session)
        async with engine.begin() as connection:
            await insert_synthetic_rows(connection, Counts.at_scale(0.01))
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("VACUUM ANALYZE recommendations, review_contributions"))
    finally:
        await engine.dispose()
    yield url
    await drop_database(admin_url, url)


@pytest.mark.parametrize("one_iscm", [False, True], ids=["all", "one"])
@pytest.mark.parametrize("who", ["anonymous", "partner", "editor"])
async def test_coverage_reads_records_by_index_only(who, one_iscm, bench_database, monkeypatch):
    engine = create_engine(bench_database, pool_size=1, max_overflow=0)
    try:
        # given the statement and arguments the read path sends for this reader's matrix
        async with engine.connect() as connection:
            first = (await connection.execute(FIRST_ISCM)).one()
        principal: Principal = {
            "anonymous": ANONYMOUS,
            "partner": partner_of(first.id),
            "editor": EDITOR,
        }[who]
        sent: list[tuple[str, tuple[object, ...]]] = []
        fetch_value = RequestSession.fetch_value

        async def recorded(self: RequestSession, sql: str, *arguments: object) -> Any:
            sent.append((sql, arguments))
            return await fetch_value(self, sql, *arguments)

        monkeypatch.setattr(RequestSession, "fetch_value", recorded)
        variables = {"iscms": [first.slug] if one_iscm else None}
        await data_as(create_request_session_factory(engine), COVERAGE, variables, principal)
        ((sql, arguments),) = sent

        # when PostgreSQL plans it with neither sequential nor bitmap scans
        async with engine.connect() as connection:
            await connection.execute(text("SET enable_seqscan = off"))
            await connection.execute(text("SET enable_bitmapscan = off"))
            driver = (await connection.get_raw_connection()).driver_connection
            assert driver is not None
            explained = await driver.fetch(f"EXPLAIN {sql}", *arguments)
    finally:
        await engine.dispose()
    plan = "\n".join(row[0] for row in explained)

    # then it reads the recommendations and contributions by index-only scans of their
    # live-records index
    for index in INDEXES:
        assert f"Index Only Scan using {index} " in plan, plan
