"""Subscriptions with the reference JavaScript client (graphql-ws), as Apollo Client and urql use it."""

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live_service import clean_environment, read_json_line, served, stop
from tests.node.conftest import OPEN_REVIEW, PARTNER_ISCM, WritableDatabase

CREATE = """
mutation Create($input: CreateReviewContributionInput!) {
  createReviewContribution(input: $input) { contribution { id title status } errors { code } }
}
"""
EVENT_WAIT_SECONDS = 1.0
ATTEMPTS = 10


@pytest.fixture(scope="module")
def writable_service(writable_database: WritableDatabase, tmp_path_factory) -> Iterator[str]:
    """The writable database served by `iscm-graph serve`; yield its base URL."""
    log = tmp_path_factory.mktemp("graphql-ws") / "serve.log"
    with served(writable_database.url, log) as base:
        yield base


def subscriber(node_project: Path, url: str, token: str, log: Path) -> subprocess.Popen:
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
            json={
                "query": CREATE,
                "variables": {
                    "input": {
                        "iscm": PARTNER_ISCM,
                        "reviewProcess": OPEN_REVIEW,
                        "title": title,
                        "summary": "Made over HTTP while a client subscribes.",
                    }
                },
            },
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


def test_the_graphql_ws_client_subscribes_receives_a_committed_change_and_completes(
    node_project, writable_service, writable_database, tmp_path
):
    # given the reference client subscribed to the partner's ISCM
    log = tmp_path / "subscriber.log"
    ws_url = writable_service.replace("http://", "ws://") + "/graphql"
    process = subscriber(node_project, ws_url, writable_database.partner_token, log)
    try:
        assert "connected" in read_json_line(process, log)

        # when a change is committed through a mutation over HTTP
        event, titles = commit_changes_until_one_arrives(
            f"{writable_service}/graphql",
            writable_database.partner_token,
            process,
            log,
            "Draft seen by graphql-ws",
        )

        # then the client receives it, then completes the subscription and closes cleanly
        completed = read_json_line(process, log)
        assert process.wait(timeout=10) == 0, log.read_text()
    finally:
        stop(process)
        process.stdout.close()
    result = event["next"]
    assert "errors" not in result, result
    change = result["data"]["reviewContributionEvents"]
    assert change["__typename"] == "ReviewContributionEvent"
    assert change["action"] == "CREATED"
    assert change["contribution"]["title"] in titles
    assert change["contribution"]["status"] == "DRAFT"
    assert change["contribution"]["iscm"] == {"slug": PARTNER_ISCM}
    assert completed == {"completed": True}
