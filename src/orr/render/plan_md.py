"""The action plan as a GitHub task list, to paste into an issue or pull-request body."""

from __future__ import annotations

from orr.render import gfm
from orr.render.plan_view import actions, answer_text, urgency
from orr.result import Result
from orr.words import plural


def render(result: Result) -> str:
    plan = actions(result)
    lines = [f"## Readiness action plan: {gfm.text(result.service)}", ""]
    if not plan:
        lines.append("Nothing to do: every applicable item is met.")
        return "\n".join(lines) + "\n"
    count = plural(len(plan), "action")
    lines += [
        f"{count} from {gfm.code(result.review_path or result.service)}, evaluated on "
        f"{result.evaluated_on}: blockers first, then by risk, weight and checklist order.",
        "",
    ]
    for action in plan:
        item = action.item
        lines.append(
            f"- [ ] **{action.priority}** · {gfm.code(item.ref)}: {gfm.text(item.question)}"
        )
        lines.append(f"  - {urgency(action)}. Now: {gfm.text(answer_text(item))}")
        if item.remediation:
            lines.append(f"  - To do: {gfm.text(item.remediation)}")
        for step in item.improvement_plan:
            shown = gfm.link(step.url, step.title) if step.url else gfm.text(step.title)
            lines.append(f"  - Improvement: {shown}")
        refs = [gfm.link(r.url, r.title) if r.url else gfm.text(r.title) for r in item.references]
        if refs:
            lines.append(f"  - References: {', '.join(refs)}")
        lines.append(f"  - Key: `{action.key}`")
    return "\n".join(lines) + "\n"
