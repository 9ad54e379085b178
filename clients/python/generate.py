#!/usr/bin/env python3
"""Regenerate the typed Python client (iscm_client/) from schema.graphql and operations/.

    python3 clients/python/generate.py                 # rewrite iscm_client/ in place
    python3 clients/python/generate.py --output DIR    # write the package into DIR instead

ariadne-codegen pins versions of graphql-core, httpx and ruff that the service cannot share, so
it runs from a virtual environment of its own, made on first use in clients/python/.generator/.
Exit status: 0 done, 1 the generator failed, 3 the generator could not be installed.

One edit follows the generator: without the optional `websockets` package, its base client
answers a subscription with an error saying it is not implemented; a missing package is an
ImportError (which callers can catch as one), saying what to install.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

GENERATOR = "ariadne-codegen==0.19.0"
HERE = Path(__file__).resolve().parent
CONFIG = HERE / "ariadne-codegen.toml"
TOOLS = HERE / ".generator"
BIN = TOOLS / ("Scripts" if os.name == "nt" else "bin")
CANNOT_INSTALL = 3
# The generated base client's fallback when `websockets` is missing (whatever error it raises
# with this message), and what it becomes.
MISSING_WEBSOCKETS = re.compile(r"""raise \w+\("Subscriptions require 'websockets' package\."\)""")
IMPORT_ERROR = """raise ModuleNotFoundError("subscriptions need the websockets package: pip install websockets", name="websockets")"""


def generator() -> Path:
    """Return the generator's executable, installing it first when needed."""
    stamp = TOOLS / ".installed"
    if not (stamp.is_file() and stamp.read_text() == GENERATOR):
        venv.EnvBuilder(with_pip=True, clear=True).create(TOOLS)
        install = subprocess.run(
            [
                BIN / "python",
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                GENERATOR,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if install.returncode != 0:
            lines = [line for line in install.stderr.splitlines() if line.strip()]
            print(
                f"generate.py: cannot install {GENERATOR}: {lines[-1] if lines else 'pip failed'}",
                file=sys.stderr,
            )
            sys.exit(CANNOT_INSTALL)
        stamp.write_text(GENERATOR)
    return BIN / "ariadne-codegen"


def main() -> None:
    """Run the generator on the configuration, into --output when given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="folder to write iscm_client/ into")
    args = parser.parse_args()
    executable = generator()
    package = (args.output.resolve() if args.output is not None else HERE) / "iscm_client"
    with tempfile.TemporaryDirectory() as scratch:
        config = CONFIG
        if args.output is not None:
            # The same configuration, with the package written elsewhere.
            config = Path(scratch) / CONFIG.name
            config.write_text(
                re.sub(
                    r"^target_package_path = .*$",
                    f"target_package_path = {str(args.output.resolve())!r}",
                    CONFIG.read_text(encoding="utf-8"),
                    flags=re.MULTILINE,
                ),
                encoding="utf-8",
            )
        result = subprocess.run(
            [executable, "--config", config], cwd=HERE, capture_output=True, text=True, check=False
        )
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        sys.exit(1)
    base_client = package / "async_base_client.py"
    text = base_client.read_text(encoding="utf-8")
    edited, count = MISSING_WEBSOCKETS.subn(IMPORT_ERROR, text)
    if count == 0:
        print(
            f"generate.py: {base_client.name} no longer has the fallback to edit", file=sys.stderr
        )
        sys.exit(1)
    base_client.write_text(edited, encoding="utf-8")


if __name__ == "__main__":
    main()
