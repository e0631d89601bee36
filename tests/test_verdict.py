"""The verdict rules: complete, stale, blocking; decided once and only shown by the renderers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orr.assess import assess
from orr.commands.options import make_catalog
from orr.policy import Policy
from orr.render import html, markdown, view
from orr.result import Result, Verdict
from tests.conftest import EXAMPLE_TODAY, EXAMPLES, SHARED, CliRunner
from tests.test_evaluate import TODAY, item, run, scenarios

DDB_LENS = SHARED / "lenses" / "hub__DynamoDB_custom-lensddb-v1.0.json"


@pytest.fixture
def empty_lens_review(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The issue's steps: import a lens, `orr init` a review on it, answer nothing."""
    monkeypatch.chdir(tmp_path)
    assert cli("lens", "import", DDB_LENS, "-o", "cl/ddb.yaml").code == 0
    assert cli("init", "--service", "ddb-svc", "--owner", "t", "--checklist", "ddb",
               "--checklists", "cl").code == 0  # fmt: skip
    return tmp_path / "reviews" / "ddb-svc.yaml"


def test_empty_imported_lens_review_is_incomplete_and_fails_the_gate(
    cli: CliRunner, empty_lens_review: Path
) -> None:
    run_ = cli("gate", empty_lens_review, "--checklists", "cl", "--today", "2026-11-23")
    assert run_.code == 1
    assert run_.out.splitlines()[:2] == [
        "ddb-svc: INCOMPLETE  score 0/100  risks: 0 high, 0 medium, 0 low, 48 unanswered, 0 n/a",
        "  1 reason it is incomplete:",
    ]
    assert " ".join(run_.out.splitlines()[2].split()).startswith(
        "INCOMPLETE the review is incomplete: 0 of 48 applicable items answered;"
    )


def test_min_answered_0_restores_the_old_verdict(cli: CliRunner, empty_lens_review: Path) -> None:
    (empty_lens_review.parent / ".orr.toml").write_text("min_answered = 0\n")
    run_ = cli("gate", empty_lens_review, "--checklists", "cl", "--today", "2026-11-23")
    assert run_.code == 0
    assert run_.out.startswith("ddb-svc: READY  score 0/100")


def test_incomplete_shows_in_every_report(cli: CliRunner, empty_lens_review: Path) -> None:
    args = ("--checklists", "cl", "--today", "2026-11-23")
    for fmt in ("md", "html", "json", "junit", "sarif"):
        out = cli("report", empty_lens_review, *args, "-f", fmt, "-o", "-").out
        assert "INCOMPLETE" in out, fmt
        assert "READY</strong>" not in out and "✅" not in out, fmt


def test_fully_answered_review_without_blockers_is_ready() -> None:
    result = run([item("a"), item("b", mandatory=True)], {"a": {"status": "unmet"},
                 "b": {"status": "met"}})  # fmt: skip
    assert (result.verdict, result.answered, result.applicable, result.reasons) == (
        "READY",
        2,
        2,
        (),
    )


def test_min_answered_is_a_share_of_the_applicable_items() -> None:
    items = [item(f"i{n}") for n in range(4)]
    three = {f"i{n}": {"status": "met"} for n in range(3)} | {
        "i3": {"status": "n/a", "reason": "r"}
    }
    assert run(items, three).verdict == "READY"  # n/a items are not owed an answer
    two = {f"i{n}": {"status": "met"} for n in range(2)}
    assert run(items, two, Policy(min_answered=50)).verdict == "READY"
    result = run(items, two, Policy(min_answered=75))
    assert result.verdict == "INCOMPLETE"
    assert [r.message for r in result.reasons] == [
        "the review is incomplete: 2 of 4 applicable items answered (the policy needs 75%); "
        "answer the rest, or lower `min_answered` in the policy"
    ]


def test_an_answered_blocker_makes_an_incomplete_review_not_ready() -> None:
    items = [item("a", mandatory=True), item("b")]
    assert run(items, {"a": {"status": "unmet"}}).verdict == "NOT READY"
    assert run(items, {"b": {"status": "met"}}).verdict == "INCOMPLETE"  # a: only unanswered


# --- stale reviews -------------------------------------------------------------------------

OLD = {"date": dt.date(2025, 11, 1)}  # 387 days before TODAY


def test_stale_review_is_a_warning_by_default() -> None:
    result = run([item()], {"i": {"status": "met"}}, **OLD)
    assert (result.verdict, result.stale, result.age_days) == ("READY", True, 387)
    assert [(w.kind, w.message) for w in result.warnings] == [
        (
            "stale",
            "the review is dated 2025-11-01, 387 days ago, older than the policy's 365 days: "
            "review it again and update `date:`",
        )
    ]


def test_a_review_within_max_age_is_not_stale() -> None:
    result = run([item()], {"i": {"status": "met"}}, date=TODAY - dt.timedelta(days=365))
    assert (result.stale, result.age_days, result.warnings) == (False, 365, ())
    undated = run([item()], {"i": {"status": "met"}})
    assert (undated.stale, undated.age_days) == (False, None)


def test_stale_review_blocks_under_the_policy() -> None:
    result = run([item()], {"i": {"status": "met"}}, Policy(max_age_days=30, stale_blocks=True),
                 date=TODAY - dt.timedelta(days=31))  # fmt: skip
    assert result.verdict == "NOT READY"
    assert [r.kind for r in result.reasons] == ["stale"]
    assert result.warnings == ()


def test_stale_review_in_the_gate(cli: CliRunner, tmp_path: Path) -> None:
    review = tmp_path / "old.yaml"
    review.write_text((EXAMPLES / "checkout-api.yaml").read_text().replace(
        "date: 2026-11-20", "date: 2025-10-01"))  # fmt: skip
    default = cli("gate", review, "--today", "2026-11-23")
    assert default.code == 0
    assert "WARNING the review is dated 2025-10-01, 418 days ago, older than the policy's" in (
        " ".join(default.out.split())
    )
    assert cli("gate", review, "--today", "2026-11-23", "--strict").code == 1
    (tmp_path / ".orr.toml").write_text("max_age_days = 400\nstale_blocks = true\n")
    blocked = cli("gate", review, "--today", "2026-11-23")
    assert blocked.code == 1
    assert "STALE the review is dated 2025-10-01, 418 days ago, older than the policy's 400" in (
        " ".join(blocked.out.split())
    )


# --- the renderers only show the verdict ---------------------------------------------------


def test_every_verdict_has_a_look() -> None:
    for table in (view.VERDICT_EMOJI, view.VERDICT_GLYPHS, view.VERDICT_CLASSES):
        assert set(table) == set(get_args(Verdict))


@pytest.mark.parametrize("verdict", ["NOT READY", "INCOMPLETE"])
def test_no_renderer_shows_ready_for_a_failing_result(verdict: Verdict) -> None:
    ready = assess(EXAMPLES / "checkout-api.yaml", make_catalog(), EXAMPLE_TODAY)
    assert ready.verdict == "READY" and not ready.reasons
    failing = dataclasses.replace(ready, verdict=verdict)  # no reasons: only the verdict says
    page = html.render(failing)
    assert 'class="verdict verdict-ready"' not in page and "✓</span> READY" not in page
    assert f"</span> {verdict}</strong>" in page
    for text in (markdown.render(failing), markdown.render_summary(failing)):
        assert "✅" not in text.split("\n## Scores")[0]
        assert f"{view.VERDICT_EMOJI[verdict]} {verdict}" in text
        assert "The gate passes" not in text


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.integers(0, 100))
def test_verdict_follows_the_reasons(
    scenario: tuple[list[dict[str, Any]], dict[str, Any]], min_answered: int
) -> None:
    items, answers = scenario
    result: Result = run(items, answers, Policy(min_answered=min_answered))
    assert (result.verdict == "READY") == (not result.reasons)
    short = 100 * result.answered < min_answered * result.applicable
    assert any(r.kind == "incomplete" for r in result.reasons) == short
    if result.verdict == "INCOMPLETE":
        assert short
        assert all(i.status == "unanswered" for i in result.items if i.blocking)
