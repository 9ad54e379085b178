"""A read's statement is prepared once per connection, however long it is: a page with its
nested lists and counts compiles to tens of kilobytes, and planning it again on every request
costs more than running it. And reads keep to the connections used last, whose statements,
plans and caches are warm."""

from db.session import RequestSession, create_engine, create_request_session_factory

# About 40 KB of SQL, past asyncpg's default limit for the statements it keeps (15 KB).
LONG_STATEMENT = (
    "SELECT CAST($1::int AS TEXT) FROM (VALUES "
    + ", ".join(f"({n})" for n in range(5000))
    + ") AS numbers (n) WHERE n = 0"
)


async def test_a_long_read_statement_is_prepared_once_per_connection(database_url: str) -> None:
    assert len(LONG_STATEMENT) > 32 * 1024
    # One connection in the pool: every read, and the check, take the same one.
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    factory = create_request_session_factory(engine)
    for value in range(3):
        session = RequestSession(factory)
        try:
            answer = await session.fetch_value(LONG_STATEMENT, value)
        finally:
            await session.close()
        assert answer == str(value)
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            prepared = await driver.fetchval(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", LONG_STATEMENT
            )
    finally:
        await engine.dispose()
    assert prepared == 1


async def test_a_read_takes_the_connection_returned_last(database_url: str) -> None:
    # given a pool that has opened three connections, returned in turn
    engine = create_engine(database_url, pool_size=3, max_overflow=0)
    factory = create_request_session_factory(engine)
    try:
        held = [await engine.connect() for _ in range(3)]
        backends = [
            (await connection.exec_driver_sql("SELECT pg_backend_pid()")).scalar()
            for connection in held
        ]
        for connection in held:
            await connection.close()

        # when requests read one after another
        read = []
        for _ in range(3):
            session = RequestSession(factory)
            try:
                read.append(await session.fetch_value("SELECT pg_backend_pid()"))
            finally:
                await session.close()
    finally:
        await engine.dispose()

    # then each read takes the connection returned last, not the one idle longest
    assert read == [backends[-1]] * 3
