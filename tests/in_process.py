"""The app in-process with chosen settings, for tests of limits and HTTP behaviour."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from starlette.types import Receive, Scope, Send

from db.session import SessionFactory
from service.app import create_app
from service.settings import Settings


@asynccontextmanager
async def app_client(
    settings: Settings, session_factory: SessionFactory
) -> AsyncIterator[httpx.AsyncClient]:
    """Yield an HTTP client for an app built from `settings`, sharing the test transaction."""
    app = create_app(settings, session_factory=session_factory)
    async with app.router.lifespan_context(app) as state:
        assert state is not None  # the app's lifespan yields its state

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        transport = httpx.ASGITransport(app=with_state)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
