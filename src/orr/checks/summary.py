"""`orr check`'s report in the terminal: per item, the person's answer beside the machine's."""

from __future__ import annotations

from orr.checks.probes import few
from orr.checks.run import CheckRun, ItemCheck
from orr.words import plural

#: How many failures of one probe are listed before "and N more".
MAX_FAILED = 5


def summary(result: CheckRun) -> str:
    if not result.items:
        return f"{result.review}: no item of its checklists has checks"
    lines: list[str] = []
    for item in result.items:
        lines.append(f"{item.ref}: answer {_answer(item, result)}; checks {item.outcome.upper()}")
        if contradicted(item):
            lines.append("  CONTRADICTED: answered met, but a check failed")
        for probe in item.results:
            lines.append(f"  {probe.outcome:7} {probe.check}")
            for failure in probe.failed[:MAX_FAILED]:
                lines.append(f"            {failure}")
            if len(probe.failed) > MAX_FAILED:
                lines.append(f"            and {len(probe.failed) - MAX_FAILED} more")
            if probe.note:
                lines.append(f"            {probe.note}")
            if probe.files:
                lines.append(f"            looked at {few(tuple(p for p, _ in probe.files))}")
    tally = {o: sum(1 for i in result.items if i.outcome == o) for o in ("pass", "fail", "unknown")}
    counts = ", ".join(f"{n} {o}" for o, n in tally.items())
    against = sum(1 for i in result.items if contradicted(i))
    tail = f"; {plural(against, 'answer')} contradicted" if against else ""
    lines.append(f"{plural(len(result.items), 'item')} checked in {result.repo}: {counts}{tail}")
    if result.written:
        lines.append(f"recorded under `checked:` in {result.review}")
    return "\n".join(lines)


def contradicted(item: ItemCheck) -> bool:
    return bool(item.answer and item.answer.answered and item.answer.status == "met") and (
        item.outcome == "fail"
    )


def _answer(item: ItemCheck, result: CheckRun) -> str:
    answer = item.answer
    if item.ref in result.proposed:
        return f"unanswered, {item.proposal} proposed"
    if answer is None or not (answer.status or answer.choices is not None):
        return "unanswered"
    if answer.proposed_by:
        return f"{answer.status} (proposed by {answer.proposed_by}, not confirmed)"
    status = answer.status or "choices " + ", ".join(answer.choices or []) or "no choice"
    return status + (f" (by {answer.answered_by})" if answer.answered_by else "")
