"""The explorer in a real browser with no way out: headless Chromium runs an example by clicking,
and subscribes.

Every request the page makes to a host other than 127.0.0.1 is aborted (tests/browser.py), so
the test passes only if the explorer works offline. The browser is found on PATH or installed by
Playwright; without one these tests skip.
"""

import asyncio
import json

import httpx
import pytest
from sqlalchemy import select

from db import models
from tests.browser import assert_offline, offline_page
from tests.writable import PARTNER_ISCM, new_draft

SUBSCRIPTION = f"""subscription Drafts {{
  reviewContributionEvents(iscm: "{PARTNER_ISCM}") {{ action contribution {{ title status }} }}
}}"""


async def test_an_example_runs_by_clicking_with_no_internet(
    chromium, served_database, session, tmp_path
):
    # given
    first_by_name = select(models.Iscm.name).order_by(models.Iscm.name, models.Iscm.id).limit(1)
    first_name = (await session.execute(first_by_name)).scalar_one()

    async with offline_page(chromium, tmp_path / "profile") as (page, seen):
        # when
        await page.goto(f"{served_database}/graphql")
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
    assert_offline(seen)


async def test_the_explorer_subscribes_with_the_authorization_typed_in_its_headers(
    chromium, served_writable_database, writable_database, tmp_path
):
    token = writable_database.partner_token
    async with offline_page(chromium, tmp_path / "profile") as (page, seen):
        # given a partner's key typed in the Headers tab and a subscription in the editor
        await page.goto(f"{served_writable_database}/graphql")
        await page.locator(".graphiql-query-editor .CodeMirror").wait_for(state="visible")
        await page.get_by_role("button", name="Headers").click()
        headers = page.locator(".graphiql-editor-tool .CodeMirror:visible")
        await headers.evaluate(
            "(element, value) => element.CodeMirror.setValue(value)",
            json.dumps({"Authorization": f"Bearer {token}"}),
        )
        await page.locator(".graphiql-query-editor .CodeMirror").evaluate(
            "(element, value) => element.CodeMirror.setValue(value)", SUBSCRIPTION
        )
        # GraphiQL has read the new document once its tab takes the operation's name
        await page.locator(".graphiql-tab", has_text="Drafts").wait_for(state="visible")

        # when it runs, and a draft of the partner's ISCM is committed over HTTP
        await page.locator(".graphiql-execute-button").click()
        result = page.locator(".graphiql-response .CodeMirror")
        title = await commit_drafts_until_shown(served_writable_database, token, result)
        shown = await result.evaluate("(element) => element.CodeMirror.getValue()")
        await page.screenshot(path=str(tmp_path / "subscription.png"))

    # then the event is on screen, received over a WebSocket to the service itself
    event = json.loads(shown)["data"]["reviewContributionEvents"]
    assert event == {"action": "CREATED", "contribution": {"title": title, "status": "DRAFT"}}
    assert seen.websockets == [served_writable_database.replace("http://", "ws://") + "/graphql"]
    assert_offline(seen)


async def commit_drafts_until_shown(base: str, token: str, result) -> str:
    """Create drafts until the explorer shows one (subscribing is not acknowledged); return
    the title shown."""
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        for attempt in range(10):
            title = f"Draft seen in the explorer {attempt}"
            answer = await client.post(
                "/graphql", json=new_draft(title), headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.json()["data"]["createReviewContribution"]["errors"] == []
            for _ in range(10):
                shown = await result.evaluate("(element) => element.CodeMirror.getValue()")
                if title in shown:
                    return title
                await asyncio.sleep(0.1)
    pytest.fail("the explorer showed none of the committed drafts")
