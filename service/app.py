"""The ASGI application: GraphQL at /graphql, health probes, typed lifespan state."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypedDict

import strawberry
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from db.notifications import NotificationHub
from db.queries.api_keys import API_KEY_REVOCATIONS_CHANNEL
from db.queries.contribution_writes import CONTRIBUTION_EVENTS_CHANNEL
from db.session import (
    RequestSession,
    SessionFactory,
    create_engine,
    create_request_session_factory,
    create_session_factory,
)
from migrations import current_revisions, head_revisions
from resolvers.context import ApiConfig, Context
from resolvers.contribution_events import ContributionFeed
from resolvers.indicator_cache import IndicatorService
from schema import schema
from schema.admission import size_caches
from schema.read_path import direct
from service.atlas import allow_list_atlas_documents, atlas_routes
from service.auth import Authenticate, Authenticator, authenticate_websocket, principal_of
from service.calendar import calendar_route
from service.explorer import explorer_response, explorer_routes
from service.graphql_http import GraphQLOverHttp
from service.indicators import indicator_service
from service.list_sizes import measure_list_sizes
from service.live_sockets import LiveSockets
from service.logging import (
    configure_json_logging,
    configure_plain_logging,
    install_statement_counter,
)
from service.metrics import metrics_endpoint
from service.middleware import middleware_for, request_id_of
from service.operations import with_operations
from service.persisted import PersistedQueries, learn_operation_names
from service.settings import Settings, load_settings
from service.shutdown import OpenWebSockets, close_websockets_on_signal
from service.tracing import configure_tracing, tracing_middleware
from service.websocket import GuardedTransportWsHandler

log = logging.getLogger("iscm_graph.app")


class State(TypedDict):
    """What the lifespan shares with every request."""

    engine: AsyncEngine
    session_factory: SessionFactory
    api_config: ApiConfig
    indicators: IndicatorService
    authenticator: Authenticator
    notifications: NotificationHub
    contribution_feed: ContributionFeed
    live_sockets: LiveSockets


class GraphQLApp(GraphQLOverHttp):
    """The GraphQL-over-HTTP view with our per-request context."""

    graphql_transport_ws_handler_class = GuardedTransportWsHandler

    def __init__(self, schema: strawberry.Schema, **options: Any) -> None:
        super().__init__(schema, **options)
        # The schema's extensions do not change: whether the direct path may answer for them
        # is settled once (schema/read_path/direct.py).
        self.direct_schema = schema._schema if direct.serves(schema) else None

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        """Give each request its session (opened by WithRequestSession) and fresh loaders."""
        context = Context.create(
            request.scope[REQUEST_SESSION_KEY],
            request.state.api_config,
            request=request,
            response=response,
            request_id=request_id_of(request.scope),
            indicators=getattr(request.state, "indicators", None),
            principal=principal_of(request.scope),
        )
        context.answers_as_json_text = True  # encode_json is orjson's, on every transport
        return context

    async def direct_data(self, request: Request) -> bytes | None:
        """Answer a query the read path's statement answers whole straight from its JSON
        text (schema/read_path/direct.py); None when the full path must run it."""
        direct_schema = self.direct_schema
        if direct_schema is None or direct.traced_by_gateway(request.headers):
            return None
        params = await self.parse_http_body(self.request_adapter_class(request))
        if params.query is None:
            return None
        context = await self.get_context(request, Response())
        try:
            text = await direct.data_text(
                direct_schema, params.query, params.operation_name, params.variables, context
            )
        except Exception as error:  # the full path runs it again, and answers any error
            log.info(
                "read.direct_fallback request_id=%s error=%s",
                context.request_id,
                type(error).__name__,
            )
            return None
        return text.encode() if text is not None else None

    def max_response_bytes(self, request: Request) -> int:
        """The response-size ceiling of the settings (ISCM_MAX_RESPONSE_BYTES)."""
        return request.state.api_config.max_response_bytes

    async def render_graphql_ide(self, request: Request) -> Response:
        """Give browsers our own GraphiQL page, which loads nothing from another origin."""
        return explorer_response()

    async def on_ws_connect(self, context: Context) -> None:
        """Authenticate a WebSocket from its `connection_init` payload (see service/auth.py)."""
        await authenticate_websocket(context)


REQUEST_SESSION_KEY = "iscm_graph.request_session"


class WithRequestSession:
    """Pure ASGI wrapper: each request gets one RequestSession, closed after the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Open the request's session lazily, close it whatever happened."""
        state = scope["state"]
        session = RequestSession(state["session_factory"])
        scope[REQUEST_SESSION_KEY] = session
        try:
            await self.app(scope, receive, send)
        finally:
            await session.close()


def api_config(settings: Settings) -> ApiConfig:
    """The slice of settings resolvers see."""
    return ApiConfig(
        max_page_size=settings.max_page_size,
        default_page_size=settings.default_page_size,
        max_document_length=settings.max_document_length,
        max_depth=settings.max_depth,
        max_tokens=settings.max_tokens,
        max_selections=settings.max_selections,
        max_aliases=settings.max_aliases,
        max_cost=settings.max_cost,
        max_response_bytes=settings.max_response_bytes,
        introspection=settings.introspection,
        max_import_items=settings.max_import_items,
    )


def create_app(
    settings: Settings | None = None,
    *,
    session_factory: SessionFactory | None = None,
    handle_signals: bool = False,
) -> Starlette:
    """Build the application; `session_factory` lets tests bind requests to their transaction.

    `handle_signals` (the served app) closes subscriptions with 1001 on SIGTERM.
    """
    settings = settings or load_settings()
    install_statement_counter()

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[State]:
        if settings.database_url is None:
            raise RuntimeError("create_app needs a database URL; `iscm-graph serve` provides one")
        engine = create_engine(
            settings.database_url,
            pool_size=settings.pool_size,
            max_overflow=settings.pool_max_overflow,
        )
        size_caches(settings.cache_max_bytes)
        list_sizes = await measure_list_sizes(session_factory or create_session_factory(engine))
        # One HTTP client per UN source, shared by every request of this process.
        indicators = indicator_service(settings)
        authenticator = Authenticator(settings)
        request_sessions = session_factory or create_request_session_factory(engine)
        notifications = NotificationHub(
            settings.database_url, (CONTRIBUTION_EVENTS_CHANNEL, API_KEY_REVOCATIONS_CHANNEL)
        )
        contribution_feed = ContributionFeed(notifications, request_sessions)
        live_sockets = LiveSockets(
            notifications, request_sessions, settings.max_subscriptions_per_client
        )
        if handle_signals:
            close_websockets_on_signal(websockets)
        # Move what startup built (schema, modules) out of the collector's sight: a request
        # allocates thousands of objects, and each full collection would walk all of it again.
        gc.freeze()
        try:
            await allow_list_atlas_documents(request_sessions, settings)
            await learn_operation_names(request_sessions)
            yield {
                "engine": engine,
                "session_factory": request_sessions,
                "api_config": api_config(settings),
                "indicators": indicators,
                "authenticator": authenticator,
                "notifications": notifications,
                "contribution_feed": contribution_feed,
                "live_sockets": live_sockets,
            }
        finally:
            list_sizes.cancel()
            await contribution_feed.close()
            await live_sockets.close()
            await notifications.close()
            await authenticator.close()
            await indicators.aclose()
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

    # graphql-transport-ws only: the older graphql-ws protocol would bypass the socket's checks.
    graphql = GraphQLApp(
        schema, graphql_ide="graphiql", subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,)
    )
    # Subscriptions, tracked so that shutdown can close them with 1001 (going away).
    websockets = OpenWebSockets(WithRequestSession(graphql))
    routes = [
        # Every method reaches the view, which answers the unsupported ones with a JSON 405.
        Route(
            "/graphql",
            PersistedQueries(
                WithRequestSession(Authenticate(graphql, session_key=REQUEST_SESSION_KEY)),
                settings,
            ),
        ),
        # Subscriptions (graphql-transport-ws) authenticate on `connection_init` instead.
        WebSocketRoute("/graphql", websockets),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        calendar_route,
        *([Route("/metrics", metrics_endpoint, methods=["GET"])] if settings.metrics else []),
        *explorer_routes,
        *(atlas_routes if settings.atlas else []),
    ]
    middleware = [*tracing_middleware(), *with_operations(middleware_for(settings), settings)]
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)


def create_app_from_env() -> Starlette:
    """Factory for uvicorn workers: settings come from the environment."""
    settings = load_settings()
    # Each worker process configures its own logging (`serve` did it for the first process).
    if settings.log_json:
        configure_json_logging(settings.log_level)
    else:
        configure_plain_logging(settings.log_level)
    configure_tracing()
    return create_app(settings, handle_signals=True)
