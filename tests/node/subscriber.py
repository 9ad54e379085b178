"""The reference JavaScript subscription client (tests/node/graphql_ws/subscribe.mjs), driven from
Python: start it, then commit changes over HTTP until it reports one."""

import subprocess
from pathlib import Path

import httpx
import pytest

from tests.live_service import clean_environment, read_json_line, stop
from tests.writable import PARTNER_ISCM, new_draft

EVENT_WAIT_SECONDS = 1.0
ATTEMPTS = 10


def start_subscriber(node_project: Path, url: str, token: str, log: Path) -> subprocess.Popen:
    with log.open("w") as stderr:
        return subprocess.Popen(
            ["node", "graphql_ws/subscribe.mjs", url, PARTNER_ISCM, token],
            cwd=node_project,
            env=clean_environment(),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,
        )


def commit_changes_until_one_arrives(
    graphql_url: str, token: str, process: subprocess.Popen, log: Path, what: str
) -> tuple[dict, list[str]]:
    """Create drafts over HTTP until the subscriber reports an event; return it and the titles.

    graphql-transport-ws does not acknowledge a subscription, so a change made right after
    subscribing may come before the server listens: try again, a second apart.
    """
    titles: list[str] = []
    for attempt in range(ATTEMPTS):
        title = f"{what} {attempt}"
        response = httpx.post(
            graphql_url,
            json=new_draft(title),
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        payload = response.json()["data"]["createReviewContribution"]
        assert payload["errors"] == [], payload
        titles.append(title)
        try:
            return read_json_line(process, log, seconds=EVENT_WAIT_SECONDS), titles
        except pytest.fail.Exception:
            if process.poll() is not None:
                raise
    pytest.fail(f"no event after {ATTEMPTS} committed changes:\n{log.read_text()}")


def subscribe_then_commit(
    node_project: Path, ws_url: str, graphql_url: str, token: str, log: Path, what: str
) -> tuple[dict, list[str]]:
    """Subscribe with graphql-ws at `ws_url`, commit drafts at `graphql_url` until one arrives.

    Return the event's `reviewContributionEvents` and the drafts' titles, once the client has
    completed the subscription and exited cleanly.
    """
    process = start_subscriber(node_project, ws_url, token, log)
    try:
        assert "connected" in read_json_line(process, log)
        event, titles = commit_changes_until_one_arrives(graphql_url, token, process, log, what)
        assert read_json_line(process, log) == {"completed": True}
        assert process.wait(timeout=10) == 0, log.read_text()
    finally:
        stop(process)
        process.stdout.close()
    result = event["next"]
    assert "errors" not in result, result
    return result["data"]["reviewContributionEvents"], titles


def assert_a_new_draft(change: dict, titles: list[str]) -> None:
    """Check that `change` announces one of the drafts just created, with its typenames."""
    assert change["__typename"] == "ReviewContributionEvent"
    assert change["action"] == "CREATED"
    assert change["contribution"]["__typename"] == "ReviewContribution"
    assert change["contribution"]["title"] in titles
    assert change["contribution"]["status"] == "DRAFT"
    assert change["contribution"]["iscm"] == {"slug": PARTNER_ISCM}
