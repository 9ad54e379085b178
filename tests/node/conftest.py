"""Fixtures of the tests that drive Node tools against a running iscm-graph.

The service runs as users run it, `iscm-graph serve` in a subprocess, against this test run's
database. The Node dependencies are installed by `.ci/run` (`npm install --no-package-lock`
in this folder); the tests skip only when node or npm is missing.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

NODE_DIR = Path(__file__).resolve().parent
ROOT = NODE_DIR.parent.parent
NPM_INSTALL = "npm install --no-package-lock --no-audit --no-fund"
READY_TIMEOUT_SECONDS = 30


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment(**extra: str) -> dict[str, str]:
    """Return this environment without service settings or Apollo credentials, plus `extra`."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ISCM_", "APOLLO_")) and name != "DATABASE_URL"
    }
    return {**kept, **extra}


def stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and everything it started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


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
    port = free_port()
    log_path = tmp_path_factory.mktemp("live-service") / "serve.log"
    env = clean_environment(
        DATABASE_URL=database_url,
        ISCM_PORT=str(port),
        ISCM_LOG_LEVEL="warning",
        ISCM_OFFLINE="true",  # UN data from the cache only: no test goes online
    )
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"iscm-graph serve did not become ready:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield f"{base}/graphql"
    finally:
        stop(process)
