"""Describe the machine and the software versions a benchmark ran on."""

import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo (or what platform knows)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def command_version(command: list[str]) -> str | None:
    """Return the first line a version command prints, or None when it is missing."""
    if shutil.which(command[0]) is None:
        return None
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0].strip() if lines else None


def package_version(name: str) -> str | None:
    """Return an installed Python package's version."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def describe_machine() -> dict[str, Any]:
    """Return cores, memory, CPU model, OS and the load when the run started."""
    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "cpu_model": cpu_model(),
        "os": platform.platform(),
        "load_average_at_start": [round(value, 2) for value in load],
    }


def describe_versions(
    *, postgresql: str | None, postgraphile: str | None, wrk: str | None
) -> dict[str, Any]:
    """Return the versions of everything that took part."""
    return {
        "python": sys.version.split()[0],
        "postgresql": postgresql,
        "node": command_version(["node", "--version"]),
        "postgraphile": postgraphile,
        "wrk": wrk,
        "iscm-graph": package_version("iscm-graph"),
        "strawberry-graphql": package_version("strawberry-graphql"),
        "starlette": package_version("starlette"),
        "uvicorn": package_version("uvicorn"),
        "sqlalchemy": package_version("sqlalchemy"),
        "asyncpg": package_version("asyncpg"),
    }
