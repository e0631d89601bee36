"""Which items a session asks, in which order, and where it starts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from orr import expr
from orr.evaluate import choice_risk
from orr.model import Answer, Checklist, Item, Section

Only = Literal["unanswered", "blocking", "all"]
ItemStatus = Literal["met", "partial", "unmet", "n/a", "unanswered"]
ONLY: tuple[Only, ...] = ("unanswered", "blocking", "all")
_STATUS_OF_RISK: dict[str, ItemStatus] = {"none": "met", "medium": "partial", "high": "unmet"}


@dataclass(frozen=True)
class Question:
    """One applicable item, with its place among all applicable items of the session."""

    ref: str
    checklist: Checklist
    section: Section
    item: Item
    number: int  # 1-based
    total: int


@dataclass(frozen=True)
class Inherited:
    """An answer a baseline gives, and which baseline (``path (owner, reviewed date)``)."""

    answer: Answer
    source: str


@dataclass
class Plan:
    """The applicable items of the chosen checklists in order; ``only`` picks the ones asked.

    Items a baseline answers and the review does not are left alone unless
    ``ask_inherited``: the platform answered them once for every service.
    """

    questions: list[Question]
    only: Only = "unanswered"
    #: (ref, applies_when) of the items that do not apply to the review's context
    not_applicable: list[tuple[str, str]] = field(default_factory=list)
    inherited: Mapping[str, Inherited] = field(default_factory=dict)
    ask_inherited: bool = False
    #: how many items apply (``questions`` may be fewer: the blocking ones)
    applicable: int = 0
    #: every applicable item (``questions`` unless they are the blocking ones only)
    every: list[Question] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.applicable = self.applicable or len(self.questions)
        self.every = self.every or list(self.questions)

    def left_to_baselines(self, answers: Mapping[str, Answer]) -> list[Question]:
        """The applicable items a baseline answers and this review does not."""
        return [q for q in self.every if q.ref in self.inherited and q.ref not in answers]

    def current(self, ref: str, answers: Mapping[str, Answer]) -> Answer | None:
        """The answer the gate sees: the review's own, else the inherited one."""
        own = answers.get(ref)
        if own is not None or ref not in self.inherited:
            return own
        return self.inherited[ref].answer

    def wanted(self, index: int, answers: Mapping[str, Answer]) -> bool:
        question = self.questions[index]
        if question.ref in self.inherited and question.ref not in answers:
            if not self.ask_inherited:
                return False
            if self.only != "blocking":  # asked to see them: each one, answered or not
                return True
        answer = self.current(question.ref, answers)
        if self.only == "all":
            return True
        status = status_of(question.item, answer)
        if self.only == "blocking":
            return question.item.mandatory and status not in ("met", "n/a")
        return status == "unanswered" or is_stale(question.item, answer)

    def next(self, after: int, answers: Mapping[str, Answer]) -> int | None:
        """The first wanted question after ``after`` (-1 for the start), or None when done."""
        for index in range(after + 1, len(self.questions)):
            if self.wanted(index, answers):
                return index
        return None

    def unanswered(self, answers: Mapping[str, Answer]) -> int:
        statuses = (status_of(q.item, self.current(q.ref, answers)) for q in self.questions)
        return sum(1 for status in statuses if status == "unanswered")


def build_plan(
    checklists: Iterable[Checklist],
    context: Mapping[str, expr.Value],
    only: Only = "unanswered",
    answers: Mapping[str, Answer] | None = None,
    inherited: Mapping[str, Inherited] | None = None,
    *,
    ask_inherited: bool = False,
) -> Plan:
    """The applicable items in order. With ``only="blocking"`` and the ``answers`` so far, the
    questions (and the progress they show, ``2/7``) are the blocking items only (an item a
    baseline answers counts as its answer, as ``Plan.wanted`` says)."""
    applicable: list[tuple[Checklist, Section, Item]] = []
    skipped: list[tuple[str, str]] = []
    for checklist in checklists:
        for section, item in checklist.iter_items():
            if applies(item, context):
                applicable.append((checklist, section, item))
            else:
                skipped.append((f"{checklist.id}/{item.id}", item.applies_when or ""))
    count = len(applicable)
    total = len(applicable)
    questions = [
        Question(f"{c.id}/{i.id}", c, s, i, n, total)
        for n, (c, s, i) in enumerate(applicable, start=1)
    ]
    plan = Plan(questions, only, skipped, dict(inherited or {}), ask_inherited, count)
    if only == "blocking" and answers is not None:
        wanted = [q for n, q in enumerate(questions) if plan.wanted(n, answers)]
        plan.questions = [
            Question(q.ref, q.checklist, q.section, q.item, n, len(wanted))
            for n, q in enumerate(wanted, start=1)
        ]
    return plan


def applies(item: Item, context: Mapping[str, expr.Value]) -> bool:
    """False only when ``applies_when`` is known to be false; a missing key means ask."""
    if not item.applies_when:
        return True
    try:
        return expr.evaluate_applies_when(expr.parse_applies_when(item.applies_when), context)
    except (expr.MissingContext, expr.ExprError):
        return True


def status_of(item: Item, answer: Answer | None) -> ItemStatus:
    """The status the gate will see, as `orr.evaluate` derives it."""
    if answer is None or not answer.answered:
        return "unanswered"
    if answer.status == "n/a":
        return "n/a"
    if item.choices:
        if not answer.choices:
            return "unanswered"
        return _STATUS_OF_RISK[choice_risk(item, answer.choices, answer.na_choices)]
    assert answer.status is not None
    if answer.status == "met" and item.evidence == "required" and not answer.evidence:
        return "partial"
    return answer.status


def is_stale(item: Item, answer: Answer | None) -> bool:
    """The item's text changed since this answer was given."""
    return bool(answer and answer.fingerprint and answer.fingerprint != item.fingerprint)


def context_keys(checklists: Sequence[Checklist]) -> dict[str, list[str]]:
    """Every context key an ``applies_when`` names, with the expressions that use it."""
    keys: dict[str, list[str]] = {}
    for checklist in checklists:
        for _, item in checklist.iter_items():
            if not item.applies_when:
                continue
            for name in expr.names(expr.parse_applies_when(item.applies_when)):
                uses = keys.setdefault(name.name, [])
                if item.applies_when not in uses:
                    uses.append(item.applies_when)
    return dict(sorted(keys.items()))
