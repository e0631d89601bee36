"""`orr lens import | export | validate`: Well-Architected custom lenses in and out of orr."""

from __future__ import annotations

import re
from pathlib import Path

import click

from orr.commands.options import checklists_option, make_catalog
from orr.errors import InputError, Problem, UsageError
from orr.lens.convert import Converted, export_file, import_file, lens_summary, validate_file
from orr.model.types import SLUG_PATTERN
from orr.printable import visible
from orr.suggest import did_you_mean

_OUTPUT = click.Path(dir_okay=False, path_type=Path)


@click.group()
def lens() -> None:
    """Well-Architected custom lenses in and out of orr.

    Import a lens as a checklist, export a checklist as a lens, validate lens files.
    """


@lens.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    default=None,
    help="The checklist file to write; its name is the checklist id (default: stdout).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def import_(source: Path, output: Path | None, force: bool) -> int:
    """Read a lens JSON as a checklist.

    Pillars become sections, questions become items with their choices, risk rules (in the
    lens syntax), improvement plans and resources. Warnings go to stderr.
    """
    checklist_id = None
    if output is not None and str(output) != "-":
        checklist_id = output.stem
        if not re.match(SLUG_PATTERN, checklist_id):
            raise UsageError(
                f"orr lens import: {output.name!r} cannot name a checklist: its name is the "
                "checklist id, so use letters, digits, '-' or '_'"
            )
    _emit(import_file(source, checklist_id), output, force)
    return 0


@lens.command("export")
@click.argument("checklist")
@click.option(
    "-o", "--output", type=_OUTPUT, default=None, help="The lens file to write (default: stdout)."
)
@click.option(
    "--fit",
    is_flag=True,
    help="Shorten texts and rename ids the lens limits refuse, with a warning for each change.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@checklists_option
def export(
    checklist: str, output: Path | None, fit: bool, force: bool, checklist_dirs: tuple[Path, ...]
) -> int:
    """Write a checklist as a lens JSON the AWS tool accepts.

    CHECKLIST is a file, or the id of a checklist `orr list` shows. Plain items get the
    choices met, partial and unmet_no, with rules giving the risk orr gives (low becomes
    MEDIUM_RISK: lenses have no low level).
    """
    path = Path(checklist)
    if not path.is_file() and not path.suffix:
        catalog = make_catalog(checklist_dirs).for_folder(Path.cwd())
        found = catalog.find(checklist)
        if found is None:
            raise UsageError(
                f"orr lens export: no checklist file or id {checklist!r}"
                f"{did_you_mean(checklist, catalog.ids())}; see `orr list`"
            )
        path = found
    _emit(export_file(path, fit=fit), output, force)
    return 0


@lens.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> int:
    """Check lens files against the format and its limits.

    Every problem of every file is reported in one run; exit 2 if any.
    """
    errors: list[Problem] = []
    for path in paths:
        try:
            check = validate_file(path)
        except InputError as error:
            errors.extend(error.problems)
            continue
        _warn(check.warnings)
        errors.extend(check.errors)
        if not check.errors:
            click.echo(f"{path}: a valid lens ({lens_summary(check)})")
    if errors:
        raise InputError(errors)
    return 0


def _emit(converted: Converted, output: Path | None, force: bool) -> None:
    _warn(converted.warnings)
    if output is None or str(output) == "-":
        click.echo(converted.text, nl=False)
        return
    if output.exists() and not force:
        raise UsageError(f"orr lens: {output} exists; choose another -o or pass --force")
    from orr.savefile import write_output

    write_output(output, converted.text, "the converted file")
    click.echo(f"wrote {output}: {converted.summary}")


def _warn(warnings: list[Problem]) -> None:
    for w in warnings:
        warning = str(Problem(w.path, w.line, w.column, f"warning: {w.message}"))
        click.echo(visible(warning), err=True)
