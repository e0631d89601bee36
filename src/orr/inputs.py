"""Finding input files in folders and telling checklists, reviews and lenses apart."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from orr.catalog import (
    SUFFIXES,
    Catalog,
    baseline_from_document,
    load_checklist,
    load_overlay_files,
    review_from_document,
)
from orr.context import unknown_keys
from orr.cutshort import cut_short
from orr.errors import InputError, Problem
from orr.loading import Document, locate, read_document, read_text
from orr.words import plural

Kind = Literal["checklist", "review", "baseline", "overlay", "lens"]
_PLURALS = {
    "checklist": "checklists",
    "review": "reviews",
    "baseline": "baselines",
    "overlay": "overlays",
    "lens": "lenses",
}


def kind_of(data: dict[str, Any]) -> Kind | None:
    if "sections" in data:
        return "checklist"
    if "pillars" in data and "schemaVersion" in data:
        return "lens"
    if "overlay" in data:
        return "overlay"  # changes to checklists, named from the settings file
    if "baseline" in data:
        return "baseline"  # review-shaped: answers that services inherit
    if {"answers", "service", "checklists", "owner"} & data.keys():
        return "review"
    return None


def not_orr(path: Path) -> Problem:
    """The problem of a YAML or JSON file that is none of orr's kinds."""
    return Problem(
        str(path),
        1,
        1,
        "neither a checklist (it has no `sections:`) nor a review (it has no `service:` and "
        "`answers:`)",
    )


def expand(paths: Iterable[Path], unreadable: list[Problem] | None = None) -> Iterator[Path]:
    """Files as given, and every YAML/JSON file below each folder, in sorted order.

    Hidden files and folders are skipped, folder symlinks not followed. A folder that cannot
    be read is added to ``unreadable``, or without that list raises ``InputError``.
    """
    for path in paths:
        if not _is_dir(path):
            yield path
            continue
        found, todo = [], [path]
        while todo:
            folder = todo.pop()
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.name.startswith("."):
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            todo.append(Path(entry.path))
                        elif entry.name.endswith(SUFFIXES) and entry.is_file():
                            found.append(Path(entry.path))
            except OSError as error:
                problem = Problem(
                    str(folder), 0, 0, f"this folder cannot be read ({error.strerror}); "
                    "give orr read access to it or leave it out"
                )  # fmt: skip
                if unreadable is None:
                    raise InputError([problem]) from None
                unreadable.append(problem)
        yield from sorted(found)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long or a folder without search permission: read it to say
        return False


#: Folders whose YAML and JSON files are orr's whatever they hold.
ORR_FOLDERS = frozenset({"reviews", "checklists"})
#: A `$schema` (key or yaml-language-server comment) naming one of orr's file schemas.
_DECLARES_SCHEMA = re.compile(
    r"\$schema[\"']?\s*[=:]\s*[\"']?[^\s\"']*\b(?:review|checklist|baseline|overlay)\.json"
)


def is_foreign(path: Path, doc: Document | None) -> bool:
    """Plainly not orr's: outside reviews/ and checklists/, declaring no orr schema, and (when
    it parses) holding none of a checklist's, review's, baseline's, overlay's or lens's keys."""
    if ORR_FOLDERS & set(path.parent.parts):
        return False
    try:
        text = doc.text if doc else read_text(path)  # size-limited; never blocks on a FIFO
    except InputError:
        return False
    if _DECLARES_SCHEMA.search(text):
        return False
    return doc is None or kind_of(doc.data) is None


@dataclass
class ValidationReport:
    checked: dict[str, int] = field(default_factory=dict)
    invalid_files: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    #: what is valid but likely a mistake (a context key no checklist declares)
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # foreign files, with --skip-foreign

    def add(self, path: Path, kind: str, problems: list[Problem]) -> None:
        self.checked[kind] = self.checked.get(kind, 0) + 1
        if problems:
            self.invalid_files.add(str(path))
            self.problems.extend(problems)

    def summary(self) -> str:
        total = sum(self.checked.values())
        kinds = ", ".join(plural(n, k, _PLURALS.get(k, k)) for k, n in sorted(self.checked.items()))
        files = plural(total, "file")
        w = len(self.warnings)
        warned = f"; {plural(w, 'warning')}" if w else ""
        skipped = (
            f"; {plural(len(self.skipped), 'file')} skipped, not orr's" if self.skipped else ""
        )
        if not self.problems:
            if not total:
                return f"no files to check{skipped}"
            return f"{files} valid ({kinds}){warned}{skipped}"
        problems = plural(len(self.problems), "problem")
        return f"{problems} in {len(self.invalid_files)} of {files} ({kinds}){warned}{skipped}"


def validate_paths(
    paths: list[Path], catalog: Catalog, *, skip_foreign: bool = False
) -> ValidationReport:
    """Validate every file; checklists given here are also found by the reviews given here.

    With ``skip_foreign``, files that are plainly not orr's (``is_foreign``) are skipped and
    listed instead of reported as problems."""
    report = ValidationReport()
    unreadable: list[Problem] = []
    files = list(expand(paths, unreadable))
    for problem in unreadable:
        report.add(Path(problem.path), "unreadable", [problem])
    documents: list[tuple[Path, Document | None, Kind | None, list[Problem]]] = []
    for path in files:
        try:
            doc = read_document(path)
        except InputError as error:
            if skip_foreign and path.exists() and is_foreign(path, None):
                report.skipped.append(str(path))
            else:
                documents.append((path, None, None, error.problems))
            continue
        if skip_foreign and is_foreign(path, doc):
            report.skipped.append(str(path))
            continue
        documents.append((path, doc, kind_of(doc.data), []))
    local_dirs = list(dict.fromkeys(p.parent for p, _, k, _ in documents if k == "checklist"))
    catalog = Catalog([*local_dirs, *catalog.dirs], catalog.settings, catalog.settings_file)
    order = {"checklist": 0, "lens": 1, "overlay": 2, "baseline": 3, "review": 4, None: 5}
    for path, maybe_doc, kind, problems in sorted(documents, key=lambda d: order[d[2]]):
        if maybe_doc is None:
            report.add(path, "unreadable", problems)
            continue
        report.add(path, kind or "unknown", _check(maybe_doc, kind, catalog, report.warnings))
        if kind is not None:
            report.warnings.extend(cut_short(maybe_doc))
    report.problems = sorted(set(report.problems))  # a baseline is also read by its reviews
    report.warnings.sort()
    return report


def _check(
    doc: Document, kind: Kind | None, catalog: Catalog, warnings: list[Problem]
) -> list[Problem]:
    try:
        if kind == "checklist":
            load_checklist(doc.path)
        elif kind == "review":
            loaded = review_from_document(doc, catalog)
            for key, message in unknown_keys(loaded.review.context, loaded.checklists.values()):
                line, column = locate(doc.text, ("context", key), key=True)
                warnings.append(Problem(str(doc.path), line, column, f"warning: {message}"))
        elif kind == "baseline":
            baseline_from_document(doc, catalog)
        elif kind == "overlay":
            load_overlay_files([doc.path], catalog)
        elif kind == "lens":
            from orr.lens import lens_problems  # pydantic models: only when there is a lens

            return lens_problems(doc)
        else:
            return [not_orr(doc.path)]
    except InputError as error:
        return error.problems
    return []
