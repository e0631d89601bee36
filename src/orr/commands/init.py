from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path

import click

from orr.commands.options import checklists_option, make_catalog
from orr.errors import UsageError
from orr.reporting import file_stem
from orr.savefile import write_output
from orr.scaffold import new_review
from orr.suggest import did_you_mean


@click.command()
@click.option("--service", required=True, help="The service under review.")
@click.option("--owner", default=None, help="The owning team (default: your login name).")
@click.option(
    "--checklist",
    "checklist_ids",
    multiple=True,
    required=True,
    help="A checklist id to include (repeatable; see `orr list`).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write it (default: reviews/<service>.yaml; '-' for stdout).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@checklists_option
def init(
    service: str,
    owner: str | None,
    checklist_ids: tuple[str, ...],
    output: Path | None,
    force: bool,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Write a new review file listing every item unanswered, each question as a comment."""
    catalog = make_catalog(checklist_dirs)
    checklists = []
    for cid in dict.fromkeys(checklist_ids):
        if catalog.find(cid) is None:
            raise UsageError(
                f"orr init: no checklist {cid!r}{did_you_mean(cid, catalog.ids())}; see `orr list`"
            )
        checklists.append(catalog.load(cid))
    text = new_review(service, owner or getpass.getuser(), checklists, dt.date.today())
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return 0
    target = output or Path("reviews") / f"{file_stem(service)}.yaml"
    if os.path.lexists(target) and not force:  # False, not an error, where it cannot look
        raise UsageError(f"orr init: {target} exists; choose another -o or pass --force")
    write_output(target, text, "the review")
    click.echo(f"wrote {target}")
    return 0
