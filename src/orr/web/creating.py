"""The folder page's form for a new review: what `orr review` asks before the first question
(service, owner, checklists, then the context keys their ``applies_when`` use), written by the
same scaffold as `orr init`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orr.catalog import Catalog
from orr.interview.plan import context_keys
from orr.interview.setup import NewReview, _context_value
from orr.model import ContextValue

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$")


@dataclass
class NewForm:
    """The form as posted: its values, the context keys to ask, and what is wrong with it."""

    values: dict[str, str]
    chosen: list[str]
    keys: dict[str, list[str]] = field(default_factory=dict)
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
        new.keys = context_keys([catalog.load(cid) for cid in chosen])
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
        if typed and _context_value(typed) is None:
            new.problems.append(
                f"{key}: {typed!r} is not a value; type a word, a number, true/false or [a, b]."
            )
    return new


def new_review(form: NewForm, catalog: Catalog) -> NewReview:
    """The review to create from a form without problems (unset context keys left out)."""
    context: dict[str, ContextValue] = {}
    for key, typed in form.context.items():
        value = _context_value(typed) if typed else None
        if value is not None:
            context[key] = value
    checklists = [catalog.load(cid) for cid in form.chosen]
    return NewReview(form.values["service"], form.values["owner"], checklists, context)
