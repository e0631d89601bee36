"""The scoring rules of evaluate(), one table row per rule, plus general properties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orr.evaluate import evaluate
from orr.model import Checklist, Review
from orr.policy import Policy
from orr.result import Result

TODAY = dt.date(2026, 11, 23)


def checklist(*items: dict[str, Any], sections: int = 1) -> Checklist:
    per = max(1, len(items) // sections)
    groups = [items[i : i + per] for i in range(0, len(items), per)] or [()]
    return Checklist.model_validate(
        {
            "id": "c",
            "title": "C",
            "version": "1.0.0",
            "context": {"compute": {"type": "string", "description": "what runs it"}},
            "sections": [
                {
                    "id": f"s{n}",
                    "title": f"S{n}",
                    "pillar": "reliability" if n else None,
                    "items": list(group),
                }
                for n, group in enumerate(groups)
            ],
        }
    )


def item(iid: str = "i", **fields: Any) -> dict[str, Any]:
    return {"id": iid, "question": f"Is {iid} done?", **fields}


def review(answers: dict[str, Any] | None = None, **fields: Any) -> Review:
    return Review.model_validate(
        {
            "service": "svc",
            "owner": "team",
            "checklists": ["c"],
            "answers": {f"c/{k}": v for k, v in (answers or {}).items()},
            **fields,
        }
    )


def run(
    items: list[dict[str, Any]],
    answers: dict[str, Any] | None = None,
    policy: Policy | None = None,
    today: dt.date = TODAY,
    **fields: Any,
) -> Result:
    return evaluate([checklist(*items)], review(answers, **fields), policy or Policy(), today)


# --- item status and risk -------------------------------------------------------------------

RISK_TABLE = [
    # declared risk, answer, expected status, expected risk, credit
    ("high", {"status": "met"}, "met", "none", 1.0),
    ("high", {"status": "partial"}, "partial", "medium", 0.5),
    ("medium", {"status": "partial"}, "partial", "low", 0.5),
    ("low", {"status": "partial"}, "partial", "none", 0.5),
    ("high", {"status": "unmet"}, "unmet", "high", 0.0),
    ("low", {"status": "unmet"}, "unmet", "low", 0.0),
    ("high", {"status": "n/a", "reason": "batch only"}, "n/a", "n/a", None),
    ("high", None, "unanswered", "unanswered", 0.0),
    ("high", {}, "unanswered", "unanswered", 0.0),
]


@pytest.mark.parametrize(("risk", "answer", "status", "level", "credit"), RISK_TABLE)
def test_status_and_risk(
    risk: str, answer: dict[str, Any] | None, status: str, level: str, credit: float | None
) -> None:
    answers = {} if answer is None else {"i": answer}
    outcome = run([item(risk=risk)], answers).items[0]
    assert (outcome.status, outcome.risk, outcome.credit) == (status, level, credit)


def test_required_evidence_missing_counts_as_partial_and_says_why() -> None:
    outcome = run([item(risk="high", evidence="required")], {"i": {"status": "met"}}).items[0]
    assert (outcome.status, outcome.risk) == ("partial", "medium")
    assert outcome.explanations == ("evidence is required but none was given: counted as partial",)
    with_evidence = run(
        [item(risk="high", evidence="required")],
        {"i": {"status": "met", "evidence": ["https://x.example"]}},
    ).items[0]
    assert with_evidence.status == "met"


@pytest.mark.parametrize(
    ("context", "status"),
    [
        ({"compute": "lambda"}, "n/a"),
        ({"compute": "ecs"}, "unanswered"),
        ({}, "unanswered"),  # a missing key keeps the item applicable, with a warning
    ],
)
def test_applies_when(context: dict[str, Any], status: str) -> None:
    result = run([item(applies_when="compute != 'lambda'")], context=context)
    assert result.items[0].status == status
    kinds = [w.kind for w in result.warnings]
    assert kinds == (["missing-context"] if not context else [])


def test_a_context_key_no_checklist_declares_is_a_warning_with_did_you_mean() -> None:
    result = run([item()], context={"compte": "ecs"})
    assert [(w.kind, w.message) for w in result.warnings] == [
        (
            "unknown-context",
            "context key 'compte' is not declared by this review's checklists (did you mean "
            "'compute'?); no item reads it",
        )
    ]


# --- choice items: the Well-Architected rules -------------------------------------------------

CHOICE_ITEM = item(
    "q",
    choices=[
        {"id": "a", "title": "A", "improvement_plan": {"text": "Do A"}},
        {"id": "b", "title": "B", "improvement_plan": {"text": "Do B"}},
        {"id": "q_no", "title": "None of these", "none_of_these": True},
    ],
    risk_rules=[
        {"condition": "a && b", "risk": "none"},
        {"condition": "a || b", "risk": "medium"},
        {"condition": "default", "risk": "high"},
    ],
)

CHOICE_TABLE = [
    ({"choices": ["a", "b"]}, "met", "none", ()),
    ({"choices": ["a"]}, "partial", "medium", ("Do B",)),
    ({"choices": ["q_no"]}, "unmet", "high", ("Do A", "Do B")),
    ({"choices": []}, "unanswered", "unanswered", ()),  # no choice selected = unanswered
    ({"choices": ["a"], "na_choices": ["b"]}, "met", "none", ()),  # n/a b is neutral in &&
    ({"status": "n/a", "reason": "not ours"}, "n/a", "n/a", ()),
]


@pytest.mark.parametrize(("answer", "status", "level", "plan"), CHOICE_TABLE)
def test_choice_items(
    answer: dict[str, Any], status: str, level: str, plan: tuple[str, ...]
) -> None:
    outcome = run([CHOICE_ITEM], {"q": answer}).items[0]
    assert (outcome.status, outcome.risk) == (status, level)
    assert tuple(link.title for link in outcome.improvement_plan) == plan


def test_choice_item_with_no_rule_holding_is_no_risk() -> None:
    no_default = {**CHOICE_ITEM, "risk_rules": [{"condition": "a && b", "risk": "high"}]}
    outcome = run([no_default], {"q": {"choices": ["a"]}}).items[0]
    assert (outcome.status, outcome.risk) == ("met", "none")


# --- waivers and blocking ---------------------------------------------------------------------


def waiver(expires: dt.date) -> dict[str, Any]:
    return {"item": "c/i", "reason": "later", "approved_by": "sre", "expires": expires}


@pytest.mark.parametrize(
    ("expires", "state", "blocking", "verdict"),
    [
        (TODAY + dt.timedelta(days=31), "active", False, "READY"),
        (TODAY + dt.timedelta(days=30), "expiring", False, "READY"),  # inside the 30-day window
        (TODAY, "expiring", False, "READY"),  # the expiry day itself is still covered
        (TODAY - dt.timedelta(days=1), "expired", True, "NOT READY"),  # the day after: blocks
    ],
)
def test_waiver_expiry_boundary(expires: dt.date, state: str, blocking: bool, verdict: str) -> None:
    result = run([item(mandatory=True)], {"i": {"status": "unmet"}}, waivers=[waiver(expires)])
    outcome = result.items[0]
    assert outcome.waiver is not None
    assert (outcome.waiver.state, outcome.blocking, result.verdict) == (state, blocking, verdict)


def test_expired_waiver_says_since_when() -> None:
    result = run(
        [item(mandatory=True)], {"i": {"status": "unmet"}}, waivers=[waiver(dt.date(2026, 9, 30))]
    )
    assert [r.message for r in result.reasons] == [
        "c/i is unmet and its waiver expired on 2026-09-30 (54 days ago): Is i done?"
    ]


def test_expiring_waiver_is_a_warning_with_a_configurable_window() -> None:
    answers = {"i": {"status": "unmet"}}
    waivers = [waiver(TODAY + dt.timedelta(days=10))]
    default = run([item(mandatory=True)], answers, waivers=waivers)
    assert [w.message for w in default.warnings] == [
        "the waiver for c/i expires on 2026-12-03 (in 10 days); renew it or fix the item"
    ]
    narrow = run([item(mandatory=True)], answers, Policy(waiver_warning_days=5), waivers=waivers)
    assert narrow.warnings == ()


def test_expired_waiver_blocks_even_a_non_mandatory_item() -> None:
    result = run([item()], {"i": {"status": "partial"}}, waivers=[waiver(TODAY - dt.timedelta(1))])
    assert result.items[0].blocking and result.verdict == "NOT READY"


@pytest.mark.parametrize(
    ("answer", "blocking"),
    [
        ({"status": "met"}, False),
        ({"status": "partial"}, True),
        ({"status": "unmet"}, True),
        ({"status": "n/a", "reason": "x"}, False),
        (None, True),
    ],
)
def test_mandatory_items_block(answer: dict[str, Any] | None, blocking: bool) -> None:
    result = run([item(mandatory=True)], {"i": answer} if answer else {})
    assert result.items[0].blocking is blocking
    expected = "INCOMPLETE" if answer is None else "NOT READY" if blocking else "READY"
    assert result.verdict == expected


def test_non_mandatory_unmet_item_does_not_block() -> None:
    result = run([item(risk="high")], {"i": {"status": "unmet"}})
    assert result.verdict == "READY" and result.counts.high == 1


def test_unanswered_mandatory_items_may_be_allowed_by_policy() -> None:
    result = run([item(mandatory=True)], {}, Policy(unanswered_blocks=False, min_answered=0))
    assert result.verdict == "READY"


# --- policy thresholds --------------------------------------------------------------------------


def test_min_score() -> None:
    items = [item("a"), item("b")]
    answers = {"a": {"status": "met"}, "b": {"status": "unmet"}}
    assert run(items, answers, Policy(min_score=50)).verdict == "READY"
    result = run(items, answers, Policy(min_score=50.5))
    assert [r.message for r in result.reasons] == ["the score 50 is below the policy minimum 50.5"]


def test_max_high_risks_counts_unwaived_high_risks_only() -> None:
    items = [item("a", risk="high"), item("i", risk="high")]
    answers = {"a": {"status": "unmet"}, "i": {"status": "unmet"}}
    assert run(items, answers, Policy(max_high_risks=1)).verdict == "NOT READY"
    waived = run(
        items, answers, Policy(max_high_risks=1), waivers=[waiver(TODAY + dt.timedelta(days=90))]
    )
    assert waived.verdict == "READY"


def test_strict_policy_fails_on_warnings() -> None:
    answers = {"i": {"status": "met"}}
    waivers = [waiver(TODAY + dt.timedelta(days=90))]  # moot: the item is met
    assert run([item()], answers, waivers=waivers).verdict == "READY"
    strict = run([item()], answers, Policy(fail_on_warnings=True), waivers=waivers)
    assert [r.kind for r in strict.reasons] == ["strict"]


def test_changed_item_is_a_warning() -> None:
    result = run([item()], {"i": {"status": "met", "fingerprint": "000000000000"}})
    assert result.items[0].changed
    assert [w.kind for w in result.warnings] == ["changed-item"]


# --- scores -----------------------------------------------------------------------------------


def test_scores_are_weighted_and_grouped() -> None:
    items = [item("a", risk="high"), item("b", risk="low"), item("i", weight=5), item("d")]
    answers = {
        "a": {"status": "met"},
        "b": {"status": "unmet"},
        "i": {"status": "partial"},
        "d": {"status": "n/a", "reason": "no"},
    }
    result = evaluate([checklist(*items, sections=2)], review(answers), Policy(), TODAY)
    # weights: a 3 (high), b 1 (low), i 5 (explicit); d is n/a
    assert result.score == round(100 * (3 + 2.5) / 9, 2)
    assert [s.score for s in result.checklists[0].sections] == [75.0, 50.0]
    assert [p.id for p in result.pillars] == ["reliability"]
    assert result.counts.get("n/a") == 1


def test_nothing_applicable_has_no_score() -> None:
    result = run([item()], {"i": {"status": "n/a", "reason": "no"}})
    assert result.score is None and result.verdict == "READY"


STATUSES = st.sampled_from(["met", "partial", "unmet", "n/a", None])
RISKS = st.sampled_from(["high", "medium", "low"])


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    n = draw(st.integers(1, 8))
    items = [item(f"i{k}", risk=draw(RISKS), mandatory=draw(st.booleans())) for k in range(n)]
    answers: dict[str, Any] = {}
    for k in range(n):
        status = draw(STATUSES)
        if status is not None:
            answers[f"i{k}"] = {"status": status, **({"reason": "r"} if status == "n/a" else {})}
    return items, answers


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_meeting_an_item_never_hurts(
    scenario: tuple[list[dict[str, Any]], dict[str, Any]], data: st.DataObject
) -> None:
    items, answers = scenario
    unmet = [k for k, v in answers.items() if v["status"] in ("unmet", "partial")]
    unmet += [i["id"] for i in items if i["id"] not in answers]
    if not unmet:
        return
    target = data.draw(st.sampled_from(sorted(unmet)))
    before = run(items, answers)
    after = run(items, {**answers, target: {"status": "met"}})
    assert (after.score or 0) >= (before.score or 0)
    assert not (before.verdict == "READY" and after.verdict == "NOT READY")


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.integers(1, 4))
def test_not_applicable_items_never_change_a_score(
    scenario: tuple[list[dict[str, Any]], dict[str, Any]], extra: int
) -> None:
    items, answers = scenario
    more = items + [item(f"x{k}", risk="high", mandatory=True) for k in range(extra)]
    more_answers = {**answers, **{f"x{k}": {"status": "n/a", "reason": "r"} for k in range(extra)}}
    assert run(items, answers).score == run(more, more_answers).score


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_scores_stay_between_0_and_100(
    scenario: tuple[list[dict[str, Any]], dict[str, Any]],
) -> None:
    result = run(*scenario)
    scores = [
        result.score,
        *(c.score for c in result.checklists),
        *(s.score for c in result.checklists for s in c.sections),
    ]
    assert all(s is None or 0 <= s <= 100 for s in scores)
