"""orr check: run the review's checks against the repository and record what they found."""

from __future__ import annotations

from pathlib import Path

import click

from orr.commands.options import checklists_option, make_catalog, resolve_today, today_option


@click.command(short_help="Check the answers against the repository and scanner results.")
@click.argument("review_file", metavar="REVIEW.yaml", type=click.Path(path_type=Path))
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    help="The repository the checks look at (default: the review's git top level).",
)
@click.option(
    "--scanner-results",
    "scanner_results",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="checkov JSON or SARIF 2.1.0 (cfn-lint, cfn-guard, checkov) for scanner checks "
    "(repeatable).",
)
@click.option(
    "--propose",
    is_flag=True,
    help="Fill in the status of unanswered items from their checks, marked proposed_by "
    "until a person confirms it.",
)
@click.option("--dry-run", is_flag=True, help="Print what the checks found; change no file.")
@today_option
@checklists_option
def check(
    review_file: Path,
    repo: Path | None,
    scanner_results: tuple[Path, ...],
    propose: bool,
    dry_run: bool,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Run the checks of REVIEW.yaml's items and record them under each answer.

    Prints, per item, the person's answer, what the checks found and what they looked at,
    and records it (`checked:`) in the review file; a person's status is never changed.
    `orr gate` then warns of an answer its check contradicts. Exit 0 once recorded, whatever
    the checks found; 2 on invalid input.
    """
    from orr.checks.run import check_review
    from orr.checks.summary import summary

    result = check_review(
        review_file,
        make_catalog(checklist_dirs),
        resolve_today(today),
        repo=repo,
        scanner_results=scanner_results,
        propose=propose,
        write=not dry_run,
    )
    click.echo(summary(result))
    return 0
