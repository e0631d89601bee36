"""`orr lens import`: tolerant of what real lens files contain, strict about meaning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from orr.catalog import load_checklist
from orr.lens.importer import slug, version_of
from orr.model import Checklist
from tests.conftest import DATA, SHARED, CliRunner
from tests.test_lens_validate import BAD

LENS_DATA = DATA / "lens"
LENSES = sorted((SHARED / "lenses").glob("*.json"))
#: Fixtures whose errors break meaning: import refuses them with the same messages.
MEANING = [
    "unknown-choice.json",
    "two-rules-one-level.json",
    "title-not-string.json",
    "bad-condition.json",
    "duplicate-ids.json",
    "missing-parts.json",
]


@pytest.mark.parametrize("lens", LENSES, ids=lambda p: p.stem)
def test_every_published_lens_imports_as_a_valid_checklist(
    cli: CliRunner, tmp_path: Path, lens: Path
) -> None:
    target = tmp_path / "imported.yaml"
    run = cli("lens", "import", lens, "-o", target)
    assert run.code == 0, run.err
    data = json.loads(lens.read_text(encoding="utf-8-sig"))
    checklist = load_checklist(target)
    questions = [q for p in data["pillars"] for q in p["questions"]]
    assert run.out == (
        f"wrote {target}: checklist 'imported': {_n(len(data['pillars']), 'section')}, "
        f"{_n(len(questions), 'item')}\n"
    )
    assert checklist.id == "imported"
    assert checklist.title == data["name"]
    assert [(s.id, s.title, s.pillar) for s in checklist.sections] == [
        (p["id"], p["name"], p["id"]) for p in data["pillars"]
    ]
    for question in questions:
        item = checklist.items_by_id[question["id"]]
        assert item.question == question["title"]
        assert [c.id for c in item.choices] == [c["id"] for c in question["choices"]]
        assert [r.condition for r in item.risk_rules] == [
            r["condition"] for r in question["riskRules"]
        ]
    assert cli("validate", target).code == 0


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def test_import_writes_yaml_to_stdout_by_default(cli: CliRunner) -> None:
    run = cli("lens", "import", LENSES[0])
    assert run.code == 0
    assert run.out.startswith("# Imported by `orr lens import` from ")
    checklist = Checklist.model_validate(yaml.safe_load(run.out))
    assert checklist.id == "aws-operational-readiness-review"
    assert run.err == ""


def test_import_output_is_deterministic(cli: CliRunner) -> None:
    assert cli("lens", "import", LENSES[2]).out == cli("lens", "import", LENSES[2]).out


@pytest.mark.parametrize("name", MEANING)
def test_import_refuses_what_breaks_meaning(cli: CliRunner, name: str) -> None:
    path = LENS_DATA / name
    run = cli("lens", "import", path)
    assert run.code == 2
    errors = [line for line in run.err.splitlines() if ": warning: " not in line]
    assert errors == [f"{path}:{message}" for message in BAD[name]]
    assert run.out == ""


def test_import_tolerates_what_real_files_contain(cli: CliRunner, tmp_path: Path) -> None:
    path = LENS_DATA / "tolerant.json"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a byte-order mark
    target = tmp_path / "tolerant.yaml"
    run = cli("lens", "import", path, "-o", target)
    assert run.code == 0
    assert run.err.splitlines() == [
        f"{path}:{message}"
        for message in [
            "5:3: warning: owner: not part of the lens format; ignored",
            "10:13: warning: pillars[0].id: '_ops' renamed 'id_ops': orr ids start with a "
            "letter or digit",
            "19:108: warning: pillars[0].questions[0].choices[0].improvementPlan.url: "
            "'www.example.com' is not an http(s) link; left out",
            "22:24: warning: pillars[0].questions[0].riskRules: no 'default' rule: when no "
            "condition holds, the risk is NO_RISK (none)",
            "30:11: warning: pillars[0].questions[1].url: not part of the lens format; ignored",
            "33:20: warning: pillars[0].questions[1].choices[1].id: '_pager' renamed 'id_pager': "
            "orr ids start with a letter or digit",
        ]
    ]
    checklist = load_checklist(target)
    assert (checklist.id, checklist.version) == ("tolerant", "2.1")
    section = checklist.sections[0]
    assert (section.id, section.pillar) == ("id_ops", "_ops")
    alarms, paging = section.items
    assert alarms.helpful_resource is not None
    assert alarms.helpful_resource.url == "https://example.com/runbooks"  # from `Url`
    assert [(r.title, r.url) for r in alarms.references] == [
        ("Runbooks", "https://example.com/runbooks")
    ]
    assert [c.none_of_these for c in alarms.choices] == [False, True]  # by its title
    assert alarms.choices[0].improvement_plan is not None
    assert alarms.choices[0].improvement_plan.url is None
    assert (alarms.risk, paging.risk) == ("high", "medium")
    assert [c.id for c in paging.choices] == ["all", "id_pager"]  # 'all' in both questions
    assert paging.risk_rules[0].condition == "all || id_pager"


def test_limits_do_not_stop_an_import(cli: CliRunner) -> None:
    run = cli("lens", "import", LENS_DATA / "over-limits.json")
    assert run.code == 0
    assert "'ftp://example.com/runbooks' is not an http(s) link; left out" in run.err
    checklist = Checklist.model_validate(yaml.safe_load(run.out))
    assert [s.id for s in checklist.sections] == ["ops-pillar"]


def test_an_id_orr_cannot_take_is_an_error(cli: CliRunner, tmp_path: Path) -> None:
    lens = json.loads((LENS_DATA / "unknown-choice.json").read_text())
    question = lens["pillars"][0]["questions"][0]
    question["id"] = "alarms.runbooks"
    question["riskRules"][1]["condition"] = "some_alarms"
    path = tmp_path / "dotted.json"
    path.write_text(json.dumps(lens, indent=2))
    run = cli("lens", "import", path)
    assert run.code == 2
    assert run.err == (
        f"{path}:11:17: pillars[0].questions[0].id: 'alarms.runbooks' cannot be an orr id: use "
        "1-128 letters, digits, '-' or '_', starting with a letter or digit\n"
    )


def test_the_output_file_name_is_the_checklist_id(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("lens", "import", LENSES[0], "-o", tmp_path / "my lens.yaml")
    assert run.code == 2
    assert run.err == (
        "orr lens import: 'my lens.yaml' cannot name a checklist: its name is the checklist "
        "id, so use letters, digits, '-' or '_'\n"
    )


def test_an_existing_file_is_kept_without_force(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "orr.yaml"
    target.write_text("keep me")
    run = cli("lens", "import", LENSES[0], "-o", target)
    assert (run.code, target.read_text()) == (2, "keep me")
    assert run.err == f"orr lens: {target} exists; choose another -o or pass --force\n"
    assert cli("lens", "import", LENSES[0], "-o", target, "--force").code == 0
    assert load_checklist(target).id == "orr"


def test_a_missing_file_is_a_clean_error(cli: CliRunner) -> None:
    run = cli("lens", "import", LENS_DATA / "nope.json")
    assert run.code == 2
    assert run.err == f"{LENS_DATA / 'nope.json'}: no such file\n"


@pytest.mark.parametrize(
    ("value", "version"),
    [("v3.1.0", "3.1.0"), ("0.1", "0.1"), ("1.0", "1.0"), ("latest", "1.0.0"), (None, "1.0.0")],
)
def test_version_comes_from_underscore_version_when_it_reads_as_one(
    value: object, version: str
) -> None:
    assert version_of(value) == version


@pytest.mark.parametrize(
    ("name", "checklist_id"),
    [
        (
            "Custom Lens - Amazon API Gateway & AWS Lambda Integration",
            "custom-lens-amazon-api-gateway-aws-lambda-integration",
        ),
        ("  ", "lens"),
        ("Généré — 2024", "genere-2024"),
    ],
)
def test_checklist_id_is_a_slug_of_the_lens_name(name: str, checklist_id: str) -> None:
    assert slug(name) == checklist_id
