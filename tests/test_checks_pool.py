"""`orr check` in a pool of processes finds what it finds in-process, byte for byte."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from orr.catalog import Catalog
from orr.checks.run import CheckRun, check_review
from orr.checks.workspace import Workspace
from orr.errors import InputError
from tests.conftest import DATA, ROOT

FIXTURE = DATA / "checks"
TODAY = dt.date(2026, 12, 1)


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench_check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fixture_repo(folder: Path) -> Path:
    """The hand-written fixture: failures with lines, several documents, a plan, runbooks."""
    shutil.copytree(FIXTURE / "repo", folder)
    (folder / ".git").mkdir()
    (folder / "k8s" / "more.yaml").write_text((folder / "k8s" / "web.yaml").read_text())
    return folder / "ops" / "review.yaml"


def bench_repo(folder: Path) -> Path:
    """Generated templates under every bundled checklist with checks, as the benchmark's."""
    folder.mkdir()
    review: Path = bench().generate(7, folder)
    return review


REPOS = {"fixture": fixture_repo, "generated": bench_repo}


def catalog() -> Catalog:
    return Catalog.with_bundled([FIXTURE / "checklists"])


def both_ways(
    tmp_path: Path, make: str, monkeypatch: pytest.MonkeyPatch, *, write: bool = True
) -> tuple[CheckRun, Path, CheckRun, Path, list[str]]:
    """The same repository checked in a pool (every file in it) and in-process."""
    pooled, alone = REPOS[make](tmp_path / "pool"), REPOS[make](tmp_path / "alone")
    learned: list[str] = []
    real = Workspace.learn

    def learn(self: Workspace, path: str, *args: object) -> None:
        learned.append(path)  # only the parent learns, and only from workers
        real(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Workspace, "learn", learn)
    a = check_review(pooled, catalog(), TODAY, jobs=2, min_parallel=1, write=write)
    pool_learned = list(learned)
    b = check_review(alone, catalog(), TODAY, jobs=1, write=write)
    assert learned == pool_learned, "the in-process run took nothing from a pool"
    return a, pooled, b, alone, pool_learned


@pytest.mark.parametrize("make", sorted(REPOS))
def test_a_pool_and_the_in_process_run_give_the_same_results_and_review_file(
    tmp_path: Path, make: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pooled, pooled_review, alone, alone_review, learned = both_ways(tmp_path, make, monkeypatch)
    looked = {p for item in alone.items for r in item.results for p, _ in r.files}
    assert set(learned) <= looked and len(learned) >= 3  # the workers read the query files
    assert pooled.items == alone.items
    outcomes = {r.outcome for item in alone.items for r in item.results}
    assert {"pass", "fail"} <= outcomes  # something to tell apart
    assert any(r.failed for item in alone.items for r in item.results)
    assert pooled_review.read_bytes() == alone_review.read_bytes()


def test_a_file_a_worker_cannot_read_is_the_same_located_error_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = []
    for name in ("pool", "alone"):
        review = bench_repo(tmp_path / name)
        bad = FIXTURE.parent / "checks" / "invalid" / "malformed-template.yaml"
        for where in ("services/svc003/bad.yaml", "services/svc005/bad.yaml"):
            shutil.copy(bad, tmp_path / name / where)
        before = review.read_bytes()
        with pytest.raises(InputError) as raised:
            check_review(review, catalog(), TODAY, jobs=2 if name == "pool" else 1, min_parallel=1)
        assert review.read_bytes() == before
        errors.append(str(raised.value).replace(str((tmp_path / name).resolve()), "REPO"))
    assert errors[0] == errors[1]
    assert errors[0].startswith("REPO/services/svc003/bad.yaml:5:1: not valid YAML")  # the first


def test_a_dry_run_in_a_pool_changes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pooled, pooled_review, alone, _, _ = both_ways(tmp_path, "generated", monkeypatch, write=False)
    assert pooled.items == alone.items and not pooled.written
    assert pooled_review.read_text().endswith("answers: {}\n")
