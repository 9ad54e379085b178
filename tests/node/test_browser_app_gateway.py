"""A browser app on its own origin, written with urql and graphql-ws as frontend teams write one,
subscribing through the deployed gateway (deploy/gateway: Hive Gateway on the composed
supergraph) in headless Chromium.

The app (tests/node/browser_app/app.mjs) is bundled with esbuild from tests/node's locked
packages and served from another loopback port than the gateway's, so its HTTP requests are
cross-origin (a preflight for the Authorization header), which the gateway must allow as
deploy/gateway configures it (GATEWAY_CORS_ORIGINS); over WebSocket the token travels in
`connection_init`. Chromium reaches 127.0.0.1 only (tests/browser.py).
"""

import asyncio
import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser import assert_offline, offline_page
from tests.live_service import free_port
from tests.node.test_deploy_gateway import behind_the_gateway
from tests.writable import PARTNER_ISCM, WritableDatabase, new_draft

APP_DIR = Path(__file__).resolve().parent / "browser_app"
RUN_SECONDS = 40


@dataclass(frozen=True)
class Gateway:
    """Where the gateway serves GraphQL, and the origin it allows."""

    url: str
    allowed_origin: str


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the app's folder without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def app_origin() -> str:
    """The origin the app is served from: loopback, another port than the gateway's."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="module")
def gateway(
    gateway_project: Path, writable_database: WritableDatabase, app_origin: str, tmp_path_factory
) -> Iterator[Gateway]:
    """iscm-graph behind Hive Gateway, run from deploy/gateway as the image runs it, allowing
    the app's origin only."""
    with behind_the_gateway(
        gateway_project,
        writable_database.url,
        tmp_path_factory.mktemp("browser-gateway"),
        {"ISCM_TRUSTED_PROXIES": "127.0.0.1"},
        {"LOG_JSON": "1", "GATEWAY_CORS_ORIGINS": app_origin},
    ) as url:
        yield Gateway(f"{url}/graphql", app_origin)


def bundle(node_project: Path, output: Path) -> None:
    """Bundle the app and its npm packages into one browser module with esbuild."""
    subprocess.run(
        [
            "node_modules/.bin/esbuild",
            str(APP_DIR / "app.mjs"),
            "--bundle",
            "--format=esm",
            "--platform=browser",
            "--log-level=warning",
            f"--outfile={output}",
        ],
        cwd=node_project,
        check=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def app_folder(node_project: Path, tmp_path_factory) -> Path:
    """The app's page and its bundle, without their configuration."""
    folder = tmp_path_factory.mktemp("browser-app")
    bundle(node_project, folder / "app.js")
    return folder


@contextmanager
def serving(folder: Path, origin: str) -> Iterator[None]:
    """Serve `folder` over HTTP at `origin` while the block runs."""
    port = int(origin.rsplit(":", 1)[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def page_with(config: dict[str, Any]) -> str:
    """The app's page with its configuration inlined (`<` escaped: no text closes the script)."""
    text = json.dumps(config).replace("<", "\\u003c")
    return (APP_DIR / "index.html").read_text(encoding="utf-8").replace("{config}", text)


async def test_a_urql_app_in_a_browser_subscribes_through_the_gateway_and_sees_a_committed_draft(
    chromium, gateway, app_folder, writable_database, tmp_path
):
    # given the app on its own origin, configured for the gateway and a partner's token
    ws_url = gateway.url.replace("http://", "ws://")
    config = {
        "http": gateway.url,
        "ws": ws_url,
        "token": writable_database.partner_token,
        "iscm": PARTNER_ISCM,
        "title": "Seen by a browser app",
        "mutation": new_draft("set by the app"),
    }
    (app_folder / "index.html").write_text(page_with(config), encoding="utf-8")
    with serving(app_folder, gateway.allowed_origin):
        async with offline_page(chromium, tmp_path / "profile") as (page, seen):
            # when the app subscribes, then commits drafts through authenticated mutations
            await page.goto(f"{gateway.allowed_origin}/index.html")
            async with asyncio.timeout(RUN_SECONDS):
                result = await page.evaluate("window.done")
            steps = await page.evaluate("window.steps")
            requests = list(seen.requested)

    # then the subscription reported one of the drafts, typed, and completed cleanly
    assert result is not None, steps
    change = result["change"]
    assert change["__typename"] == "ReviewContributionEvent"
    assert change["action"] == "CREATED"
    assert change["contribution"]["__typename"] == "ReviewContribution"
    assert change["contribution"]["title"] in result["titles"]
    assert change["contribution"]["status"] == "DRAFT"
    assert change["contribution"]["iscm"] == {"slug": PARTNER_ISCM}
    assert steps[0] == {"connected": True}
    assert steps[-1] == {"completed": True}
    assert not [step for step in steps if "error" in step or "closed" in step], steps
    # through the gateway: its WebSocket, and its HTTP endpoint cross-origin for the drafts
    assert seen.websockets == [ws_url]
    assert [url for url in requests if url.startswith(gateway.url)]
    # and nothing but loopback, no console error (a refused CORS request would log one)
    assert_offline(seen)


def preflight(url: str, origin: str) -> httpx.Response:
    """The browser's preflight of a POST carrying a token, from a page of `origin`."""
    return httpx.options(
        url,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
        timeout=10,
    )


def test_the_gateway_allows_the_listed_origin_only_and_never_with_cookies(gateway):
    # given the gateway started with GATEWAY_CORS_ORIGINS naming the app's origin
    other = f"http://127.0.0.1:{free_port()}"

    # when a page of that origin and a page of another one ask to send a token
    allowed = preflight(gateway.url, gateway.allowed_origin)
    refused = preflight(gateway.url, other)

    # then only the listed origin may, without credentials (cookies), and may read Retry-After
    assert allowed.headers["access-control-allow-origin"] == gateway.allowed_origin
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "retry-after" in allowed.headers["access-control-expose-headers"].lower()
    assert refused.headers.get("access-control-allow-origin") != other
    for answer in (allowed, refused):
        assert "access-control-allow-credentials" not in answer.headers
