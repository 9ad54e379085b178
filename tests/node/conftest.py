"""Fixtures of the tests that drive Node tools against a running iscm-graph.

The service runs as users run it, `iscm-graph serve` in a subprocess. The Node packages are
installed on first use from the lockfiles (tests/node_packages.py); without Node 20+ and npm
these tests skip.
"""

from pathlib import Path

import pytest

from tests.live_service import ROOT
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
def live_service(served_database: str) -> str:
    """The GraphQL URL of this run's database served by `iscm-graph serve`."""
    return f"{served_database}/graphql"
