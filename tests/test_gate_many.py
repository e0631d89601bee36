"""`orr gate` on folders and many reviews: the portfolio's discovery and process pool,
one totals line, `-` for stdout, and colour only when it is wanted."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from orr.commands.options import use_color
from orr.loading import read_document, review_lines
from tests.conftest import CHECKLISTS, EXAMPLES, CliRunner
from tests.test_benchmarks import _generator

TODAY = ("--today", "2026-11-23")


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    """A repository's reviews/ folder: two reviews, a local checklist, one nested review."""
    folder = tmp_path / "reviews"
    (folder / "team").mkdir(parents=True)
    shutil.copy(EXAMPLES / "checkout-api.yaml", folder / "checkout-api.yaml")
    shutil.copy(EXAMPLES / "ledger-worker.yaml", folder / "team" / "ledger-worker.yaml")
    shutil.copy(CHECKLISTS / "zonal-shift.yaml", folder / "zonal-shift.yaml")
    return folder


def test_gate_takes_a_folder_like_the_readme_action(cli: CliRunner, reviews: Path) -> None:
    run = cli("gate", reviews, *TODAY)
    assert run.code == 1, run.err
    heads = [line for line in run.out.splitlines() if line and not line.startswith(" ")]
    assert [h.split("  score")[0] for h in heads[:2]] == [
        "checkout-api: READY",
        "ledger-worker: NOT READY",
    ]
    assert re.fullmatch(
        r"reviews: 1 ready, 1 not ready, 0 incomplete; blockers: \d+; waivers expiring: 0",
        heads[2],
    )
    assert len(heads) == 3  # the checklist in the folder is skipped


def test_a_folder_with_a_file_that_is_not_orr_is_invalid_input(
    cli: CliRunner, reviews: Path
) -> None:
    (reviews / "notes.yaml").write_text("title: meeting notes\n")
    run = cli("gate", reviews, *TODAY)
    assert run.code == 2
    assert run.err.splitlines()[0] == (
        f"{reviews / 'notes.yaml'}:1:1: neither a checklist (it has no `sections:`) nor a review "
        "(it has no `service:` and `answers:`)"
    )


def test_a_folder_without_reviews_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    shutil.copy(CHECKLISTS / "zonal-shift.yaml", tmp_path / "zonal-shift.yaml")
    run = cli("gate", tmp_path, *TODAY)
    assert (run.code, run.err) == (2, f"no reviews among the files under {tmp_path}\n")


def test_many_reviews_in_the_pool_give_the_output_of_one_process(
    cli: CliRunner, tmp_path: Path
) -> None:
    paths = _generator().generate(60, tmp_path / "many", seed=11)  # over MIN_PARALLEL
    one = cli("gate", tmp_path / "many", *TODAY, "--jobs", "1", "--json", tmp_path / "1.json")
    two = cli("gate", tmp_path / "many", *TODAY, "--jobs", "2", "--json", tmp_path / "2.json")
    assert (one.code, one.err) == (two.code, two.err)
    assert one.out == two.out
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    data = json.loads((tmp_path / "2.json").read_text())
    assert [r["review_path"] for r in data] == [str(p) for p in sorted(paths)]
    assert one.out.splitlines()[-1].startswith("reviews: ")


def test_json_to_stdout_moves_the_summary_to_stderr(cli: CliRunner) -> None:
    run = cli("gate", EXAMPLES / "checkout-api.yaml", *TODAY, "--json", "-")
    assert run.code == 0
    assert json.loads(run.out)["verdict"] == "READY"
    assert run.err.startswith("checkout-api: READY")
    assert not Path("-").exists()


@pytest.mark.parametrize("flag", ["--junit", "--sarif"])
def test_every_gate_output_takes_a_dash(cli: CliRunner, flag: str) -> None:
    run = cli("gate", EXAMPLES / "checkout-api.yaml", *TODAY, flag, "-")
    assert run.code == 0
    assert run.out.lstrip().startswith(("<?xml", "{"))
    assert not Path("-").exists()


def test_only_one_output_can_be_stdout(cli: CliRunner) -> None:
    run = cli("gate", EXAMPLES / "checkout-api.yaml", *TODAY, "--json", "-", "--sarif", "-")
    assert (run.code, run.err) == (
        2,
        "only one output can be - (stdout): --json and --sarif both are\n",
    )


# --- colour ---------------------------------------------------------------------------------


def test_colour_follows_the_flag_then_no_color_then_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert use_color(None) is True
    assert use_color(False) is False
    monkeypatch.setenv("CI", "true")
    assert use_color(None) is False
    assert use_color(True) is True  # forced
    monkeypatch.delenv("CI")
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(None) is False


def test_colour_marks_the_verdict_and_labels_without_changing_the_text(
    cli: CliRunner,
) -> None:
    review = EXAMPLES / "ledger-worker.yaml"
    plain = cli("gate", review, *TODAY, "--no-color")
    coloured = cli("gate", review, *TODAY, "--color")
    assert "\x1b[" not in plain.out
    assert "ledger-worker: \x1b[31m\x1b[1mNOT READY\x1b[0m  score" in coloured.out
    assert "  \x1b[31m\x1b[1mBLOCKER\x1b[0m event-driven/" in coloured.out
    unstyled = coloured.out
    for code in ("\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m"):
        unstyled = unstyled.replace(code, "")
    assert unstyled == plain.out


def test_no_colour_by_default_when_not_a_terminal(cli: CliRunner) -> None:
    assert "\x1b[" not in cli("gate", EXAMPLES / "ledger-worker.yaml", *TODAY).out


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_lines_found_while_parsing_are_the_lines_review_lines_finds(path: Path) -> None:
    doc = read_document(path)
    assert doc.lines == review_lines(doc.text)
    assert doc.lines[0] and all(line > 0 for line in doc.lines[0].values())
