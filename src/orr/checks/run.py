"""`orr check`'s core: run a review's checks against its repository and record what they found.

Records go under each answer (``checked:``) through the comment-keeping writer, under the
writers' lock (``orr.savefile.update_locked``) and on the file as it is then, so an answer saved
meanwhile by `orr review` is kept; a person's status is never changed. With ``propose``, an
item nobody answered gets the status its checks point to (met when one passed and none failed,
unmet when one failed), marked ``proposed_by``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orr import expr
from orr.catalog import Catalog, LoadedReview, load_review, review_from_document
from orr.checks.pool import MIN_PARALLEL, examine_all
from orr.checks.probes import ProbeResult, run
from orr.checks.scanners import ScanResults, read_scans
from orr.checks.workspace import Workspace, check_root, find_root
from orr.loading import Document, parse_yaml, read_text_and_digest
from orr.model import Answer, Item
from orr.model.checks import Outcome

PROPOSER = "orr check"


@dataclass(frozen=True, slots=True)
class ItemCheck:
    """The checks of one item and the answer a person gave it."""

    ref: str
    question: str
    answer: Answer | None
    results: tuple[ProbeResult, ...]
    has_choices: bool = False  # answered by choosing best practices, not by a status

    @property
    def outcome(self) -> Outcome:
        """fail if any check failed; pass if one passed and the others had nothing to look at."""
        outcomes = {r.outcome for r in self.results}
        if "fail" in outcomes:
            return "fail"
        return "pass" if "pass" in outcomes else "unknown"

    @property
    def proposal(self) -> str | None:
        """The status the checks point to, for an item nobody has answered (and not by choices)."""
        if self.has_choices or (self.answer is not None and self.answer.answered):
            return None
        return {"pass": "met", "fail": "unmet"}.get(self.outcome)


@dataclass(frozen=True, slots=True)
class CheckRun:
    review: Path
    repo: Path
    items: tuple[ItemCheck, ...]
    proposed: tuple[str, ...]  # refs whose status orr proposed
    written: bool


def check_review(
    review_path: Path,
    catalog: Catalog,
    today: dt.date,
    *,
    repo: Path | None = None,
    scanner_results: Sequence[Path] = (),
    propose: bool = False,
    write: bool = True,
    jobs: int | None = None,
    min_parallel: int = MIN_PARALLEL,
) -> CheckRun:
    """Run every check of the review's items; record the outcomes in the file (if ``write``).

    Query probes over ``min_parallel`` files or more are run in a pool of ``jobs`` processes
    (default: one per CPU), with the same results.
    """
    loaded = load_review(review_path, catalog)
    root = check_root(repo) if repo is not None else find_root(review_path)
    workspace = Workspace(root, exclude=frozenset([review_path]))
    scans = read_scans(scanner_results, {p: workspace.display(p) for p in scanner_results})
    probes = [probe for _, item in applying(loaded) for probe in item.checks]
    examine_all(probes, workspace, jobs=jobs, min_parallel=min_parallel)  # many files: a pool
    items = tuple(run_checks(loaded, workspace, scans))
    proposals = {i.ref: i.proposal for i in items if propose and i.proposal}
    written = False
    if write and items:
        from orr.editing.answerfile import set_checked  # ruamel: not on a dry run's path
        from orr.savefile import update_locked

        where = _relative(workspace.root, review_path.resolve().parent)
        checked = {i.ref: [record(r, today, where) for r in i.results] for i in items}
        order = [
            f"{c.id}/{item.id}" for c in loaded.checklists.values() for _, item in c.iter_items()
        ]

        def change(text: str) -> str:  # under the writers' lock, on the file as it is now
            new = set_checked(text, review_path, checked, proposals, order)
            _confirm(new, review_path, catalog)
            return new

        update_locked(review_path, change, read_text_and_digest)
        written = True
    return CheckRun(review_path, workspace.root, items, tuple(proposals), written)


def run_checks(loaded: LoadedReview, workspace: Workspace, scans: ScanResults) -> list[ItemCheck]:
    """The outcome of every check on the items that apply, in checklist order."""
    out = []
    for ref, item in applying(loaded):
        results = tuple(run(probe, workspace, scans) for probe in item.checks)
        answer = loaded.review.answers.get(ref)
        out.append(ItemCheck(ref, item.question, answer, results, item.has_choices))
    return out


def applying(loaded: LoadedReview) -> list[tuple[str, Item]]:
    """(ref, item) for each item with checks that applies to the review, in checklist order."""
    return [
        (f"{checklist.id}/{item.id}", item)
        for checklist in loaded.checklists.values()
        for _, item in checklist.iter_items()
        if item.checks and _applies(item, loaded.review.context)
    ]


def record(result: ProbeResult, today: dt.date, repo: str) -> dict[str, Any]:
    """A result as written under ``checked:`` (empty parts left out)."""
    out: dict[str, Any] = {"check": result.check, "outcome": result.outcome, "checked_at": today}
    out["repo"] = repo
    if result.files:
        out["files"] = dict(result.files)
    if result.failed:
        out["failed"] = list(result.failed)
    if result.note:
        out["note"] = result.note
    return out


def _applies(item: Item, context: Any) -> bool:
    if not item.applies_when:
        return True
    try:
        return expr.evaluate_applies_when(expr.parse_applies_when(item.applies_when), context)
    except (expr.MissingContext, expr.ExprError):
        return True  # a missing context key: the item stays applicable, as evaluate() says


def _relative(root: Path, folder: Path) -> str:
    """The repository's top level as seen from the review's folder."""
    try:
        return Path(os.path.relpath(root, folder)).as_posix()
    except ValueError:  # another drive
        return root.as_posix()


def _confirm(text: str, path: Path, catalog: Catalog) -> None:
    """The new text must still be a valid review before it replaces the file."""
    data = parse_yaml(text, path)
    review_from_document(Document(path, text, data if isinstance(data, dict) else {}), catalog)
