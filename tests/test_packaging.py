"""A non-editable install carries the bundled checklists and finds them; shipped CI files parse."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import CHECKLISTS, ROOT


@pytest.mark.slow
def test_wheel_ships_and_finds_the_bundled_checklists(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("orr-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for path in CHECKLISTS.glob("*.yaml"):
        assert f"orr/checklists/{path.name}" in names
    assert "orr/py.typed" in names
    done = subprocess.run(
        [sys.executable, "-m", "orr", "list", "--format", "json"],
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    listed = json.loads(done.stdout)
    assert {c["id"] for c in listed} == {p.stem for p in CHECKLISTS.glob("*.yaml")}
    assert all(c["path"].startswith(str(tmp_path / "site" / "orr" / "checklists")) for c in listed)
    # orr serve's page needs its templates, its script and the vendored htmx: no node, no build
    for name in ("static/htmx.min.js", "static/serve.js", "static/serve.css"):
        assert f"orr/web/{name}" in names
    served = subprocess.run(
        [
            sys.executable,
            "-c",
            "from orr.web.rendering import TEMPLATES, render; print(TEMPLATES); "
            "print(render('serve-changed.html.j2', message=None)[:9])",
        ],
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert served.stdout == f"{tmp_path / 'site' / 'orr' / 'web' / 'templates'}\n<p class=\n"


def test_pre_commit_hooks_and_action_are_well_formed() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["orr-validate", "orr-gate"]
    assert all(h["entry"].startswith("orr ") and h["language"] == "python" for h in hooks)
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert "orr gate" in action["runs"]["steps"][-1]["run"]
    assert set(action["inputs"]) == {"reviews", "checklists", "policy", "sarif"}
