"""The shipped pre-commit hooks, run by the real pre-commit on an ordinary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, CliRunner

INVALID = ROOT / "tests" / "data" / "invalid"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _repository(repo: Path) -> None:
    """orr's files (two reviews in reviews/, one broken; one review elsewhere) beside the
    YAML and JSON every repository has."""
    (repo / "reviews").mkdir(parents=True)
    (repo / "services" / "pay").mkdir(parents=True)
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(EXAMPLES / "checkout-api.yaml", repo / "reviews" / "checkout-api.yaml")
    shutil.copy(INVALID / "bad-status.yaml", repo / "reviews" / "broken.yaml")
    text = (EXAMPLES / "checkout-api.yaml").read_text(encoding="utf-8")
    (repo / "services" / "pay" / "orr.yaml").write_text(text.replace("service: ", "service: x"))
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    (repo / "package.json").write_text('{"name": "web", "version": "1.0.0"}\n')
    (repo / ".github" / "workflows" / "ci.yml").write_text("name: ci\non: push\njobs: {}\n")
    (repo / "docker-compose.yml").write_text("services:\n  web: {image: nginx}\n")


@pytest.mark.slow
def test_try_repo_checks_orr_files_and_skips_the_others(tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    repo = tmp_path / "repo"
    _repository(repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "files")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "SOURCE_DATE_EPOCH": "1795392000",  # 2026-11-23
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [str(pre_commit), "try-repo", str(ROOT), "--all-files", "--verbose", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    validate = out.split("orr validate")[1].split("orr gate")[0]
    assert "Failed" in validate and "- exit code: 2" in validate
    assert validate.strip().splitlines()[-3:] == [
        "reviews/broken.yaml:6:13: answers.incremental-deploy/one-box.status: 'done' is not one "
        "of met, partial, unmet, n/a",
        "reviews/broken.yaml:8:5: answers.incremental-deploy/bake-time: status n/a needs a "
        "`reason:` saying why the item does not apply",
        "2 problems in 1 of 3 files (3 reviews); 4 files skipped, not orr's",
    ]
    for foreign in ("package.json", ".pre-commit-config.yaml", "ci.yml", "docker-compose"):
        assert foreign not in out
    gate = out.split("orr gate")[1]
    assert "Failed" in gate and "- exit code: 2" in gate
    assert "reviews/broken.yaml:6:13: answers.incremental-deploy/one-box.status:" in gate
    assert "services/pay" not in gate  # orr-gate is scoped to reviews/


def test_skip_foreign_is_asked_for_never_the_default(cli: CliRunner, tmp_path: Path) -> None:
    _repository(tmp_path)
    (tmp_path / "reviews" / "broken.yaml").unlink()
    files = [
        tmp_path / ".pre-commit-config.yaml",
        tmp_path / "package.json",
        tmp_path / ".github" / "workflows" / "ci.yml",
        tmp_path / "reviews" / "checkout-api.yaml",
    ]
    strict = cli("validate", *files)
    assert strict.code == 2
    message = (
        "neither a checklist (it has no `sections:`) nor a review (it has no `service:` and "
        "`answers:`)"
    )
    assert f"{files[0]}:1:1: {message}" in strict.out.splitlines()
    skipping = cli("validate", "--skip-foreign", *files)
    assert (skipping.code, skipping.out) == (
        0,
        "1 file valid (1 review); 3 files skipped, not orr's\n",
    )


def test_skip_foreign_still_checks_orr_folders_and_declared_schemas(
    cli: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "reviews").mkdir()
    stray = tmp_path / "reviews" / "notes.yaml"
    stray.write_text("title: notes\n")
    declared = tmp_path / "review.yaml"
    declared.write_text("# yaml-language-server: $schema=schemas/review.json\ntitle: x\n")
    unparsable = tmp_path / "chart.yaml"
    unparsable.write_text("name: {{ .Values.name }}\n")
    run = cli("validate", "--skip-foreign", stray, declared, unparsable)
    assert run.code == 2
    assert [line.split(":")[0] for line in run.out.splitlines()[:-1]] == [
        str(declared),
        str(stray),
    ]
    assert run.out.splitlines()[-1].endswith("; 1 file skipped, not orr's")
