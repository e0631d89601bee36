"""Checks that span more than one field: unique ids and references between things.

Shape is pydantic's job (in ``model``); these run after it and report every problem found,
each at the place in the file where it can be fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from orr import expr
from orr.errors import Problem
from orr.loading import Document
from orr.model import Checklist, Item, Review
from orr.model.types import VERSION_PATTERN
from orr.suggest import did_you_mean

_VERSION = re.compile(VERSION_PATTERN)


def checklist_problems(doc: Document, checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    section_ids: dict[str, int] = {}
    item_ids: dict[str, str] = {}
    for s, section in enumerate(checklist.sections):
        if section.id in section_ids:
            problems.append(
                doc.problem(("sections", s, "id"), f"duplicate section id {section.id!r}")
            )
        section_ids[section.id] = s
        for i, item in enumerate(section.items):
            at = ("sections", s, "items", i)
            if item.id in item_ids:
                problems.append(
                    doc.problem(
                        (*at, "id"),
                        f"duplicate item id {item.id!r} (also in section {item_ids[item.id]!r}); "
                        "item ids must be unique within a checklist",
                    )
                )
            item_ids[item.id] = section.id
            problems.extend(_choice_problems(doc, at, item))
    return problems


def _choice_problems(doc: Document, at: tuple[str | int, ...], item: Item) -> list[Problem]:
    problems: list[Problem] = []
    if item.choices and not item.risk_rules:
        problems.append(doc.problem((*at, "choices"), "an item with choices needs risk_rules"))
    if item.risk_rules and not item.choices:
        problems.append(doc.problem((*at, "risk_rules"), "risk_rules need choices to refer to"))
    ids: set[str] = set()
    for c, choice in enumerate(item.choices):
        if choice.id in ids:
            problems.append(
                doc.problem(
                    (*at, "choices", c, "id"), f"duplicate choice id {choice.id!r} in this item"
                )
            )
        ids.add(choice.id)
    levels: set[str] = set()
    for r, rule in enumerate(item.risk_rules):
        if rule.risk in levels:
            problems.append(
                doc.problem(
                    (*at, "risk_rules", r, "risk"),
                    f"a second rule for risk {rule.risk!r}; keep one rule per risk level",
                )
            )
        levels.add(rule.risk)
        node = expr.parse_condition(rule.condition)
        for name in expr.names(node):
            if name.name not in ids:
                problems.append(
                    doc.problem(
                        (*at, "risk_rules", r, "condition"),
                        f"unknown choice {name.name!r}{did_you_mean(name.name, ids)}",
                        offset=name.offset,
                    )
                )
    return problems


def review_problems(
    doc: Document,
    review: Review,
    checklists: Mapping[str, Checklist],
    available: Callable[[], Iterable[str]],
) -> list[Problem]:
    """Problems in a review's references, given the checklists found for it.

    ``available`` lists every checklist id for "did you mean"; it is called only when a
    checklist is missing, so a valid review costs no folder listing.
    """
    problems: list[Problem] = []
    listed: set[str] = set()
    for n, (cid, _version) in enumerate(review.pins()):
        pinned = review.checklists[n].partition("@")[2]
        if "@" in review.checklists[n] and not _VERSION.match(pinned):
            problems.append(
                doc.problem(
                    ("checklists", n),
                    f"{pinned!r} is not a version to pin {cid!r} to; write it as "
                    f"{cid}@1.2.0, or drop the '@' to use the current version",
                )
            )
        if cid in listed:
            problems.append(doc.problem(("checklists", n), f"checklist {cid!r} is listed twice"))
        listed.add(cid)
        if cid not in checklists:
            problems.append(
                doc.problem(
                    ("checklists", n),
                    f"no checklist with id {cid!r}{did_you_mean(cid, available())}; "
                    "see `orr list`, or add a folder with --checklists",
                )
            )
    for key, answer in review.answers.items():
        target = _resolve(key, listed, checklists)
        if isinstance(target, str):
            problems.append(doc.problem(("answers", key), target, key=True))
            continue
        item = target
        if item.choices:
            if answer.status in ("met", "partial", "unmet"):
                problems.append(
                    doc.problem(
                        ("answers", key, "status"),
                        "this item is answered by `choices:` (or status n/a), not by status "
                        f"{answer.status!r}",
                    )
                )
            names = {c.id for c in item.choices}
            for field in ("choices", "na_choices"):
                for c, chosen in enumerate(getattr(answer, field) or []):
                    if chosen not in names:
                        problems.append(
                            doc.problem(
                                ("answers", key, field, c),
                                f"unknown choice {chosen!r}{did_you_mean(chosen, names)}",
                            )
                        )
        elif answer.choices is not None or answer.na_choices:
            problems.append(
                doc.problem(
                    ("answers", key, "choices" if answer.choices is not None else "na_choices"),
                    "this item has no choices; answer it with `status:`",
                )
            )
    waived: set[str] = set()
    for w, waiver in enumerate(review.waivers):
        target = _resolve(waiver.item, listed, checklists)
        if isinstance(target, str):
            problems.append(doc.problem(("waivers", w, "item"), target))
        if waiver.item in waived:
            problems.append(
                doc.problem(
                    ("waivers", w, "item"), f"a second waiver for {waiver.item!r}; keep one"
                )
            )
        waived.add(waiver.item)
    return problems


def _resolve(ref: str, listed: set[str], checklists: Mapping[str, Checklist]) -> Item | str:
    """The item a ``checklist/item`` reference names, or a message saying what is wrong."""
    cid, sep, iid = ref.partition("/")
    if not sep or not cid or not iid:
        return f"{ref!r} is not an item reference; write it as checklist-id/item-id"
    if cid not in listed:
        return f"checklist {cid!r} is not listed under `checklists:`{did_you_mean(cid, listed)}"
    checklist = checklists.get(cid)
    if checklist is None:
        return f"checklist {cid!r} was not found"
    item = checklist.items_by_id.get(iid)
    if item is None:
        return f"no item {iid!r} in checklist {cid!r}{did_you_mean(iid, checklist.items_by_id)}"
    return item
