"""deploy/: the compose file is well formed and its gateway is the one tests/node runs.

No Docker engine is needed: the gateway itself (deploy/gateway) is run as a local process by
tests/node/test_deploy_gateway.py, and its composition by tests/node/test_supergraph.py.
"""

import ipaddress
import re

import pytest

from tests.live_service import ROOT

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_runs_postgres_a_migration_two_replicas_and_a_gateway(compose):
    services = compose["services"]
    assert {"postgres", "migrate", "iscm", "gateway"} <= set(services)
    assert services["postgres"]["healthcheck"]["test"]
    assert services["iscm"]["deploy"]["replicas"] == 2
    assert services["iscm"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    gateway = services["gateway"]
    assert gateway["build"]["dockerfile"] == "deploy/gateway/Dockerfile"
    assert gateway["build"]["args"]["ISCM_URL"] == "http://iscm:8000/graphql"


def test_the_service_trusts_forwarded_addresses_from_the_gateway_alone(compose):
    [network] = compose["networks"]["default"]["ipam"]["config"]
    gateway_address = compose["services"]["gateway"]["networks"]["default"]["ipv4_address"]
    trusted = compose["services"]["iscm"]["environment"]["ISCM_TRUSTED_PROXIES"]

    assert trusted == gateway_address
    address = ipaddress.ip_address(gateway_address)
    assert address in ipaddress.ip_network(network["subnet"])
    assert address not in ipaddress.ip_network(network["ip_range"])


def test_the_gateway_image_composes_the_checked_in_sdl_and_serves_it():
    dockerfile = (DEPLOY / "gateway" / "Dockerfile").read_text(encoding="utf-8")

    assert "COPY schema.federation.graphql subgraphs/iscm.graphql" in dockerfile
    assert re.search(
        r"^RUN node compose-supergraph\.mjs --output supergraph\.graphql iscm .*subgraphs/iscm\.graphql$",
        dockerfile,
        re.MULTILINE,
    )
    assert "gateway.config.mjs" in dockerfile
    assert "RUN npm ci " in dockerfile
    assert (
        'CMD ["node_modules/.bin/hive-gateway", "supergraph", "supergraph.graphql"]' in dockerfile
    )
