"""Context keys: what a checklist declares its ``applies_when`` read, and a review's values.

A checklist declares each key once (type, closed set of values, a one-line description);
its expressions may name only declared keys, compared with values of the declared type. A
review's ``context:`` is checked against the union of its checklists' declarations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from orr import expr
from orr.errors import Problem
from orr.loading import Document, Loc
from orr.model import Checklist, ContextKey, ContextValue
from orr.model.fields import EMPTY_CONTEXT_VALUE
from orr.model.types import context_type_of
from orr.suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class Declared:
    """A context key as a review's checklists declare it, and the first checklist to do so."""

    key: ContextKey
    checklist: str


def declarations(checklists: Iterable[Checklist]) -> dict[str, Declared]:
    """Every key the checklists declare, the first declaration of each, sorted by key."""
    out: dict[str, Declared] = {}
    for checklist in checklists:
        for name, key in checklist.context.items():
            out.setdefault(name, Declared(key, checklist.id))
    return dict(sorted(out.items()))


def conflicts(checklists: Iterable[Checklist]) -> Iterator[tuple[str, str, str, str]]:
    """(key, checklist, its type, the other type) for a key two checklists type differently."""
    first: dict[str, tuple[str, str]] = {}
    for checklist in checklists:
        for name, key in checklist.context.items():
            seen = first.setdefault(name, (checklist.id, key.type))
            if seen[1] != key.type:
                yield name, checklist.id, key.type, f"{seen[1]} in {seen[0]!r}"


def describe(key: ContextKey) -> str:
    """What a value of ``key`` may be: ``one of ecs, eks``, ``an integer``, ``true or false``."""
    if key.values:
        return "one of " + ", ".join(show(v) if not isinstance(v, str) else v for v in key.values)
    return {"integer": "an integer", "string": "a word", "boolean": "true or false"}[key.type]


def show(value: object) -> str:
    """A value as a message shows it: YAML's spelling for booleans and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def value_problem(value: object, key: ContextKey) -> str | None:
    """Why ``value`` cannot be a value of ``key``, with what to write instead; None if it can."""
    allowed = describe(key)
    if context_type_of(value) != key.type:
        hint = ""
        if isinstance(value, list):
            hint = ": give one value"
        elif isinstance(value, str) and context_type_of(parse_scalar(value)) == key.type:
            hint = ": write it without quotes"
        return f"{show(value)} is not {allowed}{hint}"
    if key.values is not None and value not in key.values:
        return f"{show(value)} is not {allowed}{did_you_mean(str(value), map(str, key.values))}"
    return None


def parse_scalar(text: str) -> object:
    """A typed word as YAML reads it: ``3`` an integer, ``true`` a boolean, else the text."""
    word = text.strip()
    if word.lower() in ("true", "false"):
        return word.lower() == "true"
    try:
        return int(word)
    except ValueError:
        return word


def parse_value(text: str, key: ContextKey) -> ContextValue:
    """A value typed for ``key`` (``--context``, a prompt); ValueError says what to type."""
    value = parse_scalar(text) if key.type != "string" else text.strip()
    problem = value_problem(value, key)
    if problem:
        raise ValueError(problem)
    assert isinstance(value, str | int | bool)
    return value


# --- in a checklist ----------------------------------------------------------------------


def checklist_problems(doc: Document, checklist: Checklist) -> list[Problem]:
    """Every ``applies_when`` names declared keys only, compared with values they can hold."""
    problems: list[Problem] = []
    for s, section in enumerate(checklist.sections):
        for i, item in enumerate(section.items):
            if item.applies_when:
                at: Loc = ("sections", s, "items", i, "applies_when")
                node = expr.parse_applies_when(item.applies_when)
                for offset, message in _expression_problems(node, checklist.context):
                    problems.append(doc.problem(at, message, offset=offset))
    return problems


def _expression_problems(
    node: expr.Node, declared: Mapping[str, ContextKey]
) -> Iterator[tuple[int, str]]:
    for name in expr.names(node):
        if name.name not in declared:
            yield (
                name.offset,
                f"context key {name.name!r} is not declared{did_you_mean(name.name, declared)}: "
                f"add it under `context:` at the top of the checklist, with its type and "
                "description",
            )
    for compare in _comparisons(node):
        sides = (compare.left, compare.right)
        names = [s for s in sides if isinstance(s, expr.Name) and s.name in declared]
        consts = [s for s in sides if isinstance(s, expr.Const)]
        if len(names) != 1 or len(consts) != 1:
            continue
        name, const = names[0], consts[0]
        values = const.value if isinstance(const.value, list) else [const.value]
        for value in values:
            problem = value_problem(value, declared[name.name])
            if problem:
                yield compare.offset, f"{name.name}: {problem}"


def _comparisons(node: expr.Node) -> Iterator[expr.Compare]:
    if isinstance(node, expr.Compare):
        yield node
    elif isinstance(node, expr.Not):
        yield from _comparisons(node.operand)
    elif isinstance(node, expr.And | expr.Or):
        for operand in node.operands:
            yield from _comparisons(operand)


# --- in a review -------------------------------------------------------------------------


def review_problems(
    doc: Document, context: Mapping[str, ContextValue], checklists: Iterable[Checklist]
) -> list[Problem]:
    """Each value of a declared key has the declared type and, if closed, one of its values."""
    chosen = list(checklists)
    problems: list[Problem] = []
    for key, checklist, kind, other in conflicts(chosen):
        problems.append(
            doc.problem(
                ("checklists",),
                f"checklist {checklist!r} declares context key {key!r} as {kind}, but it is "
                f"{other}; make the two checklists agree",
            )
        )
    known = declarations(chosen)
    for key, value in context.items():
        if key in known:
            problem = value_problem(value, known[key].key)
            if problem:
                problems.append(doc.problem(("context", key), problem))
    return problems


def explain_empty(
    doc: Document, problems: list[Problem], checklists: Iterable[Checklist]
) -> list[Problem]:
    """``problems`` with "is empty" for a declared key saying what to write there instead."""
    raw = doc.data.get("context")
    if not isinstance(raw, dict) or None not in raw.values():
        return problems
    known = declarations(checklists)
    better = {
        doc.problem(("context", key), EMPTY_CONTEXT_VALUE): doc.problem(
            ("context", key), f"is empty: write {describe(known[key].key)}, or remove the line"
        )
        for key, value in raw.items()
        if value is None and key in known
    }
    return [better.get(p, p) for p in problems]


def unknown_keys(
    context: Mapping[str, object], checklists: Iterable[Checklist]
) -> list[tuple[str, str]]:
    """(key, warning) for each key no checklist of the review declares: a typo, or a leftover."""
    known = declarations(checklists)
    return [
        (
            key,
            f"context key {key!r} is not declared by this review's checklists"
            f"{did_you_mean(key, known)}; no item reads it",
        )
        for key in context
        if key not in known
    ]
