"""Golden files of the portfolio of tests/data/portfolio in Markdown, JSON and CSV (every table),
plain and with ``--since`` over a temporary git repository of two commits.

After an intended change, rewrite them with `make reports` (ORR_UPDATE_GOLDEN=1) and review
the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, CliRunner
from tests.portfolio_repo import two_commits

DATA = ROOT / "tests" / "data" / "portfolio"
GOLDEN = ROOT / "tests" / "golden" / "portfolio"
UPDATE = os.environ.get("ORR_UPDATE_GOLDEN") == "1"
TODAY = ("--today", "2026-11-23")


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"{path} is missing: run `make reports`"
    assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: run `make reports`"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return two_commits(tmp_path)


def _formats(cli: CliRunner, where: Path, prefix: str, *args: str) -> None:
    for fmt in ("md", "json"):
        run = cli("portfolio", *args, "--format", fmt)
        assert run.code == 0, run.err
        _compare(f"{prefix}.{fmt}", run.out)
    target = where / "out" / "portfolio.csv"
    run = cli("portfolio", *args, "-o", target)
    assert run.code == 0, run.err
    for path in sorted(target.parent.iterdir()):
        _compare(path.name.replace("portfolio", prefix, 1), path.read_text(encoding="utf-8"))


def test_the_portfolio_matches_its_golden_files(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = ("tests/data/portfolio/reviews", "--checklists", "tests/data/portfolio/checklists")
    _formats(cli, tmp_path, "portfolio", *args, *TODAY)


def test_since_a_revision_matches_its_golden_files(cli: CliRunner, repo: Path) -> None:
    _formats(
        cli, repo, "since", "reviews", "--checklists", "checklists", *TODAY, "--since", "HEAD~1"
    )


def test_since_a_date_is_the_last_commit_of_that_day(cli: CliRunner, repo: Path) -> None:
    args = ("reviews", "--checklists", "checklists", *TODAY, "-f", "json")
    by_date = cli("portfolio", *args, "--since", "2026-06-30").out
    by_rev = cli("portfolio", *args, "--since", "HEAD~1").out
    assert by_date.replace('"since": "2026-06-30"', '"since": "HEAD~1"') == by_rev


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("--output=x", "--since '--output=x': a revision cannot start with '-'\n"),
        ("no-such-branch", "--since no-such-branch: no such revision in {repo}\n"),
        ("2020-01-01", "--since 2020-01-01: no commit on or before that day\n"),
    ],
)
def test_a_bad_since_is_a_usage_error(cli: CliRunner, repo: Path, since: str, message: str) -> None:
    run = cli("portfolio", "reviews", "--checklists", "checklists", *TODAY, "--since", since)
    assert (run.code, run.err) == (2, message.format(repo=repo))


def test_since_outside_git_is_a_usage_error(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DATA / "reviews", tmp_path / "reviews")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    run = cli("portfolio", "reviews", "--checklists", DATA / "checklists", "--since", "HEAD")
    assert (run.code, run.err) == (2, "--since: reviews is not in a git repository\n")


def test_since_reads_every_old_version_with_one_git_process(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orr import history
    from orr.portfolio.run import Settings, build, discover

    calls: list[list[str]] = []
    real = subprocess.run

    def recording(command: list[str], **kwargs: object) -> object:
        calls.append(command)
        return real(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(history.subprocess, "run", recording)
    settings = Settings((repo / "checklists",), dt.date(2026, 11, 23))
    result = build(discover(["reviews"]), settings, jobs=1, since="HEAD~1")
    assert [c[1] for c in calls] == ["rev-parse", "rev-parse", "cat-file"]
    assert result.history is not None
    assert [c.service for c in result.history.changes] == [
        "alpha-api",
        "gamma-store",
        "beta-worker",
    ]


def test_a_review_invalid_then_is_compared_as_invalid(cli: CliRunner, repo: Path) -> None:
    fixed = (repo / "reviews" / "alpha.yaml").read_text(encoding="utf-8")
    (repo / "reviews" / "broken.yaml").write_text(
        fixed.replace("alpha-api", "broken-svc"), encoding="utf-8"
    )
    run = cli("portfolio", "reviews", "--checklists", "checklists", *TODAY, "--since", "HEAD")
    assert "| broken-svc | INVALID → READY | 81.82 | - | - | 0 | 0 |" in run.out
