"""A review diff as GitHub-flavoured Markdown, for a pull-request comment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from orr.diff import Blocker, ChangeKind, ItemChange, ReviewDiff, WaiverChange
from orr.render.gfm import cell, code
from orr.result import Level

#: Sections in the order a reviewer wants them: what got worse first.
SECTIONS: tuple[tuple[ChangeKind, str], ...] = (
    ("regressed", "Regressed"),
    ("unanswered", "No longer answered"),
    ("improved", "Improved"),
    ("answered", "Newly answered"),
    ("now-applies", "Now applies"),
    ("now-n/a", "Now not applicable"),
    ("added", "Added with a checklist"),
    ("removed", "Removed with a checklist"),
)
_LEVELS: tuple[tuple[Level, str], ...] = (
    ("high", "High risks"),
    ("medium", "Medium risks"),
    ("low", "Low risks"),
    ("unanswered", "Unanswered"),
)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + " --- |" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _delta(old: float | None, new: float | None) -> str:
    if old is None or new is None:
        return "-"
    change = round(new - old, 2)
    return f"{change:+g}" if change else "0"


def _status(status: str | None, risk: str | None, blocking: bool) -> str:
    if status is None:
        return "-"
    text = status
    if risk in ("high", "medium", "low"):
        text += f" ({risk} risk)"
    return text + (", blocks" if blocking else "")


def _verdict(d: ReviewDiff) -> str:
    if d.old_verdict == d.new_verdict:
        return "unchanged"
    if d.new_verdict == "READY":
        return "now ready"
    return "no longer ready" if d.old_verdict == "READY" else f"now {d.new_verdict.lower()}"


def _waiver(change: WaiverChange) -> tuple[str, str, str, str]:
    old, new = change.old, change.new
    if change.kind in ("extended", "shortened") and old and new:
        what = f"{change.kind} from {old.expires}"
    else:
        what = change.kind
    shown = new or old
    assert shown is not None
    state: str = shown.state if new else "removed"
    if change.expired:
        state = "**expired**"
    return code(change.item), what, shown.expires, state


def render(d: ReviewDiff) -> str:
    out = [
        f"## orr diff: {cell(d.service)}",
        "",
        f"{code(d.old_label)} → {code(d.new_label)}",
        "",
    ]
    out += [f"> ⚠️ Warning: {cell(w)}" for w in d.warnings]
    if d.warnings:
        out.append("")
    if d.empty:
        out.append("No changes: both sides evaluate the same.")
        return "\n".join(out) + "\n"
    summary = [
        ("Verdict", d.old_verdict, d.new_verdict, _verdict(d)),
        ("Score", _number(d.old_score), _number(d.new_score), _delta(d.old_score, d.new_score)),
    ]
    pairs = [(label, d.old_counts.get(lvl), d.new_counts.get(lvl)) for lvl, label in _LEVELS]
    pairs.append(("Blockers", d.old_blockers, d.new_blockers))
    summary += [(label, str(a), str(b), _delta(a, b)) for label, a, b in pairs]
    out += _table(("", "Old", "New", "Change"), summary)
    for blockers, title in ((d.blocking, "Now blocking"), (d.unblocked, "No longer blocking")):
        if blockers:
            out += ["", f"### {title} ({len(blockers)})", ""]
            now = title == "No longer blocking"
            out += [
                f"- {code(b.ref)} ({_now(b) if now else _why(b)}): {cell(b.question)}"
                for b in blockers
            ]
    for kind, title in SECTIONS:
        changes = d.of_kind(kind)
        if changes:
            out += ["", f"### {title} ({len(changes)})", ""]
            out += _table(("Item", "Was", "Now", "Question"), (_item_row(c) for c in changes))
    if d.waivers:
        out += ["", f"### Waivers ({len(d.waivers)})", ""]
        out += _table(("Item", "Change", "Expires", "State"), (_waiver(w) for w in d.waivers))
    if d.checklists:
        out += ["", "### Checklists", ""]
        out += _table(
            ("Checklist", "Old", "New"),
            ((code(cid), _pin(a), _pin(b)) for cid, a, b in d.checklists),
        )
    return "\n".join(out) + "\n"


def _why(b: Blocker) -> str:
    return f"{b.status}, waiver expired" if b.waiver_expired else b.status


def _now(b: Blocker) -> str:
    """An item no longer blocking: what it was, and what it is now."""
    now = "not in the review's checklists" if b.other_status is None else b.other_status
    return f"was {_why(b)}, now {now}"


def _pin(pin: str | None) -> str:
    if pin is None:
        return "not used"
    return "current version" if pin == "current" else f"pinned to {cell(pin)}"


def _item_row(c: ItemChange) -> tuple[str, str, str, str]:
    return (
        code(c.ref),
        _status(c.old_status, c.old_risk, c.was_blocking) + _through(c.old_baseline),
        _status(c.new_status, c.new_risk, c.now_blocking) + _through(c.new_baseline),
        cell(c.question),
    )


def _through(baseline: str | None) -> str:
    """A change that came in through a baseline says so, on the side it came from."""
    return f" (from baseline {cell(baseline)})" if baseline else ""
