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
from orr.printable import visible

#: format -> renderer module (each has ``render(portfolio) -> str``), and file extension.
FORMATS = {
    "md": ("orr.render.portfolio_md", ".md"),
    "html": ("orr.render.portfolio_html", ".html"),
    "csv": ("orr.render.portfolio_csv", ".csv"),
    "json": ("orr.render.portfolio_json", ".json"),
}


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="Output format (default: from -o FILE's extension, else md).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--strict", is_flag=True, help="Exit 2 if any review is invalid.")
@click.option(
    "--stale-after",
    type=click.IntRange(1),
    default=365,
    show_default=True,
    metavar="DAYS",
    help="A review older than DAYS is stale (ORRs are annual).",
)
@click.option(
    "--waiver-window",
    "waiver_warning_days",
    type=click.IntRange(0),
    metavar="DAYS",
    help="List waivers expiring within DAYS (default: the policy's, 30).",
)
@click.option(
    "--since",
    metavar="REV|YYYY-MM-DD",
    help="Also show what changed since this git revision or date (the reviews must be in git).",
)
@click.option(
    "--reports-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Link each service to its HTML report in DIR (as `orr report` names them).",
)
@policy_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    help="Worker processes (default: the number of CPUs).",
)
@today_option
@checklists_option
def portfolio(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    strict: bool,
    stale_after: int,
    waiver_warning_days: int | None,
    since: str | None,
    reports_dir: Path | None,
    policy_file: Path | None,
    jobs: int | None,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Roll every review under PATHS (files, folders or quoted globs) up into one report.

    A row per service, worst first (verdict, score, risks, blockers, waivers, review age,
    checklist versions behind), a heat map of section scores, the questions failing in most
    services, a roll-up per team, every waiver and, with --since, what changed. Invalid
    reviews are listed with their first problem. Exit 0 (a report, not a gate); with
    --strict, 2 if any review is invalid.
    """
    from orr.errors import UsageError
    from orr.portfolio.run import Settings, build, discover, link_reports
    from orr.progress import ProgressBar
    from orr.words import both

    chosen = _format(fmt, output)
    files = discover(paths)
    if not files:
        raise UsageError(f"no YAML or JSON files under {', '.join(paths)}")
    settings = Settings(
        checklist_dirs=tuple(make_catalog(checklist_dirs).dirs),
        today=resolve_today(today),
        stale_after=stale_after,
        policy_file=policy_file,
        overrides=(("waiver_warning_days", waiver_warning_days),),
    )
    with ProgressBar("orr portfolio") as bar:
        result = build(files, settings, jobs=jobs, progress=bar.update, since=since)
    if not result.rows:
        raise UsageError(f"no reviews among the {len(files):,} files under {', '.join(paths)}")
    if reports_dir is not None:
        page = Path(output).parent if output and output != "-" else Path.cwd()
        result = link_reports(result, reports_dir, page)
    text = importlib.import_module(FORMATS[chosen][0]).render(result)
    if output is None or output == "-":
        click.echo(text, nl=False)
    else:
        from orr.savefile import write_output

        target = Path(output)
        write_output(target, text, "the portfolio")
        click.echo(output)
        if chosen == "csv":  # the heat map, risks, teams ... beside it, one table per file
            from orr.render.portfolio_csv import tables

            for suffix, table in tables(result).items():
                extra = target.with_name(f"{target.stem}-{suffix}{target.suffix}")
                write_output(extra, table, "the portfolio")
                click.echo(extra)
    for row in result.errors:
        click.echo(visible(f"invalid: {row.error}"), err=True)
    for service, found in result.duplicates:
        click.echo(
            visible(
                f"warning: service {service!r} is named by {len(found)} reviews, each counted: "
                f"{both(found)}; rename the service in one or remove the copy"
            ),
            err=True,
        )
    return 2 if strict and result.errors else 0


def _format(fmt: str | None, output: str | None) -> str:
    if fmt is not None:
        return fmt
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        for name, (_, extension) in FORMATS.items():
            if suffix == extension:
                return name
        from orr.errors import UsageError
        from orr.words import either

        names = either([extension for _, extension in FORMATS.values()])
        raise UsageError(
            f"cannot tell the format of {output!r} from its extension: end it with {names}, "
            "or add --format"
        )
    return "md"
