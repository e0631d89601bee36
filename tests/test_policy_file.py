"""Finding the policy in pyproject.toml: every spelling of a [tool.orr] table, and nothing else."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from orr.policy import _has_orr_table, find_policy_file
from tests.conftest import EXAMPLES, CliRunner

SPELLINGS = [
    "[tool.orr]\nmin_score = 80\n",
    "[tool.orr.extra]\nx = 1\n",
    "[ tool . orr ]\nmin_score = 80\n",
    '["tool"."orr"]\nmin_score = 80\n',
    "[tool.'orr']\nmin_score = 80\n",
    "tool.orr.min_score = 80\n",
    'tool . "orr" . min_score = 80\n',
    "[tool]\norr = { min_score = 80 }\n",
    "[tool]\norr.min_score = 80\n",
    "tool = { orr = { min_score = 80 } }\n",
    "[project]\nname = 'x'\n\n[tool.orr]\n",
]
NOT_ORR = [
    "[project]\nname = 'orr'\n[project.scripts]\norr = 'orr.cli:main'\n",
    "[tool.ruff]\nline-length = 100\n[tool.orrery]\nx = 1\n",
    "[tool.poetry]\norr = 1\n",
    "",
]


@pytest.mark.parametrize("text", SPELLINGS + NOT_ORR)
def test_find_policy_file_agrees_with_tomllib(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    table = tomllib.loads(text)
    assert _has_orr_table(path) == ("orr" in table.get("tool", {}))
    assert (find_policy_file(tmp_path) == path) == (text in SPELLINGS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[project]\nname = 'x'\n", "has no [tool.orr] table: add one, or name a .orr.toml"),
        ("tool.orr = 1\n", "tool.orr is not a table: write the settings under [tool.orr]"),
    ],
)
def test_a_pyproject_without_a_usable_table_is_a_clear_error(
    cli: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    policy = tmp_path / "pyproject.toml"
    policy.write_text(text, encoding="utf-8")
    run = cli("gate", EXAMPLES / "checkout-api.yaml", "--policy", policy, "--today", "2026-11-23")
    assert run.code == 2
    assert run.err.strip() == f"{policy}: {message}"


def test_a_pyproject_whose_tool_is_not_a_table_is_not_a_policy(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 1\n", encoding="utf-8")
    assert find_policy_file(tmp_path) is None
