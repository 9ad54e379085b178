"""The ASGI application: GraphQL at /graphql, health probes, typed lifespan state."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypedDict

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL

from db.session import RequestSession, SessionFactory, create_engine, create_session_factory
from migrations import current_revisions, head_revisions
from resolvers.context import ApiConfig, Context
from schema import schema
from service.settings import Settings, load_settings

log = logging.getLogger("iscm_graph.app")


class State(TypedDict):
    """What the lifespan shares with every request."""

    engine: AsyncEngine
    session_factory: SessionFactory
    api_config: ApiConfig


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app with our per-request context."""

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        """Give each request its session (opened by WithRequestSession) and fresh loaders."""
        return Context.create(
            request.scope[REQUEST_SESSION_KEY],
            request.state.api_config,
            request=request,
            response=response,
            request_id=request.headers.get("x-request-id"),
        )


REQUEST_SESSION_KEY = "iscm_graph.request_session"


class WithRequestSession:
    """Pure ASGI wrapper: each request gets one RequestSession, closed after the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Open the request's session lazily, close it whatever happened."""
        session = RequestSession(scope["state"]["session_factory"])
        scope[REQUEST_SESSION_KEY] = session
        try:
            await self.app(scope, receive, send)
        finally:
            await session.close()


def api_config(settings: Settings) -> ApiConfig:
    """The slice of settings resolvers see."""
    return ApiConfig(
        max_page_size=settings.max_page_size, default_page_size=settings.default_page_size
    )


def create_app(
    settings: Settings | None = None, *, session_factory: SessionFactory | None = None
) -> Starlette:
    """Build the application; `session_factory` lets tests bind requests to their transaction."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[State]:
        if settings.database_url is None:
            raise RuntimeError("create_app needs a database URL; `iscm-graph serve` provides one")
        engine = create_engine(
            settings.database_url,
            pool_size=settings.pool_size,
            max_overflow=settings.pool_max_overflow,
        )
        try:
            yield {
                "engine": engine,
                "session_factory": session_factory or create_session_factory(engine),
                "api_config": api_config(settings),
            }
        finally:
            await engine.dispose()

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        engine: AsyncEngine = request.state.engine
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            current = await current_revisions(engine)
        except Exception as error:  # any failure to reach the database means not ready
            log.warning("readyz.database_unreachable error=%s", type(error).__name__)
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        expected = head_revisions()
        if current != expected:
            body: dict[str, Any] = {
                "status": "unavailable",
                "database": "not migrated",
                "current": sorted(current),
                "expected": sorted(expected),
            }
            return JSONResponse(body, 503)
        return JSONResponse({"status": "ok", "database": "ok", "revision": sorted(current)})

    graphql = GraphQLApp(schema, graphql_ide="graphiql")
    routes = [
        Route("/graphql", WithRequestSession(graphql), methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def create_app_from_env() -> Starlette:
    """Factory for uvicorn workers: settings come from the environment."""
    return create_app(load_settings())
