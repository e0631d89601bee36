"""The lens commands' core, file in, text out: every problem located in the file it is about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orr.errors import InputError, Problem
from orr.inputs import kind_of
from orr.lens.checks import LensCheck, check_lens
from orr.lens.exporter import Exported, export_lens
from orr.lens.fitting import Note
from orr.lens.importer import import_lens
from orr.lens.output import checklist_yaml
from orr.loading import Document, locate, read_document, validate
from orr.model import Checklist
from orr.validation import checklist_problems
from orr.words import plural


@dataclass(frozen=True)
class Converted:
    text: str
    warnings: list[Problem]
    summary: str


def import_file(path: Path, checklist_id: str | None = None) -> Converted:
    """A lens file as checklist YAML (the checklist id defaults to a slug of the lens name)."""
    imported = import_lens(read_document(path), checklist_id)
    checklist = imported.checklist
    header = (
        f"Imported by `orr lens import` from {path.name}\n"
        f"(the Well-Architected custom lens {checklist.title!r}).\n"
        "Risk rules keep the lens syntax: the first rule that holds gives the risk,\n"
        "and no rule holding gives none (NO_RISK)."
    )
    items = len(checklist.iter_items())
    return Converted(
        checklist_yaml(checklist, header),
        imported.warnings,
        f"checklist {checklist.id!r}: {plural(len(checklist.sections), 'section')}, "
        f"{plural(items, 'item')}",
    )


def export_file(path: Path, *, fit: bool = False) -> Converted:
    """A checklist file as lens JSON; InputError naming each item that does not fit."""
    doc = read_document(path)
    checklist = validate(doc, Checklist)
    problems = checklist_problems(doc, checklist)
    if problems:
        raise InputError(problems)
    exported = export_lens(checklist, fit=fit)
    if exported.violations:
        raise InputError([_located(doc, note) for note in exported.violations])
    _recheck(path, exported)
    pillars = exported.lens["pillars"]
    questions = sum(len(p["questions"]) for p in pillars)
    return Converted(
        exported.text,
        sorted(_located(doc, note) for note in [*exported.changes, *exported.notes]),
        f"lens {exported.lens['name']!r}: {plural(len(pillars), 'pillar')}, "
        f"{plural(questions, 'question')}",
    )


def validate_file(path: Path) -> LensCheck:
    """Every error and warning of a lens file against the published format and limits."""
    doc = read_document(path)
    if kind_of(doc.data) == "checklist":
        raise InputError.at(
            path, "an orr checklist, not a lens; make a lens of it with `orr lens export`", 1, 1
        )
    return check_lens(doc, limits=True)


def lens_summary(check: LensCheck) -> str:
    pillars = check.reading.pillars
    questions = [q for _, q in check.reading.questions()]
    choices = sum(len(q.choices) for q in questions)
    return (
        f"{plural(len(pillars), 'pillar')}, {plural(len(questions), 'question')}, "
        f"{plural(choices, 'choice')}"
    )


def _recheck(path: Path, exported: Exported) -> None:
    """The exported lens passes `orr lens validate`; anything else is a bug in orr."""
    doc = Document(path.with_suffix(".json"), exported.text, exported.lens)
    errors = check_lens(doc, limits=True).errors
    if errors:
        raise InputError(
            [
                Problem(p.path, p.line, p.column, f"{p.message} (a bug in orr: please report it)")
                for p in errors
            ]
        )


def _located(doc: Document, note: Note) -> Problem:
    line, column = locate(doc.text, note.loc) if note.loc else (0, 0)
    return Problem(str(doc.path), line, column, f"{note.ref}: {note.message}")
