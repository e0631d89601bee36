"""Bad checks, templates and scanner results: one located line each, exit 2, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, CliRunner

FIXTURE = DATA / "checks"
INVALID = FIXTURE / "invalid"
CHECKLISTS = FIXTURE / "checklists"


def test_every_mistake_in_a_checklist_s_checks_is_located(cli: CliRunner) -> None:
    run = cli("validate", INVALID / "bad-checks.yaml")
    path = INVALID / "bad-checks.yaml"
    assert run.code == 2
    assert run.out.splitlines() == [
        f"{path}:12:33: sections[0].items[0].checks[0].query: not a valid JMESPath expression: "
        "unexpected '[?'",
        f"{path}:17:20: sections[0].items[1].checks[0].files[0]: '../secrets/*.pem' would leave "
        "the repository ('..'); write the glob from its top level",
        f"{path}:19:35: sections[0].items[1].checks[1].files[1]: '/etc/passwd' is not inside the "
        "repository: write the glob relative to its top level",
        f"{path}:24:23: sections[0].items[2].checks[0].contains: not a valid regular expression: "
        "missing ), unterminated subpattern",
        f"{path}:29:13: sections[0].items[3].checks[0]: unknown field 'tilte' (did you mean "
        "'title'?)",
        f"{path}:30:13: sections[0].items[3].checks[1]: missing required field 'files'",
        f"{path}:30:13: sections[0].items[3].checks[1]: unknown field 'glob'",
        "7 problems in 1 of 1 file (1 checklist)",
    ]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "orders"
    shutil.copytree(FIXTURE / "repo", root)
    (root / ".git").mkdir()
    return root


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "malformed-template.yaml",
            "5:1: not valid YAML: did not find expected ',' or '}'; fix the file or leave it "
            "out of the check's glob",
        ),
        (
            "python-tag-template.yaml",
            "2:11: the tag !!python/object/apply:os.system is not allowed: templates are read as "
            "plain data; fix the file or leave it out of the check's glob",
        ),
    ],
)
def test_a_template_that_cannot_be_read_is_a_located_error(
    cli: CliRunner, repo: Path, template: str, message: str
) -> None:
    bad = repo / "infra" / "bad.yaml"
    shutil.copy(INVALID / template, bad)
    review = repo / "ops" / "review.yaml"
    before = review.read_bytes()
    run = cli("check", review, "--checklists", CHECKLISTS)
    assert (run.code, run.out, run.err) == (2, "", f"{bad.resolve()}:{message}\n")
    assert review.read_bytes() == before


@pytest.mark.parametrize(
    ("results", "message"),
    [
        ("sarif-without-tool.sarif", ":4:5: runs[0]: missing required field 'tool'"),
        (
            "checkov-without-id.json",
            ":1:64: results.failed_checks[0]: missing required field 'check_id'",
        ),
        (
            "truncated.json",
            ":2:1: not valid JSON: Expecting value; the file ends before every { and [ is closed",
        ),
        (
            "not-results.json",
            ":1:1: is neither checkov JSON (`checkov -o json`) nor a SARIF 2.1.0 log; give "
            "--scanner-results one of those",
        ),
        ("missing.json", ": no such file"),
    ],
)
def test_a_results_file_that_cannot_be_read_is_a_located_error(
    cli: CliRunner, repo: Path, results: str, message: str
) -> None:
    review = repo / "ops" / "review.yaml"
    before = review.read_bytes()
    run = cli("check", review, "--checklists", CHECKLISTS, "--scanner-results", INVALID / results)
    assert (run.code, run.err) == (2, f"{INVALID / results}{message}\n")
    assert review.read_bytes() == before


def test_repo_must_be_a_folder(cli: CliRunner, repo: Path, tmp_path: Path) -> None:
    run = cli(
        "check",
        repo / "ops" / "review.yaml",
        "--checklists",
        CHECKLISTS,
        "--repo",
        tmp_path / "nope",
    )
    assert (run.code, run.err) == (
        2,
        f"{tmp_path / 'nope'}: is not a folder: give --repo the repository's top level\n",
    )
