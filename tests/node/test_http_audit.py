"""The graphql-http server audit, the GraphQL-over-HTTP reference, passes in full."""

import re
import subprocess
from pathlib import Path

AUDIT_COUNT = 61
SUMMARY = re.compile(r"SUMMARY ok=(\d+) warn=(\d+) error=(\d+) total=(\d+)")


def test_every_graphql_over_http_audit_passes(node_project: Path, live_service: str):
    # when
    result = subprocess.run(
        ["node", "http_audit/audit.mjs", live_service],
        cwd=node_project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # then
    report = result.stdout + result.stderr
    summary = SUMMARY.search(result.stdout)
    assert summary is not None, report
    ok, warnings, errors, total = map(int, summary.groups())
    assert (ok, warnings, errors, total) == (AUDIT_COUNT, 0, 0, AUDIT_COUNT), report
    assert result.returncode == 0, report
