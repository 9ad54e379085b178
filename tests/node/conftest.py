"""Fixtures of the tests that drive Node tools against a running iscm-graph.

The service runs as users run it, `iscm-graph serve` in a subprocess, against this test run's
database. The Node dependencies are installed by `.ci/run` (`npm install --no-package-lock`
in this folder); the tests skip only when node or npm is missing.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_service import READY_TIMEOUT_SECONDS, clean_environment, served, stop

__all__ = ["READY_TIMEOUT_SECONDS", "clean_environment", "stop"]

NODE_DIR = Path(__file__).resolve().parent
NPM_INSTALL = "npm install --no-package-lock --no-audit --no-fund"


@pytest.fixture(scope="session")
def node_project() -> Path:
    """The Node folder, with its dependencies installed; skip when Node is not available."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not found on PATH: the Node-driven tests need them")
    if not (NODE_DIR / "node_modules").is_dir():
        pytest.fail(f"Node dependencies are missing: run `{NPM_INSTALL}` in {NODE_DIR}")
    return NODE_DIR


@pytest.fixture(scope="session")
def live_service(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve this run's database with `iscm-graph serve` on a free port; yield the GraphQL URL."""
    log_path = tmp_path_factory.mktemp("live-service") / "serve.log"
    with served(database_url, log_path) as base:
        yield f"{base}/graphql"
