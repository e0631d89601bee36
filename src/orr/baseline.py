"""Platform baselines: the answers and waivers a review inherits through ``extends:``.

A baseline is a review-shaped file (``model.Baseline``) that a platform team owns: the items
its golden path satisfies once for every service on it. ``inherit`` follows ``extends:`` from
a review, depth first, and layers the answers: a later entry of ``extends`` wins over an
earlier one, a baseline's own answers win over the baselines it extends, and the review's own
answers win over them all. A baseline's waivers hold for every service that inherits them,
unless the service has its own waiver for the item.

An entry is a path relative to the file that names it, or the name of a baseline bundled with
orr (``baselines/<name>.yaml``). Every problem is located in the file that can fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from orr.errors import InputError, Problem
from orr.loading import Document, read_document, validate
from orr.model import Answer, Baseline, Checklist, Review, Waiver
from orr.validation import review_problems


@dataclass(frozen=True, slots=True)
class BaselineFile:
    """A validated baseline and the file it came from (for the audit trail)."""

    path: Path
    sha256: str
    baseline: Baseline
    document: Document

    @property
    def name(self) -> str:
        """The baseline's id (``baseline:``)."""
        return self.baseline.baseline


@dataclass(frozen=True, slots=True)
class Inheritance:
    """What a review inherits: each answer and waiver with the baseline it came from."""

    files: tuple[BaselineFile, ...] = ()  # every baseline reached, in the order first reached
    answers: Mapping[str, tuple[Answer, BaselineFile]] = field(default_factory=dict)
    waivers: Mapping[str, tuple[Waiver, BaselineFile]] = field(default_factory=dict)

    def merged(self, review: Review) -> Review:
        """The review as evaluated: inherited answers under its own, then inherited waivers."""
        if not self.files:
            return review
        answers = {ref: answer for ref, (answer, _) in self.answers.items()}
        answers.update(review.answers)
        own = {w.item for w in review.waivers}
        waivers = [*review.waivers, *(w for ref, (w, _) in self.waivers.items() if ref not in own)]
        return review.model_copy(update={"answers": answers, "waivers": waivers})


NOTHING = Inheritance()


class Source(Protocol):
    """Where baselines are read from: the working tree, or a git revision (``orr diff``)."""

    def find(self, entry: str, folder: Path) -> Path | None:
        """The file an ``extends:`` entry written in ``folder`` names (None: there is none)."""
        ...

    def read(self, path: Path) -> tuple[Document, Baseline]:
        """The baseline in that file, parsed and validated (an ``InputError`` if it is not)."""
        ...


class WorkingTree:
    """Baselines as the files on disk hold them now."""

    def find(self, entry: str, folder: Path) -> Path | None:
        return find_baseline(entry, folder)

    def read(self, path: Path) -> tuple[Document, Baseline]:
        return _read(path)


WORKING_TREE = WorkingTree()
#: (resolved path, mtime, size) -> the parsed baseline: a portfolio's reviews share a few.
_cache: dict[tuple[Path, int, int], tuple[Document, Baseline]] = {}
_Layer = tuple[dict[str, tuple[Answer, BaselineFile]], dict[str, tuple[Waiver, BaselineFile]]]


def find_baseline(entry: str, base: Path) -> Path | None:
    """``entry`` relative to the folder ``base``, else a bundled baseline of that name."""
    candidate = base / entry
    if candidate.is_file():
        return candidate
    return bundled_baseline(entry)


def bundled_baseline(entry: str) -> Path | None:
    """The baseline bundled with orr that a bare name (no folder) names, if there is one."""
    from orr.catalog import SUFFIXES, bundled_baselines  # catalog imports this module

    if "/" in entry or "\\" in entry:
        return None
    names = [entry] if entry.endswith(SUFFIXES) else [entry + s for s in SUFFIXES]
    for name in names:
        bundled = bundled_baselines() / name
        if bundled.is_file():
            return bundled
    return None


def inherit(
    doc: Document,
    review: Review | Baseline,
    checklists: Mapping[str, Checklist],
    base: Path | None = None,
    source: Source = WORKING_TREE,
) -> Inheritance:
    """Follow the ``extends:`` of a review (or a baseline), relative to ``base`` (default: the
    file's folder), reading the baselines from ``source``; every problem found is raised
    together."""
    if not review.extends:
        return NOTHING
    used = {cid for cid, _ in review.pins()}
    problems: list[Problem] = []
    loaded: dict[Path, BaselineFile | None] = {}
    order: list[BaselineFile] = []

    def load(path: Path) -> BaselineFile | None:
        key = path.resolve()
        if key not in loaded:
            loaded[key] = None
            try:
                bdoc, baseline = source.read(path)
            except InputError as error:
                problems.extend(error.problems)
            else:
                unused = [cid for cid, _ in baseline.pins() if cid not in used]
                for n, (cid, _) in enumerate(baseline.pins()):
                    if cid in unused:
                        problems.append(
                            bdoc.problem(
                                ("checklists", n),
                                f"this baseline answers checklist {cid!r}, which "
                                f"{doc.path} does not use; add {cid!r} to that review's "
                                "`checklists:`, or extend a baseline made for its checklists",
                            )
                        )
                if not unused:
                    problems.extend(review_problems(bdoc, baseline, checklists, lambda: used))
                found = loaded[key] = BaselineFile(path, bdoc.sha256, baseline, bdoc)
                order.append(found)
        return loaded[key]

    def layer(
        owner: Document,
        folder: Path,
        extends: list[str],
        chain: tuple[Path, ...],
        names: tuple[str, ...],
    ) -> _Layer:
        answers: dict[str, tuple[Answer, BaselineFile]] = {}
        waivers: dict[str, tuple[Waiver, BaselineFile]] = {}
        for n, entry in enumerate(extends):
            path = source.find(entry, folder)
            if path is None:
                problems.append(
                    owner.problem(
                        ("extends", n),
                        f"no baseline {entry!r}: write a path relative to this file, or the "
                        "name of a bundled baseline",
                    )
                )
                continue
            if path.resolve() in chain:
                problems.append(
                    owner.problem(
                        ("extends", n),
                        f"{entry!r} leads back to a file already extended "
                        f"({' -> '.join((*names, entry))}): a cycle; "
                        "remove one of these `extends:` entries",
                    )
                )
                continue
            found = load(path)
            if found is None:
                continue
            below = layer(
                found.document,
                found.path.parent,
                found.baseline.extends,
                (*chain, path.resolve()),
                (*names, entry),
            )
            answers.update(below[0])
            waivers.update(below[1])
            answers.update({ref: (a, found) for ref, a in found.baseline.answers.items()})
            waivers.update({w.item: (w, found) for w in found.baseline.waivers})
        return answers, waivers

    folder = base if base is not None else doc.path.parent
    answers, waivers = layer(
        doc, folder, review.extends, ((folder / doc.path.name).resolve(),), (doc.path.name,)
    )
    if problems:
        raise InputError(list(set(problems)))  # a baseline reached twice reports once
    return Inheritance(tuple(order), answers, waivers)


def _read(path: Path) -> tuple[Document, Baseline]:
    """A baseline file parsed and validated, cached while the file is unchanged."""
    try:
        stat = path.stat()
    except OSError:
        return _parse(path)  # read_document reports the missing or unreadable file
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache[key] = _parse(path)
    doc, baseline = _cache[key]
    return (doc, baseline) if doc.path == path else (replace(doc, path=path), baseline)


def _parse(path: Path) -> tuple[Document, Baseline]:
    doc = read_document(path)
    return doc, validate(doc, Baseline)
