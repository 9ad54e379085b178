"""The explorer in a real browser with no way out: headless Chromium runs an example by clicking.

Every request the page makes to a host other than 127.0.0.1 is aborted and recorded, and
Chromium resolves no other host name, so the test passes only if the explorer works offline.
Needs Debian's `chromium` (installed by `.ci/run`); skips when it is missing.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Route, async_playwright
from sqlalchemy import select

from db import models
from tests.live_service import served

CHROMIUM = Path("/usr/bin/chromium")
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

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} not found: install Debian's chromium package"
)


@pytest.fixture(scope="module")
def service_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This run's database served by `iscm-graph serve` on a loopback port."""
    log_path = tmp_path_factory.mktemp("explorer-service") / "serve.log"
    with served(database_url, log_path) as base:
        yield base


async def test_an_example_runs_by_clicking_with_no_internet(service_url, session, tmp_path):
    # given
    first_by_name = select(models.Iscm.name).order_by(models.Iscm.name, models.Iscm.id).limit(1)
    first_name = (await session.execute(first_by_name)).scalar_one()
    refused: list[str] = []
    requested: list[str] = []
    console_errors: list[str] = []

    async def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            refused.append(route.request.url)
            await route.abort("internetdisconnected")

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        try:
            page = browser.pages[0] if browser.pages else await browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            await browser.route("**/*", only_loopback)
            page.on("request", lambda request: requested.append(request.url))
            page.on(
                "console",
                lambda message: (
                    console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: console_errors.append(str(error)))

            # when
            await page.goto(f"{service_url}/graphql")
            editor = page.locator(".graphiql-query-editor .CodeMirror")
            await editor.wait_for(state="visible")
            tabs = await page.locator(".graphiql-tab").all_inner_texts()
            await page.locator(".graphiql-execute-button").click()
            result = page.locator(".graphiql-response .CodeMirror")
            await result.get_by_text(first_name).first.wait_for(state="visible")
            response_text = await result.evaluate("(element) => element.CodeMirror.getValue()")
            await page.screenshot(path=str(tmp_path / "explorer.png"))
            await page.locator(".graphiql-tab", has_text="StateIscmsAndRecommendations").click()
            variables = page.locator(".graphiql-editor-tool .CodeMirror").first
            state_variables = await variables.evaluate("(element) => element.CodeMirror.getValue()")
        finally:
            await browser.close()

    # then
    assert [tab.strip() for tab in tabs] == [
        "CatalogueWithMembers",
        "GcmCoverageMatrix",
        "StateIscmsAndRecommendations",
    ]
    answer = json.loads(response_text)
    assert answer["data"]["iscms"]["totalCount"] == 34
    assert answer["data"]["iscms"]["edges"][0]["node"]["name"] == first_name
    assert json.loads(state_variables) == {"iso3": "PHL"}
    assert refused == []
    assert requested, "the page made no request at all"
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in requested), requested
    assert console_errors == []
