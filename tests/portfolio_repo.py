"""A git repository of the portfolio's reviews in two commits, for the --since tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "portfolio"
#: Fixed names and dates, so the commits, and so the reports, are the same on every run.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "orr",
    "GIT_AUTHOR_EMAIL": "orr@example.com",
    "GIT_COMMITTER_NAME": "orr",
    "GIT_COMMITTER_EMAIL": "orr@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
#: What the reviews said at the first commit: alpha had not rolled back by itself yet (a
#: blocker, NOT READY), beta's one-box was met, gamma did not exist yet.
OLD = {
    "alpha.yaml": ("demo/rollback: {status: met}", "demo/rollback: {status: unmet}"),
    "payments/beta.yaml": ("demo/one-box: {status: unmet}", "demo/one-box: {status: met}"),
}


def git(repo: Path, *args: str, date: str = "2026-11-01T12:00:00Z") -> str:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, check=True, text=True
    )
    return done.stdout


def two_commits(tmp_path: Path) -> Path:
    """The portfolio's reviews in git: the old versions committed first, then today's."""
    shutil.copytree(DATA / "checklists", tmp_path / "checklists")
    shutil.copytree(DATA / "reviews", tmp_path / "reviews")
    gamma = tmp_path / "reviews" / "payments" / "gamma.yaml"
    today = {name: (tmp_path / "reviews" / name).read_text(encoding="utf-8") for name in OLD}
    gamma_text = gamma.read_text(encoding="utf-8")
    gamma.unlink()
    for name, (new, old) in OLD.items():
        assert new in today[name]
        (tmp_path / "reviews" / name).write_text(today[name].replace(new, old), encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first reviews", date="2026-06-01T12:00:00Z")
    for name, text in today.items():
        (tmp_path / "reviews" / name).write_text(text, encoding="utf-8")
    gamma.write_text(gamma_text, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "this year's reviews")
    return tmp_path
