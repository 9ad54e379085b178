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


def test_the_import_example_refuses_a_value_the_schema_does_not_allow_before_sending(tmp_path):
    # given a CSV whose second row names a governance level the schema does not have
    csv = tmp_path / "contributions.csv"
    csv.write_text(
        "iscm,review_process,title,summary,level\n"
        "bali-process,imrf-2026,First,Fine.,REGIONAL\n"
        "bali-process,imrf-2026,Second,Not fine.,PLANETARY\n",
        encoding="utf-8",
    )

    # when it is imported (to a port where nothing listens: nothing may be sent)
    result = subprocess.run(
        [
            sys.executable,
            "examples/import_contributions.py",
            str(csv),
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

    # then it stops on that row, in one line naming the line and the column
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("import_contributions: line 3: level: Input should be ")
    assert "'REGIONAL'" in line
