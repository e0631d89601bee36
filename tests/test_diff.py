"""`orr diff`: what changed between two reviews, from files or git revisions."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orr.catalog import load_checklist
from orr.diff import MIRROR, ReviewDiff, diff
from orr.evaluate import Provenance, evaluate
from orr.model import Review
from orr.policy import Policy
from orr.result import LEVELS, Result
from tests.conftest import EXAMPLE_TODAY, EXAMPLES, ROOT, CliRunner

DATA = Path("tests/data/diff")  # relative: the output shows the paths as given
CHECKLISTS = ("--checklists", DATA / "checklists")
TODAY = ("--today", "2026-11-23")
DEMO = load_checklist(ROOT / DATA / "checklists" / "demo.yaml")
EXTRA = load_checklist(ROOT / DATA / "checklists" / "extra.yaml")


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_markdown_matches_the_golden_file(cli: CliRunner) -> None:
    run = cli("diff", DATA / "old.yaml", DATA / "new.yaml", *CHECKLISTS, *TODAY)
    assert (run.code, run.err) == (0, "")
    assert run.out == (DATA / "expected.md").read_text(encoding="utf-8")


def test_json_has_the_deltas_and_every_kind_of_change(cli: CliRunner) -> None:
    run = cli("diff", DATA / "old.yaml", DATA / "new.yaml", *CHECKLISTS, *TODAY, "-f", "json")
    data = json.loads(run.out)
    assert data["schema"] == "orr.diff/v1"
    assert data["verdict"] == {"old": "INCOMPLETE", "new": "NOT READY"}
    assert data["score"] == {"old": 45.45, "new": 80.77, "delta": 35.32}
    assert data["risks"]["high"] == {"old": 1, "new": 0, "delta": -1}
    assert {i["ref"]: i["kind"] for i in data["items"]} == {
        "demo/one-box": "regressed",
        "demo/rollback": "improved",
        "demo/runbook": "answered",
        "demo/game-day": "now-n/a",
        "extra/backups": "added",
    }
    assert [(w["item"], w["kind"], w["expired"]) for w in data["waivers"]] == [
        ("demo/alarms", "added", True),
        ("demo/one-box", "added", False),
        ("demo/rollback", "removed", False),
    ]
    assert [b["ref"] for b in data["now_blocking"]] == ["demo/alarms"]
    assert data["checklists"] == [
        {"id": "demo", "old": "1.0.0", "new": "current"},
        {"id": "extra", "old": None, "new": "current"},
    ]


def test_a_review_against_itself_says_no_changes(cli: CliRunner) -> None:
    run = cli("diff", EXAMPLES / "ledger-worker.yaml", EXAMPLES / "ledger-worker.yaml", *TODAY)
    assert run.code == 0
    assert run.out.endswith("\nNo changes: both sides evaluate the same.\n")


def test_an_invalid_side_exits_2_with_its_location(cli: CliRunner) -> None:
    bad = ROOT / "tests" / "data" / "portfolio" / "reviews" / "broken.yaml"
    run = cli("diff", DATA / "old.yaml", bad, *CHECKLISTS, *TODAY)
    assert run.code == 2
    assert run.err == (
        f"{bad}:6:13: answers.demo/one-box.status: 'maybe' is not one of met, partial, unmet, n/a\n"
    )


# --- git revisions -----------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "reviews").mkdir()
    shutil.copytree(ROOT / DATA / "checklists", tmp_path / "checklists")
    review = tmp_path / "reviews" / "svc.yaml"
    shutil.copy(ROOT / DATA / "old.yaml", review)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "old")
    shutil.copy(ROOT / DATA / "new.yaml", review)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_git_revision_is_read_with_git_show(repo: Path, cli: CliRunner) -> None:
    args = ("--checklists", "checklists", *TODAY)
    from_git = cli("diff", "HEAD:reviews/svc.yaml", "reviews/svc.yaml", *args, "-f", "json")
    shutil.copy(ROOT / DATA / "old.yaml", repo / "old.yaml")
    from_files = cli("diff", "old.yaml", "reviews/svc.yaml", *args, "-f", "json")
    assert from_git.code == 0
    data, expected = json.loads(from_git.out), json.loads(from_files.out)
    assert data["old"] == "HEAD:reviews/svc.yaml"
    assert {**data, "old": "old.yaml"} == expected


def test_a_git_path_is_relative_to_the_current_folder(
    repo: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "reviews")
    run = cli("diff", "HEAD:svc.yaml", "svc.yaml", "--checklists", "../checklists", *TODAY)
    assert run.code == 0
    assert "### Improved (1)" in run.out


@pytest.mark.parametrize(
    ("old", "message"),
    [
        ("HEAD~3:reviews/svc.yaml", "cannot read it from git: invalid object name 'HEAD~3'."),
        (
            "HEAD:reviews/gone.yaml",
            "cannot read it from git: path 'reviews/gone.yaml' does not exist in 'HEAD'",
        ),
    ],
)
def test_a_bad_revision_is_a_clean_error(
    repo: Path, cli: CliRunner, old: str, message: str
) -> None:
    run = cli("diff", old, "reviews/svc.yaml", "--checklists", "checklists", *TODAY)
    assert (run.code, run.out, run.err) == (2, "", f"{old}: {message}\n")


@pytest.mark.parametrize("old", ["--output=out:reviews/svc.yaml", "-p:reviews/svc.yaml"])
def test_a_revision_that_looks_like_an_option_is_refused(
    repo: Path, cli: CliRunner, old: str
) -> None:
    run = cli("diff", "--checklists", "checklists", *TODAY, "--", old, "reviews/svc.yaml")
    message = "a revision cannot start with '-'; name a commit, branch or tag"
    assert (run.code, run.out, run.err) == (2, "", f"{old}: {message}\n")
    assert sorted(p.name for p in repo.iterdir()) == [".git", "checklists", "reviews"]


def test_an_invalid_file_in_git_points_at_the_revision(repo: Path, cli: CliRunner) -> None:
    (repo / "reviews" / "svc.yaml").write_text("service: [\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "broken")
    new = ROOT / DATA / "new.yaml"
    run = cli("diff", "HEAD:reviews/svc.yaml", new, "--checklists", "checklists", *TODAY)
    assert run.code == 2
    assert run.err.startswith("HEAD:reviews/svc.yaml:2:1: not valid YAML")
    assert len(run.err.splitlines()) == 1


# --- properties --------------------------------------------------------------------------

ITEMS = [f"demo/{item.id}" for _, item in DEMO.iter_items()] + ["extra/backups"]
ANSWER = st.one_of(
    st.none(),
    st.sampled_from(["met", "partial", "unmet"]).map(lambda s: {"status": s}),
    st.just({"status": "n/a", "reason": "retired"}),
)


@st.composite
def reviews(draw: st.DrawFn) -> Result:
    extra = draw(st.booleans())
    refs = ITEMS if extra else ITEMS[:-1]
    answers = {ref: a for ref in refs if (a := draw(ANSWER)) is not None}
    waived = draw(st.lists(st.sampled_from(refs), unique=True, max_size=3))
    data: dict[str, Any] = {
        "service": "svc",
        "owner": "team",
        "context": {"tier": draw(st.sampled_from([1, 2]))},
        "checklists": ["demo", "extra"] if extra else [draw(st.sampled_from(["demo", "demo@1"]))],
        "answers": answers,
        "waivers": [
            {
                "item": ref,
                "reason": "r",
                "approved_by": "a",
                "expires": EXAMPLE_TODAY + dt.timedelta(days=draw(st.integers(-40, 40))),
            }
            for ref in waived
        ],
    }
    review = Review.model_validate(data)
    checklists = [DEMO, EXTRA] if extra else [DEMO]
    return evaluate(checklists, review, Policy(), EXAMPLE_TODAY, Provenance(review_path="x"))


def _shape(d: ReviewDiff) -> dict[str, Any]:
    return {
        "items": sorted((c.ref, c.kind) for c in d.items),
        "blocking": sorted(b.ref for b in d.blocking),
        "unblocked": sorted(b.ref for b in d.unblocked),
        "waivers": sorted((w.item, w.kind) for w in d.waivers),
        "checklists": sorted(d.checklists),
        "score": d.score_delta,
        "risks": [d.new_counts.get(level) - d.old_counts.get(level) for level in LEVELS],
        "blockers": d.new_blockers - d.old_blockers,
    }


WAIVER_MIRROR = {"added": "removed", "removed": "added", "extended": "shortened"}
WAIVER_MIRROR |= {"shortened": "extended", "changed": "changed"}


@settings(max_examples=150, deadline=None)
@given(reviews())
def test_a_review_diffed_with_itself_is_empty(result: Result) -> None:
    same = diff(result, result)
    assert same.empty
    assert _shape(same)["items"] == []


@settings(max_examples=150, deadline=None)
@given(reviews(), reviews())
def test_swapping_old_and_new_mirrors_every_change(old: Result, new: Result) -> None:
    forward, backward = _shape(diff(old, new)), _shape(diff(new, old))
    assert backward["items"] == sorted((ref, MIRROR[kind]) for ref, kind in forward["items"])
    assert (backward["blocking"], backward["unblocked"]) == (
        forward["unblocked"],
        forward["blocking"],
    )
    assert backward["waivers"] == sorted((i, WAIVER_MIRROR[k]) for i, k in forward["waivers"])
    assert backward["checklists"] == sorted((c, b, a) for c, a, b in forward["checklists"])
    assert backward["score"] == (None if forward["score"] is None else -forward["score"])
    assert backward["risks"] == [-n for n in forward["risks"]]
    assert backward["blockers"] == -forward["blockers"]


@settings(max_examples=100, deadline=None)
@given(reviews(), reviews())
def test_every_status_change_is_reported_once(old: Result, new: Result) -> None:
    changes = {c.ref: c for c in diff(old, new).items}
    before = {i.ref: i.status for i in old.items}
    after = {i.ref: i.status for i in new.items}
    for ref in before.keys() | after.keys():
        changed = before.get(ref) != after.get(ref)
        assert (ref in changes) == changed
        if changed:
            assert (changes[ref].old_status, changes[ref].new_status) == (
                before.get(ref),
                after.get(ref),
            )


def test_output_file_gets_the_report_and_stdout_its_path(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "diff.md"
    run = cli("diff", DATA / "old.yaml", DATA / "new.yaml", *CHECKLISTS, *TODAY, "-o", target)
    assert (run.code, run.out) == (0, f"{target}\n")
    assert target.read_text(encoding="utf-8") == (DATA / "expected.md").read_text(encoding="utf-8")


def test_no_longer_blocking_shows_the_new_status(cli: CliRunner) -> None:
    run = cli("diff", DATA / "old.yaml", DATA / "new.yaml", *CHECKLISTS, *TODAY, "-f", "json")
    unblocked = json.loads(run.out)["no_longer_blocking"]
    assert {b["ref"]: (b["status"], b["other_status"]) for b in unblocked}["demo/runbook"] == (
        "unanswered",
        "met",
    )


def test_different_services_on_the_two_sides_are_a_warning(cli: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    text = (ROOT / DATA / "new.yaml").read_text(encoding="utf-8")
    service = next(line for line in text.splitlines() if line.startswith("service:"))
    other.write_text(text.replace(service, "service: billing-api"), encoding="utf-8")
    old_name = service.split(":", 1)[1].strip().strip("\"'")
    run = cli("diff", DATA / "old.yaml", other, *CHECKLISTS, *TODAY)
    assert run.code == 0
    message = (
        f"the two sides are different services: {old_name!r} in OLD and 'billing-api' in NEW; "
        "check that you compare a review with itself"
    )
    assert run.err == f"warning: {message}\n"
    assert f"> ⚠️ Warning: {message}" in run.out
    same = cli("diff", DATA / "old.yaml", DATA / "new.yaml", *CHECKLISTS, *TODAY)
    assert (same.err, "Warning" in same.out) == ("", False)
