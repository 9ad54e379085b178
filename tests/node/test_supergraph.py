"""deploy/gateway/compose-supergraph.mjs composes the checked-in subgraph SDL, as the image build
does: a schema change that breaks composition fails here, not when the gateway starts."""

import re
import subprocess
from pathlib import Path

from tests.live_service import ROOT

ISCM_URL = "http://iscm:8000/graphql"
# A second subgraph that disagrees with iscm-graph about a shared entity's key field.
CONFLICTING = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type MemberState @key(fields: "iso3") {
  iso3: Int!
  capitalCity: String
}

type Query {
  capitals: [MemberState!]!
}
"""


def compose(gateway_project: Path, *subgraphs: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", "compose-supergraph.mjs", *subgraphs],
        cwd=gateway_project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_checked_in_subgraph_sdl_composes_into_a_supergraph(gateway_project):
    result = compose(gateway_project, "iscm", ISCM_URL, str(ROOT / "schema.federation.graphql"))

    assert result.returncode == 0, result.stderr
    supergraph = result.stdout
    assert f'@join__graph(name: "iscm", url: "{ISCM_URL}")' in supergraph
    assert re.search(r"^  subscription: Subscription$", supergraph, re.MULTILINE)
    client_types = re.findall(
        r"^(?:type|enum|input|interface|union|scalar) (\w+)",
        (ROOT / "schema.graphql").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert len(client_types) > 50
    missing = [
        name
        for name in client_types
        if not re.search(
            rf"^(?:type|enum|input|interface|union|scalar) {name}\b", supergraph, re.MULTILINE
        )
    ]
    assert missing == []


def test_subgraphs_that_do_not_compose_fail_with_the_reason(gateway_project, tmp_path):
    other = tmp_path / "capitals.graphql"
    other.write_text(CONFLICTING, encoding="utf-8")

    result = compose(
        gateway_project,
        "iscm",
        ISCM_URL,
        str(ROOT / "schema.federation.graphql"),
        "capitals",
        "http://capitals:4001/graphql",
        str(other),
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert "composition error:" in result.stderr
    assert "MemberState.iso3" in result.stderr


def test_a_wrong_command_line_prints_the_usage(gateway_project):
    result = compose(gateway_project, "iscm", ISCM_URL)

    assert result.returncode == 2
    assert result.stderr.startswith("usage: node compose-supergraph.mjs")
