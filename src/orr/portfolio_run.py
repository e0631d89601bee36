"""Find review files and evaluate them, in a process pool for large inputs, into a Portfolio.

Each worker parses and evaluates a chunk of files and sends back only compact rows and item
tallies, never whole Results, so memory and pickling stay small. The output does not depend
on worker scheduling: rows are sorted by service then path.

The gate uses the same discovery and pool (``gate_all``): each worker then sends back what the
gate's ``keep`` function makes of a Result, and every problem of an invalid review.
"""

from __future__ import annotations

import datetime as dt
import gc
import glob
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orr.assess import evaluate_loaded
from orr.catalog import SUFFIXES, Catalog, review_from_document
from orr.errors import InputError, Problem, UsageError
from orr.evaluate import Provenance, evaluate
from orr.inputs import expand, kind_of, not_orr
from orr.loading import Document, read_document
from orr.policy import Policy, find_policy_file, load_policy
from orr.portfolio import (
    STALE_AFTER_DAYS,
    Portfolio,
    ServiceRow,
    SkippedFile,
    heat_map,
    summarise,
)
from orr.result import Result
from orr.words import plural

MIN_PARALLEL = 50  # below this many files, a process pool costs more than it saves
Progress = Callable[[int, int], None]

# --- discovery ---------------------------------------------------------------------------


def discover(paths: Sequence[str]) -> list[Path]:
    """Review candidates: files as given, YAML/JSON under folders, and quoted globs expanded."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
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
    #: Gate mode: a picklable function of each Result, whose value goes back to the caller.
    keep: Callable[[Result], Any] | None = None


@dataclass
class Chunk:
    """What a worker sends back for a list of files.

    ``tallies`` counts, per item ref, the services it applies to and those where it is unmet,
    partial and unanswered; ``items`` holds each ref's question, declared risk and mandatory.
    """

    rows: list[ServiceRow] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    tallies: dict[str, list[int]] = field(default_factory=dict)
    items: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    kept: list[tuple[str, Any]] = field(default_factory=list)  # gate mode: (path, keep(result))
    problems: list[Problem] = field(default_factory=list)  # gate mode: every problem


class _Evaluator:
    """Evaluates files one by one, reusing checklists and policies across them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.catalog = Catalog(list(settings.checklist_dirs))
        self._policies: dict[Path, tuple[Policy, str | None]] = {}

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
            loaded = review_from_document(doc, self.catalog)
            policy, source = self._policy(doc.path.parent)
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
        checklists = [loaded.files[cid].checklist for cid, _ in loaded.review.pins()]
        provenance = Provenance(review_path=path, policy_source=source)
        result = evaluate(checklists, loaded.review, policy, self.settings.today, provenance)
        chunk.rows.append(summarise(result, path, self.settings.today, self.settings.stale_after))
        self._tally(result, chunk)

    def _policy(self, folder: Path) -> tuple[Policy, str | None]:
        if folder not in self._policies:
            source = self.settings.policy_file or find_policy_file(folder)
            policy = load_policy(source, dict(self.settings.overrides))
            self._policies[folder] = (policy, str(source) if source else None)
        return self._policies[folder]

    @staticmethod
    def _tally(result: Result, chunk: Chunk) -> None:
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
    name = service if isinstance(service, str) and service else Path(path).stem
    return ServiceRow(path=path, service=name, error=first)


_WORKER: _Evaluator | None = None


def _start_worker(settings: Settings) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    # Parsing allocates many objects but leaves no cycles: collect young objects rarely (4%
    # faster), and never walk the objects inherited from the parent.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
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

    size = max(1, min(64, -(-total // (jobs * 8))))
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
) -> Portfolio:
    """Evaluate every file and roll the results up. ``jobs`` defaults to the CPU count."""
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    rows: list[ServiceRow] = []
    skipped: list[SkippedFile] = []
    tallies: dict[str, list[int]] = {}
    items: dict[str, tuple[str, str, bool]] = {}
    names = [str(p) for p in paths]
    for chunk in _evaluate_all(names, settings, workers, min_parallel, progress):
        rows.extend(chunk.rows)
        skipped.extend(chunk.skipped)
        items.update(chunk.items)
        for ref, counts in chunk.tallies.items():
            into = tallies.setdefault(ref, [0, 0, 0, 0])
            for n, value in enumerate(counts):
                into[n] += value
    rows.sort(key=lambda r: (r.service, r.path))
    skipped.sort(key=lambda s: s.path)
    return Portfolio(
        evaluated_on=settings.today.isoformat(),
        stale_after_days=settings.stale_after,
        rows=tuple(rows),
        heat=heat_map(rows, tallies, items),
        skipped=tuple(skipped),
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
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
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
