"""Every Node folder pins its packages reproducibly, without a download address in the project."""

import json
import re
from pathlib import Path

import pytest

from tests.live_service import ROOT

# The folders the tests install with `npm ci` (tests/node_packages.py).
NODE_FOLDERS = [Path("tests/node"), Path("deploy/gateway"), Path("clients/typescript")]
EXACT_VERSION = re.compile(r"\d+\.\d+\.\d+")
# A download address: a tarball URL, or any URL on a host whose name says it is a registry.
DOWNLOAD_ADDRESS = re.compile(r"https?://[^\s\"']*(registry[^\s\"']*|\.tgz)")


@pytest.mark.parametrize("folder", NODE_FOLDERS, ids=str)
def test_each_folder_locks_exact_versions_without_download_addresses(folder: Path):
    package = json.loads((ROOT / folder / "package.json").read_text(encoding="utf-8"))
    lockfile_text = (ROOT / folder / "package-lock.json").read_text(encoding="utf-8")
    lockfile = json.loads(lockfile_text)
    npmrc = (ROOT / folder / ".npmrc").read_text(encoding="utf-8")

    wanted = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    assert all(EXACT_VERSION.fullmatch(version) for version in wanted.values()), wanted
    root = lockfile["packages"][""]
    assert {**root.get("dependencies", {}), **root.get("devDependencies", {})} == wanted
    assert package["engines"]["node"] == ">=20"
    assert not [name for name, entry in lockfile["packages"].items() if "resolved" in entry]
    assert DOWNLOAD_ADDRESS.search(lockfile_text) is None
    assert re.search(r"^omit-lockfile-registry-resolved=true$", npmrc, re.MULTILINE)
    assert re.search(r"^engine-strict=true$", npmrc, re.MULTILINE)
