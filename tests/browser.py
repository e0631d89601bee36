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


class RecordedPage:
    """A page opened in a fresh browser context, recording every request, dialog and script
    error, so a test can assert that nothing left the page and nothing ran."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def _console(self, message: Any) -> None:
        """Console messages are not errors unless a subclass says so."""

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()
