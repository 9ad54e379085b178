"""Helpers for the write API tests: authenticated GraphQL calls, keys, open review processes, a live server."""

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from service.api_keys import create_key
from service.app import create_app
from service.settings import Settings

ISSUER = "https://login.example.test/"
AUDIENCE = "iscm-graph"


def public_pem(key: rsa.RSAPrivateKey) -> str:
    """The PEM of the public half of `key`."""
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def token_for(key: rsa.RSAPrivateKey, *, kid: str = "k1", **claims: Any) -> str:
    """A JWT signed by `key`: a partner of bali-process for five minutes, unless `claims` say
    otherwise (None removes a claim)."""
    now = int(time.time())
    payload = {
        "sub": "user-42",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 300,
        "role": "partner",
        "iscms": ["bali-process", "not-an-iscm"],
        **claims,
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


class WriteClient:
    """Posts GraphQL operations with (or without) a bearer token."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def headers(self) -> dict[str, str]:
        """The Authorization header, when there is a token."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        """Post an operation; return the raw response."""
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=self.headers()
        )

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run an operation; return the whole body."""
        response = await self.post(query, variables)
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run an operation that must not fail at top level; return its data."""
        body = await self.execute(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def payload(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run a one-field mutation; return its payload."""
        data = await self.data(query, variables)
        (payload,) = data.values()
        return payload

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run a one-field mutation that must succeed; return its payload."""
        payload = await self.payload(query, variables)
        assert payload["errors"] == [], payload["errors"]
        return payload


async def new_key(session: AsyncSession, role: str, iscms: list[str] | None = None) -> str:
    """Create an API key in the test transaction; return its token."""
    created = await create_key(
        session, name=f"test {role} {' '.join(iscms or [])}", role=role, iscm_slugs=iscms or []
    )
    return created.token


def today() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


async def add_review_process(
    session: AsyncSession, slug: str, *, opens_days: int = -30, closes_days: int = 30
) -> int:
    """Add a review process whose window is relative to today; return its id."""
    now = today().date()
    return (
        await session.execute(
            insert(models.ReviewProcess)
            .values(
                slug=slug,
                name=f"Test review {slug}",
                kind="REGIONAL",
                year=now.year,
                opens_on=now + timedelta(days=opens_days),
                closes_on=now + timedelta(days=closes_days),
                description="A review process made by a test.",
            )
            .returning(models.ReviewProcess.id)
        )
    ).scalar_one()


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    """A running server: its base URL and its lifespan state (the app's shared objects)."""

    url: str
    state: dict[str, Any]


@asynccontextmanager
async def live_server(settings: Settings) -> AsyncIterator[LiveServer]:
    """Serve the real app (its own sessions, real commits) on a loopback port."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(200):
            if server.started:
                break
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
        assert server.started, "the server did not start"
        yield LiveServer(url=f"http://127.0.0.1:{port}", state=server.lifespan.state)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)
