"""Shared set-up of the real-browser tests: Debian's chromium driven by Playwright, and axe-core.

Needs /usr/bin/chromium and node_modules/axe-core (`.ci/run` installs both). Outside CI a missing
one skips the tests; in CI (CI=true) it fails them, so they cannot silently stop running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Flags for a root, sandbox-less machine with a closed network (no background requests).
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


#: Read once, at collection: tests that run orr as on a developer's machine unset CI.
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")


def require(ok: bool, what: str) -> None:
    """Skip outside CI, fail in CI, when something the browser tests need is missing."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI must run the browser tests")
    pytest.skip(f"{what} is missing")


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """A headless Debian chromium under Playwright, after checking chromium and axe-core exist."""
    require(CHROMIUM.is_file(), str(CHROMIUM))
    require(AXE.is_file(), "node_modules/axe-core (run `npm ci`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a test dependency
        require(False, "the playwright package")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
