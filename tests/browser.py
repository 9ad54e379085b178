"""A Chromium for the browser tests, wherever it is.

First a Chromium or Chrome on PATH (Debian's `chromium`, `google-chrome`, ...), then the one
Playwright keeps in its own folder; when there is neither, Playwright's is installed once
(`python -m playwright install chromium`). When that fails too, the browser tests skip, saying
why.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_TIMEOUT_SECONDS = 600
_found: list[Path | str] = []

PLAYWRIGHT_EXECUTABLE = """
from playwright.sync_api import sync_playwright
with sync_playwright() as playwright:
    print(playwright.chromium.executable_path)
"""


def playwright_chromium() -> Path:
    """Return where Playwright keeps its own Chromium (it may not be installed)."""
    result = subprocess.run(
        [sys.executable, "-c", PLAYWRIGHT_EXECUTABLE],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return Path(result.stdout.strip())


def _find() -> Path | str:
    for name in ON_PATH:
        found = shutil.which(name)
        if found:
            return Path(found)
    own = playwright_chromium()
    if own.is_file():
        return own
    try:
        install = subprocess.run(
            [sys.executable, "-m", "playwright", "install", "chromium"],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        failure = f"took longer than {INSTALL_TIMEOUT_SECONDS} s"
    else:
        if install.returncode == 0 and own.is_file():
            return own
        lines = [line for line in (install.stderr + install.stdout).splitlines() if line.strip()]
        failure = f"failed ({lines[0].strip() if lines else 'no output'})"
    return (
        f"no Chromium found (none of {', '.join(ON_PATH)} on PATH, none in Playwright's folder) "
        f"and `playwright install chromium` {failure}: install Chromium, e.g. Debian's chromium"
    )


def chromium() -> Path | str:
    """Return a Chromium executable, or why there is none (looked up once per test run)."""
    if not _found:
        _found.append(_find())
    return _found[0]
