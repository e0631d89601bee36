"""Shared fixtures: the CLI run in-process, and the repository's paths."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from orr.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "examples"
CHECKLISTS = ROOT / "checklists"
#: Third-party schemas and published lenses, vendored with their origin and license.
SHARED = ROOT / "tests" / "data" / "shared"
#: The fixed evaluation date of the bundled examples and their reports.
EXAMPLE_TODAY = dt.date(2026, 11, 23)


@dataclass
class Run:
    code: int
    out: str
    err: str


CliRunner = Callable[..., Run]


def default_sigint() -> None:
    """``preexec_fn`` for a pexpect child: Ctrl-C interrupts it even when the test run itself
    was started with SIGINT ignored (a background job), which the child would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run `orr ARGS...` in-process; returns its exit code, stdout and stderr."""
    monkeypatch.delenv("ORR_CHECKLISTS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("CI", raising=False)  # as on a developer's machine; tests of CI set it

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
