"""The benchmarks' review generator cannot rot: what it writes is valid, and seeded."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from orr.catalog import Catalog
from orr.inputs import validate_paths
from orr.portfolio.run import Settings, build
from tests.conftest import ROOT, CliRunner


def _generator() -> ModuleType:
    return _script("generate")


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_reviews_are_valid_and_evaluate(tmp_path: Path) -> None:
    paths = _generator().generate(20, tmp_path, seed=3)
    report = validate_paths([tmp_path], Catalog.with_bundled())
    assert report.problems == []
    assert report.checked == {"review": 20}
    settings = Settings(tuple(Catalog.with_bundled().dirs), dt.date(2026, 11, 23))
    portfolio = build(paths, settings, jobs=1)
    verdicts = {row.verdict for row in portfolio.rows}
    assert len(portfolio.rows) == 20
    assert verdicts <= {"READY", "NOT READY"}
    assert portfolio.heat  # realistic: some questions fail somewhere
    assert all(8_000 < p.stat().st_size < 40_000 for p in paths)


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    generate = _generator().generate
    first = [p.read_bytes() for p in generate(3, tmp_path / "a", seed=5)]
    again = [p.read_bytes() for p in generate(3, tmp_path / "b", seed=5)]
    other = [p.read_bytes() for p in generate(3, tmp_path / "c", seed=6)]
    assert first == again != other


def test_the_check_benchmark_repository_is_checked_without_error(
    tmp_path: Path, cli: CliRunner
) -> None:
    review = _script("bench_check").generate(3, tmp_path)
    run = cli("check", review, "--today", "2026-12-01")
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[-2].startswith("16 items checked in ")
    assert "checks FAIL" in run.out and "checks PASS" in run.out  # a mix, as in a real repo


def test_the_serve_benchmark_saves_through_a_real_orr_serve(tmp_path: Path) -> None:
    """Its saves are answered by `orr serve` as a process of its own, each one on disk."""
    bench = _script("bench_serve")
    saves, gates, floors = bench.bench_save(tmp_path, 12, 3)
    assert len(saves) == len(gates) == len(floors) == 3
    review = (tmp_path / "review.yaml").read_text("utf-8")
    assert "notes: run 3" in review and "answered_by: bench" in review


def test_the_serve_benchmark_saves_an_answer_holding_a_comment(tmp_path: Path) -> None:
    """With ``--commented`` the saved answer keeps its comment through every save."""
    bench = _script("bench_serve")
    bench.bench_save(tmp_path, 12, 3, commented=True)
    review = (tmp_path / "review.yaml").read_text("utf-8")
    saved = review.split("bench/item-0001:\n", 1)[1].split("  bench/", 1)[0]
    assert saved.startswith("    status: met       # as of the meeting\n"), saved  # run 3
    assert "notes: run 3" in saved


def test_the_serve_benchmark_command_runs_as_benchmarks_readme_gives_it() -> None:
    """`bench_serve.py ... --commented`, small, as a command: its options and report hold."""
    args = ["--items", "12", "--runs", "3", "--page-runs", "0", "--commented"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_serve.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("save on a 12-item review, a comment in every answer, median of 3:")
    assert lines[2].startswith("ratio save / gate: ") and lines[2].endswith("(goal: under 1.5x)")
