from __future__ import annotations

from pathlib import Path

import click

from orr.commands.options import (
    checklists_option,
    make_catalog,
    policy_option,
    resolve_today,
    today_option,
)
from orr.printable import visible


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Markdown (for a pull-request comment) or JSON.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@policy_option
@today_option
@checklists_option
def diff(
    old: str,
    new: str,
    fmt: str,
    output: str | None,
    policy_file: Path | None,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Show what changed from review OLD to review NEW.

    Each side is a file or a git revision and path (HEAD~3:reviews/checkout.yaml, the path
    relative to the current folder as for NEW, read with `git show`). Both are
    evaluated on the same day with the current checklists and policy: items improved or
    regressed, newly answered, waivers added or expired, score and risk deltas, verdict.
    Exit 0 (informational); 2 on invalid input.
    """
    from orr import diff as core
    from orr.errors import InputError
    from orr.policy import find_policy_file, load_policy

    catalog = make_catalog(checklist_dirs, policy_file)
    day = resolve_today(today)
    policy = load_policy(policy_file or find_policy_file(core.local_path(new)))
    results, problems = [], []
    for spec in (old, new):
        try:
            results.append(core.evaluate_side(core.read_side(spec), catalog, policy, day))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    changes = core.diff(results[0], results[1])
    for warning in changes.warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
    if fmt == "json":
        from orr.render.diff_json import render
    else:
        from orr.render.diff_md import render
    text = render(changes)
    if output is None or output == "-":
        click.echo(text, nl=False)
        return 0
    from orr.savefile import write_output

    write_output(Path(output), text, "the diff")
    click.echo(output)
    return 0
