"""iscm-graph composes with another subgraph behind an Apollo gateway (Federation v2)."""

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live_service import clean_environment, read_json_line, stop

STATE_ACROSS_SUBGRAPHS = """
{
  memberState(iso3: "PHL") { name iscms { slug } capitalCity }
}
"""

ISCM_TO_POPULATION = """
query Members($slug: String!) {
  iscm(slug: $slug) { acronym members { iso3 capitalCity } }
}
"""

POPULATION_TO_ISCM = """
{
  capitals { iso3 capitalCity name region memberships { role iscm { slug } } }
}
"""


@pytest.fixture(scope="module")
def gateway(node_project: Path, live_service: str, tmp_path_factory) -> Iterator[str]:
    """Start the population subgraph and the gateway over both subgraphs; yield its URL."""
    log = tmp_path_factory.mktemp("gateway") / "gateway.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            ["node", "gateway/serve.mjs", live_service],
            cwd=node_project,
            env=clean_environment(),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,
        )
    try:
        yield read_json_line(process, log)["gateway"]
    finally:
        stop(process)
        if process.stdout is not None:
            process.stdout.close()


def through(gateway: str, query: str, variables: dict | None = None) -> dict:
    response = httpx.post(gateway, json={"query": query, "variables": variables or {}}, timeout=20)
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    return body["data"]


def test_one_query_joins_fields_of_both_subgraphs(gateway):
    state = through(gateway, STATE_ACROSS_SUBGRAPHS)["memberState"]

    assert state["name"] == "Philippines"
    assert state["capitalCity"] == "Manila"
    assert {"bali-process", "colombo-process", "abu-dhabi-dialogue"} <= {
        iscm["slug"] for iscm in state["iscms"]
    }


def test_entities_jump_from_iscm_graph_to_the_other_subgraph(gateway):
    iscm = through(gateway, ISCM_TO_POPULATION, {"slug": "bali-process"})["iscm"]

    capitals = {member["iso3"]: member["capitalCity"] for member in iscm["members"]}
    assert capitals["PHL"] == "Manila"
    assert capitals["THA"] == "Bangkok"
    assert capitals["AUS"] is None
    assert len(capitals) > 15


def test_entities_jump_from_the_other_subgraph_into_iscm_graph(gateway):
    states = {state["iso3"]: state for state in through(gateway, POPULATION_TO_ISCM)["capitals"]}

    assert set(states) == {"DEU", "MEX", "PHL", "SEN", "THA"}
    assert states["SEN"]["name"] == "Senegal"
    assert states["SEN"]["region"] == "Africa"
    assert states["MEX"]["capitalCity"] == "Mexico City"
    mexico_iscms = {m["iscm"]["slug"] for m in states["MEX"]["memberships"]}
    assert "regional-conference-on-migration" in mexico_iscms
