"""The gate's terminal summary: verdict and score first, blockers with their fix, then warnings.

Plain text. Colour is the caller's: ``style(text, role)`` wraps the verdict and the label of
each line (roles: the verdict itself, ``blocker``, ``warning``, ``waived``); the command layer
passes ``click.style`` when colour is on, and the text wraps the same either way.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from orr.printable import visible
from orr.result import Result, Verdict
from orr.words import plural

Style = Callable[[str, str], str]

#: The word before a reason: what kind of failure it is.
_LABELS = {
    "blocker": "BLOCKER",
    "expired-waiver": "BLOCKER",
    "incomplete": "INCOMPLETE",
    "stale": "STALE",
}


def plain(text: str, role: str) -> str:
    return text


def _score(score: float | None) -> str:
    return "n/a" if score is None else f"{score:g}/100"


def render(result: Result, width: int = 100, style: Style = plain) -> str:
    c = result.counts
    lines = [
        f"{visible(result.service)}: {style(result.verdict, result.verdict)}  score "
        f"{_score(result.score)}  risks: {c.high} high, {c.medium} medium, {c.low} low, "
        f"{c.unanswered} unanswered, {c.na} n/a",
    ]
    by_ref = {item.ref: item for item in result.items}
    if result.reasons:
        why = "it is incomplete" if result.verdict == "INCOMPLETE" else "it is not ready"
        lines.append(f"  {plural(len(result.reasons), 'reason')} {why}:")
    for reason in result.reasons:
        where = (
            f" ({result.review_path}:{reason.line})" if reason.line and result.review_path else ""
        )
        label = _LABELS.get(reason.kind, "FAIL")
        lines.extend(_labelled(label, "blocker", visible(reason.message + where), width, style))
        item = by_ref.get(reason.item or "")
        if item and item.remediation:
            fix = visible(item.remediation.strip())
            lines.extend(_wrap(f"fix: {fix}", width, "      ", "        "))
    accepted = [
        i
        for i in result.items
        if i.waiver and i.waiver.state != "expired" and i.status not in ("met", "n/a")
    ]
    if accepted:
        lines.append(f"  {plural(len(accepted), 'accepted risk')} (waived):")
        for item in accepted:
            assert item.waiver is not None
            text = (
                f"{item.ref} is {item.status} until {item.waiver.expires} "
                f"(approved by {visible(item.waiver.approved_by)})"
            )
            lines.extend(_labelled("WAIVED", "waived", text, width, style))
    for warning in result.warnings:
        lines.extend(_labelled("WARNING", "warning", visible(warning.message), width, style))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Tally:
    """One review's share of the totals line."""

    verdict: Verdict
    blockers: int
    expiring: int


def tally(result: Result) -> Tally:
    return Tally(
        result.verdict,
        len(result.blockers),
        sum(1 for w in result.waivers if w.state == "expiring"),
    )


def totals(tallies: Sequence[Tally], style: Style = plain) -> str:
    """The run in one line, for a CI log reader:
    ``reviews: 2 ready, 1 not ready, 1 incomplete; blockers: 9; waivers expiring: 1``."""
    counts = []
    for verdict in ("READY", "NOT READY", "INCOMPLETE"):
        n = sum(1 for t in tallies if t.verdict == verdict)
        text = f"{n} {verdict.lower()}"
        counts.append(style(text, verdict) if n else text)
    blockers = sum(t.blockers for t in tallies)
    expiring = sum(t.expiring for t in tallies)
    return f"reviews: {', '.join(counts)}; blockers: {blockers}; waivers expiring: {expiring}"


def _labelled(label: str, role: str, text: str, width: int, style: Style) -> list[str]:
    """Wrapped as plain text, then the label styled (escape codes do not upset the wrap)."""
    lines = _wrap(f"{label} {text}", width, "  ", "      ")
    lines[0] = "  " + style(label, role) + lines[0][2 + len(label) :]
    return lines


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    ) or [first]
