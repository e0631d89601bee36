from __future__ import annotations

import json
from pathlib import Path

import click

from orr.catalog import load_checklist
from orr.commands.options import checklists_option, make_catalog
from orr.errors import InputError
from orr.printable import visible


@click.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@checklists_option
def list_checklists(fmt: str, checklist_dirs: tuple[Path, ...]) -> int:
    """List the checklists orr can see: bundled ones, --checklists folders, ORR_CHECKLISTS.

    An invalid checklist file is reported (exit 2) and the others are listed all the same.
    """
    catalog = make_catalog(checklist_dirs).for_folder(Path.cwd())
    rows, problems = [], []
    for path in catalog.paths():
        try:
            checklist = load_checklist(path)
        except InputError as error:
            problems.extend(error.problems)
            continue
        rows.append(
            {
                "id": checklist.id,
                "version": checklist.version,
                "title": checklist.title,
                "path": str(path),
                "items": [
                    {
                        "ref": f"{checklist.id}/{item.id}",
                        "section": section.id,
                        "risk": item.risk,
                        "mandatory": item.mandatory,
                    }
                    for section, item in checklist.iter_items()
                ],
            }
        )
    for problem in problems:
        click.echo(visible(str(problem)), err=True)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return 2 if problems else 0
    width = max((len(str(r["id"])) for r in rows), default=2)
    click.echo(f"{'ID':<{width}}  {'VERSION':<8}  {'ITEMS':>5}  TITLE")
    for r in rows:
        line = f"{r['id']:<{width}}  {r['version']:<8}  {len(r['items']):>5}  {r['title']}"
        click.echo(visible(line))
    return 2 if problems else 0
