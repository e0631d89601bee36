"""Before the first question of a new review: which service, whose, which checklists, context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orr.catalog import Catalog
from orr.errors import InputError
from orr.interview.plan import context_keys
from orr.interview.prompter import Prompter
from orr.interview.text import wrap
from orr.loading import parse_yaml
from orr.model import Checklist, ContextValue
from orr.suggest import did_you_mean


@dataclass
class NewReview:
    service: str
    owner: str
    checklists: list[Checklist]
    context: dict[str, ContextValue] = field(default_factory=dict)


def ask_new_review(
    prompter: Prompter, path: Path, catalog: Catalog, preset: Sequence[str], owner: str
) -> NewReview:
    """Ask, one line each: service, owner, checklist ids, then every context key they use."""
    prompter.show(f"{path} does not exist yet; a few questions to create it.")
    service = ""
    while not service:
        service = prompter.line("Service name").strip()
        if not service:
            prompter.notice("A service name is needed.")
    typed_owner = prompter.line(f"Owning team [{owner}]").strip()
    checklists = _ask_checklists(prompter, catalog, preset)
    context: dict[str, ContextValue] = {}
    keys = context_keys(checklists)
    if keys:
        prompter.show(
            "\n".join(
                wrap(
                    "Context: the checklists skip items that do not fit the service, by these "
                    "values. Type a word, a number, true/false or a list like [a, b]; an empty "
                    "line leaves a value unset (its items are then asked).",
                    prompter.width,
                )
            )
        )
    for key, uses in keys.items():
        more = f" and {len(uses) - 1} more" if len(uses) > 1 else ""
        while True:
            typed = prompter.line(f"{key} (used in: {uses[0]}{more})").strip()
            if not typed:
                break
            value = _context_value(typed)
            if value is None:
                prompter.notice(
                    f"{typed!r} is not a value: type a word, a number, true/false or [a, b]"
                )
                continue
            context[key] = value
            break
    return NewReview(service, typed_owner or owner, checklists, context)


def _ask_checklists(prompter: Prompter, catalog: Catalog, preset: Sequence[str]) -> list[Checklist]:
    available = catalog.ids()
    prompter.show("\n".join(wrap("Checklists: " + ", ".join(available), prompter.width)))
    default = f" [{', '.join(preset)}]" if preset else ""
    while True:
        typed = prompter.line(f"Checklists to use (ids, comma-separated){default}").strip()
        ids = list(dict.fromkeys(t for t in re.split(r"[,\s]+", typed) if t)) or list(preset)
        if not ids:
            prompter.notice("Name at least one checklist.")
            continue
        unknown = [i for i in ids if catalog.find(i) is None]
        if unknown:
            prompter.notice(
                f"no checklist {unknown[0]!r}{did_you_mean(unknown[0], available)}; "
                "choose from the list above"
            )
            continue
        return [catalog.load(i) for i in ids]


def _context_value(typed: str) -> ContextValue | None:
    try:
        value = parse_yaml(typed, Path("<input>"))
    except InputError:
        return None
    scalar = (str, int, float, bool)
    if isinstance(value, scalar):
        return value
    if isinstance(value, list) and value and all(isinstance(v, scalar) for v in value):
        return value
    return None
