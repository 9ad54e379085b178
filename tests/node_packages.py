"""Node packages the tests drive, installed on first use from their lockfiles with `npm ci`.

Each Node folder (tests/node, deploy/gateway, clients/typescript) pins every package in its
package-lock.json, written without download addresses (its .npmrc), and refuses packages that
do not support the running Node (`engine-strict`). The first test that needs a folder installs
it; a later run reinstalls only when the lockfile changed. Without Node 20+ and npm, or when the
installation fails (no registry reachable), the tests that need the folder skip with the reason.
"""

import fcntl
import hashlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.live_service import ROOT

NODE_MAJOR = 20
INSTALL_TIMEOUT_SECONDS = 900
STAMP = ".iscm-graph-lockfile"
_outcomes: dict[Path, str | None] = {}


def node_version() -> tuple[int, str] | str:
    """Return Node's (major, version), or why Node cannot run the tests."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not found on PATH: Node {NODE_MAJOR}+ with npm is needed"
    version = subprocess.run(
        ["node", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    major = re.match(r"v(\d+)\.", version)
    if major is None or int(major.group(1)) < NODE_MAJOR:
        return f"Node {version or '(unknown version)'} found: the tests need Node {NODE_MAJOR}+"
    return int(major.group(1)), version


def _install(folder: Path) -> str | None:
    """Run `npm ci` in `folder` unless its node_modules matches the lockfile; return a problem."""
    found = node_version()
    if isinstance(found, str):
        return found
    lockfile = folder / "package-lock.json"
    wanted = hashlib.sha256(lockfile.read_bytes()).hexdigest()
    stamp = folder / "node_modules" / STAMP
    name = folder.relative_to(ROOT)
    lock_path = (
        Path(tempfile.gettempdir())
        / f"iscm-graph-npm-{hashlib.sha256(bytes(folder)).hexdigest()[:16]}.lock"
    )
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test run may be installing the same folder
        if stamp.is_file() and stamp.read_text() == wanted:
            return None
        try:
            result = subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=INSTALL_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"`npm ci` in {name} took longer than {INSTALL_TIMEOUT_SECONDS} s"
        if result.returncode != 0:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            return f"`npm ci` in {name} failed: {' / '.join(lines[-3:]) or 'no output'}"
        stamp.write_text(wanted)
    return None


def node_packages(folder: Path) -> Path:
    """Return `folder` with its locked packages installed, or skip the calling test."""
    if folder not in _outcomes:
        _outcomes[folder] = _install(folder)
    problem = _outcomes[folder]
    if problem is not None:
        pytest.skip(problem)
    return folder
