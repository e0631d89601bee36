"""The query probes' work on many files, on every CPU: each file read and parsed once, in a worker.

Query probes look at files one by one, so a worker takes a chunk of files and, for each, runs
every query probe whose globs match it (``query.find``, as the in-process run does), sending
back only the file's sha256 and, per probe, how many things it selected and what failed, or
the problems that kept the file from being read. The parent hands them to the workspace;
``probes`` then puts each probe's result together in path order, so the output is the same
byte for byte whatever the pool's scheduling. A few files stay in-process, where a pool
would cost more than it saves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from orr.checks.probes import Probe, key_of
from orr.checks.query import Found, QueryKey
from orr.checks.workspace import Workspace
from orr.errors import InputError, Problem
from orr.model.checks import QueryCheck
from orr.workers import chunk_size, start_worker, worker_count

MIN_PARALLEL = 50  # below this many files, a process pool costs more than it saves
#: What a worker sends back for one file: its path and sha256, each probe's findings in the
#: order asked (as plain tuples: pickling thousands of dataclasses would cost more than the
#: rest of the message), or the problems that kept it from being read.
Examined = tuple[str, str, tuple[tuple[int, tuple[str, ...]], ...], tuple[Problem, ...]]


def plan(probes: Sequence[Probe], workspace: Workspace) -> dict[str, list[QueryKey]]:
    """Per file the query probes look at (in path order), the probes that look at it."""
    keys: dict[str, list[QueryKey]] = {}
    for probe in probes:
        if isinstance(probe, QueryCheck):
            key = key_of(probe)
            for path in workspace.matching(probe.files):
                wanted = keys.setdefault(path, [])
                if key not in wanted:
                    wanted.append(key)
    return dict(sorted(keys.items()))


def examine_all(
    probes: Sequence[Probe],
    workspace: Workspace,
    *,
    jobs: int | None = None,
    min_parallel: int = MIN_PARALLEL,
) -> None:
    """Find what the query probes find in their files, in a pool if there are many files.

    ``jobs`` defaults to the CPU count. With fewer files than ``min_parallel`` (or one job)
    nothing is done here: the probes then find it in-process as they run.
    """
    work = plan(probes, workspace)
    workers = worker_count(jobs)
    if workers <= 1 or len(work) < min_parallel:
        return
    import multiprocessing  # not on the path of a few files

    items = list(work.items())
    size = chunk_size(len(items), workers)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    context = multiprocessing.get_context()
    with context.Pool(workers, _start_worker, (workspace.root,)) as pool:
        for examined in pool.imap_unordered(_work, chunks):
            for path, sha256, found, problems in examined:
                findings = {key: Found(*pair) for key, pair in zip(work[path], found, strict=False)}
                workspace.learn(path, sha256, findings, problems)


_ROOT: Path | None = None


def _start_worker(root: Path) -> None:
    global _ROOT
    start_worker()
    _ROOT = root


def _work(chunk: list[tuple[str, list[QueryKey]]]) -> list[Examined]:
    assert _ROOT is not None, "the pool initialiser did not run"
    return list(_examine(Workspace(_ROOT), chunk))


def _examine(workspace: Workspace, chunk: list[tuple[str, list[QueryKey]]]) -> Iterator[Examined]:
    for path, keys in chunk:
        try:
            found = [workspace.findings(path, key) for key in keys]
            yield path, workspace.sha256(path), tuple((f.seen, f.failed) for f in found), ()
        except InputError as error:
            yield path, "", (), tuple(error.problems)  # the parent raises it when a probe asks
        workspace.forget(path)
