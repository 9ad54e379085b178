"""The reference JavaScript subscription client (tests/node/graphql_ws/subscribe.mjs), driven from
Python: start it, then commit changes over HTTP until it reports one."""

import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.live_service import clean_environment, read_json_line, stop
from tests.writable import PARTNER_ISCM, WritableDatabase, new_draft

EVENT_WAIT_SECONDS = 1.0
ATTEMPTS = 10
SUBMIT = """
mutation Submit($id: ID!) {
  submitReviewContribution(id: $id, expectedVersion: 1) { errors { code } }
}
"""
PUBLISH = """
mutation Publish($id: ID!) { publishReviewContribution(id: $id) { errors { code } } }
"""

Commit = Callable[[str], None]


def send(graphql_url: str, token: str, body: dict) -> dict:
    """Send one mutation with `token`; check its payload has no error and return it."""
    response = httpx.post(
        graphql_url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    [payload] = response.json()["data"].values()
    assert payload["errors"] == [], payload
    return payload


def drafting(graphql_url: str, database: WritableDatabase) -> Commit:
    """Return a commit that creates a draft of the partner's ISCM with the given title."""

    def commit(title: str) -> None:
        send(graphql_url, database.partner_token, new_draft(title))

    return commit


def publishing(graphql_url: str, database: WritableDatabase) -> Commit:
    """Return a commit that creates, submits (partner) and publishes (editor) a contribution."""

    def commit(title: str) -> None:
        created = send(graphql_url, database.partner_token, new_draft(title))
        variables = {"id": created["contribution"]["id"]}
        send(graphql_url, database.partner_token, {"query": SUBMIT, "variables": variables})
        send(graphql_url, database.editor_token, {"query": PUBLISH, "variables": variables})

    return commit


def start_subscriber(
    node_project: Path, url: str, token: str | None, log: Path
) -> subprocess.Popen:
    with log.open("w") as stderr:
        return subprocess.Popen(
            ["node", "graphql_ws/subscribe.mjs", url, PARTNER_ISCM, *([token] if token else [])],
            cwd=node_project,
            env=clean_environment(),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,
        )


def commit_changes_until_one_arrives(
    commit: Commit, process: subprocess.Popen, log: Path, what: str
) -> tuple[dict, list[str]]:
    """Commit changes until the subscriber reports an event; return it and the titles used.

    graphql-transport-ws does not acknowledge a subscription, so a change made right after
    subscribing may come before the server listens: try again, a second apart.
    """
    titles: list[str] = []
    for attempt in range(ATTEMPTS):
        title = f"{what} {attempt}"
        commit(title)
        titles.append(title)
        try:
            return read_json_line(process, log, seconds=EVENT_WAIT_SECONDS), titles
        except pytest.fail.Exception:
            if process.poll() is not None:
                raise
    pytest.fail(f"no event after {ATTEMPTS} committed changes:\n{log.read_text()}")


def subscribe_then_commit(
    node_project: Path, ws_url: str, token: str | None, commit: Commit, log: Path, what: str
) -> tuple[dict, list[str]]:
    """Subscribe with graphql-ws at `ws_url` (with `token`, or anonymously), commit changes
    until one arrives.

    Return the event's `reviewContributionEvents` and the titles, once the client has completed
    the subscription and exited cleanly.
    """
    process = start_subscriber(node_project, ws_url, token, log)
    try:
        assert "connected" in read_json_line(process, log)
        event, titles = commit_changes_until_one_arrives(commit, process, log, what)
        assert read_json_line(process, log) == {"completed": True}
        assert process.wait(timeout=10) == 0, log.read_text()
    finally:
        stop(process)
        if process.stdout is not None:
            process.stdout.close()
    result = event["next"]
    assert "errors" not in result, result
    return result["data"]["reviewContributionEvents"], titles


def assert_announced(change: dict, titles: list[str], action: str, status: str) -> None:
    """Check that `change` announces one of the contributions just changed, with typenames."""
    assert change["__typename"] == "ReviewContributionEvent"
    assert change["action"] == action
    assert change["contribution"]["__typename"] == "ReviewContribution"
    assert change["contribution"]["title"] in titles
    assert change["contribution"]["status"] == status
    assert change["contribution"]["iscm"] == {"slug": PARTNER_ISCM}
