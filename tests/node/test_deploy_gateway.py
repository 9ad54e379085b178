"""The deployment's gateway (deploy/gateway: Hive Gateway on the composed supergraph), run here as
local processes: iscm-graph behind it, clients from distinct loopback addresses.

The service trusts the gateway (127.0.0.1) for X-Forwarded-For only, as deploy/compose.yaml
configures it, and limits anonymous clients to a few requests a minute.
"""

import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.live_service import READY_TIMEOUT_SECONDS, clean_environment, free_port, served, stop
from tests.node.subscriber import assert_announced, drafting, publishing, subscribe_then_commit
from tests.writable import WritableDatabase

ANONYMOUS_PER_MINUTE = 3
COUNT = {"query": "query CountIscms { iscms { totalCount } }"}


@dataclass(frozen=True)
class Deployment:
    """The gateway's URL and the service's log."""

    gateway: str
    service_log: Path


def compose_supergraph(gateway_project: Path, service_url: str, output: Path) -> None:
    subprocess.run(
        [
            "node",
            "compose-supergraph.mjs",
            "--output",
            str(output),
            "iscm",
            service_url,
            "../../schema.federation.graphql",
        ],
        cwd=gateway_project,
        check=True,
        timeout=60,
    )


def wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{url}/readiness", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the gateway did not become ready:\n{log.read_text()}")


@contextmanager
def behind_the_gateway(
    gateway_project: Path,
    database_url: str,
    folder: Path,
    service_settings: dict[str, str],
    gateway_environment: dict[str, str],
) -> Iterator[str]:
    """Serve `database_url` with iscm-graph (its log: `folder`/serve.log) behind Hive Gateway
    on the supergraph composed for it, run from deploy/gateway as the image runs it; yield the
    gateway's base URL.

    The supergraph is composed from the checked-in SDL and names only where the service will
    listen, so the gateway starts, and later stops, while the service does.
    """
    service_port = free_port()
    supergraph = folder / "supergraph.graphql"
    compose_supergraph(gateway_project, f"http://127.0.0.1:{service_port}/graphql", supergraph)
    port = free_port()
    log = folder / "gateway.log"
    with log.open("w") as output:
        # Run from deploy/gateway, as the image does, so that gateway.config.mjs applies.
        process = subprocess.Popen(
            ["node", "node_modules/.bin/hive-gateway", "supergraph", str(supergraph)],
            cwd=gateway_project,
            env=clean_environment(HOST="127.0.0.1", PORT=str(port), **gateway_environment),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    stopping = threading.Thread(target=stop, args=(process,))
    try:
        with served(
            database_url, folder / "serve.log", ISCM_PORT=str(service_port), **service_settings
        ):
            try:
                wait_until_ready(url, process, log)
                yield url
            finally:
                stopping.start()
    finally:
        if stopping.is_alive():
            stopping.join()
        stop(process)


@pytest.fixture(scope="module")
def deployment(
    gateway_project: Path, writable_database: WritableDatabase, tmp_path_factory
) -> Iterator[Deployment]:
    """iscm-graph, the supergraph composed for it, and Hive Gateway serving that supergraph."""
    folder = tmp_path_factory.mktemp("deploy-gateway")
    service_settings = {
        "ISCM_TRUSTED_PROXIES": "127.0.0.1",
        "ISCM_RATE_LIMIT_ANONYMOUS_PER_MINUTE": str(ANONYMOUS_PER_MINUTE),
        "ISCM_RATE_LIMIT_BURST": str(ANONYMOUS_PER_MINUTE),
        "ISCM_LOG_LEVEL": "info",
    }
    with behind_the_gateway(
        gateway_project, writable_database.url, folder, service_settings, {"LOG_JSON": "1"}
    ) as url:
        yield Deployment(f"{url}/graphql", folder / "serve.log")


def client_at(address: str) -> httpx.Client:
    """An HTTP client whose connections come from the loopback address `address`."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=20)


def logged(log: Path, text: str, seconds: float = 5.0) -> bool:
    """Whether `text` reaches `log` within `seconds`: the access line is written after the
    response has left, so a client can read the answer before the line is in the file."""
    deadline = time.monotonic() + seconds
    while text not in log.read_text():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_query_goes_through_the_gateway_with_its_request_id(deployment):
    with client_at("127.0.0.4") as client:
        response = client.post(
            deployment.gateway, json=COUNT, headers={"X-Request-ID": "through-the-gateway"}
        )

    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"iscms": {"totalCount": 34}}}
    assert logged(deployment.service_log, '"request_id": "through-the-gateway"')


def test_each_client_keeps_its_own_rate_limit_and_a_refusal_stays_a_429(deployment):
    # given two anonymous clients of the gateway; the first one claims other addresses
    with client_at("127.0.0.2") as first, client_at("127.0.0.3") as second:
        # when the first one sends one request more than its limit
        answers = [
            first.post(deployment.gateway, json=COUNT, headers={"X-Forwarded-For": f"192.0.2.{n}"})
            for n in range(ANONYMOUS_PER_MINUTE + 1)
        ]
        # and the second one sends one
        other = second.post(deployment.gateway, json=COUNT)

    # then the first is refused with the service's 429, its wait and its error code
    assert [answer.status_code for answer in answers] == [200] * ANONYMOUS_PER_MINUTE + [429]
    refused = answers[-1]
    assert int(refused.headers["retry-after"]) == 60 // ANONYMOUS_PER_MINUTE
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    # and the second, behind the same gateway, still has its own bucket
    assert other.status_code == 200, other.text
    assert other.json() == {"data": {"iscms": {"totalCount": 34}}}


def test_a_graphql_ws_client_subscribes_through_the_gateway_with_a_key(
    deployment, node_project, writable_database, tmp_path
):
    # given the reference client subscribed through the gateway with a partner's key
    # when a draft is committed through a mutation sent to the gateway
    change, titles = subscribe_then_commit(
        node_project,
        deployment.gateway.replace("http://", "ws://"),
        writable_database.partner_token,
        drafting(deployment.gateway, writable_database),
        tmp_path / "subscriber.log",
        "Draft seen through the gateway",
    )

    # then the partner's client saw it, through the gateway's WebSocket
    assert_announced(change, titles, "CREATED", "DRAFT")


def test_an_anonymous_subscriber_sees_what_is_published_through_the_gateway(
    deployment, node_project, writable_database, tmp_path
):
    # given the reference client subscribed through the gateway without credentials
    # when a contribution is created, submitted and published through the gateway
    change, titles = subscribe_then_commit(
        node_project,
        deployment.gateway.replace("http://", "ws://"),
        None,
        publishing(deployment.gateway, writable_database),
        tmp_path / "subscriber.log",
        "Published through the gateway",
    )

    # then the first event it sees is the publication (drafts are not public)
    assert_announced(change, titles, "PUBLISHED", "PUBLISHED")
