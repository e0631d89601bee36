from __future__ import annotations

import importlib
from pathlib import Path

import click

from orr.commands.options import (
    checklists_option,
    make_catalog,
    policy_option,
    resolve_today,
    today_option,
)

#: format -> renderer module (each has ``render(result) -> str``).
FORMATS = {
    "md": "orr.render.plan_md",
    "csv": "orr.render.plan_csv",
    "json": "orr.render.plan_json",
}


@click.command()
@click.argument("review", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="md: a GitHub task list; csv: for Jira's CSV importer; json: one object per action "
    "(title, body, labels) for `gh issue create`. Default: from -o FILE's extension, else md.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@today_option
@checklists_option
@policy_option
def plan(
    review: Path,
    fmt: str | None,
    output: str | None,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
    policy_file: Path | None,
) -> int:
    """Print the action plan of REVIEW: every applicable item not met, in the order to do them.

    Blockers first, then by risk, weight and checklist order; each with the question, the
    current answer, the remediation, references and a stable key (orr:<service>:<item>) to
    find its ticket again. Exit 0 whatever the verdict; 2 on invalid input.
    """
    from orr.assess import assess
    from orr.reporting import write_text

    if fmt is None:
        suffix = Path(output).suffix.lstrip(".").lower() if output and output != "-" else ""
        fmt = suffix if suffix in FORMATS else "md"
    result = assess(
        review,
        make_catalog(checklist_dirs),
        resolve_today(today),
        policy_file=policy_file,
        locate=False,
    )
    text: str = importlib.import_module(FORMATS[fmt]).render(result)
    if output is None or output == "-":
        click.echo(text, nl=False)
    else:
        write_text(Path(output), text)
        click.echo(output)
    return 0
