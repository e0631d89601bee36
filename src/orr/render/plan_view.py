"""The action plan of a Result: what to do, in order, each with a key a tracker can search for.

One list, derived from the Result alone, behind ``orr plan`` (Markdown, CSV, JSON) and the
"Action plan" section of the Markdown and HTML reports, so the report and the tickets agree.

* An action is an applicable item that is not met: unmet, partial or unanswered.
* Order: blockers first, then by risk (high, medium, low), then by weight (heavier first),
  then in checklist order.
* The key ``orr:<service>:<checklist>/<item>`` depends on the service and the item only, so
  it stays the same across runs and edits of other answers: file a ticket once, find it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from orr.render import gfm
from orr.render.view import STATUS_LABELS, inherited_text, item_notes
from orr.result import ItemOutcome, Result

PLAN_SCHEMA = "orr.plan/v1"
#: Jira's default priority names.
Priority = Literal["Highest", "High", "Medium", "Low"]
PRIORITY_OF_RISK: dict[str, Priority] = {"high": "High", "medium": "Medium", "low": "Low"}
#: The label every action carries, besides its key.
LABEL = "orr"
#: Trackers cap titles (GitHub 256 characters, Jira 255).
TITLE_LIMIT = 250
RISK_ORDER = {"high": 0, "medium": 1, "low": 2}
#: Labels cannot hold spaces in Jira; keep a key to characters every tracker takes.
_UNSAFE = re.compile(r"[^A-Za-z0-9._/-]+")


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to do: an item not met, with how urgent it is and how to find its ticket."""

    key: str
    priority: Priority
    risk: Literal["high", "medium", "low"]
    item: ItemOutcome
    title: str
    labels: tuple[str, ...]

    @property
    def ref(self) -> str:
        return self.item.ref

    @property
    def blocking(self) -> bool:
        return self.item.blocking


def action_key(service: str, ref: str) -> str:
    """``orr:<service>:<ref>``, with anything but letters, digits, ``. _ - /`` made ``-``."""
    return f"orr:{_UNSAFE.sub('-', service.strip())}:{_UNSAFE.sub('-', ref)}"


def open_risk(item: ItemOutcome) -> Literal["high", "medium", "low"]:
    """The risk an open item carries: its level, or for an unanswered one what it risks."""
    if item.risk in ("high", "medium", "low"):
        return item.risk
    return item.declared_risk


def actions(result: Result) -> tuple[Action, ...]:
    """Every applicable item not met, blockers first, then by risk, weight, checklist order."""
    open_items = [
        (n, item)
        for n, item in enumerate(result.items)
        if item.status in ("unmet", "partial", "unanswered")
    ]
    open_items.sort(
        key=lambda pair: (
            not pair[1].blocking,
            RISK_ORDER[open_risk(pair[1])],
            -pair[1].weight,
            pair[0],
        )
    )
    return tuple(_action(result.service, item) for _, item in open_items)


def _action(service: str, item: ItemOutcome) -> Action:
    risk = open_risk(item)
    key = action_key(service, item.ref)
    return Action(
        key=key,
        priority="Highest" if item.blocking else PRIORITY_OF_RISK[risk],
        risk=risk,
        item=item,
        title=_shorten(f"{service}: {item.question}", TITLE_LIMIT),
        labels=(LABEL, key),
    )


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def answer_text(item: ItemOutcome) -> str:
    """The current answer in words: its status, then what was said about it."""
    notes = item_notes(replace(item, improvement_plan=()))
    return f"{STATUS_LABELS[item.status]}. {notes}" if notes else f"{STATUS_LABELS[item.status]}."


def urgency(action: Action) -> str:
    """``Blocks the gate · high risk · mandatory``: why the action sits where it does."""
    parts = ["Blocks the gate"] if action.blocking else []
    parts.append(f"{action.risk} risk" if parts else f"{action.risk.capitalize()} risk")
    if action.item.mandatory:
        parts.append("mandatory")
    return " · ".join(parts)


def body(action: Action, result: Result, *, plain: bool = False) -> str:
    """The ticket's text: GitHub-flavoured Markdown with user text escaped, or ``plain`` text
    (for Jira, which reads neither Markdown's emphasis nor its escapes)."""
    item = action.item
    text = str if plain else gfm.text

    def field(label: str, value: str) -> str:
        return f"{label}: {value}" if plain else f"**{label}:** {value}"

    def link(title: str, url: str | None) -> str:
        if plain:
            return f"{title}: {url}" if url else title
        return gfm.link(url, title) if url else gfm.text(title)

    head = f"{urgency(action)} · {item.ref}" if plain else f"**{urgency(action)}** · `{item.ref}`"
    lines = [
        f"{head} in the readiness review of {text(result.service)}",
        "",
        field("Question", text(item.question)),
        "",
        field("Current answer", text(answer_text(item))),
    ]
    if item.inherited:
        owner = item.inherited.owner
        lines += [
            "",
            field(
                "Answered by a baseline",
                text(
                    f"{inherited_text(item.inherited)}: {owner} can "
                    "fix it once for every service on it, or this review can answer it itself"
                ),
            ),
        ]
    if item.why:
        lines += ["", field("Why it matters", text(item.why))]
    if item.remediation:
        lines += ["", field("What to do", text(item.remediation))]
    steps = [link(s.title, s.url) for s in item.improvement_plan]
    if steps:
        lines += ["", field("Improvement plan", ""), *(f"- {step}" for step in steps)]
    refs = [link(r.title, r.url) for r in item.references]
    if refs:
        lines += ["", field("References", ""), *(f"- {ref}" for ref in refs)]
    source = f" in {result.review_path if plain else gfm.code(result.review_path)}"
    key = action.key if plain else f"`{action.key}`"
    lines += [
        "",
        f"Filed from the orr review{source if result.review_path else ''}. Key: {key} "
        "(stable: search for it before filing again).",
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"
