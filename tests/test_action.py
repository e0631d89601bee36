"""The composite GitHub Action, run as the runner runs it: each `run:` step in bash, the
inputs as INPUT_* variables mapped through the step's `env:`, and a step summary file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, SHARED

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_EXPR = re.compile(r"\$\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}")


def _expand(text: str, inputs: dict[str, str]) -> str:
    """`${{ inputs.x }}` and `${{ github.action_path }}`, as the runner substitutes them."""

    def value(match: re.Match[str]) -> str:
        scope, name = match.groups()
        if scope == "inputs":
            return inputs[name]
        assert (scope, name) == ("github", "action_path"), match.group(0)
        return str(ROOT)

    return _EXPR.sub(value, text)


def _inputs(given: dict[str, str]) -> dict[str, str]:
    """The action's inputs: what the workflow gives, else each input's default."""
    declared: dict[str, Any] = ACTION["inputs"]
    missing = [n for n, spec in declared.items() if spec.get("required") and n not in given]
    assert not missing, f"required inputs not given: {missing}"
    return {n: given.get(n, str(spec.get("default", ""))) for n, spec in declared.items()}


def run_action(workdir: Path, given: dict[str, str]) -> tuple[int, str, str]:
    """Every step after the install (orr is installed here already); stops at a failing step."""
    inputs = _inputs(given)
    steps = ACTION["runs"]["steps"]
    assert ACTION["runs"]["using"] == "composite"
    assert "pip install" in steps[0]["run"] and "github.action_path" in steps[0]["run"]
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ORR_", "INPUT_"))},
        **{f"INPUT_{name.upper()}": value for name, value in inputs.items()},
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_STEP_SUMMARY": str(workdir / "summary.md"),
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "SOURCE_DATE_EPOCH": "1795392000",  # 2026-11-23
    }
    out = err = ""
    for step in steps[1:]:
        assert step["shell"] == "bash"
        step_env = {k: _expand(str(v), inputs) for k, v in step.get("env", {}).items()}
        script = workdir / "step.sh"
        script.write_text(_expand(step["run"], inputs), encoding="utf-8")
        done = subprocess.run(
            # what the runner runs for `shell: bash`
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workdir,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            check=False,
        )
        out, err = out + done.stdout, err + done.stderr
        if done.returncode != 0:
            return done.returncode, out, err
    return 0, out, err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "reviews").mkdir()
    shutil.copy(EXAMPLES / "checkout-api.yaml", tmp_path / "reviews" / "checkout-api.yaml")
    shutil.copy(EXAMPLES / "ledger-worker.yaml", tmp_path / "reviews" / "ledger-worker.yaml")
    return tmp_path


def test_the_readme_action_on_a_folder_fails_with_annotations_summary_and_sarif(
    repo: Path,
) -> None:
    code, out, err = run_action(repo, {"reviews": "reviews/"})
    assert code == 1, err
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert annotations, out
    assert all(a.startswith(("::error file=reviews/", "::warning ")) for a in annotations)
    assert any(
        re.match(r"::error file=reviews/ledger-worker\.yaml,line=\d+,title=orr ledger-worker", a)
        for a in annotations
    )
    assert not any("checkout-api" in a and a.startswith("::error") for a in annotations)
    assert out.splitlines()[-1].startswith("reviews: 1 ready, 1 not ready, 0 incomplete;")
    assert "\x1b[" not in out  # no colour in CI logs
    summary = (repo / "summary.md").read_text(encoding="utf-8")
    assert "## ✅ READY: checkout-api" in summary
    assert "## ❌ NOT READY: ledger-worker" in summary
    sarif = json.loads((repo / "orr.sarif").read_text(encoding="utf-8"))
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert [run["properties"]["verdict"] for run in sarif["runs"]] == ["READY", "NOT READY"]


def test_the_action_passes_on_ready_reviews_and_takes_its_other_inputs(repo: Path) -> None:
    (repo / "reviews" / "ledger-worker.yaml").unlink()
    code, out, err = run_action(repo, {"reviews": "reviews/", "sarif": "o.sarif"})
    assert code == 0, err
    assert out.splitlines()[-1].startswith("reviews: 1 ready, 0 not ready, 0 incomplete;")
    assert (repo / "o.sarif").is_file() and not (repo / "orr.sarif").exists()
    (repo / "strict.toml").write_text("min_score = 99\n")
    code, out, err = run_action(repo, {"reviews": "reviews/", "policy": "strict.toml"})
    assert code == 1, err
    assert re.search(
        r"^::error file=reviews/checkout-api\.yaml,title=orr checkout-api::the score [\d.]+ is "
        r"below the policy minimum 99$",
        out,
        re.MULTILINE,
    )
