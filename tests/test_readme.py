"""The README's tour and recipes, run as written in a temporary git repository.

A block is run when an HTML comment `<!-- readme-test: NAME -->` comes right before it; each
NAME below must exist, so removing a marker (or a block) fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, SHARED

README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"<!-- readme-test: (\S+) -->\n```(\w+)\n(.*?)\n```", re.DOTALL)
BLOCKS = {name: (lang, body) for name, lang, body in _BLOCK.findall(README)}
LENS = SHARED / "lenses" / "hub__DynamoDB_custom-lensddb-v1.0.json"


def test_the_marked_blocks_are_there() -> None:
    assert {name: lang for name, (lang, _) in BLOCKS.items()} == {
        "tour": "sh",
        "gitlab": "yaml",
        "lens": "sh",
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "service-repo"
    folder.mkdir()
    _run(folder, "git init -q")
    return folder


def _env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CI", "ORR_CHECKLISTS", "GITHUB_STEP_SUMMARY", "NO_COLOR")
    }
    return {
        **env,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        "SOURCE_DATE_EPOCH": "1795392000",  # 2026-11-23
        "GIT_AUTHOR_NAME": "dana",
        "GIT_AUTHOR_EMAIL": "dana@example.com",
        "GIT_COMMITTER_NAME": "dana",
        "GIT_COMMITTER_EMAIL": "dana@example.com",
    }


def _run(cwd: Path, script: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The script as a user's shell runs it, stopping at the first failing command."""
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=_env(),
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{script}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    return done


@pytest.mark.slow
def test_the_tour_runs_as_written(repo: Path) -> None:
    before = sorted(p.name for p in (ROOT / "reports").iterdir())
    answers = "met\nhttps://ci.example.com/runs/1\nChecked in the review meeting.\n" * 200
    done = _run(repo, BLOCKS["tour"][1], stdin=answers)
    out = done.stdout
    assert "checkout: READY  score 100/100" in out
    assert "| Verdict | INCOMPLETE | READY | now ready |" in out  # the diff of the two commits
    for name in ("reports/checkout.md", "reports/checkout.html", "portfolio.html"):
        assert (repo / name).is_file(), name
    assert sorted(p.name for p in (ROOT / "reports").iterdir()) == before  # orr's own reports/
    log = _run(repo, "git log --format=%s").stdout.splitlines()
    assert log == ["checkout: readiness review answered", "checkout: readiness review started"]


def test_the_lens_recipe_runs_as_written_and_shows_the_flag_it_needs(repo: Path) -> None:
    shutil.copy(LENS, repo / "my-lens.json")
    (repo / "checklists").mkdir()
    _run(repo, BLOCKS["lens"][1])
    for name in ("checklists/my-lens.yaml", "my-lens-again.json", "deploy.json"):
        assert (repo / name).is_file(), name
    assert "orr lens export incremental-deploy --fit" in BLOCKS["lens"][1]
    without = subprocess.run(
        ["orr", "lens", "export", "incremental-deploy", "-o", "plain.json"],
        cwd=repo,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    # Checklists v2 keep every bundled question within the lens limits: --fit changes nothing
    # for them, and is what a checklist with longer questions needs.
    assert without.returncode == 0, without.stderr
    assert "over the lens limit of 128" not in without.stderr


def test_the_gitlab_job_runs_as_written(repo: Path) -> None:
    job = yaml.safe_load(BLOCKS["gitlab"][1])["readiness"]
    install, *script = job["script"]
    assert install == "pip install orr"  # orr is installed here already
    (repo / "reviews").mkdir()
    shutil.copy(EXAMPLES / "checkout-api.yaml", repo / "reviews" / "checkout-api.yaml")
    _run(repo, "\n".join(script))
    assert (repo / job["artifacts"]["reports"]["junit"]).is_file()
    for path in job["artifacts"]["paths"]:
        assert (repo / path).is_file()
