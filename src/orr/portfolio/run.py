"""Find review files and evaluate them, in a process pool for large inputs, into a Portfolio.

Each worker parses and evaluates a chunk of files and sends back only compact rows and item
tallies, never whole Results, so memory and pickling stay small. The output does not depend
on worker scheduling: rows are sorted worst first, ties by service then path.

The gate uses the same discovery and pool (``gate_all``): each worker then sends back what the
gate's ``keep`` function makes of a Result, and every problem of an invalid review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import os
import tempfile
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from orr.assess import evaluate_loaded
from orr.baseline import Source
from orr.catalog import SUFFIXES, Catalog, overlays_for, review_from_document
from orr.errors import InputError, Problem, UsageError
from orr.evaluate import Provenance, evaluate
from orr.inputs import expand, kind_of, not_orr
from orr.loading import Document, read_document
from orr.overlay import OverlayFile
from orr.policy import Policy, find_policy_file, load_policy
from orr.portfolio.changes import ServiceChange, change, change_from_nothing, history
from orr.portfolio.rollup import (
    STALE_AFTER_DAYS,
    Portfolio,
    SectionColumn,
    ServiceRow,
    SkippedFile,
    heat_map,
    summarise,
    worst_first,
)
from orr.result import Result
from orr.words import plural
from orr.workers import chunk_size, start_worker, worker_count

MIN_PARALLEL = 50  # below this many files, a process pool costs more than it saves
Progress = Callable[[int, int], None]

# --- discovery ---------------------------------------------------------------------------


def discover(paths: Sequence[str]) -> list[Path]:
    """Review candidates: files as given, YAML/JSON under folders, and quoted globs expanded."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            path.stat()  # is_dir() and exists() raise where a folder cannot be searched
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError as error:
            raise UsageError(f"{raw}: cannot be read: {error.strerror}") from None
        if path.is_dir():
            try:
                found.extend(_files_under(path))
            except OSError as error:
                raise UsageError(f"{error.filename}: cannot be read: {error.strerror}") from None
        elif path.exists():
            found.append(path)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))  # noqa: PTH207 (absolute patterns too)
            if not matches:
                raise UsageError(f"{raw}: no file matches this pattern")
            found.extend(expand(Path(m) for m in matches))
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return list(dict.fromkeys(found))


def _files_under(folder: Path) -> list[Path]:
    """What `inputs.expand` finds under a folder, with os.scandir: 5x faster on 10,000 files.

    YAML and JSON files, skipping hidden files and folders, not following folder symlinks.
    """
    found: list[Path] = []
    todo = [str(folder)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                elif entry.name.endswith(SUFFIXES) and entry.is_file():
                    found.append(Path(entry.path))
    return sorted(found)


# --- evaluation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs; plain values so that it pickles."""

    checklist_dirs: tuple[Path, ...]
    today: dt.date
    stale_after: int = STALE_AFTER_DAYS
    policy_file: Path | None = None
    overrides: tuple[tuple[str, Any], ...] = ()
    #: with --since: the label of the old side (REV) and, per review path, a copy of its old
    #: version (absent: the file did not exist at REV)
    since: str | None = None
    old_copies: tuple[tuple[str, Path], ...] = ()
    since_commit: str = ""  # the commit REV names, where the old side's baselines are read
    #: Gate mode: a picklable function of each Result, whose value goes back to the caller.
    keep: Callable[[Result], Any] | None = None


@dataclass
class Chunk:
    """What a worker sends back for a list of files.

    ``tallies`` counts, per item ref, the services it applies to and those where it is unmet,
    partial and unanswered; ``items`` holds each ref's question, declared risk and mandatory;
    ``columns`` each section's heat-map column and its place in the checklist.
    """

    rows: list[ServiceRow] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    tallies: dict[str, list[int]] = field(default_factory=dict)
    items: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    columns: dict[str, tuple[int, SectionColumn]] = field(default_factory=dict)
    changes: list[ServiceChange] = field(default_factory=list)
    kept: list[tuple[str, Any]] = field(default_factory=list)  # gate mode: (path, keep(result))
    problems: list[Problem] = field(default_factory=list)  # gate mode: every problem


class _Evaluator:
    """Evaluates files one by one, reusing checklists and policies across them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.catalog = Catalog(
            list(settings.checklist_dirs), settings=True, settings_file=settings.policy_file
        )
        self._policies: dict[Path, tuple[Policy, str | None]] = {}
        self._overlay_cache: dict[str, list[OverlayFile]] = {}
        self._old = dict(settings.old_copies)
        self._at_since: Source | None = None  # baselines at --since, each read once per worker

    def run(self, paths: Iterable[str]) -> Chunk:
        chunk = Chunk()
        for path in paths:
            self._one(path, chunk)
        return chunk

    def _one(self, path: str, chunk: Chunk) -> None:
        doc: Document | None = None
        try:
            doc = read_document(Path(path))
            kind = kind_of(doc.data)
            if kind != "review":
                if kind is None and self.settings.keep is not None:
                    chunk.problems.append(not_orr(Path(path)))  # the gate skips no mystery
                else:
                    chunk.skipped.append(SkippedFile(path, kind or "unknown"))
                return
            policy, source = self._policy(doc.path.parent)
            loaded = review_from_document(
                doc, self.catalog, overlays=self._overlays(doc.path.parent, source)
            )
        except InputError as error:
            if self.settings.keep is None:
                chunk.rows.append(_invalid(path, error, doc))
            else:
                chunk.problems.extend(error.problems)
            return
        if self.settings.keep is not None:
            result = evaluate_loaded(loaded, policy, source, self.settings.today, locate=True)
            chunk.kept.append((path, self.settings.keep(result)))
            return
        review = loaded.evaluated  # with what its baselines give it
        checklists = [loaded.files[cid].checklist for cid, _ in review.pins()]
        provenance = Provenance(review_path=path, policy_source=source)
        if loaded.inheritance.files or loaded.overlays:
            from orr.assess import inherited_provenance

            provenance = replace(provenance, **inherited_provenance(loaded))
        result = evaluate(checklists, review, policy, self.settings.today, provenance)
        tier = review.context.get("tier")
        row = summarise(
            result,
            path,
            self.settings.today,
            self.settings.stale_after,
            "" if tier is None else str(tier),
        )
        chunk.rows.append(row)
        self._tally(result, chunk)
        if self.settings.since is not None:
            chunk.changes.append(self._change(path, result, policy, source))

    def _change(self, path: str, new: Result, policy: Policy, source: str | None) -> ServiceChange:
        """``orr diff``'s comparison of the review with its version at --since: the same
        checklists, policy and overlays, and its baselines as they were then."""
        from orr.diff import AtRevision, diff
        from orr.history import read_copy

        copy = self._old.get(path)
        if copy is None:
            return change_from_nothing(new, path)
        label = f"{self.settings.since}:{path}"
        if self._at_since is None:
            self._at_since = AtRevision(self.settings.since_commit)
        folder = Path(path).parent
        try:
            doc = read_copy(copy, label)
            loaded = review_from_document(
                doc,
                self.catalog,
                base=folder,
                overlays=self._overlays(folder, source),
                baselines=self._at_since,
            )
        except InputError:
            return dataclasses.replace(change_from_nothing(new, path), old_verdict="INVALID")
        review = loaded.evaluated
        checklists = [loaded.files[cid].checklist for cid, _ in review.pins()]
        old = evaluate(
            checklists, review, policy, self.settings.today, Provenance(review_path=label)
        )
        return change(diff(old, new), path)

    def _overlays(self, folder: Path, source: str | None) -> list[OverlayFile]:
        """The overlays of the folder's settings file, read once per settings file."""
        key = source or ""
        if key not in self._overlay_cache:
            self._overlay_cache[key] = overlays_for(Path(source) if source else None, self.catalog)
        return self._overlay_cache[key]

    def _policy(self, folder: Path) -> tuple[Policy, str | None]:
        if folder not in self._policies:
            source = self.settings.policy_file or find_policy_file(folder)
            policy = load_policy(source, dict(self.settings.overrides))
            self._policies[folder] = (policy, str(source) if source else None)
        return self._policies[folder]

    @staticmethod
    def _tally(result: Result, chunk: Chunk) -> None:
        for outcome in result.checklists:
            for n, section in enumerate(outcome.sections):
                key = f"{outcome.id}/{section.id}"
                if key not in chunk.columns:
                    column = SectionColumn(key, outcome.title, section.title)
                    chunk.columns[key] = (n, column)
        for item in result.items:
            if item.status == "n/a":
                continue
            tally = chunk.tallies.get(item.ref)
            if tally is None:
                tally = chunk.tallies[item.ref] = [0, 0, 0, 0]
                chunk.items[item.ref] = (item.question, item.declared_risk, item.mandatory)
            tally[0] += 1
            if item.status == "unmet":
                tally[1] += 1
            elif item.status == "partial":
                tally[2] += 1
            elif item.status == "unanswered":
                tally[3] += 1


def _invalid(path: str, error: InputError, doc: Document | None) -> ServiceRow:
    first = str(error.problems[0]) if error.problems else error.message
    more = len(error.problems) - 1
    if more > 0:
        first += f" (and {plural(more, 'more problem')})"
    service = doc.data.get("service") if doc else None
    owner = doc.data.get("owner") if doc else None
    name = service if isinstance(service, str) and service else Path(path).stem
    return ServiceRow(
        path=path, service=name, owner=owner if isinstance(owner, str) else "", error=first
    )


_WORKER: _Evaluator | None = None


def _start_worker(settings: Settings) -> None:
    global _WORKER
    start_worker()
    _WORKER = _Evaluator(settings)


def _work(paths: list[str]) -> Chunk:
    assert _WORKER is not None, "the pool initialiser did not run"
    return _WORKER.run(paths)


def _chunks(paths: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def _evaluate_all(
    paths: list[str], settings: Settings, jobs: int, min_parallel: int, progress: Progress | None
) -> Iterator[Chunk]:
    total, done = len(paths), 0
    if jobs <= 1 or total < min_parallel:
        evaluator = _Evaluator(settings)
        for part in _chunks(paths, 16):
            chunk = evaluator.run(part)
            done += len(part)
            if progress:
                progress(done, total)
            yield chunk
        return
    import multiprocessing  # not on the path of a few files

    size = chunk_size(total, jobs)
    with multiprocessing.get_context().Pool(jobs, _start_worker, (settings,)) as pool:
        for chunk in pool.imap_unordered(_work, _chunks(paths, size)):
            done += len(chunk.rows) + len(chunk.skipped) + len(chunk.kept) + len(chunk.problems)
            if progress:
                progress(done, total)
            yield chunk


def build(
    paths: Sequence[Path],
    settings: Settings,
    *,
    jobs: int | None = None,
    min_parallel: int = MIN_PARALLEL,
    progress: Progress | None = None,
    since: str | None = None,
) -> Portfolio:
    """Evaluate every file and roll the results up. ``jobs`` defaults to the CPU count.

    With ``since`` (a git revision or a date), each review is also compared with its version
    then, as ``orr diff`` compares two versions.
    """
    if since is None:
        return _build(paths, settings, jobs, min_parallel, progress)
    from orr import history

    top = history.top_level(paths[0].parent if paths else Path())
    commit = history.resolve(since, top)
    names = [str(p) for p in paths]
    with tempfile.TemporaryDirectory(prefix="orr-since-") as scratch:
        copies = history.write_copies(history.old_versions(names, commit, top), Path(scratch))
        settings = dataclasses.replace(
            settings, since=since, old_copies=copies, since_commit=commit
        )
        return _build(paths, settings, jobs, min_parallel, progress, commit)


def link_reports(portfolio: Portfolio, reports_dir: Path, page_dir: Path) -> Portfolio:
    """Link each service to its HTML report in ``reports_dir``, where one was written."""
    from orr.reporting import file_stem

    links = {}
    for row in portfolio.rows:
        report = reports_dir / f"{file_stem(row.service)}.html"
        if report.is_file():
            relative = os.path.relpath(report.absolute(), page_dir.absolute())
            links[row.service] = urllib.parse.quote(Path(relative).as_posix())
    return dataclasses.replace(portfolio, reports=links)


def _build(
    paths: Sequence[Path],
    settings: Settings,
    jobs: int | None,
    min_parallel: int,
    progress: Progress | None,
    since_commit: str = "",
) -> Portfolio:
    workers = worker_count(jobs)
    rows: list[ServiceRow] = []
    skipped: list[SkippedFile] = []
    tallies: dict[str, list[int]] = {}
    items: dict[str, tuple[str, str, bool]] = {}
    columns: dict[str, tuple[int, SectionColumn]] = {}
    changes: list[ServiceChange] = []
    names = [str(p) for p in paths]
    for chunk in _evaluate_all(names, settings, workers, min_parallel, progress):
        rows.extend(chunk.rows)
        skipped.extend(chunk.skipped)
        items.update(chunk.items)
        columns.update(chunk.columns)
        changes.extend(chunk.changes)
        for ref, counts in chunk.tallies.items():
            into = tallies.setdefault(ref, [0, 0, 0, 0])
            for n, value in enumerate(counts):
                into[n] += value
    rows = worst_first(rows)
    skipped.sort(key=lambda s: s.path)
    order = sorted(columns.items(), key=lambda kv: (kv[0].partition("/")[0], kv[1][0]))
    return Portfolio(
        evaluated_on=settings.today.isoformat(),
        stale_after_days=settings.stale_after,
        rows=tuple(rows),
        heat=heat_map(rows, tallies, items),
        skipped=tuple(skipped),
        columns=tuple(column for _, (_, column) in order),
        history=None if settings.since is None else history(settings.since, since_commit, changes),
    )


@dataclass(frozen=True)
class Gated:
    """What the gate gets back: ``keep``'s values in the order the files were found."""

    kept: tuple[Any, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[SkippedFile, ...]


def gate_all(
    paths: Sequence[Path],
    settings: Settings,
    *,
    jobs: int | None = None,
    min_parallel: int = MIN_PARALLEL,
) -> Gated:
    """Evaluate every review for the gate, on every CPU for many files (``settings.keep`` set)."""
    assert settings.keep is not None, "gate_all needs Settings.keep"
    workers = worker_count(jobs)
    names = [str(p) for p in paths]
    order = {name: n for n, name in enumerate(names)}
    kept: list[tuple[str, Any]] = []
    problems: list[Problem] = []
    skipped: list[SkippedFile] = []
    for chunk in _evaluate_all(names, settings, workers, min_parallel, None):
        kept.extend(chunk.kept)
        problems.extend(chunk.problems)
        skipped.extend(chunk.skipped)
    kept.sort(key=lambda pair: order[pair[0]])
    return Gated(
        kept=tuple(value for _, value in kept),
        problems=tuple(sorted(problems)),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )
