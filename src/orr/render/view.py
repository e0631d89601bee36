"""What the report templates show, derived from a Result only: labels, groups, sort orders.

Kept out of the templates so that the Markdown and HTML reports agree, and so that a user's
own templates get the same ready-made pieces.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from orr.result import (
    LEVELS,
    BaselineRef,
    ChecklistOutcome,
    GroupScore,
    ItemOutcome,
    Level,
    PolicyView,
    Result,
    RiskCounts,
    Status,
    Verdict,
    WaiverOutcome,
)
from orr.words import plural

STATUSES: tuple[Status, ...] = ("met", "partial", "unmet", "n/a", "unanswered")
STATUS_LABELS: dict[str, str] = {
    "met": "Met",
    "partial": "Partial",
    "unmet": "Unmet",
    "n/a": "N/A",
    "unanswered": "Unanswered",
}
RISK_LABELS: dict[str, str] = {
    "high": "High",
    "medium": "Medium",
    "low": "Low",
    "none": "No risk",
    "n/a": "N/A",
    "unanswered": "Unanswered",
}
#: How each verdict looks. Keyed by the verdict evaluate() decided: no template decides one.
VERDICT_EMOJI: dict[Verdict, str] = {"READY": "✅", "NOT READY": "❌", "INCOMPLETE": "⚠️"}
VERDICT_GLYPHS: dict[Verdict, str] = {"READY": "✓", "NOT READY": "✗", "INCOMPLETE": "…"}
VERDICT_CLASSES: dict[Verdict, str] = {
    "READY": "verdict-ready",
    "NOT READY": "verdict-not-ready",
    "INCOMPLETE": "verdict-incomplete",
}
WAIVER_LABELS: dict[str, str] = {
    "expired": "Expired",
    "expiring": "Expiring soon",
    "active": "Active",
}
_WAIVER_ORDER = {"expired": 0, "expiring": 1, "active": 2}
#: Emoji for the Markdown report: a label always follows, so colour is never the only signal.
STATUS_ICONS: dict[str, str] = {
    "met": "✅",
    "partial": "🟡",
    "unmet": "❌",
    "n/a": "➖",
    "unanswered": "❔",
}
#: Text glyphs for the HTML report, next to the label (hidden from screen readers).
STATUS_GLYPHS: dict[str, str] = {
    "met": "✓",
    "partial": "◐",
    "unmet": "✗",
    "n/a": "–",
    "unanswered": "?",
}
WAIVER_ICONS: dict[str, str] = {"expired": "⛔", "expiring": "⏳", "active": "🟢"}
PILLAR_LABELS: dict[str, str] = {
    "operationalExcellence": "Operational excellence",
    "security": "Security",
    "reliability": "Reliability",
    "performance": "Performance efficiency",
    "costOptimization": "Cost optimisation",
    "sustainability": "Sustainability",
}


@dataclass(frozen=True, slots=True)
class SectionView:
    id: str
    title: str
    score: GroupScore | None
    items: tuple[ItemOutcome, ...]


@dataclass(frozen=True, slots=True)
class ChecklistView:
    id: str
    title: str
    checklist: ChecklistOutcome | None
    sections: tuple[SectionView, ...]


@dataclass(frozen=True, slots=True)
class CountView:
    level: Level
    label: str
    count: int


def score_text(score: float | None) -> str:
    """A score as people read it: ``92.55``, ``100``; ``n/a`` when nothing applies."""
    return "n/a" if score is None else f"{score:g}"


def counts(value: RiskCounts) -> tuple[CountView, ...]:
    return tuple(CountView(level, RISK_LABELS[level], value.get(level)) for level in LEVELS)


def waivers(result: Result) -> tuple[WaiverOutcome, ...]:
    """Expired first, then expiring, then active; by expiry date, then item."""
    return tuple(sorted(result.waivers, key=lambda w: (_WAIVER_ORDER[w.state], w.expires, w.item)))


def item_anchor(ref: str) -> str:
    """A fragment id for an item (refs are slugs joined by ``/``, so this stays unique)."""
    return "item-" + ref.replace("/", "--")


def grouped_items(result: Result) -> tuple[ChecklistView, ...]:
    """Items under their checklist and section, in the order the checklists define."""
    outcomes = {c.id: c for c in result.checklists}
    order: dict[str, dict[str, list[ItemOutcome]]] = {}
    for checklist in result.checklists:
        order[checklist.id] = {s.id: [] for s in checklist.sections}
    for item in result.items:
        order.setdefault(item.checklist, {}).setdefault(item.section, []).append(item)
    views = []
    for cid, sections in order.items():
        outcome = outcomes.get(cid)
        scores = {s.id: s for s in outcome.sections} if outcome else {}
        views.append(
            ChecklistView(
                id=cid,
                title=outcome.title if outcome else cid,
                checklist=outcome,
                sections=tuple(
                    SectionView(
                        sid,
                        scores[sid].title if sid in scores else sid,
                        scores.get(sid),
                        tuple(items),
                    )
                    for sid, items in sections.items()
                    if items
                ),
            )
        )
    return tuple(views)


def answer_summary(item: ItemOutcome) -> str:
    """Who answered and when, as one phrase (and the baseline it came from); empty when
    nobody did."""
    if item.answered_by and item.answered_at:
        who = f"{item.answered_by} on {item.answered_at}"
    else:
        who = item.answered_by or item.answered_at or ""
    if item.inherited is None:
        return who
    return f"{who}, {inherited_text(item.inherited)}" if who else inherited_text(item.inherited)


def inherited_text(baseline: BaselineRef) -> str:
    """``inherited from platform/golden-path.yaml (platform-team, reviewed 2026-10-01)``."""
    dated = f", reviewed {baseline.date}" if baseline.date else ", undated"
    return f"inherited from {baseline.path} ({baseline.owner}{dated})"


def pillar_label(pillar: str) -> str:
    return PILLAR_LABELS.get(pillar, pillar)


def item_notes(item: ItemOutcome) -> str:
    """Everything said about an item's answer, as one paragraph for a table cell."""
    parts = []
    if item.na_reason:
        parts.append(f"Not applicable: {item.na_reason}")
    if item.notes:
        parts.append(item.notes)
    selected = [c.title for c in item.choices if c.selected]
    if selected:
        parts.append("Chosen: " + "; ".join(selected))
    not_applicable = [c.title for c in item.choices if c.not_applicable]
    if not_applicable:
        parts.append("Not applicable: " + "; ".join(not_applicable))
    if item.waiver:
        waiver = item.waiver
        parts.append(
            f"Waiver ({WAIVER_LABELS[waiver.state].lower()}, expires {waiver.expires}, "
            f"approved by {waiver.approved_by}"
            + (f", from baseline {waiver.inherited_from}" if waiver.inherited_from else "")
            + f"): {waiver.reason}"
        )
    plan = [step.title for step in item.improvement_plan]
    if plan:
        parts.append("To improve: " + "; ".join(plan))
    parts.extend(f"({explanation})" for explanation in item.explanations)
    return " ".join(_sentence(p) for p in parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", ")", ":")) else text + "."


def policy_text(policy: PolicyView) -> str:
    """The gate policy in words, with where it came from."""
    rules = []
    if policy.min_score is not None:
        rules.append(f"minimum score {policy.min_score:g}")
    if policy.max_high_risks is not None:
        rules.append(f"at most {plural(policy.max_high_risks, 'high risk')}")
    rules.append(
        "unanswered mandatory items block"
        if policy.unanswered_blocks
        else "unanswered items do not block"
    )
    rules.append(f"waivers warn {plural(policy.waiver_warning_days, 'day')} before expiry")
    if policy.min_answered < 100:
        rules.append(f"{policy.min_answered:g}% of applicable items answered is complete")
    stale = f"reviews older than {plural(policy.max_age_days, 'day')} are stale"
    rules.append(stale + (" and fail the gate" if policy.stale_blocks else ""))
    if policy.fail_on_warnings:
        rules.append("warnings fail the gate")
    source = f"from {policy.source}" if policy.source else "orr's defaults"
    return f"{'; '.join(rules)} ({source})"


def pillar_groups(pillars: tuple[GroupScore, ...]) -> tuple[GroupScore, ...]:
    """Pillar scores titled for people (``operationalExcellence`` -> Operational excellence)."""
    return tuple(replace(p, title=pillar_label(p.title)) for p in pillars)


def css(value: str) -> str:
    """A status or level as a CSS class suffix: ``n/a`` -> ``na``."""
    return value.replace("/", "")


def risk_phrase(item: ItemOutcome) -> str:
    """The risk as a phrase: High risk, No risk, or what it would be for an open item."""
    if item.risk == "none":
        return "No risk"
    if item.risk == "n/a":
        return "Risk n/a"
    if item.risk == "unanswered":
        return f"{RISK_LABELS[item.declared_risk]} risk if unmet"
    return f"{RISK_LABELS[item.risk]} risk"


def report_context(result: Result) -> dict[str, Any]:
    """What the report templates see: the Result and views derived from it alone."""
    return {
        "result": result,
        "waivers": waivers(result),
        "groups": grouped_items(result),
        "changed": any(item.changed for item in result.items),
        "policy": policy_text(result.policy),
    }
