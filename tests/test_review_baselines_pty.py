"""orr review in a real pseudo-terminal on a review that extends a baseline: the inherited
items are listed and not asked; --inherited asks them, and an answer given overrides."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, ROOT, default_sigint

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

BASELINES = DATA / "baselines"


def _spawn(path: Path, *extra: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "COLUMNS", "LINES")}
    env.update(
        NO_COLOR="1", TERM="xterm", SOURCE_DATE_EPOCH="1795426200", PYTHONPATH=str(ROOT / "src")
    )
    args = ["-m", "orr", "review", str(path), "--checklists", str(path.parent / "checklists")]
    return pexpect.spawn(
        sys.executable,
        [*args, "--user", "dana", "--no-reports", "--today", "2026-11-23", *extra],
        cwd=str(path.parent),
        env=env,
        dimensions=(24, 100),
        encoding="utf-8",
        preexec_fn=default_sigint,
        timeout=30,  # a hang guard, not a speed check: CI machines are shared
    )


@pytest.fixture
def review(tmp_path: Path) -> Path:
    shutil.copytree(BASELINES, tmp_path / "b", ignore=shutil.ignore_patterns("invalid"))
    return tmp_path / "b" / "service.yaml"


def _answers(path: Path) -> dict[str, str]:
    answers = yaml.safe_load(path.read_text())["answers"]
    return {ref: a.get("status") for ref, a in answers.items()}


def test_only_what_the_baselines_leave_open_is_asked(review: Path) -> None:
    child = _spawn(review)
    child.expect_exact("3 items answered by a baseline, not asked:")
    child.expect_exact("deploy/one-box  met  ")
    child.expect_exact("deploy/bake-time  met  ")
    child.expect_exact("deploy/cross-zone-off  unmet  ")
    child.expect_exact("(--inherited asks them too, to override)")
    child.expect_exact("5/5")  # the first item asked is the last: the rest is answered
    child.expect_exact("deploy/runbooks")
    child.expect_exact("Status: ")
    child.send("m")
    child.expect_exact("Status: met\r\n")
    child.expect_exact("Evidence")
    child.send("\r")
    child.expect_exact("Notes")
    child.send("\r")
    child.expect_exact("saved deploy/runbooks")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert _answers(review) == {"deploy/auto-rollback": "partial", "deploy/runbooks": "met"}


def test_inherited_shows_the_baselines_answer_and_an_answer_overrides_it(review: Path) -> None:
    child = _spawn(review, "--inherited")
    child.expect_exact("3 items answered by a baseline, asked again to override them:")
    child.expect_exact("1/5")
    child.expect_exact("deploy/one-box")
    child.expect_exact("Current answer: met")
    child.expect_exact("by pat on 2026-10-01")
    child.expect_exact(f"Inherited from {review.parent}/platform/golden-path.yaml")
    child.expect_exact("(platform-team, reviewed 2026-10-01); an answer here overrides it.")
    child.expect_exact("Status: ")
    child.send("u")
    child.expect_exact("Status: unmet\r\n")
    child.expect_exact("Evidence")
    child.send("\r")
    child.expect_exact("Notes")
    child.send("Our own pipeline, no one-box\r")
    child.expect_exact("saved deploy/one-box")
    child.expect_exact("3/5")  # auto-rollback (2/5) is the review's own and answered
    child.expect_exact("deploy/bake-time")
    child.expect_exact("Status: ")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert _answers(review) == {"deploy/one-box": "unmet", "deploy/auto-rollback": "partial"}
