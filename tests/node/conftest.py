"""Fixtures of the tests that drive Node tools against a running iscm-graph.

The service runs as users run it, `iscm-graph serve` in a subprocess. The Node packages are
installed on first use from the lockfiles (tests/node_packages.py); without Node 20+ and npm
these tests skip.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_service import ROOT, served
from tests.node_packages import node_packages

NODE_DIR = Path(__file__).resolve().parent
GATEWAY_DIR = ROOT / "deploy" / "gateway"


@pytest.fixture(scope="session")
def node_project() -> Path:
    """tests/node with its packages installed."""
    return node_packages(NODE_DIR)


@pytest.fixture(scope="session")
def gateway_project() -> Path:
    """deploy/gateway (Hive Gateway and the composition script) with its packages installed."""
    return node_packages(GATEWAY_DIR)


@pytest.fixture(scope="session")
def live_service(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve this run's database with `iscm-graph serve` on a free port; yield the GraphQL URL."""
    log_path = tmp_path_factory.mktemp("live-service") / "serve.log"
    with served(database_url, log_path) as base:
        yield f"{base}/graphql"
