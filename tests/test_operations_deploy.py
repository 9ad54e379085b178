"""deploy/: the compose file is well formed, and the gateway composes a running iscm-graph."""

import json
import selectors
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.live_service import ROOT, clean_environment, served, stop

DEPLOY = ROOT / "deploy"
NODE_DIR = ROOT / "tests" / "node"
READY_SECONDS = 30


def test_compose_runs_postgres_a_migration_two_replicas_and_a_gateway():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"postgres", "migrate", "iscm", "gateway"} <= set(services)
    assert services["postgres"]["healthcheck"]["test"]
    assert services["iscm"]["deploy"]["replicas"] == 2
    assert services["iscm"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert "iscm=http://iscm:8000/graphql" in services["gateway"]["environment"]["SUBGRAPHS"]
    package = json.loads((DEPLOY / "gateway" / "package.json").read_text(encoding="utf-8"))
    assert all(version[0].isdigit() for version in package["dependencies"].values())


def read_ready_line(process: subprocess.Popen, log: Path) -> dict:
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.2):
            continue
        line = process.stdout.readline()
        if line.startswith("{"):
            return json.loads(line)
        if not line and process.poll() is not None:
            break
    pytest.fail(f"the gateway did not start:\n{log.read_text()}")


def test_the_deploy_gateway_serves_iscm_graph_through_federation(database_url, tmp_path):
    if shutil.which("node") is None or not (NODE_DIR / "node_modules" / "@apollo").is_dir():
        pytest.skip("node or the Node test dependencies (tests/node) are not installed")
    # The script resolves @apollo/* from tests/node/node_modules: run a copy placed there.
    script = NODE_DIR / f".deploy-gateway-{uuid.uuid4().hex}.mjs"
    shutil.copyfile(DEPLOY / "gateway" / "index.mjs", script)
    log = tmp_path / "gateway.log"
    try:
        with served(database_url, tmp_path / "serve.log") as base:
            env = clean_environment(SUBGRAPHS=f"iscm={base}/graphql", HOST="127.0.0.1", PORT="0")
            with log.open("w") as stderr:
                gateway = subprocess.Popen(
                    ["node", str(script)],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    text=True,
                    start_new_session=True,
                )
            try:
                url = read_ready_line(gateway, log)["url"]
                response = httpx.post(
                    url,
                    json={"query": "query ViaGateway { iscms { totalCount } }"},
                    headers={"X-Request-ID": "through-the-gateway"},
                    timeout=10,
                )
            finally:
                stop(gateway)
    finally:
        script.unlink(missing_ok=True)
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"iscms": {"totalCount": 34}}
