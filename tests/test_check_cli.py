"""`orr check` end to end: what it records, what it never changes, and what the gate makes of it."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from orr.editing.answerfile import set_answer
from tests.browser import launched_chromium
from tests.conftest import DATA, CliRunner

FIXTURE = DATA / "checks"
CHECKLISTS = FIXTURE / "checklists"
TODAY = "2026-12-01"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the fixture repository, a git top level (so `orr check` finds it)."""
    root = tmp_path / "orders"
    shutil.copytree(FIXTURE / "repo", root)
    (root / ".git").mkdir()
    return root


def check(cli: CliRunner, review: Path, *args: str | Path) -> tuple[int, str, str]:
    run = cli("check", review, "--checklists", CHECKLISTS, "--today", TODAY, *args)
    return run.code, run.out, run.err


def answers(review: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(review.read_text())
    return data["answers"]  # type: ignore[no-any-return]


def test_check_records_each_outcome_under_its_answer(cli: CliRunner, repo: Path) -> None:
    review, template = repo / "ops" / "review.yaml", repo / "infra" / "app.yaml"
    code, out, err = check(cli, review)
    assert (code, err) == (0, "")
    recorded = answers(review)
    assert recorded["evidence-demo/pitr"]["checked"] == [
        {
            "check": "every DynamoDB table has point-in-time recovery",
            "outcome": "fail",
            "checked_at": dt.date(2026, 12, 1),
            "repo": "..",
            "files": {"infra/app.yaml": hashlib.sha256(template.read_bytes()).hexdigest()},
            "failed": ["infra/app.yaml:18: Audit fails the check"],
        }
    ]
    outcomes = {ref: [r["outcome"] for r in a["checked"]] for ref, a in recorded.items()}
    assert outcomes == {
        "evidence-demo/runbooks": ["fail"],
        "evidence-demo/pitr": ["fail"],
        "evidence-demo/rds-deletion": ["pass"],
        "evidence-demo/scanned-pitr": ["unknown"],
        "evidence-demo/tf-pitr": ["pass"],
        "evidence-demo/k8s-probes": ["fail"],
        "evidence-demo/cdk": ["unknown"],
    }
    assert "evidence-demo/pitr: answer met (by ana); checks FAIL\n" in out
    assert "  CONTRADICTED: answered met, but a check failed\n" in out
    assert (
        "7 items checked in " in out
        and ": 2 pass, 3 fail, 2 unknown; 2 answers contradicted\n" in out
    )


def test_a_person_s_answer_is_never_changed(cli: CliRunner, repo: Path) -> None:
    review = repo / "ops" / "review.yaml"
    text = review.read_text().replace(
        "  # Nobody has looked",
        "  evidence-demo/rds-deletion:\n    status: unmet\n    notes: the snapshot job is off\n\n"
        "  # Nobody has looked",
    )
    review.write_text(text)
    before = answers(review)
    assert check(cli, review, "--propose")[0] == 0
    after = answers(review)
    for ref, answer in before.items():
        assert {k: v for k, v in after[ref].items() if k != "checked"} == answer
    assert after["evidence-demo/rds-deletion"]["checked"][0]["outcome"] == "pass"  # still unmet


def test_propose_fills_only_unanswered_items_and_marks_them(cli: CliRunner, repo: Path) -> None:
    review = repo / "ops" / "review.yaml"
    code, out, _ = check(cli, review, "--propose")
    assert code == 0
    recorded = answers(review)
    proposed = {
        ref: (a.get("status"), a.get("proposed_by"))
        for ref, a in recorded.items()
        if "proposed_by" in a or "status" in a
    }
    assert proposed == {
        "evidence-demo/runbooks": ("met", None),
        "evidence-demo/pitr": ("met", None),
        "evidence-demo/rds-deletion": ("met", "orr check"),
        "evidence-demo/tf-pitr": ("met", "orr check"),
        "evidence-demo/k8s-probes": ("unmet", "orr check"),
    }
    assert "evidence-demo/rds-deletion: answer unanswered, met proposed; checks PASS" in out


def test_a_proposal_counts_as_unanswered_until_a_person_confirms_it(
    cli: CliRunner, repo: Path, tmp_path: Path
) -> None:
    review = repo / "ops" / "review.yaml"
    check(cli, review, "--propose")
    out = tmp_path / "result.json"
    args = ("--checklists", CHECKLISTS, "--today", TODAY, "--json", out)
    cli("gate", review, *args)
    statuses = {i["ref"]: i["status"] for i in json.loads(out.read_text())["items"]}
    assert statuses["evidence-demo/rds-deletion"] == "unanswered"
    confirmed = set_answer(
        review.read_text(), review, "evidence-demo/rds-deletion", {"status": "met"}
    )
    review.write_text(confirmed)
    answer = answers(review)["evidence-demo/rds-deletion"]
    assert "proposed_by" not in answer and answer["checked"][0]["outcome"] == "pass"
    cli("gate", review, *args)
    statuses = {i["ref"]: i["status"] for i in json.loads(out.read_text())["items"]}
    assert statuses["evidence-demo/rds-deletion"] == "met"


def test_comments_and_order_survive_byte_for_byte_outside_the_checked_blocks(
    cli: CliRunner, repo: Path
) -> None:
    review = repo / "ops" / "review.yaml"
    before = review.read_text().splitlines(keepends=True)
    for _ in range(2):  # the second run replaces the blocks the first wrote
        assert check(cli, review, "--propose")[0] == 0
        after = review.read_text().splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        added = [after[j1:j2] for op, _, _, j1, j2 in matcher.get_opcodes() if op != "equal"]
        assert all(op in ("equal", "insert") for op, *_ in matcher.get_opcodes())
        for block in added:
            assert _written_by_check(block), "".join(block)


def _written_by_check(lines: list[str]) -> bool:
    """A new answer key and what orr check writes under it: checked, status, proposed_by."""
    allowed = ("    checked:", "      ", "    status:", "    proposed_by: orr check")
    return all(
        line.startswith(allowed) or (line.startswith("  evidence-demo/") and line.endswith(":\n"))
        for line in lines
    )


def test_gate_warns_of_a_contradicted_answer_and_policy_can_make_it_block(
    cli: CliRunner, repo: Path
) -> None:
    review = repo / "ops" / "review.yaml"
    check(cli, review)
    # the review leaves items unanswered: --min-answered 0 keeps it from being INCOMPLETE
    gate = cli("gate", review, "--checklists", CHECKLISTS, "--today", TODAY, "--min-answered", "0")
    assert gate.code == 0
    assert (
        "WARNING evidence-demo/pitr is answered met by ana, but its check contradicts it: every "
        "DynamoDB\n      table has point-in-time recovery: infra/app.yaml:18: Audit fails the check"
    ) in gate.out
    (repo / ".orr.toml").write_text("contradicted_blocks = true\n")
    blocked = cli("gate", review, "--checklists", CHECKLISTS, "--today", TODAY)
    assert blocked.code == 1
    assert "NOT READY" in blocked.out  # not INCOMPLETE: the contradicted answer was given


@pytest.mark.browser
def test_markdown_and_html_reports_show_both_sides(
    cli: CliRunner, repo: Path, tmp_path: Path
) -> None:
    review = repo / "ops" / "review.yaml"
    check(cli, review)
    reports = tmp_path / "reports"
    args = ("--checklists", CHECKLISTS, "--today", TODAY, "--output-dir", reports)
    assert cli("report", review, *args, "-f", "md", "-f", "html").code == 0
    markdown = (reports / "orders.md").read_text()
    assert (
        "- ⚠️ evidence-demo/pitr is answered met by ana, but its check contradicts it: every "
        "DynamoDB table has point-in-time recovery: infra/app.yaml:18: Audit fails the check"
    ) in markdown
    with launched_chromium() as browser:
        page = browser.new_page()
        page.goto((reports / "orders.html").as_uri())
        warnings = page.locator("ul.warnings li").all_inner_texts()
    assert (
        "⚠ evidence-demo/pitr is answered met by ana, but its check contradicts it: every "
        "DynamoDB table has point-in-time recovery: infra/app.yaml:18: Audit fails the check"
    ) in warnings


def test_a_check_is_stale_once_a_file_it_looked_at_changes(cli: CliRunner, repo: Path) -> None:
    review = repo / "ops" / "review.yaml"
    check(cli, review)
    args = ("--checklists", CHECKLISTS, "--today", TODAY)
    assert "stale" not in cli("gate", review, *args).out
    template = repo / "infra" / "app.yaml"
    template.write_text(
        template.read_text().replace("BackupRetentionPeriod: 7", "BackupRetentionPeriod: 1")
    )
    out = cli("gate", review, *args).out
    assert (
        "WARNING evidence-demo/pitr: its check is stale: infra/app.yaml changed since 2026-12-01;"
    ) in out
    assert "evidence-demo/tf-pitr: its check is stale" not in out
    check(cli, review)
    assert "stale" not in cli("gate", review, *args).out


def test_orr_review_asks_a_proposed_item_and_confirming_it_keeps_the_records(
    cli: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = repo / "ops" / "review.yaml"
    check(cli, review, "--propose")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdin", io.StringIO("met\nhttps://wiki.example.com/db\n\nquit\n"))
    args = ("--checklists", CHECKLISTS, "--user", "bob", "--no-reports", "--today", TODAY)
    assert cli("review", review, *args).code == 0
    answer = answers(review)["evidence-demo/rds-deletion"]  # the first item left to ask
    assert (answer["status"], answer["answered_by"], "proposed_by" in answer) == (
        "met",
        "bob",
        False,
    )
    assert [r["outcome"] for r in answer["checked"]] == ["pass"]  # type: ignore[union-attr]


def test_an_answer_saved_while_the_checks_ran_is_kept(
    cli: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orr.checks.run as checks_run

    review = repo / "ops" / "review.yaml"
    real = checks_run.run_checks

    def meanwhile(*args: object) -> object:
        found = real(*args)  # type: ignore[arg-type]
        # `orr review` saves an answer while the probes run
        review.write_text(
            set_answer(
                review.read_text(), review, "evidence-demo/rds-deletion", {"status": "unmet"}
            )
        )
        return found

    monkeypatch.setattr(checks_run, "run_checks", meanwhile)
    assert check(cli, review, "--propose")[0] == 0
    saved = answers(review)["evidence-demo/rds-deletion"]  # its check passed: met was proposed
    assert saved["status"] == "unmet" and "proposed_by" not in saved
    assert [r["outcome"] for r in saved["checked"]] == ["pass"]  # type: ignore[union-attr]


def test_a_json_review_stays_json_and_can_be_checked_again(cli: CliRunner, repo: Path) -> None:
    yaml_review = repo / "ops" / "review.yaml"
    data = yaml.safe_load(yaml_review.read_text())
    review = yaml_review.with_suffix(".json")
    review.write_text(json.dumps(data, indent=4, default=str) + "\n")
    yaml_review.unlink()
    assert check(cli, review)[0] == 0
    first = json.loads(review.read_text())  # still JSON, in the file's indentation
    assert review.read_text().startswith('{\n    "')
    assert first["answers"]["evidence-demo/pitr"]["checked"][0]["checked_at"] == TODAY
    assert check(cli, review)[0] == 0  # the file orr wrote reads back
    assert json.loads(review.read_text()) == first


def test_the_review_is_not_evidence_for_its_own_checks(
    cli: CliRunner, repo: Path, tmp_path: Path
) -> None:
    checklists = tmp_path / "checklists"
    checklists.mkdir()
    text = (CHECKLISTS / "evidence-demo.yaml").read_text()
    (checklists / "evidence-demo.yaml").write_text(
        text.replace("files: infra/*.yaml", 'files: "**/*.yaml"')
    )
    review = repo / "ops" / "review.yaml"
    args = ("--checklists", checklists, "--today", TODAY)
    assert cli("check", review, *args).code == 0
    looked_at = answers(review)["evidence-demo/pitr"]["checked"][0]["files"]
    assert "ops/review.yaml" not in looked_at  # type: ignore[operator]
    assert "infra/app.yaml" in looked_at  # type: ignore[operator]
    assert "stale" not in cli("gate", review, *args).out
