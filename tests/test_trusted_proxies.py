"""X-Forwarded-For counts only from the proxies ISCM_TRUSTED_PROXIES names (none by default).

The service runs as deployed, `iscm-graph serve` behind uvicorn; clients come from distinct
loopback addresses (127.0.0.1 plays the proxy). Both consumers of the client address are
checked: the anonymous rate limit's buckets and the access log's `address`.
"""

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.live_service import served

QUERY = {"query": "{ __typename }"}
LIMITED = {
    "ISCM_RATE_LIMIT_ANONYMOUS_PER_MINUTE": "2",
    "ISCM_RATE_LIMIT_BURST": "2",
    "ISCM_LOG_LEVEL": "info",
}


@contextmanager
def service(database_url: str, log: Path, **settings: str) -> Iterator[str]:
    with served(database_url, log, **LIMITED, **settings) as base:
        yield f"{base}/graphql"


def statuses(url: str, *, peer: str, forwarded_for: list[str]) -> list[int]:
    """Send one request per X-Forwarded-For value from the loopback address `peer`."""
    transport = httpx.HTTPTransport(local_address=peer)
    with httpx.Client(transport=transport, timeout=10) as client:
        return [
            client.post(url, json=QUERY, headers={"X-Forwarded-For": value}).status_code
            for value in forwarded_for
        ]


def logged_addresses(log: Path, count: int) -> list[str]:
    """Return the `address` of the GraphQL access lines, once `count` of them are written."""
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        addresses = [
            line["address"]
            for line in lines
            if line["logger"] == "iscm_graph.access" and line["path"] == "/graphql"
        ]
        if len(addresses) >= count or time.monotonic() > deadline:
            return addresses
        time.sleep(0.05)


def test_without_trusted_proxies_a_forwarded_for_from_loopback_is_ignored(database_url, tmp_path):
    # given no trusted proxy configured
    log = tmp_path / "serve.log"
    with service(database_url, log) as url:
        # when one loopback client claims three different addresses
        seen = statuses(
            url, peer="127.0.0.1", forwarded_for=["198.51.100.1", "198.51.100.2", "198.51.100.3"]
        )
        addresses = logged_addresses(log, 3)

    # then all three drew from the peer's bucket, and the log names the peer
    assert seen == [200, 200, 429]
    assert addresses == ["127.0.0.1"] * 3


def test_a_trusted_proxy_names_the_client_and_a_spoofed_header_from_elsewhere_is_ignored(
    database_url, tmp_path
):
    # given 127.0.0.1 is the one trusted proxy
    log = tmp_path / "serve.log"
    with service(database_url, log, ISCM_TRUSTED_PROXIES="127.0.0.1") as url:
        # when the proxy forwards two clients, one of them three times, the last time with an
        # address that client made up in front of the one the proxy saw
        proxied = statuses(
            url,
            peer="127.0.0.1",
            forwarded_for=["203.0.113.1", "203.0.113.1", "203.0.113.2", "192.0.2.9, 203.0.113.1"],
        )
        # and a client the proxy does not front sends the header itself, a new address each time
        direct = statuses(
            url, peer="127.0.0.2", forwarded_for=["198.51.100.1", "198.51.100.2", "198.51.100.3"]
        )
        addresses = logged_addresses(log, 7)

    # then each forwarded client has its own bucket, the proxy's own address counts for nothing,
    # and the direct client is limited (and logged) by its own address
    assert proxied == [200, 200, 200, 429]
    assert direct == [200, 200, 429]
    assert addresses == [
        "203.0.113.1",
        "203.0.113.1",
        "203.0.113.2",
        "203.0.113.1",
        "127.0.0.2",
        "127.0.0.2",
        "127.0.0.2",
    ]
