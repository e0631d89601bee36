"""checkov run for real on the sample templates, its JSON and SARIF fed to `orr check`.

One checkov run per folder (the passing and the failing template of the backup item), both at
once: most of checkov's half a minute is its start-up.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, CliRunner

pytestmark = pytest.mark.slow

ITEM = DATA / "iac" / "resilience" / "restore-tested"
CHECKOV = Path(sys.executable).with_name("checkov")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """checkov's JSON and SARIF for the pass and the fail folder, as checkov writes them."""
    assert CHECKOV.is_file(), "checkov is a test dependency: `make .venv/.installed` installs it"
    out = tmp_path_factory.mktemp("checkov")
    runs = {}
    for kind in ("pass", "fail"):
        command = [
            str(CHECKOV),
            *("-d", ".", "--framework", "cloudformation"),  # paths relative to the folder
            *("-o", "json", "-o", "sarif", "--output-file-path", str(out / kind)),
            "--skip-download",
        ]
        runs[kind] = subprocess.Popen(
            command, cwd=ITEM / kind, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
    for process in runs.values():
        _, err = process.communicate(timeout=600)
        assert process.returncode in (0, 1), err  # 1: checkov found failed checks
    yield {
        f"{kind}.{fmt}": out / kind / name
        for kind in ("pass", "fail")
        for fmt, name in (("json", "results_json.json"), ("sarif", "results_sarif.sarif"))
    }


REVIEW = """\
service: orders
owner: team-orders
checklists:
  - resilience
answers:
  resilience/restore-tested:
    status: met
    answered_by: ana
"""


def check(cli: CliRunner, tmp_path: Path, kind: str, *scans: Path) -> dict[str, object]:
    repo = tmp_path / kind
    shutil.copytree(ITEM / kind, repo)
    review = repo / "review.yaml"
    review.write_text(REVIEW)
    args = [a for scan in scans for a in ("--scanner-results", scan)]
    run = cli("check", review, "--repo", repo, "--today", "2026-12-01", *args)
    assert (run.code, run.err) == (0, ""), run.out
    recorded = yaml.safe_load(review.read_text())["answers"]["resilience/restore-tested"]
    return {r["check"]: r for r in recorded["checked"]}


def test_checkov_json_fails_the_table_without_point_in_time_recovery(
    cli: CliRunner, tmp_path: Path, results: dict[str, Path]
) -> None:
    records = check(cli, tmp_path, "fail", results["fail.json"])
    scanner = records["scanner CKV_AWS_28"]
    assert scanner["outcome"] == "fail"  # type: ignore[index]
    assert scanner["failed"] == [  # type: ignore[index]
        "template.yaml:3: AWS::DynamoDB::Table.Orders: CKV_AWS_28 failed"
    ]


def test_checkov_sarif_fails_it_too(
    cli: CliRunner, tmp_path: Path, results: dict[str, Path]
) -> None:
    records = check(cli, tmp_path, "fail", results["fail.sarif"])
    scanner = records["scanner CKV_AWS_28"]
    assert (scanner["outcome"], scanner["failed"]) == (  # type: ignore[index]
        "fail",
        ["template.yaml:3: CKV_AWS_28 failed"],
    )


def test_checkov_json_and_sarif_pass_the_table_with_it(
    cli: CliRunner, tmp_path: Path, results: dict[str, Path]
) -> None:
    records = check(cli, tmp_path, "pass", results["pass.json"], results["pass.sarif"])
    assert {name: r["outcome"] for name, r in records.items()} == {  # type: ignore[index]
        "every DynamoDB table has point-in-time recovery to restore from": "pass",
        "every RDS database keeps automated backups to restore from (retention of a day or more)": (
            "pass"
        ),
        "scanner CKV_AWS_28": "pass",
    }


def test_the_gate_reports_the_answer_the_scanner_contradicts(
    cli: CliRunner, tmp_path: Path, results: dict[str, Path]
) -> None:
    check(cli, tmp_path, "fail", results["fail.json"])
    gate = cli("gate", tmp_path / "fail" / "review.yaml", "--today", "2026-12-01")
    assert "resilience/restore-tested is answered met by ana, but its check contradicts it" in (
        gate.out
    )
