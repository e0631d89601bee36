"""Hostile files and environments (issue 21): a clear one-line error per problem, exit 2.

Never a traceback or exit 3, never a hang, nothing half-written, nothing written outside the
intended folder. Each case is a file under tests/data/hostile/ or one generated here.
"""

from __future__ import annotations

import math
from pathlib import Path

from orr.evaluate import _reasons
from orr.policy import Policy
from tests.conftest import DATA, CliRunner

HOSTILE = DATA / "hostile"


# --- 3: non-finite and absurd weights -------------------------------------------------------


def test_non_finite_and_absurd_weights_are_located_errors(cli: CliRunner) -> None:
    path = HOSTILE / "infinite-weight.yaml"
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.splitlines() == [
        f"{path}:11:17: sections[0].items[0].weight: input should be a finite number",
        f"{path}:14:17: sections[0].items[1].weight: input should be less than or equal to 1000",
        f"{path}:17:17: sections[0].items[2].weight: input should be a finite number",
        "3 problems in 1 of 1 file (1 checklist)",
    ]


def test_the_gate_refuses_a_review_of_a_checklist_with_an_infinite_weight(
    cli: CliRunner, tmp_path: Path
) -> None:
    review = tmp_path / "r.yaml"
    review.write_text("service: s\nowner: o\nchecklists: [infinite-weight]\n")
    run = cli(
        "gate", review, "--checklists", HOSTILE, "--min-score", "90", "--json", tmp_path / "j"
    )
    assert run.code == 2
    assert "input should be a finite number" in run.err
    assert not (tmp_path / "j").exists()


def test_a_score_that_is_not_a_number_never_passes_a_minimum() -> None:
    reasons = _reasons([], math.nan, Policy(min_score=90), [])
    assert [(r.kind, r.message) for r in reasons] == [
        ("min-score", "the score nan is below the policy minimum 90")
    ]


# --- 4: CSV cells with a bare CR ---------------------------------------------------------------


def test_a_csv_cell_holding_a_carriage_return_is_quoted(cli: CliRunner, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "p.csv"
    checklists = DATA / "portfolio" / "checklists"
    run = cli("portfolio", HOSTILE / "reviews" / "csv-cr.yaml", "--checklists", checklists,
              "-o", out, "--today", "2026-11-23")  # fmt: skip
    assert run.code == 0, run.err
    text = out.read_bytes().decode()
    assert "\"payments\r+cmd|'/C calc'!A0\"" in text
    rows = list(csv.reader(text.splitlines(keepends=True)))
    assert [row[2] for row in rows] == ["owner", "payments\r+cmd|'/C calc'!A0"]
