"""What the team sees for one item: where it is, how much it matters, what it asks."""

from __future__ import annotations

import datetime as dt

from orr.interview.markdown import to_terminal
from orr.interview.plan import Question, is_stale, status_of
from orr.interview.text import Style, visible_width, wrap
from orr.model import Answer

_RISK = {"high": "red", "medium": "yellow", "low": "cyan"}


def card(question: Question, answer: Answer | None, style: Style, width: int) -> str:
    """The item as a block of lines no wider than ``width`` (long links excepted)."""
    item = question.item
    progress = f" {question.number}/{question.total} "
    rule = "-" * max(width - len(progress) - 2, 4)
    lines = ["", style.dim(rule) + style.bold(progress) + style.dim("--")]
    lines += wrap(f"{question.checklist.title} / {question.section.title}", width)
    badges = [getattr(style, _RISK[item.risk])(f"{item.risk.upper()} RISK")]
    if item.mandatory:
        badges.append(style.magenta("MANDATORY"))
    if item.evidence == "required":
        badges.append("evidence required")
    head = "  ".join(badges)
    ref = style.dim(question.ref)
    if visible_width(head) + 2 + visible_width(ref) <= width:
        lines.append(head + " " * (width - visible_width(head) - visible_width(ref)) + ref)
    else:
        lines += [head, ref]
    lines.append("")
    lines += [style.bold(line) for line in wrap(item.question, width)]
    for title, body in (("Why it matters", item.why), ("Guidance", item.guidance)):
        if body.strip():
            lines += ["", style.bold(title), *to_terminal(body, width, style)]
    if item.references:
        lines += ["", style.bold("Read more")]
        for link in item.references:
            text = link.title + (f" {style.dim(f'<{link.url}>')}" if link.url else "")
            lines += wrap(text, width, "  • ", "    ")
    if item.choices:
        lines += ["", style.bold("Choices")]
        for n, choice in enumerate(item.choices, start=1):
            lines += wrap(choice.title, width, f"  {n}. ", "     ")
    lines += ["", *current_answer(question, answer, style, width)]
    return "\n".join(lines)


def current_answer(
    question: Question, answer: Answer | None, style: Style, width: int
) -> list[str]:
    if answer is None or not answer.answered:
        return [style.dim("Not answered yet.")]
    item = question.item
    if item.choices and answer.status != "n/a":
        titles = {c.id: c.title for c in item.choices}
        status = status_of(item, answer)
        chosen = ", ".join(titles.get(c, c) for c in answer.choices or ())
        text = f"Current answer: {chosen} ({status})"
        if answer.na_choices:
            text += "; not applicable: " + ", ".join(titles.get(c, c) for c in answer.na_choices)
    else:
        text = f"Current answer: {answer.status}"
    lines = wrap(text, width)
    details = []
    if answer.reason:
        details.append(f"reason: {answer.reason}")
    if answer.evidence:
        details.append("evidence: " + ", ".join(answer.evidence))
    if answer.notes:
        details.append(f"notes: {answer.notes}")
    who = " ".join(
        part
        for part in (
            f"by {answer.answered_by}" if answer.answered_by else "",
            f"on {_when(answer.answered_at)}" if answer.answered_at else "",
        )
        if part
    )
    if who:
        details.append(who)
    for detail in details:
        lines += wrap(detail, width, "  ", "    ")
    if is_stale(item, answer):
        warning = "! The question changed since this answer was given: check it still holds."
        lines += [style.yellow(line) for line in wrap(warning, width)]
    return lines


def _when(value: dt.datetime | dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat() if value else ""
