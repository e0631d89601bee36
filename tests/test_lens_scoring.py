"""A review of an imported lens scores exactly as the AWS Well-Architected tool would.

The oracle below reads the original lens JSON and evaluates its condition strings itself; it
shares no code with ``orr.expr`` or ``orr.lens``. The AWS tool's rules, as LENS-FORMAT.md states
them: rules in order, the first true one gives the risk, ``default`` is true, no choice selected
is UNANSWERED, a choice marked not applicable is neutral (a term of ``&&`` or ``||`` it makes no
difference to), and a question where no rule holds has no risk (orr's documented choice).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Collection, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orr.evaluate import choice_risk, evaluate
from orr.lens.importer import import_lens
from orr.loading import Document, read_document
from orr.model import Answer, Checklist, Review
from orr.policy import Policy
from tests.conftest import SHARED

LENSES = sorted((SHARED / "lenses").glob("*.json"))
ORR_RISK = {"HIGH_RISK": "high", "MEDIUM_RISK": "medium", "NO_RISK": "none"}
EXHAUSTIVE_UP_TO = 12  # choices; beyond that, a random sample of combinations


# --- the oracle --------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(&&|\|\||!|\(|\)|[A-Za-z0-9_]+)")


def _tokens(condition: str) -> list[str]:
    out, pos = [], 0
    while pos < len(condition.rstrip()):
        m = _TOKEN.match(condition, pos)
        assert m, f"oracle cannot read {condition!r} at {pos}"
        out.append(m.group(1))
        pos = m.end()
    return out


@cache
def _tree(condition: str) -> Any:
    """Nested tuples: ('or', [...]), ('and', [...]), ('not', x) or a choice id."""
    tokens = _tokens(condition)
    pos = 0

    def or_() -> Any:
        nonlocal pos
        terms = [and_()]
        while pos < len(tokens) and tokens[pos] == "||":
            pos += 1
            terms.append(and_())
        return terms[0] if len(terms) == 1 else ("or", terms)

    def and_() -> Any:
        nonlocal pos
        terms = [unary()]
        while pos < len(tokens) and tokens[pos] == "&&":
            pos += 1
            terms.append(unary())
        return terms[0] if len(terms) == 1 else ("and", terms)

    def unary() -> Any:
        nonlocal pos
        token = tokens[pos]
        pos += 1
        if token == "!":
            return ("not", unary())
        if token == "(":
            inner = or_()
            assert tokens[pos] == ")"
            pos += 1
            return inner
        return token

    tree = or_()
    assert pos == len(tokens)
    return tree


def _value(tree: Any, selected: Collection[str], na: Collection[str]) -> bool | None:
    """True, False, or None for a neutral term (made only of not-applicable choices)."""
    if isinstance(tree, str):
        return None if tree in na else tree in selected
    op, arg = tree
    if op == "not":
        inner = _value(arg, selected, na)
        return None if inner is None else not inner
    values = [v for v in (_value(t, selected, na) for t in arg) if v is not None]
    if not values:
        return None
    return all(values) if op == "and" else any(values)


def wa_risk(question: dict[str, Any], selected: Collection[str], na: Collection[str] = ()) -> str:
    """The risk the AWS tool gives a question of a lens JSON, straight from its rules."""
    if not selected:
        return "UNANSWERED"
    for rule in question["riskRules"]:
        condition = rule["condition"].strip()
        if condition == "default" or _value(_tree(condition), selected, na) is True:
            return str(rule["risk"])
    return "NO_RISK"


def wa_improvement_plan(
    question: dict[str, Any], selected: Collection[str], na: Collection[str] = ()
) -> list[str]:
    """The improvement texts the AWS tool lists: choices not selected, on a question at risk."""
    if wa_risk(question, selected, na) not in ("HIGH_RISK", "MEDIUM_RISK"):
        return []
    return [
        c["improvementPlan"]["displayText"]
        for c in question["choices"]
        if c["id"] not in selected and c["id"] not in na and "improvementPlan" in c
    ]


# --- helpers -----------------------------------------------------------------------------


def _lens(path: Path) -> tuple[dict[str, Any], Checklist]:
    """The original JSON and the checklist orr imports from it."""
    return json.loads(path.read_text(encoding="utf-8-sig")), _imported(path)


@cache
def _imported(path: Path) -> Checklist:
    return import_lens(read_document(path)).checklist


def _questions(lens: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for pillar in lens["pillars"]:
        yield from pillar["questions"]


def _selections(ids: list[str], rng: random.Random) -> Iterator[tuple[str, ...]]:
    """Every non-empty set of choices, or a sample of them when there are too many."""
    if len(ids) <= EXHAUSTIVE_UP_TO:
        for size in range(1, len(ids) + 1):
            yield from itertools.combinations(ids, size)
        return
    for _ in range(2000):
        yield tuple(c for c in ids if rng.random() < 0.5) or (ids[0],)


# --- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", LENSES, ids=lambda p: p.stem)
def test_every_selection_scores_as_the_aws_tool(path: Path) -> None:
    lens, checklist = _lens(path)
    rng = random.Random(path.name)
    checked = 0
    for question in _questions(lens):
        item = checklist.items_by_id[question["id"]]
        ids = [c["id"] for c in question["choices"]]
        for selected in _selections(ids, rng):
            expected = wa_risk(question, selected)
            assert ORR_RISK[expected] == choice_risk(item, selected), (question["id"], selected)
            checked += 1
    assert checked >= sum(len(q["choices"]) for q in _questions(lens))


@pytest.mark.parametrize("path", LENSES, ids=lambda p: p.stem)
def test_not_applicable_choices_are_neutral_as_in_the_aws_tool(path: Path) -> None:
    lens, checklist = _lens(path)
    rng = random.Random(path.name)
    for question in _questions(lens):
        item = checklist.items_by_id[question["id"]]
        ids = [c["id"] for c in question["choices"]]
        for _ in range(60):
            state = {c: rng.choice(("selected", "not", "n/a")) for c in ids}
            selected = {c for c, s in state.items() if s == "selected"} or {ids[0]}
            na = {c for c, s in state.items() if s == "n/a"} - selected
            expected = ORR_RISK[wa_risk(question, selected, na)]
            assert choice_risk(item, selected, na) == expected, (question["id"], selected, na)


def _review(checklist: Checklist, answers: dict[str, Answer]) -> Review:
    return Review(
        service="svc",
        owner="team",
        checklists=[checklist.id],
        answers={f"{checklist.id}/{k}": v for k, v in answers.items()},
    )


@pytest.mark.parametrize("path", LENSES, ids=lambda p: p.stem)
def test_a_whole_review_counts_risks_and_plans_as_the_aws_tool(path: Path) -> None:
    """Random answers to every question: per-pillar counts and improvement plans agree."""
    lens, checklist = _lens(path)
    rng = random.Random(f"review {path.name}")
    answers: dict[str, Answer] = {}
    expected_counts: dict[str, Counter[str]] = {}
    expected_plans: dict[str, list[str]] = {}
    for pillar in lens["pillars"]:
        counts = expected_counts.setdefault(pillar["id"], Counter())
        for question in pillar["questions"]:
            ids = [c["id"] for c in question["choices"]]
            kind = rng.choice(("answered", "answered", "answered", "unanswered", "n/a"))
            if kind == "n/a":
                answers[question["id"]] = Answer(status="n/a", reason="out of scope")
                counts["NOT_APPLICABLE"] += 1
                expected_plans[question["id"]] = []
                continue
            selected = [c for c in ids if rng.random() < 0.5] if kind == "answered" else []
            na = [c for c in ids if c not in selected and rng.random() < 0.15]
            answers[question["id"]] = Answer(choices=selected, na_choices=na)
            counts[wa_risk(question, selected, na)] += 1
            expected_plans[question["id"]] = wa_improvement_plan(question, selected, na)
    result = evaluate([checklist], _review(checklist, answers), Policy(), dt.date(2026, 11, 23))
    for group in result.pillars:
        got = Counter(
            {
                "HIGH_RISK": group.counts.high,
                "MEDIUM_RISK": group.counts.medium,
                "NO_RISK": group.counts.none,
                "NOT_APPLICABLE": group.counts.na,
                "UNANSWERED": group.counts.unanswered,
            }
        )
        assert group.counts.low == 0
        assert +got == +expected_counts[group.id], group.id
    for outcome in result.items:
        plan = [link.title for link in outcome.improvement_plan]
        assert plan == expected_plans[outcome.item], outcome.item


def test_no_choice_selected_is_unanswered_not_the_default_risk() -> None:
    lens, checklist = _lens(LENSES[0])
    question = next(_questions(lens))
    answers = {question["id"]: Answer(choices=[])}
    result = evaluate([checklist], _review(checklist, answers), Policy(), dt.date(2026, 11, 23))
    outcome = next(o for o in result.items if o.item == question["id"])
    assert (outcome.status, outcome.risk, outcome.improvement_plan) == ("unanswered",) * 2 + ((),)


def test_a_question_marked_not_applicable_leaves_counts_and_plan() -> None:
    lens, checklist = _lens(LENSES[0])
    ids = [q["id"] for q in _questions(lens)]
    answers = {qid: Answer(status="n/a", reason="out of scope") for qid in ids}
    result = evaluate([checklist], _review(checklist, answers), Policy(), dt.date(2026, 11, 23))
    assert result.counts.na == len(ids)
    assert result.counts.total == len(ids)
    assert result.score is None
    assert all(not o.improvement_plan for o in result.items)


# --- any lens, not only the published ones -----------------------------------------------

CHOICE_IDS = ["alpha", "beta", "gamma", "delta_x", "eps_no"]


def _condition(ids: list[str]) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(ids)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            inner.map(lambda e: f"!{e}"),
            st.tuples(inner, st.sampled_from([" && ", " || ", "&&", "||"]), inner).map("".join),
            inner.map(lambda e: f"({e})"),
        ),
        max_leaves=6,
    )


@st.composite
def _question(draw: st.DrawFn) -> dict[str, Any]:
    ids = CHOICE_IDS[: draw(st.integers(1, len(CHOICE_IDS)))]
    levels = draw(st.permutations(["HIGH_RISK", "MEDIUM_RISK", "NO_RISK"]))
    n_rules = draw(st.integers(1, 3))
    with_default = draw(st.booleans())
    rules = [{"condition": draw(_condition(ids)), "risk": level} for level in levels[:n_rules]]
    if with_default:
        rules[-1]["condition"] = "default"
    return {
        "id": "q_any",
        "title": "Any question?",
        "choices": [
            {"id": c, "title": c, "improvementPlan": {"displayText": f"Do {c}."}} for c in ids
        ],
        "riskRules": rules,
    }


@settings(max_examples=100, deadline=None)
@given(question=_question(), na=st.sets(st.sampled_from(CHOICE_IDS)))
def test_any_lens_question_scores_as_the_aws_tool(question: dict[str, Any], na: set[str]) -> None:
    lens = {
        "schemaVersion": "2021-11-01",
        "name": "Any lens",
        "pillars": [{"id": "pillar_any", "name": "Any", "questions": [question]}],
    }
    text = json.dumps(lens, indent=2)
    item = import_lens(Document(Path("any.json"), text, lens)).checklist.items_by_id["q_any"]
    ids = [c["id"] for c in question["choices"]]
    for selected in _selections(ids, random.Random(0)):
        for not_applicable in (set(), na - set(selected)):
            expected = ORR_RISK[wa_risk(question, selected, not_applicable)]
            got = choice_risk(item, selected, not_applicable)
            assert got == expected, (question["riskRules"], selected, not_applicable)


def test_no_rule_holding_is_no_risk_and_is_warned_about(tmp_path: Path) -> None:
    question = {
        "id": "q_partial",
        "title": "Which alarms have runbooks?",
        "choices": [
            {"id": "all", "title": "Every alarm", "improvementPlan": {"displayText": "Write."}},
            {"id": "some", "title": "Some alarms", "improvementPlan": {"displayText": "More."}},
            {"id": "alarms_no", "title": "None of these"},
        ],
        "riskRules": [
            {"condition": "alarms_no", "risk": "HIGH_RISK"},
            {"condition": "some && !all", "risk": "MEDIUM_RISK"},
        ],
    }
    lens = {"schemaVersion": "2021-11-01", "name": "No default", "pillars": []}
    lens["pillars"] = [{"id": "ops", "name": "Ops", "questions": [question]}]
    path = tmp_path / "no-default.json"
    path.write_text(json.dumps(lens, indent=2))
    imported = import_lens(read_document(path))
    assert [str(w) for w in imported.warnings] == [
        f"{path}:32:24: pillars[0].questions[0].riskRules: no 'default' rule: when no "
        "condition holds, the risk is NO_RISK (none)"
    ]
    item = imported.checklist.items_by_id["q_partial"]
    assert item.risk == "high"
    assert choice_risk(item, {"all"}) == "none"  # no rule holds
    assert choice_risk(item, {"all", "some"}) == "none"
    assert choice_risk(item, {"some"}) == "medium"
    assert choice_risk(item, {"all", "alarms_no"}) == "high"
    assert wa_risk(question, {"all"}) == "NO_RISK"
