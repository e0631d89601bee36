"""A new, unanswered review file, with each question as a comment, ready to fill in by hand."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence

from orr.context import declarations, describe
from orr.model import Checklist, ContextValue
from orr.printable import visible


def _q(text: str) -> str:
    """A YAML-safe scalar: JSON strings are valid YAML double-quoted strings."""
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def new_review(
    service: str,
    owner: str,
    checklists: Sequence[Checklist],
    today: dt.date,
    context: Mapping[str, ContextValue] | None = None,
) -> str:
    """The review file's text: ``context`` set, the other declared keys as commented hints."""
    keys = declarations(checklists)
    values = context or {}
    lines = [
        f"# orr review of {_one_line(visible(service))}: answer each item, then run `orr gate` "
        "on this file.",
        "# status: met | partial | unmet | n/a (n/a needs `reason:`); add evidence links.",
        f"service: {_q(service)}",
        f"owner: {_q(owner)}",
        "reviewers: []",
        f"date: {today.isoformat()}",
        "context:",
    ]
    if keys:
        lines.append("  # the keys the checklists' applies_when read; set each that fits:")
        for key, declared in keys.items():
            hint = f"# {describe(declared.key)}: {declared.key.description}"
            if key in values:
                lines.append(f"  {key}: {json.dumps(values[key], ensure_ascii=False)}  {hint}")
            else:
                lines.append(f"  # {key}:  {hint}")
    else:
        lines[-1] = "context: {}"
    lines.append("checklists:")
    lines.extend(f"  - {_q(c.id)}" for c in checklists)
    lines.append("answers:")
    for checklist in checklists:
        for section, item in checklist.iter_items():
            badge = f"{item.risk} risk" + (", mandatory" if item.mandatory else "")
            lines.append(f"  # [{checklist.title} / {section.title}] ({badge})")
            lines.append(f"  # {_one_line(item.question)}")
            if item.applies_when:
                lines.append(f"  # applies when: {item.applies_when}")
            lines.append(f"  {_q(f'{checklist.id}/{item.id}')}:")
            if item.choices:
                lines.append("    # choices: " + ", ".join(c.id for c in item.choices))
                lines.append("    choices:")
            else:
                lines.append("    status:")
    lines.append("waivers: []")
    return "\n".join(lines) + "\n"
