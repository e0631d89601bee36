"""validate, list, init and schema, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from orr.catalog import load_review
from orr.commands.options import make_catalog
from tests.conftest import CHECKLISTS, DATA, EXAMPLES, ROOT, CliRunner


def test_version_and_help(cli: CliRunner) -> None:
    assert cli("--version").out.startswith("orr, version ")
    run = cli("--help")
    assert run.code == 0
    for command in ("validate", "list", "init", "schema", "gate"):
        assert f"  {command} " in run.out


def test_unknown_command_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("frobnicate")
    assert run.code == 2
    assert "No such command 'frobnicate'" in run.err


def test_validate_bundled_checklists_and_examples(cli: CliRunner) -> None:
    run = cli("validate", CHECKLISTS, EXAMPLES)
    assert run.code == 0, run.out
    n = len(list(CHECKLISTS.glob("*.yaml")))
    assert run.out == f"{n + 2} files valid ({n} checklists, 2 reviews)\n"


def test_validate_uses_checklists_given_on_the_command_line(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "id: mine\ntitle: Mine\nversion: 0.1.0\nsections:\n  - id: s\n    title: S\n"
        "    items:\n      - id: q\n        question: Is it so?\n"
    )
    (tmp_path / "review.yaml").write_text(
        "service: s\nowner: o\nchecklists: [mine]\nanswers:\n  mine/q: {status: met}\n"
    )
    assert cli("validate", tmp_path).out == "2 files valid (1 checklist, 1 review)\n"


def test_list_text_and_json(cli: CliRunner) -> None:
    text = cli("list")
    assert text.code == 0
    assert text.out.splitlines()[0].split() == ["ID", "VERSION", "ITEMS", "TITLE"]
    assert any(line.startswith("zonal-shift ") for line in text.out.splitlines())
    data = json.loads(cli("list", "--format", "json").out)
    ids = [c["id"] for c in data]
    assert ids == sorted(ids)
    deploy = next(c for c in data if c["id"] == "incremental-deploy")
    one_box = next(i for i in deploy["items"] if i["ref"] == "incremental-deploy/one-box")
    assert one_box == {
        "ref": "incremental-deploy/one-box",
        "section": one_box["section"],
        "risk": "high",
        "mandatory": True,
    }


def test_list_sees_extra_folders_first(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override = (CHECKLISTS / "zonal-shift.yaml").read_text().replace("title: ", "title: Local ", 1)
    (tmp_path / "zonal-shift.yaml").write_text(override)
    monkeypatch.setenv("ORR_CHECKLISTS", str(tmp_path))
    data = json.loads(cli("list", "--format", "json").out)
    zonal = next(c for c in data if c["id"] == "zonal-shift")
    assert zonal["title"].startswith("Local ") and zonal["path"] == str(
        tmp_path / "zonal-shift.yaml"
    )


def test_init_writes_a_review_that_validates(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "reviews" / "checkout.yaml"
    run = cli(
        "init",
        "--service",
        "checkout",
        "--owner",
        "payments",
        "--checklist",
        "incremental-deploy",
        "--checklist",
        "zonal-shift",
        "-o",
        target,
    )
    assert (run.code, run.out) == (0, f"wrote {target}\n")
    text = target.read_text()
    assert "# Does every production deployment start on one host" in text
    assert "  # multi_az: " in text  # context keys used by applies_when are suggested
    loaded = load_review(target, make_catalog())
    assert not any(a.answered for a in loaded.review.answers.values())
    n_items = sum(len(c.items_by_id) for c in loaded.checklists.values())
    assert len(loaded.review.answers) == n_items
    assert (
        cli("init", "--service", "checkout", "--checklist", "zonal-shift", "-o", target).code == 2
    )  # never overwrites without --force


def test_init_rejects_an_unknown_checklist(cli: CliRunner) -> None:
    run = cli("init", "--service", "x", "--checklist", "zonal-shfit", "-o", "-")
    assert (run.code, run.err) == (
        2,
        "orr init: no checklist 'zonal-shfit' (did you mean 'zonal-shift'?); see `orr list`\n",
    )


@pytest.mark.parametrize("kind", ["checklist", "review", "baseline", "overlay", "result"])
def test_shipped_schemas_are_current(cli: CliRunner, kind: str) -> None:
    shipped = ROOT / "schemas" / ("result-v1.json" if kind == "result" else f"{kind}.json")
    assert json.loads(cli("schema", kind).out) == json.loads(shipped.read_text()), (
        f"run `orr schema {kind} > {shipped.relative_to(ROOT)}`"
    )


def test_schemas_accept_the_bundled_files_and_reject_bad_ones(cli: CliRunner) -> None:
    checklist_schema = json.loads(cli("schema", "checklist").out)
    review_schema = json.loads(cli("schema", "review").out)
    for path in CHECKLISTS.glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text()), checklist_schema)
    for path in EXAMPLES.glob("*.yaml"):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, review_schema)
    bad = yaml.safe_load((DATA / "invalid" / "unknown-field.yaml").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, review_schema)


def test_python_m_orr_runs() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "orr", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("orr, version")


def test_internal_errors_exit_3_without_a_traceback(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orr.inputs

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(orr.inputs, "validate_paths", boom)
    monkeypatch.setattr("orr.commands.validate.validate_paths", boom)
    run = cli("validate", EXAMPLES)
    assert run.code == 3
    assert run.err.startswith("orr: internal error (RuntimeError: kaboom). This is a bug in orr")
    assert "Traceback" not in run.err
