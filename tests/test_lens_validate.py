"""`orr lens validate`: every bad lens, as a real file, with the exact message, line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CHECKLISTS, DATA, SHARED, CliRunner

LENS_DATA = DATA / "lens"
LENSES = sorted((SHARED / "lenses").glob("*.json"))

#: Each bad lens and what `orr lens validate` says about it, in order (errors only).
BAD: dict[str, list[str]] = {
    "unknown-choice.json": [
        "20:27: pillars[0].questions[0].riskRules[1].condition: unknown choice 'some_alarm' "
        "(did you mean 'some_alarms'?)",
    ],
    "two-rules-one-level.json": [
        "20:46: pillars[0].questions[0].riskRules[2].risk: a second rule for HIGH_RISK; keep one "
        "rule per risk level",
    ],
    "title-not-string.json": [
        "12:20: pillars[0].questions[0].title: 42 is read as the number 42, not a text: put it "
        'in quotes ("42")',
        "14:43: pillars[0].questions[0].choices[0].title: should be a text, not a list",
        "19:46: pillars[0].questions[0].riskRules[1].risk: 'HIGH' is not one of HIGH_RISK, "
        "MEDIUM_RISK, NO_RISK",
        "29:27: pillars[0].questions[1].riskRules[0].condition: unknown choice 'on_call' "
        "(did you mean 'oncall'?)",
    ],
    "bad-condition.json": [
        "18:41: pillars[0].questions[0].riskRules[0].condition: expected a choice id, found end "
        "of expression",
        "19:39: pillars[0].questions[0].riskRules[1].condition: expected '&&' or '||' before "
        "'alarms_no'",
        "20:27: pillars[0].questions[0].riskRules[2].condition: 'default' must stand alone as "
        "the whole condition",
    ],
    "duplicate-ids.json": [
        "15:20: pillars[0].questions[0].choices[1].id: duplicate choice id 'all_alarms' in this "
        "question",
        "22:13: pillars[1].id: duplicate pillar id 'ops'",
        "26:17: pillars[1].questions[0].id: duplicate question id 'alarms' (also in pillar "
        "'ops'); question ids are unique in a lens",
    ],
    "missing-parts.json": [
        "1:1: missing required field 'name'",
        "5:5: pillars[0]: missing required field 'id'",
        "8:9: pillars[0].questions[0]: missing required field 'title'",
        "12:9: pillars[0].questions[1]: should be an object ({...})",
        "17:15: pillars[1].name: must not be empty",
        "18:20: pillars[1].questions: a pillar needs a question",
    ],
    "over-limits.json": [
        "2:20: schemaVersion: '2020-01-01' is not the lens schema version '2021-11-01'",
        "3:11: name: 131 characters, over the limit of 128",
        "7:13: pillars[0].id: 'ops-pillar' is not a lens id: use 3-128 letters, digits or '_'",
        "11:17: pillars[0].questions[0].id: 'q1' is not a lens id: use 3-128 letters, digits "
        "or '_'",
        "13:65: pillars[0].questions[0].helpfulResource.url: 'ftp://example.com/runbooks' is "
        "not a link: start it with http:// or https://",
        "15:13: pillars[0].questions[0].choices[0]: missing 'improvementPlan': every choice but "
        "\"None of these\" (an id ending in '_no') needs one",
    ],
    "tolerant.json": [
        "19:108: pillars[0].questions[0].choices[0].improvementPlan.url: 'www.example.com' is "
        "not a link: start it with http:// or https://",
        "20:13: pillars[0].questions[0].choices[1]: missing 'improvementPlan': every choice but "
        "\"None of these\" (an id ending in '_no') needs one",
    ],
}
TOLERANT_WARNINGS = [
    "5:3: warning: owner: not part of the lens format; ignored",
    "17:58: warning: pillars[0].questions[0].helpfulResource.Url: read as 'url'; write it in "
    "lower case",
    "22:24: warning: pillars[0].questions[0].riskRules: no 'default' rule: when no condition "
    "holds, the risk is NO_RISK (none)",
    "30:11: warning: pillars[0].questions[1].url: not part of the lens format; ignored",
]


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in LENS_DATA.iterdir()) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_lens_is_reported_exactly(cli: CliRunner, name: str) -> None:
    path = LENS_DATA / name
    run = cli("lens", "validate", path)
    assert run.code == 2
    errors = [line for line in run.err.splitlines() if ": warning: " not in line]
    assert errors == [f"{path}:{message}" for message in BAD[name]]
    assert run.out == ""
    assert "Traceback" not in run.err


def test_tolerated_oddities_are_warnings(cli: CliRunner) -> None:
    path = LENS_DATA / "tolerant.json"
    run = cli("lens", "validate", path)
    warnings = [line for line in run.err.splitlines() if ": warning: " in line]
    assert warnings == [f"{path}:{message}" for message in TOLERANT_WARNINGS]


@pytest.mark.parametrize("lens", LENSES, ids=lambda p: p.stem)
def test_every_published_lens_validates(cli: CliRunner, lens: Path) -> None:
    run = cli("lens", "validate", lens)
    assert run.code == 0, run.err
    assert run.out.startswith(f"{lens}: a valid lens (")


def test_published_lens_oddities_are_warned_about(cli: CliRunner) -> None:
    run = cli("lens", "validate", *LENSES)
    assert run.code == 0
    assert [line.split(": warning: ")[1] for line in run.err.splitlines()] == [
        "pillars[0].questions[1].url: not part of the lens format; ignored",
        "pillars[0].questions[3].choices[1].helpfulResource.Url: read as 'url'; write it in "
        "lower case",
    ]
    assert len(run.out.splitlines()) == len(LENSES)


def test_several_files_report_every_problem_in_one_run(cli: CliRunner) -> None:
    bad = [LENS_DATA / name for name in sorted(BAD)]
    run = cli("lens", "validate", LENSES[0], *bad)
    assert run.code == 2
    errors = [line for line in run.err.splitlines() if ": warning: " not in line]
    assert len(errors) == sum(len(v) for v in BAD.values())
    assert run.out == f"{LENSES[0]}: a valid lens (3 pillars, 48 questions, 111 choices)\n"


def test_a_checklist_is_not_a_lens(cli: CliRunner) -> None:
    path = CHECKLISTS / "zonal-shift.yaml"
    run = cli("lens", "validate", path)
    assert run.code == 2
    assert run.err == (
        f"{path}:1:1: an orr checklist, not a lens; make a lens of it with `orr lens export`\n"
    )


def test_a_lens_over_500_kb_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    question = {
        "title": "Which alarms have runbooks?",
        "description": "x" * 2048,
        "choices": [
            {"id": "all", "title": "Every alarm", "improvementPlan": {"displayText": "Write."}}
        ],
        "riskRules": [{"condition": "default", "risk": "NO_RISK"}],
    }
    pillars = [
        {
            "id": f"pillar_{p}",
            "name": f"Pillar {p}",
            "questions": [{"id": f"q_{p}_{n}", **question} for n in range(20)],
        }
        for p in range(10)
    ]
    lens = {"schemaVersion": "2021-11-01", "name": "Big", "description": "", "pillars": pillars}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(lens, indent=2))
    run = cli("lens", "validate", path)
    assert run.code == 2
    size = path.stat().st_size
    assert run.err == f"{path}: the lens is {size:,} bytes, over the limit of 500,000 (500 KB)\n"


def test_orr_validate_checks_lens_files_in_a_folder(cli: CliRunner) -> None:
    run = cli("validate", LENS_DATA / "unknown-choice.json", SHARED / "lenses")
    assert run.code == 2
    assert run.out.splitlines() == [
        f"{LENS_DATA / 'unknown-choice.json'}:{BAD['unknown-choice.json'][0]}",
        "1 problem in 1 of 9 files (9 lenses)",
    ]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def _mutated(node: Any, path: list[int], value: Any) -> Any:
    """``node`` with the sub-node that ``path`` picks (by position, wrapping) set to ``value``."""
    if not path or not isinstance(node, dict | list) or not node:
        return value
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    key = keys[path[0] % len(keys)]
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[key] = _mutated(node[key], path[1:], value)
    return copy


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.lists(st.integers(0, 20), max_size=8), value=JSON_VALUES)
def test_a_broken_lens_never_crashes(
    cli: CliRunner, tmp_path: Path, path: list[int], value: Any
) -> None:
    lens = json.loads((LENS_DATA / "unknown-choice.json").read_text())
    target = tmp_path / "broken.json"
    target.write_text(json.dumps(_mutated(lens, path, value), indent=2))
    for command in ("validate", "import"):
        run = cli("lens", command, target)
        assert run.code in (0, 2), run.err
        assert "internal error" not in run.err


def test_the_published_lenses_are_present() -> None:
    """The parametrized lens tests above must never silently run on an empty set."""
    assert len(LENSES) == 8
