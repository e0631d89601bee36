"""The settings file (.orr.toml, [tool.orr]): located errors, and checklist folders it names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, CliRunner

SETTINGS = DATA / "settings"
REVIEW = DATA / "context" / "valid.yaml"
CHECKLISTS = DATA / "context" / "checklists"

CASES = {
    "typo/.orr.toml": ["2:1: unknown setting 'max_high_risk' (did you mean 'max_high_risks'?)"],
    "pasted/.orr.toml": [
        "1:1: [tool.orr] is how pyproject.toml spells it: in .orr.toml drop the [tool.orr] line "
        "and keep the settings under it at the top"
    ],
    "bad-value/.orr.toml": [
        "2:1: min_score: input should be less than or equal to 100",
        "3:1: fail_on_warnings: should be true or false, not 'maybe'",
    ],
    "not-a-text/.orr.toml": ["2:1: checklists[0]: should be a text, not 1"],
    "pyproject/pyproject.toml": [
        "6:1: tool.orr: unknown setting 'waiver_warning_day' (did you mean 'waiver_warning_days'?)"
    ],
    "syntax/.orr.toml": ["2:18: not valid TOML: invalid value"],
    "missing-folder/.orr.toml": [
        "1:1: checklists[0]: no folder 'nope' next to this file; checklist folders are relative "
        "to it"
    ],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_settings_file_mistake_is_located_like_a_review_files(cli: CliRunner, name: str) -> None:
    policy = SETTINGS / name
    run = cli(
        "gate", REVIEW, "--checklists", CHECKLISTS, "--policy", policy, "--today", "2026-11-23"
    )
    assert run.code == 2
    assert run.err.splitlines() == [f"{policy}:{message}" for message in CASES[name]]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_mistake_is_found_when_the_file_is_found_upward(
    cli: CliRunner, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "repo"
    shutil.copytree((SETTINGS / name).parent, folder)
    review = folder / "reviews" / "valid.yaml"
    review.parent.mkdir()
    shutil.copy(REVIEW, review)
    run = cli("gate", review, "--checklists", CHECKLISTS, "--today", "2026-11-23")
    assert run.code == 2
    assert run.err.splitlines() == [
        f"{folder / Path(name).name}:{message}" for message in CASES[name]
    ]


FOLDERS = SETTINGS / "folders"


@pytest.mark.parametrize("command", ["gate", "report", "validate"])
def test_checklist_folders_named_in_the_settings_are_found_without_flags(
    cli: CliRunner, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FOLDERS)
    extra = ["--output-dir", str(tmp_path)] if command == "report" else []
    run = cli(command, "review.yaml", *extra)
    assert run.code == 0, run.out + run.err


def _title(cli: CliRunner, *args: str) -> str:
    run = cli("report", "review.yaml", "-o", "-", "-f", "json", *args)
    assert run.code == 0, run.err
    import json

    return str(json.loads(run.out)["checklists"][0]["title"])


def test_the_flag_and_orr_checklists_win_over_the_settings(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FOLDERS)
    assert _title(cli) == "House rules (from the settings' folder)"
    assert _title(cli, "--checklists", "other") == "House rules (from --checklists)"
    monkeypatch.setenv("ORR_CHECKLISTS", "other")
    assert _title(cli) == "House rules (from --checklists)"


def test_diff_and_portfolio_and_init_find_them_too(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FOLDERS)
    assert cli("diff", "review.yaml", "review.yaml").code == 0
    portfolio = cli("portfolio", ".", "--format", "json", "-o", "-")
    assert portfolio.code == 0, portfolio.err
    assert '"invalid": 0,' in portfolio.out and '"verdict": "READY"' in portfolio.out
    init = cli("init", "--service", "x", "--checklist", "house", "-o", "-")
    assert init.code == 0, init.err
    assert '  - "house"' in init.out
    assert "house" in cli("list").out


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[tool.orr]\nmin_score = 80\nmax_high_risk = 1\n", 3),
        ("[project]\nname = 'x'\n[tool]\norr.max_high_risk = 1\n", 4),
        ("tool.orr.min_score = 80\n'tool'.\"orr\".max_high_risk = 1\n", 2),
        ('[ tool . "orr" ]\n  max_high_risk = 1\n', 2),
    ],
)
def test_a_typo_is_located_in_every_spelling_of_the_table(
    cli: CliRunner, tmp_path: Path, text: str, line: int
) -> None:
    policy = tmp_path / "pyproject.toml"
    policy.write_text(text, encoding="utf-8")
    run = cli("gate", REVIEW, "--checklists", CHECKLISTS, "--policy", policy)
    column = len(text.splitlines()[line - 1]) - len(text.splitlines()[line - 1].lstrip()) + 1
    assert run.err.splitlines() == [
        f"{policy}:{line}:{column}: tool.orr: unknown setting 'max_high_risk' (did you mean "
        "'max_high_risks'?)"
    ]
