"""The limit: an ASGI server that answers each benchmark query with one hand-written statement.

POST /graphql with a known operation name (or an `X-Bench-Query: <name>` header) runs that
query's `.sql` file with asyncpg and returns the JSON text PostgreSQL built, unchanged. No
GraphQL parsing, no Python objects per row: what is left is HTTP, one round trip to
PostgreSQL and the database's own work. Served by uvicorn with as many workers as iscm-graph:

    BENCH_DATABASE_URL=postgresql://… uvicorn bench.limit_server:create_app --factory --workers 2
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.catalog import QUERIES
from db.session import SERVER_SETTINGS

DATABASE_URL_VARIABLE = "BENCH_DATABASE_URL"
POOL_SIZE_VARIABLE = "BENCH_POOL_SIZE"
QUERY_HEADER = "x-bench-query"


async def keep_session(_connection: asyncpg.Connection) -> None:
    """Skip asyncpg's per-release reset: these sessions never change state worth resetting."""


def statements_by_name() -> dict[str, str]:
    """Map every query's name and operation name to its SQL."""
    statements = {}
    for query in QUERIES:
        try:
            statements[query.name] = statements[query.operation_name] = query.sql
        except FileNotFoundError:
            continue  # the harness reports the missing file; the other queries still run
    return statements


def create_app(database_url: str | None = None) -> Starlette:
    """Build the limit server for the database at `database_url` (default: the environment)."""
    url = database_url or os.environ[DATABASE_URL_VARIABLE]
    pool_size = int(os.environ.get(POOL_SIZE_VARIABLE, "10"))
    statements = statements_by_name()

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[dict[str, Any]]:
        pool = await asyncpg.create_pool(
            url,
            min_size=1,
            max_size=pool_size,
            reset=keep_session,
            # The same session settings as iscm-graph's engine, plus UTC timestamps in JSON.
            server_settings={
                **SERVER_SETTINGS,
                "timezone": "UTC",
                "application_name": "iscm-bench",
            },
        )
        try:
            yield {"pool": pool}
        finally:
            await pool.close()

    async def graphql(request: Request) -> Response:
        name = request.headers.get(QUERY_HEADER)
        if name is None:
            try:
                name = orjson.loads(await request.body()).get("operationName")
            except (orjson.JSONDecodeError, AttributeError):
                name = None
        sql = statements.get(name or "")
        if sql is None:
            return JSONResponse(
                {"errors": [{"message": f"the limit server knows no query named {name!r}"}]}, 400
            )
        pool: asyncpg.Pool = request.state.pool
        body: str = await pool.fetchval(sql)
        return Response(body.encode(), media_type="application/json")

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    routes = [
        Route("/graphql", graphql, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
