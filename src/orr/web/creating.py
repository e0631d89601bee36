"""The folder page's form for a new review: what `orr review` asks before the first question
(service, owner, checklists, then the context keys their ``applies_when`` use), written by the
same scaffold as `orr init`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orr.catalog import Catalog
from orr.context import Declared, declarations, parse_scalar, parse_value
from orr.interview.plan import context_keys
from orr.interview.setup import NewReview
from orr.model import Checklist, ContextValue

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$")


@dataclass
class NewForm:
    """The form as posted: its values, the context keys to ask, and what is wrong with it."""

    values: dict[str, str]
    chosen: list[str]
    keys: dict[str, list[str]] = field(default_factory=dict)
    #: the keys as the chosen checklists declare them (type, allowed values)
    declared: dict[str, Declared] = field(default_factory=dict)
    context: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_form(form: Mapping[str, Sequence[str]], catalog: Catalog, root: Path) -> NewForm:
    def one(key: str) -> str:
        values = form.get(key, ())
        return values[-1].strip() if values else ""

    values = {key: one(key) for key in ("file", "service", "owner")}
    known = catalog.ids()
    chosen = [cid for cid in dict.fromkeys(form.get("checklist", ())) if cid in known]
    new = NewForm(values, chosen)
    if chosen:
        checklists: list[Checklist] = [catalog.load(cid) for cid in chosen]
        new.keys = context_keys(checklists)
        new.declared = declarations(checklists)
    new.context = {key: one(f"context.{key}") for key in new.keys}
    name = values["file"]
    if not _NAME.match(name):
        new.problems.append(
            "File: a name like checkout.yaml (letters, digits, dot, dash, underscore)."
        )
    elif (root / name).exists():
        new.problems.append(f"File: {name} exists already; open it from the list above.")
    if not values["service"]:
        new.problems.append("Service: a name is needed.")
    if not values["owner"]:
        new.problems.append("Owner: the owning team is needed.")
    if not chosen:
        new.problems.append("Checklists: choose at least one.")
    for key, typed in new.context.items():
        if typed:
            try:
                context_value(typed, new.declared.get(key))
            except ValueError as error:
                new.problems.append(f"{key}: {error}.")
    return new


def context_value(typed: str, declared: Declared | None) -> ContextValue:
    """A value typed for a context key, as its declaration types it (``3`` for an integer
    key, ``true`` for a boolean); ValueError says what to type instead."""
    if declared is not None:
        return parse_value(typed, declared.key)
    value = parse_scalar(typed)
    if not isinstance(value, str | int | bool):
        raise ValueError(f"{typed!r} is not a value; type a word, a number or true/false")
    return value


def new_review(form: NewForm, catalog: Catalog) -> NewReview:
    """The review to create from a form without problems (unset context keys left out)."""
    context: dict[str, ContextValue] = {}
    for key, typed in form.context.items():
        if typed:
            context[key] = context_value(typed, form.declared.get(key))
    checklists = [catalog.load(cid) for cid in form.chosen]
    return NewReview(form.values["service"], form.values["owner"], checklists, context)
