"""The typed Python client (clients/python) is what ariadne-codegen writes from schema.graphql, and
the import example uses it."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.live_service import ROOT, free_port

CLIENT = ROOT / "clients" / "python"
CANNOT_INSTALL = 3


def files_of(package: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(package)): path.read_bytes()
        for path in sorted(package.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def test_the_checked_in_client_is_what_the_generator_writes_from_the_schema(tmp_path):
    # when the client is generated again from schema.graphql and clients/python/operations
    result = subprocess.run(
        [sys.executable, str(CLIENT / "generate.py"), "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode == CANNOT_INSTALL:
        pytest.skip(result.stderr.strip())

    # then it is the checked-in one: after a schema change, run clients/python/generate.py
    assert result.returncode == 0, result.stderr
    generated = files_of(tmp_path / "iscm_client")
    checked_in = files_of(CLIENT / "iscm_client")
    assert sorted(generated) == sorted(checked_in)
    stale = [name for name in generated if generated[name] != checked_in[name]]
    assert stale == [], f"regenerate with `python3 clients/python/generate.py`: {stale} differ"


def test_the_import_example_refuses_a_row_it_cannot_send_naming_its_line_and_column(tmp_path):
    # given a CSV whose only row lists objectives that are not numbers
    csv = tmp_path / "contributions.csv"
    csv.write_text(
        "iscm,review_process,title,summary,gcm_objectives\n"
        "bali-process,imrf-2026,First,Not fine.,five\n",
        encoding="utf-8",
    )

    # when it is checked (against a port where nothing listens: nothing may be sent)
    result = subprocess.run(
        [
            sys.executable,
            "examples/import_contributions.py",
            str(csv),
            "--check",
            "--url",
            f"http://127.0.0.1:{free_port()}/graphql",
            "--token",
            "iscm_unused",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # then the row is refused with its line and column and what was expected, before sending
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "line 2, column gcm_objectives: expected GCM objective numbers separated by ';' "
        "(e.g. 5;6), not 'five'",
        "check: would store 0 (0 new, 0 updated), unchanged 0, failed 1; nothing was written",
    ]
