"""`orr gate`: exit codes, the summary, machine outputs validated against their real schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from tests.conftest import EXAMPLES, ROOT, SHARED, CliRunner

READY = EXAMPLES / "checkout-api.yaml"
NOT_READY = EXAMPLES / "ledger-worker.yaml"
TODAY = ("--today", "2026-11-23")


def test_ready_review_exits_0(cli: CliRunner) -> None:
    run = cli("gate", READY, *TODAY)
    assert run.code == 0
    assert run.out.splitlines()[0].startswith("checkout-api: READY  score ")


def test_not_ready_review_exits_1_with_blockers_and_their_fix(cli: CliRunner) -> None:
    run = cli("gate", NOT_READY, *TODAY)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith("ledger-worker: NOT READY  score ")
    assert lines[1] == "  6 reasons it is not ready:"
    assert lines[2].startswith(
        "  BLOCKER event-driven/idempotent-consumers is mandatory and partial"
    )
    assert any(line.strip().startswith("fix: ") for line in lines)
    assert "waiver expired on 2026-09-30 (54 days ago)" in " ".join(run.out.split())


def test_several_reviews_fail_if_any_is_not_ready(cli: CliRunner) -> None:
    run = cli("gate", READY, NOT_READY, *TODAY)
    assert run.code == 1
    assert run.out.splitlines()[-1] == (
        "reviews: 1 ready, 1 not ready, 0 incomplete; blockers: 5; waivers expiring: 0"
    )


def test_invalid_review_exits_2_with_the_location(cli: CliRunner) -> None:
    bad = ROOT / "tests" / "data" / "invalid" / "bad-status.yaml"
    run = cli("gate", READY, bad, *TODAY)
    assert run.code == 2
    assert run.err.splitlines()[0] == (
        f"{bad}:6:13: answers.incremental-deploy/one-box.status: 'done' is not one of met, "
        "partial, unmet, n/a"
    )


def test_bad_today_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("gate", READY, "--today", "23/11/2026")
    assert (run.code, run.err) == (
        2,
        "--today '23/11/2026' is not a date; write it as YYYY-MM-DD\n",
    )


def test_source_date_epoch_sets_the_day(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22T00:00:00Z
    cli("gate", READY, "--json", tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text())["evaluated_on"] == "2026-11-22"


def test_outputs_are_valid_and_deterministic(cli: CliRunner, tmp_path: Path) -> None:
    outputs = {}
    for n in (1, 2):
        paths = {k: tmp_path / f"{n}.{k}" for k in ("json", "junit", "sarif")}
        cli(
            "gate",
            READY,
            NOT_READY,
            *TODAY,
            "--json",
            paths["json"],
            "--junit",
            paths["junit"],
            "--sarif",
            paths["sarif"],
        )
        outputs[n] = {k: p.read_bytes() for k, p in paths.items()}
    assert outputs[1] == outputs[2]

    junit = xmlschema.XMLSchema(SHARED / "schemas" / "junit-10.xsd")
    junit.validate(str(tmp_path / "1.junit"))

    sarif_schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    sarif = json.loads(outputs[1]["sarif"])
    jsonschema.validators.validator_for(sarif_schema)(sarif_schema).validate(sarif)
    assert [run["automationDetails"]["id"] for run in sarif["runs"]] == [
        "orr/checkout-api/",
        "orr/ledger-worker/",
    ]

    result_schema = json.loads((ROOT / "schemas" / "result-v1.json").read_text())
    for result in json.loads(outputs[1]["json"]):
        jsonschema.Draft202012Validator(result_schema).validate(result)
        assert result["schema"] == "orr.result/v1"


def test_junit_failures_are_the_blocking_items(cli: CliRunner, tmp_path: Path) -> None:
    cli("gate", NOT_READY, *TODAY, "--junit", tmp_path / "j.xml", "--json", tmp_path / "r.json")
    data = xmlschema.XMLSchema(SHARED / "schemas" / "junit-10.xsd").to_dict(str(tmp_path / "j.xml"))
    failed = {
        case["@name"].split(":")[0]
        for suite in data["testsuite"]
        if not suite["@name"].endswith("/gate")
        for case in suite["testcase"]
        if "failure" in case
    }
    result = json.loads((tmp_path / "r.json").read_text())
    assert failed == {i["item"] for i in result["items"] if i["blocking"]}
    skipped = sum(
        1 for suite in data["testsuite"] for case in suite["testcase"] if "skipped" in case
    )
    assert skipped == result["counts"]["na"]


def test_sarif_points_at_the_answer_lines(cli: CliRunner, tmp_path: Path) -> None:
    cli("gate", NOT_READY, *TODAY, "--sarif", tmp_path / "s.sarif")
    run = json.loads((tmp_path / "s.sarif").read_text())["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    text = NOT_READY.read_text().splitlines()
    one_box = by_rule["incremental-deploy/one-box"]
    line = one_box["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert text[line - 1].strip() == "incremental-deploy/one-box:"
    assert one_box["level"] == "warning"  # partial lowers high to medium
    unanswered = by_rule["resilience/restore-tested"]
    assert unanswered["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert (
        run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"]
        == (run["results"][0]["ruleId"])
    )


def test_github_annotations_and_step_summary(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(ROOT)
    run = cli("gate", "examples/ledger-worker.yaml", *TODAY, "--github")
    errors = [line for line in run.out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 6
    assert errors[0].startswith(
        "::error file=examples/ledger-worker.yaml,line=12,"
        "title=orr ledger-worker%3A event-driven/idempotent-consumers::"
        "event-driven/idempotent-consumers is mandatory and partial"
    )
    unanswered = [e for e in errors if "resilience/restore-tested" in e.split("::")[1]]
    assert unanswered[0].startswith("::error file=examples/ledger-worker.yaml,title=")
    text = summary.read_text()
    assert text.startswith("earlier step\n")
    assert "NOT READY" in text


def test_policy_file_is_discovered_and_flags_override_it(cli: CliRunner, tmp_path: Path) -> None:
    review = tmp_path / "svc" / "review.yaml"
    review.parent.mkdir()
    review.write_text(READY.read_text())
    (tmp_path / "pyproject.toml").write_text("[tool.orr]\nmin_score = 99.5\n")
    run = cli("gate", review, *TODAY)
    assert run.code == 1
    assert "below the policy minimum 99.5" in run.out
    assert cli("gate", review, *TODAY, "--min-score", "10").code == 0
    (review.parent / ".orr.toml").write_text("max_high_risks = 0\nmin_score = 10\n")
    assert cli("gate", review, *TODAY).code == 0  # the nearer .orr.toml wins


def test_invalid_policy_is_reported(cli: CliRunner, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("min_score = 'high'\nunknown = 1\n")
    run = cli("gate", READY, *TODAY, "--policy", policy)
    assert run.code == 2
    assert run.err.splitlines() == [
        f"{policy}:1:1: min_score: should be a number, not 'high'",
        f"{policy}:2:1: unknown setting 'unknown'",
    ]


@pytest.mark.parametrize("command", ["gate", "report", "portfolio"])
def test_a_missing_policy_file_is_an_input_error(
    cli: CliRunner, command: str, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.toml"
    extra = ["-o", str(tmp_path / "out.md")] if command != "gate" else []
    run = cli(command, READY, *TODAY, "--policy", missing, *extra)
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        f"Error: Invalid value for '--policy': File '{missing}' does not exist."
    )


def test_a_policy_file_that_vanishes_is_an_input_error(tmp_path: Path) -> None:
    from orr.errors import InputError
    from orr.policy import load_policy

    with pytest.raises(InputError) as caught:
        load_policy(tmp_path / "gone.toml")
    assert str(caught.value) == f"{tmp_path / 'gone.toml'}: no such policy file"
