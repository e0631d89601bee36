"""`orr lens export`: lenses the AWS tool accepts, scoring as orr scores, limits enforced."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orr.catalog import load_checklist
from orr.evaluate import evaluate
from orr.lens.checks import check_lens
from orr.lens.exporter import WA_RISK, export_lens, plain_rules
from orr.loading import Document
from orr.model import Answer, Checklist, Review
from orr.policy import Policy
from tests.conftest import CHECKLISTS, SHARED, CliRunner
from tests.test_lens_scoring import wa_risk

LENSES = sorted((SHARED / "lenses").glob("*.json"))
BUNDLED = sorted(CHECKLISTS.glob("*.yaml"))
PLAIN_CHOICE = {"met": "met", "partial": "partial", "unmet": "unmet_no"}


def _meaning(lens: dict[str, Any]) -> Any:
    """What a lens says, with what the format leaves open (empty urls, missing text) settled."""

    def content(c: dict[str, Any] | None) -> Any:
        url = (c or {}).get("url") or (c or {}).get("Url") or None
        text = (c or {}).get("displayText") or url
        return (text, url) if text else None

    def choice(c: dict[str, Any]) -> Any:
        extra = [
            (a["type"], [content(x) for x in a["content"]])
            for a in c.get("additionalResources", [])
        ]
        return (
            c["id"],
            c["title"],
            c.get("description", ""),
            content(c.get("helpfulResource")),
            content(c.get("improvementPlan")),
            extra,
        )

    def question(q: dict[str, Any]) -> Any:
        return (
            q["id"],
            q["title"],
            q.get("description", ""),
            content(q.get("helpfulResource")),
            [choice(c) for c in q["choices"]],
            [(r["condition"], r["risk"]) for r in q["riskRules"]],
        )

    pillars = [(p["id"], p["name"], [question(q) for q in p["questions"]]) for p in lens["pillars"]]
    return lens["name"], lens.get("description", ""), pillars


@pytest.mark.parametrize("lens", LENSES, ids=lambda p: p.stem)
def test_every_published_lens_round_trips(cli: CliRunner, tmp_path: Path, lens: Path) -> None:
    checklist, exported = tmp_path / "round.yaml", tmp_path / "round.json"
    assert cli("lens", "import", lens, "-o", checklist).code == 0
    run = cli("lens", "export", checklist, "-o", exported)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith(f"wrote {exported}: lens ")
    original = json.loads(lens.read_text(encoding="utf-8-sig"))
    assert _meaning(json.loads(exported.read_text())) == _meaning(original)
    assert cli("lens", "validate", exported).code == 0


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_checklist_exports_to_a_valid_lens(
    cli: CliRunner, tmp_path: Path, path: Path
) -> None:
    # The bundled questions fit the lens limits, so a plain export needs no --fit and
    # changes nothing (refusals and --fit are tested on their own fixtures).
    target = tmp_path / f"{path.stem}.json"
    run = cli("lens", "export", path.stem, "-o", target)
    assert run.code == 0, run.err
    assert "shortened" not in run.err
    assert cli("lens", "validate", target).code == 0
    checklist = load_checklist(path)
    lens = json.loads(target.read_text())
    assert [len(p["questions"]) for p in lens["pillars"]] == [
        len(s.items) for s in checklist.sections
    ]
    questions = [q["title"] for p in lens["pillars"] for q in p["questions"]]
    assert questions == [item.question for _, item in checklist.iter_items()]
    fitted = cli("lens", "export", path.stem, "--fit")
    assert fitted.out == target.read_text()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_exported_plain_items_score_as_orr_scores(path: Path) -> None:
    checklist = load_checklist(path)
    lens = export_lens(checklist, fit=True).lens
    questions = [q for p in lens["pillars"] for q in p["questions"]]
    for status, choice in PLAIN_CHOICE.items():
        answers = {
            f"{checklist.id}/{item.id}": Answer(status=status, evidence=["https://ci.example"])
            for _, item in checklist.iter_items()
        }
        review = Review(service="s", owner="o", checklists=[checklist.id], answers=answers)
        result = evaluate([checklist], review, Policy(), dt.date(2026, 11, 23))
        for outcome, question in zip(result.items, questions, strict=True):
            assert wa_risk(question, {choice}) == WA_RISK[outcome.risk], (outcome.ref, status)


@pytest.mark.parametrize(
    ("risk", "rules"),
    [
        ("high", [("met", "NO_RISK"), ("partial", "MEDIUM_RISK"), ("default", "HIGH_RISK")]),
        ("medium", [("met", "NO_RISK"), ("default", "MEDIUM_RISK")]),
        ("low", [("met || partial", "NO_RISK"), ("default", "MEDIUM_RISK")]),
    ],
)
def test_plain_rules_one_per_level_default_last(risk: str, rules: list[tuple[str, str]]) -> None:
    assert [(r["condition"], r["risk"]) for r in plain_rules(risk)] == rules


CHECKLIST = """\
id: demo
title: Demo
version: 1.0.0
sections:
  - id: ops
    title: Operations
    pillar: operationalExcellence
    items:
      - id: ab
        question: Do alarms page a human within five minutes of a customer-visible error rate,
          at any hour of any day, including weekends and public holidays?
        why: Pages that wait lose customers.
        risk: high
      - id: runbooks
        question: Which alarms have runbooks?
        choices:
          - {id: all-alarms, title: Every alarm, improvement_plan: {text: Write them.}}
          - {id: some-alarms, title: Some alarms}
          - {id: nothing, title: None of these, none_of_these: true}
        risk_rules:
          - {condition: "all-alarms && !nothing", risk: none}
          - {condition: "some-alarms", risk: medium}
          - {condition: default, risk: high}
  - id: more-ops
    title: More operations
    pillar: operationalExcellence
    items:
      - id: a-b-c
        question: Is there an on-call rota?
      - id: a_b_c
        question: Is the rota paid?
"""


def _write(tmp_path: Path, text: str = CHECKLIST) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(text)
    return path


def test_what_does_not_fit_is_an_error_naming_item_and_limit(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path)
    run = cli("lens", "export", path)
    assert run.code == 2
    assert run.err.splitlines() == [
        f"{path}:{message}"
        for message in [
            "9:13: demo/ab: question id 'ab' is not a lens id (3-128 letters, digits or '_'); "
            "rename it or pass --fit",
            "10:19: demo/ab: question is 140 characters, over the lens limit of 128; shorten it "
            "or pass --fit",
            "18:13: demo/runbooks: choice 'some-alarms' has no improvement_plan, which the lens "
            "format requires; add one or pass --fit",
            "19:13: demo/runbooks: choice 'nothing' has no improvement_plan, which the lens "
            "format requires (or an id ending in '_no', for \"None of these\"); add one or pass "
            "--fit",
            "30:13: demo/a_b_c: question id 'a_b_c' is already the lens id of another question; "
            "rename it or pass --fit",
        ]
    ]


def test_fit_shortens_and_renames_with_a_warning_for_each_change(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = _write(tmp_path)
    run = cli("lens", "export", path, "--fit")
    assert run.code == 0
    assert run.err.splitlines() == [
        f"{path}:{message}"
        for message in [
            "9:13: warning: demo/ab: question id 'ab' is not a lens id (3-128 letters, digits or "
            "'_'): renamed 'ab_id'",
            "10:19: warning: demo/ab: question shortened to 124 characters (from 140)",
            "18:13: warning: demo/runbooks: choice 'some-alarms' has no improvement_plan, which "
            "the lens format requires: its title is used as the plan",
            "19:13: warning: demo/runbooks: choice 'nothing' has no improvement_plan, which the "
            "lens format requires except on \"None of these\": id 'nothing' renamed 'nothing_no'",
            "30:13: warning: demo/a_b_c: question id 'a_b_c' is already the lens id of another "
            "question: renamed 'a_b_c_2'",
        ]
    ]
    lens = json.loads(run.out)
    ops, more = lens["pillars"]
    assert (ops["id"], more["id"]) == ("ops", "more_ops")  # the pillar is shared: section ids
    ab, runbooks = ops["questions"]
    assert ab["title"].endswith("…") and len(ab["title"]) <= 128
    assert ab["description"] == (
        "Do alarms page a human within five minutes of a customer-visible error rate, at any "
        "hour of any day, including weekends and public holidays?\n\nPages that wait lose "
        "customers."
    )
    assert [c["id"] for c in runbooks["choices"]] == ["all_alarms", "some_alarms", "nothing_no"]
    assert runbooks["choices"][1]["improvementPlan"] == {"displayText": "Some alarms"}
    assert runbooks["riskRules"] == [
        {"condition": "all_alarms && !nothing_no", "risk": "NO_RISK"},
        {"condition": "some_alarms", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"},
    ]
    assert [q["id"] for q in more["questions"]] == ["a_b_c", "a_b_c_2"]
    document = Document(path.with_suffix(".json"), run.out, lens)
    assert check_lens(document, limits=True).errors == []


def test_a_pillar_of_its_own_keeps_the_framework_pillar_id(cli: CliRunner) -> None:
    run = cli("lens", "export", "serverless-security", "--fit")
    lens = json.loads(run.out)
    assert [p["id"] for p in lens["pillars"]] == [
        "permissions",
        "secrets_data",
        "network",
    ]
    run = cli("lens", "export", "incremental-deploy", "--fit")
    assert [p["id"] for p in json.loads(run.out)["pillars"]] == [
        "code",
        "reliability",
        "compatibility",
    ]


def _checklist(sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": "big", "title": "Big", "version": "1.0.0", "sections": sections}


def _section(n: int, items: int) -> dict[str, Any]:
    return {
        "id": f"section-{n}",
        "title": f"Section {n}",
        "items": [{"id": f"item-{n}-{i}", "question": f"Question {i}?"} for i in range(items)],
    }


def test_a_section_over_20_items_is_split_only_with_fit(cli: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, yaml.safe_dump(_checklist([_section(1, 21)])))
    run = cli("lens", "export", path)
    assert run.code == 2
    assert run.err == (
        f"{path}:5:3: big, section 'section-1': 21 items, over the lens limit of 20 questions "
        "per pillar; split the section or pass --fit\n"
    )
    run = cli("lens", "export", path, "--fit")
    assert run.code == 0
    assert run.err == (
        f"{path}:3:7: warning: big, section 'section-1': items 21-21 moved to pillar "
        "'section_1_2' ('Section 1 (2)'): a pillar holds at most 20 questions\n"
    )
    lens = json.loads(run.out)
    assert [(p["id"], len(p["questions"])) for p in lens["pillars"]] == [
        ("section_1", 20),
        ("section_1_2", 1),
    ]


def test_over_10_sections_is_an_error_even_with_fit(cli: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, yaml.safe_dump(_checklist([_section(n, 1) for n in range(11)])))
    run = cli("lens", "export", path, "--fit")
    assert run.code == 2
    assert run.err == (
        f"{path}:3:1: big: 11 pillars (one per section), over the lens limit of 10; split the "
        "checklist\n"
    )


def test_export_is_deterministic(cli: CliRunner) -> None:
    first = cli("lens", "export", "zonal-shift", "--fit").out
    assert first == cli("lens", "export", "zonal-shift", "--fit").out
    assert first.endswith("}\n")
    assert first.startswith('{\n  "schemaVersion": "2021-11-01",\n  "name": "Availability Zone')
    assert first == json.dumps(json.loads(first), indent=2, ensure_ascii=False) + "\n"


def test_orr_only_fields_are_named_once(cli: CliRunner) -> None:
    run = cli("lens", "export", "incremental-deploy", "--fit")
    path = CHECKLISTS / "incremental-deploy.yaml"
    assert f"{path}: warning: incremental-deploy: the lens format has no place for " in run.err


def test_an_unknown_checklist_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("lens", "export", "incremental-deplo")
    assert run.code == 2
    assert run.err == (
        "orr lens export: no checklist file or id 'incremental-deplo' (did you mean "
        "'incremental-deploy'?); see `orr list`\n"
    )


@st.composite
def _plain_checklist(draw: st.DrawFn) -> Checklist:
    words = st.text("abcdefghij -", min_size=1, max_size=300).map(str.strip).filter(bool)
    sections = []
    for s in range(draw(st.integers(1, 4))):
        items = [
            {
                "id": f"item-{s}-{i}",
                "question": draw(words),
                "why": draw(st.text("xyz \n", max_size=2500)),
                "guidance": draw(st.text("uvw \n", max_size=300)),
                "risk": draw(st.sampled_from(["high", "medium", "low"])),
            }
            for i in range(draw(st.integers(1, 25)))
        ]
        sections.append({"id": f"s-{s}", "title": draw(words), "items": items})
    return Checklist.model_validate(
        {"id": "any", "title": draw(words), "version": "1.0.0", "sections": sections}
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checklist=_plain_checklist())
def test_any_plain_checklist_fits_and_scores_as_orr(checklist: Checklist) -> None:
    exported = export_lens(checklist, fit=True)
    assert exported.violations == []
    document = Document(Path("any.json"), exported.text, exported.lens)
    assert check_lens(document, limits=True).errors == []
    questions = {q["id"]: q for p in exported.lens["pillars"] for q in p["questions"]}
    for _, item in checklist.iter_items():
        question = questions[item.id.replace("-", "_")]
        lower = {"high": "medium", "medium": "low", "low": "none"}[item.risk]
        for status, risk in (("met", "none"), ("partial", lower), ("unmet", item.risk)):
            assert wa_risk(question, {PLAIN_CHOICE[status]}) == WA_RISK[risk]
