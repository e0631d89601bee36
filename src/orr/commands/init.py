from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path

import click

from orr.commands.options import checklists_option, make_catalog
from orr.context import declarations, parse_value
from orr.editing.scaffold import new_review
from orr.errors import UsageError
from orr.model import Checklist, ContextValue
from orr.reporting import file_stem
from orr.savefile import write_output
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
    "--context",
    "context_values",
    multiple=True,
    metavar="KEY=VALUE",
    help="A context value the checklists declare, e.g. tier=1 (repeatable).",
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
    context_values: tuple[str, ...],
    output: Path | None,
    force: bool,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Write a new review file listing every item unanswered, each question as a comment."""
    to_stdout = output is not None and str(output) == "-"
    target = None if to_stdout else output or Path("reviews") / f"{file_stem(service)}.yaml"
    catalog = make_catalog(checklist_dirs).for_folder(target.parent if target else Path.cwd())
    checklists = []
    for cid in dict.fromkeys(checklist_ids):
        if catalog.find(cid) is None:
            raise UsageError(
                f"orr init: no checklist {cid!r}{did_you_mean(cid, catalog.ids())}; see `orr list`"
            )
        checklists.append(catalog.load(cid))
    context = _context(context_values, checklists)
    text = new_review(service, owner or getpass.getuser(), checklists, dt.date.today(), context)
    if target is None:
        click.echo(text, nl=False)
        return 0
    if os.path.lexists(target) and not force:  # False, not an error, where it cannot look
        raise UsageError(f"orr init: {target} exists; choose another -o or pass --force")
    write_output(target, text, "the review")
    click.echo(f"wrote {target}")
    return 0


def _context(typed: tuple[str, ...], checklists: list[Checklist]) -> dict[str, ContextValue]:
    """``--context KEY=VALUE`` values, each of a key the checklists declare, typed as declared."""
    known = declarations(checklists)
    values: dict[str, ContextValue] = {}
    for option in typed:
        key, sep, text = option.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"orr init: --context {option!r}: write it as KEY=VALUE, e.g. tier=1")
        if key not in known:
            declared = ", ".join(known) or "none"
            raise UsageError(
                f"orr init: --context {key}: no chosen checklist declares it"
                f"{did_you_mean(key, known)}; they declare: {declared}"
            )
        try:
            values[key] = parse_value(text, known[key].key)
        except ValueError as error:
            raise UsageError(f"orr init: --context {key}: {error}") from None
    return values
