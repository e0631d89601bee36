"""A query probe's work on one file: JMESPath over its documents, selecting and testing things.

``find`` is everything a query probe does with one file, as a pure function of the file
(``FileView``) and the probe's expressions (``QueryKey``): how many things it selected and
which failed. The in-process run and a pool's workers both call it, so where it runs never
changes what it finds; ``probes`` puts the files' findings together in path order.

A ``FileView`` lists each document's ``for_each`` things once, and indexes them by the field
a ``where`` tests (``Type == 'AWS::SQS::Queue'``, see ``prefilter``) once, for every probe
that looks at the file: such a probe takes its things by one lookup per value instead of
asking every resource.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jmespath
from jmespath import functions, visitor
from jmespath.exceptions import JMESPathError

from orr.checks import prefilter

#: What a query probe does with a file, whatever else it says: query, for_each, where, name.
QueryKey = tuple[str, str | None, str | None, str | None]
#: One thing a probe may select: its key when ``for_each`` gave a mapping, and the thing.
Entry = tuple[str | None, Any]
#: The fields a list element is named by in a failure, in order, when the check gives no `name`.
_NAME_FIELDS = ("address", "metadata.name", "name", "id")


class _Functions(functions.Functions):
    """JMESPath's functions, and ``items()`` from JMESPath Community: ``[[key, value], ...]``."""

    @functions.signature({"types": ["object"]})
    def _func_items(self, value: dict[str, Any]) -> list[list[Any]]:
        return [[key, item] for key, item in value.items()]


_INTERPRETER = visitor.TreeInterpreter(jmespath.Options(custom_functions=_Functions()))
#: What evaluating an expression on unexpected data raises (jmespath lets some TypeErrors out).
EVALUATION_ERRORS = (JMESPathError, TypeError, ValueError)


@lru_cache(maxsize=1024)
def _compiled(expression: str) -> Any:
    return jmespath.compile(expression)


def search(expression: str, data: Any) -> Any:
    """JMESPath's ``search``, compiled once per expression, with ``items()``.

    One interpreter serves the whole run (``ParsedResult.search`` makes a new one each call,
    and with it loses the interpreter's cache of which method visits which node).
    """
    return _INTERPRETER.visit(_compiled(expression).parsed, data)


@lru_cache(maxsize=1024)
def necessary(expression: str) -> prefilter.Condition | None:
    """The prefilter's condition for a ``where`` expression (read once per expression)."""
    return prefilter.necessary(_compiled(expression).parsed)


def selects(where: str, thing: Any) -> bool:
    """Whether ``where`` holds for ``thing`` (a field lookup rules most things out first).

    A clause that cannot be evaluated on a thing (``values(Resources)`` on a file without
    resources) does not select it: the thing is not of the kind the check looks at.
    """
    condition = necessary(where)
    if not prefilter.admits(condition, thing):
        return False
    if condition is not None and condition[2]:
        return True  # the field lookup was the whole clause
    return _holds(where, thing)


def _holds(where: str, thing: Any) -> bool:
    try:
        return truthy(search(where, thing))
    except EVALUATION_ERRORS:
        return False


def truthy(value: Any) -> bool:
    """JMESPath's truth: false, null and empty strings, lists and objects are false."""
    if value is None or value is False:
        return False
    return not (isinstance(value, str | list | dict) and not value)


def entries(for_each: str | None, document: Any) -> list[Entry]:
    """(key, thing) for each thing ``for_each`` gives in one document (none if it cannot)."""
    if for_each is None:
        return [(None, document)]
    try:
        selected = search(for_each, document)
    except EVALUATION_ERRORS:
        return []  # not the kind of document the check looks at
    if isinstance(selected, dict):
        return [(str(k), v) for k, v in selected.items()]
    if isinstance(selected, list):
        return [(None, v) for v in selected]
    return [] if selected is None else [(None, selected)]


def index(things: list[Entry], name: str) -> dict[str, list[int]]:
    """Where each string value of the field ``name`` is, among mapping things, in order."""
    out: dict[str, list[int]] = {}
    for position, (_, thing) in enumerate(things):
        if isinstance(thing, dict):
            value = thing.get(name)
            if isinstance(value, str):
                out.setdefault(value, []).append(position)
    return out


@dataclass
class FileView:
    """One file's documents, with each document's things listed and indexed once for all probes."""

    path: str  # as failures name it
    text: str
    documents: list[Any]
    _entries: dict[tuple[int, str | None], list[Entry]] = field(default_factory=dict)
    _indexes: dict[tuple[int, str | None, str], dict[str, list[int]]] = field(default_factory=dict)

    def things(self, number: int, for_each: str | None, where: str | None) -> list[Entry]:
        """What ``for_each`` and ``where`` select in document ``number`` (from 0), in order.

        The same as keeping each of the document's things that ``selects(where, ...)``: a
        ``where`` with a prefilter condition looks up the things whose field can make it hold
        (and, when the lookup is the whole clause, keeps them all) instead of asking each thing.
        """
        listed = self._entries.get((number, for_each))
        if listed is None:
            listed = self._entries[number, for_each] = entries(for_each, self.documents[number])
        if where is None:
            return listed
        condition = necessary(where)
        if condition is None:
            return [entry for entry in listed if _holds(where, entry[1])]
        name, values, exact = condition
        found = self._indexes.get((number, for_each, name))
        if found is None:
            found = self._indexes[number, for_each, name] = index(listed, name)
        positions = sorted(p for value in values for p in found.get(value, ()))
        picked = [listed[p] for p in positions]
        return picked if exact else [entry for entry in picked if _holds(where, entry[1])]


@dataclass(frozen=True, slots=True)
class Found:
    """What one query probe found in one file: how many things it selected, and which failed."""

    seen: int
    failed: tuple[str, ...]  # each `file:line: resource fails the check`


def find(key: QueryKey, view: FileView) -> Found:
    """What the query probe ``key`` finds in the file."""
    query, for_each, where, name = key
    several = len(view.documents) > 1
    failed: list[str] = []
    seen = 0
    for number in range(len(view.documents)):
        spot = f"{view.path} (document {number + 1})" if several else view.path
        try:
            for position, (entry_key, thing) in enumerate(view.things(number, for_each, where)):
                seen += 1
                if truthy(search(query, thing)):
                    continue
                named = _name_of(name, entry_key, thing, position)
                at = _line_of(view.text, named) if entry_key is not None else 0
                located = f"{view.path}:{at}" if at and not several else spot
                failed.append(f"{located}: {named} fails the check")
        except EVALUATION_ERRORS as error:  # a type error in a function, on this data
            failed.append(f"{spot}: the query cannot be evaluated here: {error}")
    return Found(seen, tuple(failed))


def _name_of(name: str | None, key: str | None, thing: Any, position: int) -> str:
    if name:
        named = search(name, thing)
        if named is not None:
            return named if isinstance(named, str) else json.dumps(named, sort_keys=True)
    if key is not None:
        return key
    for expression in _NAME_FIELDS:
        named = search(expression, thing) if isinstance(thing, dict) else None
        if isinstance(named, str) and named:
            return named
    return f"[{position}]"


def _line_of(text: str, key: str) -> int:
    """The first line where ``key`` is a mapping key (YAML or JSON), 0 if none is."""
    pattern = re.compile(rf"""^\s*(?:-\s+)?["']?{re.escape(key)}["']?\s*:""", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
