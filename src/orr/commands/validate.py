from __future__ import annotations

from pathlib import Path

import click

from orr.commands.options import checklists_option, make_catalog
from orr.inputs import validate_paths
from orr.printable import visible


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--skip-foreign",
    is_flag=True,
    help="Skip YAML/JSON files that are plainly not orr's (outside reviews/ and checklists/, "
    "no orr $schema, none of orr's keys) instead of reporting them; for pre-commit.",
)
@checklists_option
def validate(paths: tuple[Path, ...], skip_foreign: bool, checklist_dirs: tuple[Path, ...]) -> int:
    """Check checklists and reviews (files or folders) and report every problem.

    A review is also checked against the checklists it names. Exit 2 if anything is invalid.
    """
    report = validate_paths(list(paths), make_catalog(checklist_dirs), skip_foreign=skip_foreign)
    for problem in sorted([*report.problems, *report.warnings]):
        click.echo(visible(str(problem)))
    click.echo(report.summary())
    return 2 if report.problems else 0
