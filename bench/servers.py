"""Start, probe and stop the three servers the benchmark compares, each in its own processes."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
from sqlalchemy.engine import make_url

from db.session import SERVER_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
POSTGRAPHILE_DIR = Path(__file__).resolve().parent / "postgraphile"
POSTGRAPHILE_BIN = POSTGRAPHILE_DIR / "node_modules" / ".bin" / "postgraphile"
POSTGRAPHILE_PLUGINS = (
    "@graphile-contrib/pg-simplify-inflector",
    "@graphile-contrib/pg-order-by-related",
)
SERVER_NAMES = ("limit", "postgraphile", "iscm-graph")
# The settings that steer PostgreSQL's planner, given to every server's sessions alike.
PLANNER_SETTINGS = {name: SERVER_SETTINGS[name] for name in ("jit", "random_page_cost")}
READY_TIMEOUT_SECONDS = 90
# Enough pooled connections for 8 concurrent requests whichever worker they reach.
POOL_SIZE = 8


class ServerError(Exception):
    """A server could not be installed or started; the message says why."""


@dataclass
class Server:
    """A running server: its name, port and process group."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        """The GraphQL endpoint."""
        return f"http://127.0.0.1:{self.port}/graphql"

    def worker_processes(self) -> list[psutil.Process]:
        """Return the processes that serve requests: the leaves of the process tree."""
        try:
            root = psutil.Process(self.process.pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []
        leaves = []
        for process in tree:
            try:
                if process.children():
                    continue
                if "resource_tracker" in " ".join(process.cmdline()):
                    continue
            except psutil.NoSuchProcess:
                continue
            leaves.append(process)
        return leaves

    def wait_idle(self, timeout: float = 60.0, busy_percent: float = 5.0) -> None:
        """Wait until the workers stop using CPU: requests left in flight by the load end."""
        deadline = time.monotonic() + timeout
        workers = self.worker_processes()
        while time.monotonic() < deadline:
            try:
                for process in workers:
                    process.cpu_percent(None)
                time.sleep(0.15)
                used = sum(process.cpu_percent(None) for process in workers)
            except psutil.Error:
                return
            if used < busy_percent:
                return

    def stop(self) -> None:
        """Stop the server's process group (only the processes this harness started)."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines: int = 15) -> str:
        """Return the end of the server's log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def plain_url(url: str, *, port: int | None = None) -> str:
    """Return `url` as a libpq-style postgresql:// URL, optionally on another port."""
    parsed = make_url(url).set(drivername="postgresql")
    if port is not None:
        parsed = parsed.set(host="127.0.0.1", port=port)
    return parsed.render_as_string(hide_password=False)


def spawn(
    name: str, command: list[str], env: dict[str, str], log_dir: Path, port: int, cwd: Path = ROOT
) -> Server:
    """Start `command` in a new process group (in `cwd`), logging to log_dir/<name>.log."""
    log_path = log_dir / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(  # noqa: S603 - fixed local commands
        command,
        cwd=cwd,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    return Server(name, port, process, log_path)


def start_limit(database_url: str, workers: int, log_dir: Path) -> Server:
    """Start the limit server under uvicorn with `workers` workers."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.limit_server:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning", "--no-access-log"]
    env = {"BENCH_DATABASE_URL": plain_url(database_url), "BENCH_POOL_SIZE": str(POOL_SIZE)}
    return spawn("limit", command, env, log_dir, port)


def start_iscm_graph(database_url: str, workers: int, log_dir: Path) -> Server:
    """Start iscm-graph as a user deploys it: `iscm-graph serve` with ISCM_WORKERS."""
    port = free_port()
    executable = Path(sys.executable).parent / "iscm-graph"
    env = {
        "DATABASE_URL": plain_url(database_url),
        "ISCM_WORKERS": str(workers),
        "ISCM_PORT": str(port),
        "ISCM_HOST": "127.0.0.1",
        "ISCM_LOG_LEVEL": "warning",
        "ISCM_POOL_SIZE": str(POOL_SIZE),
        # The load comes from one client: a per-client rate limit would answer 429 at once.
        "ISCM_RATE_LIMIT_PER_MINUTE": "0",
        "ISCM_RATE_LIMIT_ANONYMOUS_PER_MINUTE": "0",
        # UN figures from the cache alone: a benchmark never calls the UN sources.
        "ISCM_OFFLINE": "true",
    }
    return spawn("iscm-graph", [str(executable), "serve"], env, log_dir, port)


def ensure_postgraphile() -> None:
    """Install PostGraphile from bench/postgraphile/package.json unless it is there already."""
    package = POSTGRAPHILE_DIR / "package.json"
    stamp = POSTGRAPHILE_DIR / "node_modules" / ".bench-installed"
    if POSTGRAPHILE_BIN.exists() and stamp.exists() and stamp.read_bytes() == package.read_bytes():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise ServerError("PostGraphile needs Node.js and npm (Node 20): install them first")
    # No lockfile: npm lockfiles record the registry's host name.
    result = subprocess.run(  # noqa: S603 - fixed local command
        [npm, "install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=POSTGRAPHILE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not POSTGRAPHILE_BIN.exists():
        raise ServerError(f"npm install of PostGraphile failed: {result.stderr.strip()[-500:]}")
    stamp.write_bytes(package.read_bytes())


def postgraphile_version() -> str | None:
    """Return the installed PostGraphile version."""
    try:
        manifest = POSTGRAPHILE_DIR / "node_modules" / "postgraphile" / "package.json"
        return str(json.loads(manifest.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return None


def start_postgraphile(database_url: str, workers: int, log_dir: Path) -> Server:
    """Start PostGraphile v4 over the public schema, one Node worker per core."""
    ensure_postgraphile()
    port = free_port()
    command = [str(POSTGRAPHILE_BIN), "--connection", plain_url(database_url)]
    command += ["--schema", "public", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--disable-graphiql", "--disable-query-log", "--disable-default-mutations"]
    command += [
        "--max-pool-size",
        str(POOL_SIZE),
        "--append-plugins",
        ",".join(POSTGRAPHILE_PLUGINS),
    ]
    if workers > 1:
        command += ["--cluster-workers", str(workers)]
    # iscm-graph's planner settings for its sessions too (libpq's PGOPTIONS, read by node-postgres).
    planner = " ".join(f"-c {name}={value}" for name, value in PLANNER_SETTINGS.items())
    env = {"NODE_ENV": "production", "PGTZ": "UTC", "PGOPTIONS": planner}
    # Its working directory holds .postgraphilerc.js, the options it has no flag for.
    return spawn("postgraphile", command, env, log_dir, port, cwd=POSTGRAPHILE_DIR)


STARTERS = {
    "limit": start_limit,
    "postgraphile": start_postgraphile,
    "iscm-graph": start_iscm_graph,
}


def wait_until_ready(server: Server, timeout: float = READY_TIMEOUT_SECONDS) -> None:
    """Wait until the server answers a trivial request; raise ServerError if it dies or hangs."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise ServerError(
                    f"{server.name} exited with code {server.process.returncode}:\n"
                    + server.log_tail()
                )
            try:
                if server.name == "postgraphile":
                    answer = client.post(server.url, json={"query": "{ __typename }"})
                else:
                    answer = client.get(server.url.replace("/graphql", "/healthz"))
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
    raise ServerError(
        f"{server.name} did not become ready in {timeout:.0f} s:\n{server.log_tail()}"
    )


def start_all(
    database_url: str, workers: int, log_dir: Path, names: set[str]
) -> tuple[dict[str, Server], dict[str, str]]:
    """Start the servers called `names` side by side; return those ready and why others failed."""
    started: dict[str, Server] = {}
    failures: dict[str, str] = {}
    for name in SERVER_NAMES:
        if name not in names:
            continue
        try:
            started[name] = STARTERS[name](database_url, workers, log_dir)
        except ServerError as error:
            failures[name] = str(error)
    ready: dict[str, Server] = {}
    try:
        for name, server in started.items():
            try:
                wait_until_ready(server)
                ready[name] = server
            except ServerError as error:
                server.stop()
                failures[name] = str(error)
    except BaseException:
        stop_all(started)
        raise
    return ready, failures


def stop_all(servers: dict[str, Server]) -> None:
    """Stop every server in `servers`."""
    for server in servers.values():
        server.stop()
