"""A Chromium for the browser tests, wherever it is, and pages of it that reach 127.0.0.1 only.

First a Chromium or Chrome on PATH (Debian's `chromium`, `google-chrome`, ...), then the one
Playwright keeps in its own folder; when there is neither, Playwright's is installed once
(`python -m playwright install chromium`). When that fails too, the browser tests skip, saying
why.

Every request an offline page makes to a host other than 127.0.0.1 is aborted and recorded,
and Chromium resolves no other host name, so a test passes only if the page works offline.
"""

import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, Page, Route, async_playwright

ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_TIMEOUT_SECONDS = 600
_found: list[Path | str] = []

PLAYWRIGHT_EXECUTABLE = """
from playwright.sync_api import sync_playwright
with sync_playwright() as playwright:
    print(playwright.chromium.executable_path)
"""


def playwright_chromium() -> Path:
    """Return where Playwright keeps its own Chromium (it may not be installed)."""
    result = subprocess.run(
        [sys.executable, "-c", PLAYWRIGHT_EXECUTABLE],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return Path(result.stdout.strip())


def _find() -> Path | str:
    for name in ON_PATH:
        found = shutil.which(name)
        if found:
            return Path(found)
    own = playwright_chromium()
    if own.is_file():
        return own
    try:
        install = subprocess.run(
            [sys.executable, "-m", "playwright", "install", "chromium"],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        failure = f"took longer than {INSTALL_TIMEOUT_SECONDS} s"
    else:
        if install.returncode == 0 and own.is_file():
            return own
        lines = [line for line in (install.stderr + install.stdout).splitlines() if line.strip()]
        failure = f"failed ({lines[0].strip() if lines else 'no output'})"
    return (
        f"no Chromium found (none of {', '.join(ON_PATH)} on PATH, none in Playwright's folder) "
        f"and `playwright install chromium` {failure}: install Chromium, e.g. Debian's chromium"
    )


def chromium() -> Path | str:
    """Return a Chromium executable, or why there is none (looked up once per test run)."""
    if not _found:
        _found.append(_find())
    return _found[0]


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
TIMEOUT_MS = 20_000


@dataclass
class Sighted:
    """What the page did: requests, refused requests, WebSockets and console errors."""

    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@asynccontextmanager
async def offline_page(
    chromium: Path, profile: Path, viewport: tuple[int, int] = (1400, 900)
) -> AsyncIterator[tuple[Page, Sighted]]:
    """A page of a browser that reaches 127.0.0.1 only, and what it did."""
    seen = Sighted()

    async def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            seen.refused.append(route.request.url)
            await route.abort("internetdisconnected")

    async with async_playwright() as playwright:
        context: BrowserContext = await playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        try:
            page = context.pages[0] if context.pages else await context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            await context.route("**/*", only_loopback)
            page.on("request", lambda request: seen.requested.append(request.url))
            page.on("websocket", lambda socket: seen.websockets.append(socket.url))
            page.on(
                "console",
                lambda message: (
                    seen.console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
            yield page, seen
        finally:
            await context.close()


def assert_offline(seen: Sighted) -> None:
    """The page asked 127.0.0.1 alone, was refused nothing and logged no error."""
    assert seen.refused == []
    assert seen.requested, "the page made no request at all"
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in seen.requested), seen.requested
    assert seen.console_errors == []
