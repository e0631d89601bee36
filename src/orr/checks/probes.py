"""Run one probe against a workspace: pass, fail (saying what failed, where) or unknown."""

from __future__ import annotations

import re
from dataclasses import dataclass

from orr.checks.query import QueryKey
from orr.checks.scanners import ScanResults
from orr.checks.workspace import Workspace
from orr.model.checks import FilesCheck, Outcome, QueryCheck, ScannerCheck

Probe = FilesCheck | QueryCheck | ScannerCheck


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
    looked = tuple((p, workspace.sha256(p)) for p in paths)
    if probe.contains is not None and paths:
        regex = re.compile(probe.contains)
        missing = [p for p in paths if not regex.search(workspace.file(p).text)]
        if probe.each:
            failed.extend(f"{p}: does not contain /{probe.contains}/" for p in missing)
        elif len(missing) == len(paths):
            failed.append(f"none of {few(paths)} contains /{probe.contains}/")
    return ProbeResult(describe(probe), "fail" if failed else "pass", looked, tuple(failed))


def _query(probe: QueryCheck, workspace: Workspace) -> ProbeResult:
    paths = workspace.matching(probe.files)
    if not paths:
        note = f"no file matches {', '.join(probe.files)}"
        return ProbeResult(describe(probe), "unknown", note=note)
    key = key_of(probe)
    failed: list[str] = []
    seen = 0
    for path in paths:  # in path order, wherever each file's findings were made
        found = workspace.findings(path, key)
        seen += found.seen
        failed.extend(found.failed)
    looked = tuple((p, workspace.sha256(p)) for p in paths)
    if not seen and not failed:
        note = f"nothing in {few(paths)} is selected"
        return ProbeResult(describe(probe), "unknown", looked, note=note)
    return ProbeResult(describe(probe), "fail" if failed else "pass", looked, tuple(failed))


def key_of(probe: QueryCheck) -> QueryKey:
    """What of a query probe decides its findings in a file (its files and title do not)."""
    return (probe.query, probe.for_each, probe.where, probe.name)


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
