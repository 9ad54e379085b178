"""The read path's cheap wins: autocommit reads, real write transactions, cached per-document work."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.notifications import asyncpg_dsn
from db.session import (
    DRIVER_STATEMENT_LISTENERS,
    RequestSession,
    create_engine,
    create_read_pool,
    create_request_session_factory,
)
from resolvers.context import ApiConfig, Context
from resolvers.writes import write_transaction
from schema.admission import parse_document
from tests.in_process import app_client

TRANSACTION_ID = text("SELECT txid_current()")
PROBE_TABLE_EXISTS = text("SELECT to_regclass('pg_temp.read_path_probe') IS NOT NULL")
ISCM_PAGE = """
query Page($n: Int) {
  iscms(first: $n) { totalCount edges { node { members { iso3 } } } }
}
"""
# iscms (2, paged) + n x (totalCount + edges + node + members + the largest membership (106))
PAGE_OVERHEAD, PER_ISCM = 2, 1 + 1 + 1 + 1 + 106 * 1


class Rollback(Exception):
    """Raised inside a write to make it roll back."""


@pytest.fixture
async def one_connection_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine with one pooled connection, so that every session reuses the same one."""
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()


async def transaction_ids(db: RequestSession) -> tuple[int, int]:
    """Return the transaction ids of two statements run one after the other."""
    async with db.use() as session:
        first = (await session.execute(TRANSACTION_ID)).scalar_one()
        second = (await session.execute(TRANSACTION_ID)).scalar_one()
    return first, second


async def test_request_sessions_read_in_autocommit(one_connection_engine):
    # given a request session as the served app makes them
    db = RequestSession(create_request_session_factory(one_connection_engine))

    # when two statements run on it
    first, second = await transaction_ids(db)
    await db.close()

    # then each ran in its own transaction: no BEGIN was sent around them
    assert second != first


async def test_a_write_transaction_is_one_real_transaction(one_connection_engine):
    # given a request that has read first, as every authenticated request does
    db = RequestSession(create_request_session_factory(one_connection_engine))
    context = Context.create(db, ApiConfig())
    await transaction_ids(db)

    # when a write runs two statements
    async with write_transaction(context) as session:
        first = (await session.execute(TRANSACTION_ID)).scalar_one()
        second = (await session.execute(TRANSACTION_ID)).scalar_one()

    # then both ran in the same transaction
    assert second == first
    await db.close()


async def test_a_failed_write_leaves_nothing_and_later_reads_autocommit(one_connection_engine):
    # given a write that creates a (temporary) table, then fails
    db = RequestSession(create_request_session_factory(one_connection_engine))
    context = Context.create(db, ApiConfig())

    async def failing_write() -> None:
        async with write_transaction(context) as session:
            await session.execute(text("CREATE TEMP TABLE read_path_probe (x int)"))
            raise Rollback

    # when
    with pytest.raises(Rollback):
        await failing_write()

    # then the table is gone on the same connection, and reads are back to autocommit
    async with db.use() as session:
        assert (await session.execute(PROBE_TABLE_EXISTS)).scalar_one() is False
    first, second = await transaction_ids(db)
    assert second != first
    await db.close()


async def test_a_cached_cost_is_per_variables(settings, session_factory):
    # given a maximum that 5 ISCMs are under and 50 are over
    maximum = PAGE_OVERHEAD + 10 * PER_ISCM
    async with app_client(settings.model_copy(update={"max_cost": maximum}), session_factory) as c:
        # when the same document runs with a small page, a large one and the small one again
        codes = []
        for n in (5, 50, 5):
            response = await c.post("/graphql", json={"query": ISCM_PAGE, "variables": {"n": n}})
            codes.append([e["extensions"]["code"] for e in response.json().get("errors", [])])

    # then only the large page is refused: the cache did not answer one with the other's cost
    assert codes == [[], ["QUERY_TOO_COMPLEX"], []]


def test_a_document_is_parsed_once_per_text():
    # when the same text is parsed twice, and another text once
    config = ApiConfig(max_tokens=100)
    first = parse_document("{ iscms { totalCount } }", config)
    again = parse_document("{ iscms { totalCount } }", config)
    other = parse_document("{ memberStates { totalCount } }", config)

    # then the second parse is the first one's document
    assert again is first
    assert other is not first


async def test_compiled_reads_borrow_the_read_pool_until_a_session_is_open(
    one_connection_engine, database_url
):
    # given a request session with a read pool of its own
    pool = await create_read_pool(asyncpg_dsn(database_url), size=1)
    db = RequestSession(create_request_session_factory(one_connection_engine), pool)
    backend = "SELECT pg_backend_pid()"
    heard: list[str] = []
    DRIVER_STATEMENT_LISTENERS.append(heard.append)
    try:
        # when a compiled read runs before and after the request opens its session
        before = await db.fetch_value(backend)
        async with db.use() as session:
            session_backend = (await session.execute(text(backend))).scalar_one()
        after = await db.fetch_value(backend)
    finally:
        DRIVER_STATEMENT_LISTENERS.remove(heard.append)
        await db.close()
        await pool.close()

    # then the first ran on the read pool, the second on the session's connection, and the
    # statement listeners (the access log's counter) heard of both
    assert before != session_backend
    assert after == session_backend
    assert heard == [backend, backend]
