"""Platform baselines (`extends:`): inherited answers and waivers, the review winning, staleness,
and every bad input as a located error. The data is in tests/data/baselines/:
service.yaml extends platform/golden-path.yaml, which extends base.yaml.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from orr.assess import assess
from orr.commands.options import make_catalog
from orr.render import markdown
from orr.render.plan_view import actions, body
from orr.result import Result
from tests.conftest import DATA, CliRunner
from tests.portfolio_repo import git

BASELINES = DATA / "baselines"
CHECKLISTS = BASELINES / "checklists"
SERVICE = BASELINES / "service.yaml"
TODAY = dt.date(2026, 11, 23)
GOLDEN_PATH = "tests/data/baselines/platform/golden-path.yaml"
BASE = "tests/data/baselines/platform/base.yaml"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parents[1])  # paths in results are relative to the working folder


def _assess(path: Path = SERVICE, today: dt.date = TODAY) -> Result:
    return assess(path, make_catalog([CHECKLISTS]), today)


def _items(result: Result) -> dict[str, tuple[str, str | None]]:
    return {i.ref: (i.status, i.inherited.path if i.inherited else None) for i in result.items}


def test_answers_are_inherited_through_nested_baselines_and_the_review_wins() -> None:
    assert _items(_assess()) == {
        "deploy/one-box": ("met", GOLDEN_PATH),  # golden-path's met wins over base's unmet
        "deploy/auto-rollback": ("partial", None),  # the service's own answer wins
        "deploy/bake-time": ("met", BASE),  # through golden-path's own extends
        "deploy/cross-zone-off": ("unmet", GOLDEN_PATH),
        "deploy/runbooks": ("unanswered", None),
    }


def test_the_inherited_answer_carries_the_baselines_file_owner_and_date() -> None:
    result = _assess()
    one_box = next(i for i in result.items if i.ref == "deploy/one-box")
    assert one_box.inherited is not None
    assert (one_box.inherited.id, one_box.inherited.owner, one_box.inherited.date) == (
        "golden-path",
        "platform-team",
        "2026-10-01",
    )
    assert one_box.notes == "The shared pipeline's first stage is one box."
    assert one_box.line == 0  # not an answer in the review file
    assert [(b.id, b.path) for b in result.baselines] == [
        ("golden-path", GOLDEN_PATH),
        ("base", BASE),
    ]
    assert all(len(b.sha256) == 64 for b in result.baselines)


def test_a_review_without_extends_is_evaluated_as_before(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(SERVICE.read_text("utf-8").replace("extends:", "# extends:"), "utf-8")
    result = _assess(own)
    assert result.baselines == ()
    assert all(i.inherited is None for i in result.items)
    assert result.counts.unanswered == 4


def test_a_baselines_waiver_holds_for_the_service() -> None:
    result = _assess()
    (waiver,) = result.waivers
    assert (waiver.item, waiver.state, waiver.inherited_from) == (
        "deploy/cross-zone-off",
        "active",
        GOLDEN_PATH,
    )
    item = next(i for i in result.items if i.ref == "deploy/cross-zone-off")
    assert item.mandatory and item.status == "unmet" and not item.blocking


def test_a_baselines_expired_waiver_blocks_every_service_that_inherits_it() -> None:
    result = _assess(today=dt.date(2027, 3, 2))
    assert [(r.kind, r.item) for r in result.reasons] == [
        ("blocker", "deploy/auto-rollback"),
        ("expired-waiver", "deploy/cross-zone-off"),
        ("incomplete", None),  # the trusted verdict: not every applicable item is answered
    ]
    assert result.verdict == "NOT READY"  # an expired waiver is what an answer says


def test_the_services_own_waiver_replaces_the_baselines(tmp_path: Path) -> None:
    shutil.copytree(BASELINES, tmp_path / "b")
    review = tmp_path / "b" / "service.yaml"
    review.write_text(
        review.read_text("utf-8") + "waivers:\n  - item: deploy/cross-zone-off\n    reason: Ours.\n"
        "    approved_by: cto\n    expires: 2027-09-01\n",
        "utf-8",
    )
    (waiver,) = _assess(review).waivers
    assert (waiver.approved_by, waiver.inherited_from, waiver.line) == ("cto", None, 11)


def test_a_stale_baseline_warns_every_service_that_inherits_it() -> None:
    warnings = [w.message for w in _assess().warnings if w.kind == "stale-baseline"]
    assert warnings == [
        f"baseline {BASE} was reviewed on 2025-01-15, 677 days ago (stale after 365): its 1 "
        "inherited answer may no longer hold; ask its owner (platform-team) to review it again"
    ]


def test_an_undated_baseline_warns_too(tmp_path: Path) -> None:
    shutil.copytree(BASELINES, tmp_path / "b")
    base = tmp_path / "b" / "platform" / "base.yaml"
    base.write_text(base.read_text("utf-8").replace("date: 2025-01-15\n", ""), "utf-8")
    warnings = [w.message for w in _assess(tmp_path / "b" / "service.yaml").warnings]
    assert any(
        message.endswith(
            "base.yaml has no `date:`, so nobody can tell whether its 1 inherited answer "
            "still hold; ask its owner (platform-team) to date its review"
        )
        for message in warnings
    )


def test_reports_show_an_inherited_answer_as_inherited() -> None:
    text = markdown.render(_assess())
    assert (
        f"| pat on 2026-10-01, inherited from {GOLDEN_PATH} (platform-team, reviewed 2026-10-01) |"
        in text
    )
    assert f"| `golden-path` | platform-team | 2026-10-01 | {GOLDEN_PATH} |" in text
    assert f"head-of-sre (baseline {GOLDEN_PATH})" in text


def test_json_has_the_inherited_source_of_each_answer(cli: CliRunner) -> None:
    run = cli(
        "report", SERVICE, "--checklists", CHECKLISTS, "--today", "2026-11-23", "-f", "json",
        "-o", "-",
    )  # fmt: skip
    assert run.code == 0, run.err
    data = json.loads(run.out)
    inherited = {i["ref"]: i["inherited"] and i["inherited"]["id"] for i in data["items"]}
    assert inherited == {
        "deploy/one-box": "golden-path",
        "deploy/auto-rollback": None,
        "deploy/bake-time": "base",
        "deploy/cross-zone-off": "golden-path",
        "deploy/runbooks": None,
    }
    assert [b["id"] for b in data["baselines"]] == ["golden-path", "base"]


INVALID = "tests/data/baselines/invalid"


@pytest.mark.parametrize(
    ("review", "message"),
    [
        (
            "cycle.yaml",
            f"{INVALID}/cycle/two.yaml:5:11: extends[0]: 'one.yaml' leads back to a file already "
            "extended (cycle.yaml -> cycle/one.yaml -> two.yaml -> one.yaml): a cycle; remove "
            "one of these `extends:` entries",
        ),
        (
            "missing.yaml",
            f"{INVALID}/missing.yaml:6:5: extends[1]: no baseline '../platform/nowhere.yaml': "
            "write a path relative to this file, or the name of a bundled baseline",
        ),
        (
            "unused-checklist.yaml",
            f"{INVALID}/wide-baseline.yaml:4:22: checklists[1]: this baseline answers checklist "
            f"'extra', which {INVALID}/unused-checklist.yaml does not use; add 'extra' to that "
            "review's `checklists:`, or extend a baseline made for its checklists",
        ),
        (
            "bad-baseline.yaml",
            f"{INVALID}/typo-baseline.yaml:6:3: answers.deploy/one-bx: no item 'one-bx' in "
            "checklist 'deploy' (did you mean 'one-box'?)",
        ),
    ],
)
def test_bad_baselines_are_located_errors(cli: CliRunner, review: str, message: str) -> None:
    run = cli("gate", f"{INVALID}/{review}", "--checklists", CHECKLISTS)
    assert (run.code, run.out, run.err) == (2, "", message + "\n")


def test_a_baseline_reached_twice_is_no_cycle(tmp_path: Path) -> None:
    shutil.copytree(BASELINES, tmp_path / "b")
    review = tmp_path / "b" / "service.yaml"
    text = review.read_text("utf-8")
    review.write_text(
        text.replace(
            "[platform/golden-path.yaml]", "[platform/base.yaml, platform/golden-path.yaml]"
        ),
        "utf-8",
    )
    result = _assess(review)
    assert [b.id for b in result.baselines] == ["base", "golden-path"]
    assert _items(result)["deploy/one-box"][0] == "met"  # the later entry wins


def test_a_bare_name_is_a_bundled_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(BASELINES / "platform" / "golden-path.yaml", bundled / "golden-path.yaml")
    shutil.copy(BASELINES / "platform" / "base.yaml", bundled / "base.yaml")
    monkeypatch.setattr("orr.catalog.bundled_baselines", lambda: bundled)
    review = tmp_path / "service.yaml"
    text = SERVICE.read_text("utf-8").replace("[platform/golden-path.yaml]", "[golden-path]")
    review.write_text(text, "utf-8")
    assert _items(_assess(review))["deploy/one-box"] == ("met", str(bundled / "golden-path.yaml"))


def test_validate_checks_baselines_on_their_own_and_reports_each_problem_once(
    cli: CliRunner,
) -> None:
    run = cli("validate", BASELINES / "platform", "--checklists", CHECKLISTS)
    assert (run.code, run.out) == (0, "2 files valid (2 baselines)\n")
    run = cli("validate", f"{INVALID}/typo-baseline.yaml", f"{INVALID}/bad-baseline.yaml",
              "--checklists", CHECKLISTS)  # fmt: skip
    assert run.code == 2
    assert run.out.count("no item 'one-bx'") == 1


def test_diff_shows_a_change_that_came_in_through_a_baseline(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BASELINES, tmp_path / "old", ignore=shutil.ignore_patterns("invalid"))
    shutil.copytree(BASELINES, tmp_path / "new", ignore=shutil.ignore_patterns("invalid"))
    golden = tmp_path / "new" / "platform" / "golden-path.yaml"
    text = golden.read_text("utf-8")
    golden.write_text(
        text.replace("  deploy/one-box:\n    status: met", "  deploy/one-box:\n    status: unmet"),
        "utf-8",
    )
    checklists = CHECKLISTS.resolve()
    monkeypatch.chdir(tmp_path)
    args = (
        "old/service.yaml",
        "new/service.yaml",
        "--checklists",
        checklists,
        "--today",
        "2026-11-23",
    )
    run = cli("diff", *args)
    assert run.code == 0, run.err
    row = next(line for line in run.out.splitlines() if line.startswith("| `deploy/one-box`"))
    assert row == (
        "| `deploy/one-box` | met (from baseline old/platform/golden-path.yaml) | "
        "unmet (high risk), blocks (from baseline new/platform/golden-path.yaml) | "
        "Does every deployment start on one box? |"
    )
    (change,) = json.loads(cli("diff", *args, "--format", "json").out)["items"]
    assert (change["ref"], change["kind"], change["old_baseline"], change["new_baseline"]) == (
        "deploy/one-box",
        "regressed",
        "old/platform/golden-path.yaml",
        "new/platform/golden-path.yaml",
    )


def _committed(tmp_path: Path, *paths: str) -> Path:
    """The baselines' data as a git repository, ``paths`` committed (all by default)."""
    repo = tmp_path / "repo"
    shutil.copytree(BASELINES, repo, ignore=shutil.ignore_patterns("invalid"))
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", *(paths or ["."]))
    git(repo, "commit", "--quiet", "-m", "the review and what it extends")
    return repo


def _regress(repo: Path, *changes: tuple[str, str]) -> None:
    """Commit each (baseline file, item) answer turned from met to unmet."""
    for name, item in changes:
        path = repo / "platform" / name
        text = path.read_text("utf-8")
        old = f"  deploy/{item}:\n    status: met"
        assert old in text
        path.write_text(text.replace(old, f"  deploy/{item}:\n    status: unmet"), "utf-8")
    git(repo, "commit", "--quiet", "-am", "the platform regresses; the review is unchanged")


def test_diff_from_git_reads_the_baselines_as_they_were_at_that_revision(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _committed(tmp_path)
    _regress(repo, ("golden-path.yaml", "one-box"), ("base.yaml", "bake-time"))
    monkeypatch.chdir(repo)
    args = ("HEAD~1:service.yaml", "service.yaml", "--checklists", "checklists", *("--today",
            "2026-11-23"), "--format", "json")  # fmt: skip
    run = cli("diff", *args)
    assert run.code == 0, run.err
    changes = {c["ref"]: c for c in json.loads(run.out)["items"]}
    assert {
        ref: (c["kind"], c["old_baseline"], c["new_baseline"]) for ref, c in changes.items()
    } == {
        "deploy/one-box": ("regressed", "platform/golden-path.yaml", "platform/golden-path.yaml"),
        "deploy/bake-time": ("regressed", "platform/base.yaml", "platform/base.yaml"),
    }


def test_portfolio_since_reads_the_baselines_as_they_were_then(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _committed(tmp_path)
    _regress(repo, ("golden-path.yaml", "one-box"))
    monkeypatch.chdir(repo)
    run = cli("portfolio", ".", "--since", "HEAD~1", "--checklists", "checklists", "--today",
              "2026-11-23", "--format", "json")  # fmt: skip
    assert run.code == 0, run.err
    (change,) = json.loads(run.out)["history"]["changes"]
    assert (change["service"], change["improved"], change["regressed"]) == ("payments", 0, 1)
    assert change["blockers_opened"] == ["deploy/one-box"]


def test_a_baseline_missing_at_the_revision_is_located_there(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _committed(tmp_path, "service.yaml", "checklists")  # the baselines come later
    monkeypatch.chdir(repo)
    run = cli("diff", "HEAD:service.yaml", "service.yaml", "--checklists", "checklists")
    assert run.code == 2
    assert run.err.startswith("HEAD:service.yaml:"), run.err
    assert "no baseline 'platform/golden-path.yaml'" in run.err


def test_portfolio_scores_inherited_answers_and_lists_who_inherits_what(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BASELINES, tmp_path / "b", ignore=shutil.ignore_patterns("invalid"))
    text = (tmp_path / "b" / "service.yaml").read_text("utf-8")
    (tmp_path / "b" / "ledger.yaml").write_text(text.replace("payments", "ledger"), "utf-8")
    (tmp_path / "b" / "own.yaml").write_text(
        "service: loner\nowner: x\nchecklists: [deploy]\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path / "b")
    run = cli("portfolio", ".", "--checklists", "checklists", "--today", "2026-11-23",
              "--format", "json")  # fmt: skip
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["baselines"] == [
        {"path": "platform/base.yaml", "services": ["ledger", "payments"]},
        {"path": "platform/golden-path.yaml", "services": ["ledger", "payments"]},
    ]
    rows = {s["service"]: s for s in data["services"]}
    assert rows["payments"]["baselines"] == ["platform/golden-path.yaml", "platform/base.yaml"]
    assert rows["loner"]["baselines"] == []
    assert rows["payments"]["score"] == _assess(tmp_path / "b" / "service.yaml").score
    assert [s["kind"] for s in data["skipped"]] == [
        "checklist",
        "checklist",
        "baseline",
        "baseline",
    ]
    run = cli("portfolio", ".", "--checklists", "checklists", "--today", "2026-11-23")
    assert "| platform/golden-path.yaml | ledger, payments |" in run.out


def test_the_plan_sends_an_inherited_gap_to_the_baselines_owner() -> None:
    result = _assess()
    action = next(a for a in actions(result) if a.ref == "deploy/cross-zone-off")
    assert (
        f"**Answered by a baseline:** inherited from {GOLDEN_PATH} (platform-team, reviewed "
        "2026-10-01): platform-team can fix it once for every service on it, or this review can "
        "answer it itself"
    ) in body(action, result).replace("\\_", "_")
