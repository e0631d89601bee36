from __future__ import annotations

import json
from pathlib import Path

import click

from orr.catalog import load_checklist
from orr.commands.options import checklists_option, make_catalog


@click.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@checklists_option
def list_checklists(fmt: str, checklist_dirs: tuple[Path, ...]) -> int:
    """List the checklists orr can see: bundled ones, --checklists folders, ORR_CHECKLISTS."""
    catalog = make_catalog(checklist_dirs).for_folder(Path.cwd())
    rows = []
    for path in catalog.paths():
        checklist = load_checklist(path)
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
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return 0
    width = max((len(str(r["id"])) for r in rows), default=2)
    click.echo(f"{'ID':<{width}}  {'VERSION':<8}  {'ITEMS':>5}  TITLE")
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['version']:<8}  {len(r['items']):>5}  {r['title']}")
    return 0
