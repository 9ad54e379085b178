"""Load from a separate process: wrk (Debian's package) POSTing one GraphQL request over and over."""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

RESULT_MARK = "BENCH_RESULT "
# wrk's Lua API: a fixed POST, and at the end one JSON line with the exact figures.
SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["X-Bench-Query"] = [==[{name}]==]
wrk.body = [==[{body}]==]

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{mark}{{"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d,"errors":{{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d}}}}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


class LoadError(Exception):
    """wrk is missing, could not be installed, or failed."""


@dataclass(frozen=True)
class LoadResult:
    """One wrk run: throughput, latency percentiles and failures."""

    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    errors: int

    def as_dict(self) -> dict[str, float | int | None]:
        """Return the figures for the results file; no latency when no request completed."""
        completed = self.requests > 0
        return {
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 3) if completed else None,
            "p99_ms": round(self.p99_ms, 3) if completed else None,
            "mean_ms": round(self.mean_ms, 3) if completed else None,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
        }


def ensure_wrk() -> str:
    """Return the wrk executable, installing Debian's package when it is missing (needs root)."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        raise LoadError("wrk is not installed and there is no apt-get to install it")
    install = [apt, "install", "-y", "-q", "wrk"]
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    result = subprocess.run(install, capture_output=True, text=True, check=False, env=env)  # noqa: S603
    if result.returncode != 0:
        subprocess.run([apt, "update", "-q"], capture_output=True, check=False, env=env)  # noqa: S603
        result = subprocess.run(install, capture_output=True, text=True, check=False, env=env)  # noqa: S603
    found = shutil.which("wrk")
    if found is None:
        raise LoadError(f"could not install wrk with apt-get: {result.stderr.strip()[-300:]}")
    return found


def wrk_version(wrk: str) -> str:
    """Return wrk's own version line."""
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    return (
        (result.stdout or result.stderr).splitlines()[0].strip()
        if result.stdout or result.stderr
        else "unknown"
    )


def write_script(directory: Path, stem: str, name: str, body: bytes) -> Path:
    """Write directory/<stem>.lua, the script that POSTs `body` for query `name`."""
    text = body.decode()
    if "]==]" in text:
        raise LoadError(f"the request body of {name} cannot be quoted in Lua")
    path = directory / f"{stem}.lua"
    path.write_text(SCRIPT.format(name=name, body=text, mark=RESULT_MARK), encoding="utf-8")
    return path


def run_wrk(
    wrk: str, url: str, script: Path, *, connections: int, seconds: float, timeout_s: int = 10
) -> LoadResult:
    """Run wrk with `connections` connections (one thread) for `seconds`; parse its result."""
    command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += [f"--timeout={timeout_s}s", "--latency", "-s", str(script), url]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed local command
            command, capture_output=True, text=True, check=False, timeout=seconds + timeout_s + 30
        )
    except subprocess.TimeoutExpired:
        raise LoadError(f"wrk did not finish within {seconds + timeout_s + 30:.0f} s") from None
    line = next(
        (line for line in completed.stdout.splitlines() if line.startswith(RESULT_MARK)), None
    )
    if completed.returncode != 0 or line is None:
        raise LoadError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()[-300:]}")
    figures = json.loads(line[len(RESULT_MARK) :])
    seconds_run = figures["duration_us"] / 1e6
    errors = sum(figures["errors"].values())
    return LoadResult(
        requests=figures["requests"],
        seconds=seconds_run,
        rps=figures["requests"] / seconds_run if seconds_run else 0.0,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        mean_ms=figures["mean_us"] / 1000,
        errors=errors,
    )
