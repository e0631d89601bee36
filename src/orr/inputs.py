"""Finding input files in folders and telling checklists, reviews and lenses apart."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from orr.catalog import SUFFIXES, Catalog, load_checklist, review_from_document
from orr.errors import InputError, Problem
from orr.lens import lens_problems
from orr.loading import Document, read_document
from orr.words import plural

Kind = Literal["checklist", "review", "lens"]
_PLURALS = {"checklist": "checklists", "review": "reviews", "lens": "lenses"}


def kind_of(data: dict[str, Any]) -> Kind | None:
    if "sections" in data:
        return "checklist"
    if "pillars" in data and "schemaVersion" in data:
        return "lens"
    if {"answers", "service", "checklists", "owner"} & data.keys():
        return "review"
    return None


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and every YAML/JSON file below each folder, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


@dataclass
class ValidationReport:
    checked: dict[str, int] = field(default_factory=dict)
    invalid_files: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path, kind: str, problems: list[Problem]) -> None:
        self.checked[kind] = self.checked.get(kind, 0) + 1
        if problems:
            self.invalid_files.add(str(path))
            self.problems.extend(problems)

    def summary(self) -> str:
        total = sum(self.checked.values())
        kinds = ", ".join(
            f"{n} {_PLURALS.get(k, k) if n != 1 else k}" for k, n in sorted(self.checked.items())
        )
        files = plural(total, "file")
        if not self.problems:
            return f"{files} valid ({kinds})" if total else "no files to check"
        problems = plural(len(self.problems), "problem")
        return f"{problems} in {len(self.invalid_files)} of {files} ({kinds})"


def validate_paths(paths: list[Path], catalog: Catalog) -> ValidationReport:
    """Validate every file; checklists given here are also found by the reviews given here."""
    report = ValidationReport()
    files = list(expand(paths))
    documents: list[tuple[Path, Document | None, Kind | None, list[Problem]]] = []
    for path in files:
        try:
            doc = read_document(path)
        except InputError as error:
            documents.append((path, None, None, error.problems))
            continue
        documents.append((path, doc, kind_of(doc.data), []))
    local_dirs = list(dict.fromkeys(p.parent for p, _, k, _ in documents if k == "checklist"))
    catalog = Catalog([*local_dirs, *catalog.dirs])
    order = {"checklist": 0, "lens": 1, "review": 2, None: 3}
    for path, maybe_doc, kind, problems in sorted(documents, key=lambda d: order[d[2]]):
        if maybe_doc is None:
            report.add(path, "unreadable", problems)
            continue
        report.add(path, kind or "unknown", _check(maybe_doc, kind, catalog))
    report.problems.sort()
    return report


def _check(doc: Document, kind: Kind | None, catalog: Catalog) -> list[Problem]:
    try:
        if kind == "checklist":
            load_checklist(doc.path)
        elif kind == "review":
            review_from_document(doc, catalog)
        elif kind == "lens":
            return lens_problems(doc)
        else:
            return [
                Problem(
                    str(doc.path),
                    1,
                    1,
                    "neither a checklist (it has no `sections:`) nor a review "
                    "(it has no `service:` and `answers:`)",
                )
            ]
    except InputError as error:
        return error.problems
    return []
