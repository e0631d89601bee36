"""The gate's terminal summary: verdict and score first, blockers with their fix, then warnings."""

from __future__ import annotations

import textwrap

from orr.result import Result
from orr.words import plural

#: The word before a reason: what kind of failure it is.
_LABELS = {
    "blocker": "BLOCKER",
    "expired-waiver": "BLOCKER",
    "incomplete": "INCOMPLETE",
    "stale": "STALE",
}


def _score(score: float | None) -> str:
    return "n/a" if score is None else f"{score:g}/100"


def render(result: Result, width: int = 100) -> str:
    c = result.counts
    lines = [
        f"{result.service}: {result.verdict}  score {_score(result.score)}  "
        f"risks: {c.high} high, {c.medium} medium, {c.low} low, {c.unanswered} unanswered, "
        f"{c.na} n/a",
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
        lines.extend(_wrap(f"{label} {reason.message}{where}", width, "  ", "      "))
        item = by_ref.get(reason.item or "")
        if item and item.remediation:
            lines.extend(_wrap(f"fix: {item.remediation.strip()}", width, "      ", "        "))
    accepted = [
        i
        for i in result.items
        if i.waiver and i.waiver.state != "expired" and i.status not in ("met", "n/a")
    ]
    if accepted:
        lines.append(f"  {plural(len(accepted), 'accepted risk')} (waived):")
        for item in accepted:
            assert item.waiver is not None
            lines.extend(
                _wrap(
                    f"WAIVED {item.ref} is {item.status} until {item.waiver.expires} "
                    f"(approved by {item.waiver.approved_by})",
                    width,
                    "  ",
                    "      ",
                )
            )
    for warning in result.warnings:
        lines.extend(_wrap(f"WARNING {warning.message}", width, "  ", "      "))
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    ) or [first]
