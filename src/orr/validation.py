"""Checks that span more than one field: unique ids and references between things.

Shape is pydantic's job (in ``model``); these run after it and report every problem found,
each at the place in the file where it can be fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from orr import context, expr
from orr.errors import Problem
from orr.loading import Document
from orr.model import Answer, Baseline, Checklist, Item, Review
from orr.model.types import VERSION_PATTERN
from orr.suggest import did_you_mean
from orr.words import plural

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
    problems.extend(context.checklist_problems(doc, checklist))
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
    review: Review | Baseline,
    checklists: Mapping[str, Checklist],
    available: Callable[[], Iterable[str]],
    *,
    looked_in: Callable[[], str] = str,
    set_aside: Collection[int] = (),
    broken: Collection[str] = (),
) -> list[Problem]:
    """Problems in a review's references, given the checklists found for it.

    ``available`` lists every checklist id for "did you mean"; it is called only when a
    checklist is missing, so a valid review costs no folder listing; ``looked_in``, called
    likewise, says where checklists were looked for. A checklist that is missing (or
    invalid) is one problem: the answers and waivers naming it are not checked.
    ``set_aside`` are waivers whose item did not pass the schema (already reported);
    ``broken`` are checklists found but invalid (their own problems are reported).
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
            continue
        listed.add(cid)
        if cid not in checklists and cid not in broken:
            problems.append(
                doc.problem(("checklists", n), _missing(cid, review, available, looked_in))
            )
    for key, answer in review.answers.items():
        target = _resolve(key, listed, checklists)
        if isinstance(target, str):
            problems.append(doc.problem(("answers", key), target, key=True))
            continue
        if target is None:
            continue
        problems.extend(_answer_problems(doc, key, answer, target))
    waived: set[str] = set()
    for w, waiver in enumerate(review.waivers):
        if w in set_aside:
            continue
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
    found = [checklists[cid] for cid in listed if cid in checklists]
    if isinstance(review, Review):  # a baseline declares no context of its own
        problems.extend(context.review_problems(doc, review.context, found))
    return problems


def answer_problems(
    doc: Document,
    review: Review,
    checklists: Mapping[str, Checklist],
    ref: str,
    answer: Answer,
) -> list[Problem]:
    """The problems ``review_problems`` finds in one answer (its item, its choices), in a
    review otherwise valid with these checklists."""
    listed = {cid for cid, _ in review.pins()}
    target = _resolve(ref, listed, checklists)
    if isinstance(target, str):
        return [doc.problem(("answers", ref), target, key=True)]
    if target is None:
        return [doc.problem(("answers", ref), f"no checklist {ref.partition('/')[0]!r} was found")]
    return _answer_problems(doc, ref, answer, target)


def _missing(
    cid: str,
    review: Review | Baseline,
    available: Callable[[], Iterable[str]],
    looked_in: Callable[[], str],
) -> str:
    """One message for a checklist not found: where orr looked, how to add a folder."""
    answers = sum(1 for k in review.answers if k.startswith(f"{cid}/"))
    waivers = sum(1 for w in review.waivers if w.item.startswith(f"{cid}/"))
    counts = [plural(n, what) for n, what in ((answers, "answer"), (waivers, "waiver")) if n]
    where = f"; looked in {looked_in()}" if looked_in() else ""
    unchecked = f"; checked once it is found: {', '.join(counts)}" if counts else ""
    return (
        f"no checklist with id {cid!r}{did_you_mean(cid, available())}{where}; see `orr list`, "
        'or add the folder that holds it with --checklists DIR or checklists = ["DIR"] in '
        f".orr.toml{unchecked}"
    )


def _answer_problems(doc: Document, key: str, answer: Answer, item: Item) -> list[Problem]:
    problems: list[Problem] = []
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
    return problems


def _resolve(ref: str, listed: set[str], checklists: Mapping[str, Checklist]) -> Item | str | None:
    """The item a ``checklist/item`` reference names, a message saying what is wrong, or None
    when its checklist was not found (that is one problem, reported at ``checklists:``)."""
    cid, sep, iid = ref.partition("/")
    if not sep and ref in Answer.model_fields:
        return (
            f"{ref!r} is a key of an answer, not an item reference: indent it under its "
            "item's line (checklist-id/item-id:)"
        )
    if not sep or not cid or not iid:
        return f"{ref!r} is not an item reference; write it as checklist-id/item-id"
    if cid not in listed:
        return f"checklist {cid!r} is not listed under `checklists:`{did_you_mean(cid, listed)}"
    checklist = checklists.get(cid)
    if checklist is None:
        return None
    item = checklist.items_by_id.get(iid)
    if item is None:
        return f"no item {iid!r} in checklist {cid!r}{did_you_mean(iid, checklist.items_by_id)}"
    return item


# --- one pass ----------------------------------------------------------------------------

#: What stands in for a waiver whose fields failed the schema, keeping its item to check.
_PLACEHOLDER_WAIVER = {"reason": "-", "approved_by": "-", "expires": "9999-12-31"}


def salvage(data: Mapping[str, Any]) -> tuple[Review, set[int]] | None:
    """The review with each part that failed its schema set aside, so the references of the
    rest can still be checked (the schema errors are reported apart), and the waivers whose
    item was set aside. None when ``checklists:`` itself is broken: nothing can be checked.
    """
    fixed = dict(data)
    set_aside: set[int] = set()
    for _ in range(4):  # each round sets aside what failed; a part can fail at most twice
        try:
            return Review.model_validate(fixed), set_aside
        except ValidationError as error:
            for err in error.errors(include_url=False):
                if not _set_aside(fixed, tuple(err["loc"]), set_aside):
                    return None
    return None


def _set_aside(fixed: dict[str, Any], loc: tuple[str | int, ...], waivers: set[int]) -> bool:
    if not loc or loc[0] == "checklists":
        return False
    top = str(loc[0])
    part = fixed.get(top)
    if top in ("service", "owner"):
        fixed[top] = "-"
    elif top in ("answers", "context") and len(loc) >= 2 and isinstance(part, dict):
        part = fixed[top] = dict(part)
        key = loc[1]
        answer = part.get(key)
        if top == "answers" and len(loc) >= 3 and loc[2] != "[key]" and isinstance(answer, dict):
            part[key] = {k: v for k, v in answer.items() if k != loc[2]}  # keep the rest
        elif top == "answers" and (len(loc) == 2 or loc[2] != "[key]"):
            part[key] = {}  # the answer as a whole failed: its key is still checked
        else:
            part.pop(key, None)
    elif top == "waivers" and len(loc) >= 2 and isinstance(loc[1], int) and isinstance(part, list):
        part = fixed[top] = list(part)
        waiver = part[loc[1]]
        item = waiver.get("item") if isinstance(waiver, dict) else None
        if not isinstance(item, str) or not item or loc[2:3] == ("item",):
            item = "-"
            waivers.add(loc[1])
        part[loc[1]] = {"item": item, **_PLACEHOLDER_WAIVER}
    else:
        fixed.pop(top, None)  # an optional field broken as a whole, or an unknown one
    return True
