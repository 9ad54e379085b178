#!/usr/bin/env python3
"""Set up a local virtual environment on first use, then run the service, the tests or the linters.

    python3 dev.py serve      # the API on http://127.0.0.1:8000/graphql (embedded PostgreSQL)
    python3 dev.py test       # the test suite (TEST_DATABASE_URL, else an embedded PostgreSQL)
    python3 dev.py lint       # ruff check, ruff format --check and mypy

Needs only Python 3.11+. Extra arguments go to the underlying command.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".iscm-graph-installed"


def ensure_environment() -> None:
    """Create .venv and install the project with its dev extras when pyproject.toml changed."""
    if sys.version_info < (3, 11):
        sys.exit("iscm-graph needs Python 3.11 or newer")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing iscm-graph and its development tools into .venv ...", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # The pip a Python release bundles can be too old to resolve today's releases together.
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def main() -> None:
    """Dispatch to serve, test or lint."""
    commands = {
        "serve": [str(BIN / "iscm-graph"), "serve"],
        # One worker per CPU, each taking whole files, so that a module's servers and gateways
        # start once; `-n 0` (given after) runs in this process, as plain `pytest` does.
        "test": [str(BIN / "python"), "-m", "pytest", "-n", "auto", "--dist", "loadfile"],
        "lint": [str(BIN / "ruff"), "check", "."],
    }
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    ensure_environment()
    command = [*commands[sys.argv[1]], *sys.argv[2:]]
    if sys.argv[1] == "lint":
        # Every check runs, so one run reports all three kinds of problem.
        checks = [command, [str(BIN / "ruff"), "format", "--check", "."], [str(BIN / "mypy")]]
        failed = [c for c in checks if subprocess.run(c, cwd=ROOT, check=False).returncode != 0]
        sys.exit(1 if failed else 0)
    os.chdir(ROOT)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
