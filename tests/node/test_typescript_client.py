"""The typed TypeScript documents (clients/typescript) are what graphql-codegen writes from
schema.graphql and the operations, and they type-check with the example that uses them."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.live_service import ROOT
from tests.node_packages import node_packages

CLIENT = ROOT / "clients" / "typescript"


@pytest.fixture(scope="module")
def typescript_project() -> Path:
    return node_packages(CLIENT)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.ts"))
    }


def run(project: Path, *command: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(command),
        cwd=project,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_checked_in_documents_are_what_graphql_codegen_writes(typescript_project, tmp_path):
    # when the documents are generated again from schema.graphql and the operations
    result = run(
        typescript_project,
        "node_modules/.bin/graphql-codegen",
        "--config",
        "codegen.ts",
        CODEGEN_OUTPUT=f"{tmp_path}/",
    )

    # then they are the checked-in ones: after a schema change, run `npm run generate` there
    assert result.returncode == 0, result.stdout + result.stderr
    generated = files_of(tmp_path)
    checked_in = files_of(CLIENT / "src" / "graphql")
    assert sorted(generated) == sorted(checked_in)
    stale = [name for name in generated if generated[name] != checked_in[name]]
    assert stale == [], f"regenerate with `npm run generate` in clients/typescript: {stale} differ"


def test_the_documents_and_the_example_using_them_type_check(typescript_project):
    result = run(typescript_project, "node_modules/.bin/tsc", "--noEmit")

    assert result.returncode == 0, result.stdout + result.stderr
