"""Run `iscm-graph serve` as users run it, in a subprocess on a free loopback port.

Shared by the tests that drive the service from outside the process (Node tools, a browser).
"""

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
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


def read_json_line(
    process: subprocess.Popen, log: Path, seconds: float = READY_TIMEOUT_SECONDS
) -> dict:
    """Return the next JSON object a process prints on its own line; fail after `seconds`.

    Other lines are skipped; `log` (the process's stderr) is shown when it exits or says nothing.
    """
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.2):
            continue
        line = process.stdout.readline()
        if line.startswith("{"):
            return json.loads(line)
        if not line and process.poll() is not None:
            break
    pytest.fail(f"no JSON line from {process.args!r}:\n{log.read_text()}")


@contextmanager
def served(database_url: str, log_path: Path, **settings: str) -> Iterator[str]:
    """Serve `database_url` with `iscm-graph serve` until the block ends; yield its base URL.

    `settings` are more environment variables (ISCM_...), which win over the defaults here;
    without ISCM_PORT it listens on a free port.
    """
    port = int(settings["ISCM_PORT"]) if "ISCM_PORT" in settings else free_port()
    defaults = {
        "DATABASE_URL": database_url,
        "ISCM_PORT": str(port),
        "ISCM_LOG_LEVEL": "warning",
        "ISCM_OFFLINE": "true",  # UN data from the cache only, unless a test serves it
    }
    env = clean_environment(**{**defaults, **settings})
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
        yield base
    finally:
        stop(process)
