"""Before the first question of a new review: which service, whose, which checklists, context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orr.catalog import Catalog
from orr.context import declarations, describe, parse_value, show
from orr.interview.prompter import Option, Prompter
from orr.interview.text import wrap
from orr.model import Checklist, ContextKey, ContextValue
from orr.suggest import did_you_mean

UNSET = "unset"


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
    known = declarations(checklists)
    if known:
        prompter.show(
            "\n".join(
                wrap(
                    "Context: the checklists skip items that do not fit the service, by these "
                    "values. Leave one unset and its items are asked.",
                    prompter.width,
                )
            )
        )
    context: dict[str, ContextValue] = {}
    for name, declared in known.items():
        value = ask_context_value(prompter, name, declared.key)
        if value is not None:
            context[name] = value
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


def ask_context_value(prompter: Prompter, name: str, key: ContextKey) -> ContextValue | None:
    """One declared key: its allowed values as a menu, else a typed value; None leaves it unset."""
    prompt = f"{name} ({key.description})"
    if key.values or key.type == "boolean":
        values = key.values or [True, False]
        options = _options([show(v) if not isinstance(v, str) else v for v in values])
        picked = prompter.menu(prompt, [*options, Option(UNSET, "-")], UNSET)
        return None if picked == UNSET else parse_value(picked, key)
    while True:
        typed = prompter.line(f"{prompt}, {describe(key)}; empty leaves it unset").strip()
        if not typed:
            return None
        try:
            return parse_value(typed, key)
        except ValueError as error:
            prompter.notice(str(error))


def _options(values: Sequence[str]) -> list[Option]:
    """A menu of values, each with a key of its own: the first of its letters not taken (ec2 e,
    ecs c, eks k), else a digit."""
    taken = {"-"}
    options = []
    for value in values:
        spare = [c for c in value.lower() if c.isalnum()] + [*"123456789"]
        key = next((c for c in spare if c not in taken), "")
        taken.add(key)
        options.append(Option(value, key))
    return options
