"""Run one probe against a workspace: pass, fail (saying what failed, where) or unknown."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jmespath
from jmespath import functions, visitor
from jmespath.exceptions import JMESPathError

from orr.checks import prefilter
from orr.checks.scanners import ScanResults
from orr.checks.workspace import Workspace
from orr.model.checks import FilesCheck, Outcome, QueryCheck, ScannerCheck

Probe = FilesCheck | QueryCheck | ScannerCheck
#: The fields a list element is named by in a failure, in order, when the check gives no `name`.
_NAME_FIELDS = ("address", "metadata.name", "name", "id")


@dataclass(frozen=True, slots=True)
class ProbeResult:
    check: str  # what the probe is, in one line
    outcome: Outcome
    files: tuple[tuple[str, str], ...] = ()  # what it looked at: (path, sha256)
    failed: tuple[str, ...] = ()  # what failed, each `file:line: resource: why`
    note: str = ""  # why the outcome is unknown


def few(paths: tuple[str, ...], shown: int = 3) -> str:
    """The first paths, and how many more: notes stay one line in a large repository."""
    if len(paths) <= shown:
        return ", ".join(paths)
    return f"{', '.join(paths[:shown])} and {len(paths) - shown} more files"


def describe(probe: Probe) -> str:
    """The probe in one line: its title, else what it looks at."""
    if probe.title:
        return probe.title
    if isinstance(probe, FilesCheck):
        text = "files " + ", ".join(probe.files)
        if probe.contains is not None:
            text += f" {'each ' if probe.each else ''}containing /{probe.contains}/"
        return text
    if isinstance(probe, QueryCheck):
        text = "in " + ", ".join(probe.files)
        if probe.for_each:
            text += f", for each {probe.for_each}"
        if probe.where:
            text += f" where {probe.where}"
        return f"{text}: {probe.query}"
    return "scanner " + ", ".join(probe.scanner)


def run(probe: Probe, workspace: Workspace, scans: ScanResults) -> ProbeResult:
    if isinstance(probe, FilesCheck):
        return _files(probe, workspace)
    if isinstance(probe, QueryCheck):
        return _query(probe, workspace)
    return _scanner(probe, scans)


def _files(probe: FilesCheck, workspace: Workspace) -> ProbeResult:
    failed: list[str] = []
    matched: list[str] = []
    for pattern in probe.files:
        found = workspace.glob(pattern)
        if not found:
            failed.append(f"no file matches {pattern}")
        matched.extend(found)
    paths = tuple(sorted(set(matched)))
    looked = tuple((p, workspace.file(p).sha256) for p in paths)
    if probe.contains is not None and paths:
        regex = re.compile(probe.contains)
        missing = [p for p in paths if not regex.search(workspace.file(p).text)]
        if probe.each:
            failed.extend(f"{p}: does not contain /{probe.contains}/" for p in missing)
        elif len(missing) == len(paths):
            failed.append(f"none of {few(paths)} contains /{probe.contains}/")
    return ProbeResult(describe(probe), "fail" if failed else "pass", looked, tuple(failed))


class _Functions(functions.Functions):
    """JMESPath's functions, and ``items()`` from JMESPath Community: ``[[key, value], ...]``."""

    @functions.signature({"types": ["object"]})
    def _func_items(self, value: dict[str, Any]) -> list[list[Any]]:
        return [[key, item] for key, item in value.items()]


_INTERPRETER = visitor.TreeInterpreter(jmespath.Options(custom_functions=_Functions()))
#: What evaluating an expression on unexpected data raises (jmespath lets some TypeErrors out).
_EVALUATION_ERRORS = (JMESPathError, TypeError, ValueError)


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
def _necessary(expression: str) -> prefilter.Condition | None:
    return prefilter.necessary(_compiled(expression).parsed)


def selects(where: str, thing: Any) -> bool:
    """Whether ``where`` holds for ``thing`` (a field lookup rules most things out first).

    A clause that cannot be evaluated on a thing (``values(Resources)`` on a file without
    resources) does not select it: the thing is not of the kind the check looks at.
    """
    condition = _necessary(where)
    if not prefilter.admits(condition, thing):
        return False
    if condition is not None and condition[2]:
        return True  # the field lookup was the whole clause
    try:
        return truthy(search(where, thing))
    except _EVALUATION_ERRORS:
        return False


def truthy(value: Any) -> bool:
    """JMESPath's truth: false, null and empty strings, lists and objects are false."""
    if value is None or value is False:
        return False
    return not (isinstance(value, str | list | dict) and not value)


def _things(probe: QueryCheck, document: Any) -> Iterator[tuple[str | None, Any]]:
    """(name, thing) for each thing the query must hold for in one document."""
    if probe.for_each is None:
        selected: Any = [document]
    else:
        try:
            selected = search(probe.for_each, document)
        except _EVALUATION_ERRORS:
            return  # not the kind of document the check looks at
    if isinstance(selected, dict):
        entries: Iterator[tuple[str | None, Any]] = ((str(k), v) for k, v in selected.items())
    elif isinstance(selected, list):
        entries = ((None, v) for v in selected)
    elif selected is None:
        return
    else:
        entries = iter([(None, selected)])
    for key, thing in entries:
        if probe.where is None or selects(probe.where, thing):
            yield key, thing


def _name_of(probe: QueryCheck, key: str | None, thing: Any, index: int) -> str:
    if probe.name:
        named = search(probe.name, thing)
        if named is not None:
            return named if isinstance(named, str) else json.dumps(named, sort_keys=True)
    if key is not None:
        return key
    for expression in _NAME_FIELDS:
        named = search(expression, thing) if isinstance(thing, dict) else None
        if isinstance(named, str) and named:
            return named
    return f"[{index}]"


def _query(probe: QueryCheck, workspace: Workspace) -> ProbeResult:
    paths = workspace.matching(probe.files)
    if not paths:
        note = f"no file matches {', '.join(probe.files)}"
        return ProbeResult(describe(probe), "unknown", note=note)
    failed: list[str] = []
    seen = 0
    for path in paths:
        documents = workspace.documents(path)
        several = len(documents) > 1
        for number, document in enumerate(documents, 1):
            where = f"{path} (document {number})" if several else path
            try:
                for index, (key, thing) in enumerate(_things(probe, document)):
                    seen += 1
                    if truthy(search(probe.query, thing)):
                        continue
                    name = _name_of(probe, key, thing, index)
                    at = _line_of(workspace.file(path).text, name) if key is not None else 0
                    spot = f"{path}:{at}" if at and not several else where
                    failed.append(f"{spot}: {name} fails the check")
            except _EVALUATION_ERRORS as error:  # a type error in a function, on this data
                failed.append(f"{where}: the query cannot be evaluated here: {error}")
    looked = tuple((p, workspace.file(p).sha256) for p in paths)
    if not seen and not failed:
        note = f"nothing in {few(paths)} is selected"
        return ProbeResult(describe(probe), "unknown", looked, note=note)
    return ProbeResult(describe(probe), "fail" if failed else "pass", looked, tuple(failed))


def _line_of(text: str, key: str) -> int:
    """The first line where ``key`` is a mapping key (YAML or JSON), 0 if none is."""
    pattern = re.compile(rf"""^\s*(?:-\s+)?["']?{re.escape(key)}["']?\s*:""", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _scanner(probe: ScannerCheck, scans: ScanResults) -> ProbeResult:
    files = tuple(sorted(scans.sources.items()))
    if not scans.sources:
        note = "no scanner results were given (--scanner-results)"
        return ProbeResult(describe(probe), "unknown", note=note)
    wanted = set(probe.scanner)
    findings = [f for f in scans.findings if f.rule in wanted]
    if not findings and not wanted & scans.rules and not scans.failures_only:
        note = f"the scanner results say nothing of {', '.join(probe.scanner)}"
        return ProbeResult(describe(probe), "unknown", files, note=note)
    failed = sorted(
        {
            f"{f.where}: {f.resource + ': ' if f.resource else ''}{f.rule} failed"
            for f in findings
            if not f.passed
        }
    )
    return ProbeResult(describe(probe), "fail" if failed else "pass", files, tuple(failed))
