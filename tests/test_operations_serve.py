"""`iscm-graph serve` as deployed: graceful shutdown, the `persisted` command line."""

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import websockets
from websockets.typing import Subprotocol

from service.persisted import sha256_of
from tests.live_service import ROOT, clean_environment, served

SUBSCRIBE = "subscription { reviewContributionEvents { action } }"
WAIT_SECONDS = 10


def serve_pid(log: Path, base: str) -> int:
    """Return the pid of the process listening on the served port."""
    port = urlsplit(base).port
    out = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return int(out.split("pid=")[1].split(",")[0])


async def open_subscription(base: str):
    ws = await websockets.connect(
        base.replace("http://", "ws://") + "/graphql",
        subprotocols=[Subprotocol("graphql-transport-ws")],
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), WAIT_SECONDS))
    assert ack["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
    return ws


async def test_sigterm_lets_the_request_in_flight_finish_and_closes_subscriptions_with_1001(
    database_url, tmp_path
):
    log = tmp_path / "serve.log"
    with served(database_url, log) as base:
        pid = serve_pid(log, base)
        # given a subscription, and a request whose body is half sent (so it is in flight)
        ws = await open_subscription(base)
        body = json.dumps({"query": "{ iscms { totalCount } }"}).encode()
        port = urlsplit(base).port
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:10]
        )
        await writer.drain()
        await asyncio.sleep(0.3)
        # when the service is told to stop
        os.kill(pid, signal.SIGTERM)
        # then the subscription is closed with 1001 (going away)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), WAIT_SECONDS)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 1001
        # and the request in flight still completes with 200
        writer.write(body[10:])
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), WAIT_SECONDS)
        writer.close()
        head, _, payload = response.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), response
        assert json.loads(payload) == {"data": {"iscms": {"totalCount": 34}}}
        # and the process (this test's child) exits with status 0
        for _ in range(WAIT_SECONDS * 10):
            waited, status = os.waitpid(pid, os.WNOHANG)  # noqa: ASYNC222 - WNOHANG never blocks
            if waited == pid:
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail(f"the server did not exit:\n{log.read_text()}")
        assert os.waitstatus_to_exitcode(status) == 0, log.read_text()
    assert "Traceback" not in log.read_text()


def test_persisted_add_allow_lists_a_file_and_list_shows_it(database_url, tmp_path):
    # given a document in a file
    document = tmp_path / "count.graphql"
    document.write_text("query CliCount {\n  iscms { totalCount }\n}\n", encoding="utf-8")
    env = clean_environment(DATABASE_URL=database_url)
    # when
    added = subprocess.run(
        [sys.executable, "-m", "service.cli", "persisted", "add", str(document)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    listed = subprocess.run(
        [sys.executable, "-m", "service.cli", "persisted", "list"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    bad = tmp_path / "bad.graphql"
    bad.write_text("query {", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "service.cli", "persisted", "add", str(bad)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # then
    sha256 = sha256_of(document.read_text(encoding="utf-8"))
    assert added.returncode == 0, added.stderr
    assert added.stdout.split() == [sha256, "CliCount", str(document)]
    assert listed.returncode == 0, listed.stderr
    assert f"{sha256}  CliCount" in listed.stdout
    assert refused.returncode == 2
    assert "not a GraphQL document" in refused.stderr
    assert "Traceback" not in refused.stderr
