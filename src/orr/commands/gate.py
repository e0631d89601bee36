from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from orr.commands.options import (
    checklists_option,
    color_option,
    make_catalog,
    policy_option,
    resolve_today,
    today_option,
    use_color,
    write_output,
)
from orr.errors import InputError, UsageError
from orr.result import Result

if TYPE_CHECKING:
    from orr.portfolio.rollup import SkippedFile
    from orr.render.console import Tally


@click.command()
@click.argument("reviews", nargs=-1, required=True)
@policy_option
@click.option("--min-score", type=click.FloatRange(0, 100), help="Fail below this score.")
@click.option(
    "--max-high-risks", type=click.IntRange(0), help="Fail above this many unwaived high risks."
)
@click.option(
    "--unanswered-blocks/--unanswered-allowed",
    default=None,
    help="Whether unanswered mandatory items block (default: they do).",
)
@click.option(
    "--min-answered",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Share of applicable items that must be answered (default 100).",
)
@click.option(
    "--max-age",
    "max_age_days",
    type=click.IntRange(1),
    metavar="DAYS",
    help="A review older than DAYS is stale (default 365).",
)
@click.option(
    "--waiver-window",
    "waiver_warning_days",
    type=click.IntRange(0),
    metavar="DAYS",
    help="Warn about waivers expiring within DAYS (default 30).",
)
@click.option(
    "--strict",
    "fail_on_warnings",
    flag_value=True,
    default=None,
    help="Fail on warnings too (a stale review among them).",
)
@click.option(
    "--json",
    "json_out",
    metavar="FILE",
    help="Also write the orr.result/v1 JSON here (a list for several reviews; - for stdout).",
)
@click.option("--junit", "junit_out", metavar="FILE", help="Also write JUnit XML (- for stdout).")
@click.option(
    "--sarif",
    "sarif_out",
    metavar="FILE",
    help="Also write SARIF 2.1.0 here, for code scanning (- for stdout).",
)
@click.option(
    "--github",
    is_flag=True,
    help="Emit GitHub Actions annotations and append the Markdown summary to $GITHUB_STEP_SUMMARY.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    help="Worker processes for many reviews (default: the number of CPUs).",
)
@color_option
@today_option
@checklists_option
def gate(
    reviews: tuple[str, ...],
    policy_file: Path | None,
    min_score: float | None,
    max_high_risks: int | None,
    unanswered_blocks: bool | None,
    min_answered: float | None,
    max_age_days: int | None,
    waiver_warning_days: int | None,
    fail_on_warnings: bool | None,
    json_out: str | None,
    junit_out: str | None,
    sarif_out: str | None,
    github: bool,
    jobs: int | None,
    color: bool | None,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Exit 0 when every review is ready, 1 when any is not ready or incomplete, 2 on invalid
    input.

    REVIEWS are files, folders (every review under them; checklists and lenses are skipped) or
    quoted globs. Prints the verdict and score of each review, its blockers with their
    remediation and warnings, then one totals line. Many reviews are gated on every CPU.
    """
    from orr.portfolio.run import Settings, discover, gate_all

    outputs = {"--json": json_out, "--junit": junit_out, "--sarif": sarif_out}
    to_stdout = [flag for flag, target in outputs.items() if target == "-"]
    if len(to_stdout) > 1:
        raise UsageError(f"only one output can be - (stdout): {' and '.join(to_stdout)} both are")
    full = github or any(target is not None for target in outputs.values())
    colour = use_color(color) and not to_stdout
    overrides = {
        "min_score": min_score,
        "max_high_risks": max_high_risks,
        "unanswered_blocks": unanswered_blocks,
        "min_answered": min_answered,
        "max_age_days": max_age_days,
        "waiver_warning_days": waiver_warning_days,
        "fail_on_warnings": fail_on_warnings,
    }
    files = discover(reviews)
    settings = Settings(
        checklist_dirs=tuple(make_catalog(checklist_dirs).dirs),
        today=resolve_today(today),
        policy_file=policy_file,
        overrides=tuple(overrides.items()),
        keep=partial(
            summarise,
            width=min(terminal_columns(100), 120),
            colour=colour,
            full=full,
        ),
    )
    gated = gate_all(files, settings, jobs=jobs)
    if gated.problems:
        raise InputError(list(gated.problems))
    _refuse_named_non_reviews(reviews, gated.skipped)
    if not gated.kept:
        raise UsageError(f"no reviews among the files under {', '.join(reviews)}")
    summaries: list[Summary] = list(gated.kept)
    err = bool(to_stdout)  # stdout holds the machine output; the summary goes to stderr
    for summary in summaries:
        click.echo(summary.text, err=err, color=colour)
    results = [s.result for s in summaries if s.result is not None]
    _write(json_out, results, _json)
    _write(junit_out, results, _junit)
    _write(sarif_out, results, _sarif)
    if github:
        _github(results)
    from orr.render.console import totals

    style = _colour if colour else _plain
    click.echo(totals([s.tally for s in summaries], style), err=err, color=colour)
    return 0 if all(s.tally.verdict == "READY" for s in summaries) else 1


def _refuse_named_non_reviews(named: Sequence[str], skipped: Sequence[SkippedFile]) -> None:
    """A folder's checklists and lenses are skipped; one named on its own is a mistake to
    say (it is a checklist, pass a review), not a file to pass over."""
    files = {Path(p).resolve() for p in named if Path(p).is_file()}
    for skip in skipped:
        if Path(skip.path).resolve() in files:
            from orr.catalog import refuse_other_kinds
            from orr.loading import read_document

            refuse_other_kinds(read_document(Path(skip.path)))


@dataclass(frozen=True, slots=True)
class Summary:
    """What a worker sends back for one review: its console text, its tally, and the whole
    Result only when a machine output needs it."""

    text: str
    tally: Tally
    result: Result | None


def summarise(result: Result, *, width: int, colour: bool, full: bool) -> Summary:
    from orr.render import console

    text = console.render(result, width=width, style=_colour if colour else _plain)
    return Summary(text, console.tally(result), result if full else None)


_STYLES: dict[str, dict[str, Any]] = {
    "READY": {"fg": "green", "bold": True},
    "NOT READY": {"fg": "red", "bold": True},
    "INCOMPLETE": {"fg": "yellow", "bold": True},
    "blocker": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow"},
    "waived": {"fg": "cyan"},
}


def _colour(text: str, role: str) -> str:
    return click.style(text, **_STYLES[role])


def _plain(text: str, role: str) -> str:
    return text


def terminal_columns(default: int) -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil (and its imports)."""
    value = os.environ.get("COLUMNS", "0").strip()
    columns = int(value) if value.isascii() and value.isdigit() and len(value) < 5 else 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else default


def _write(
    target: str | None, results: Sequence[Result], render: Callable[[Sequence[Result]], str]
) -> None:
    if target is not None:
        write_output(target, render(results))


def _json(results: Sequence[Result]) -> str:
    import json

    from orr.render.json import render, to_data

    if len(results) == 1:
        return render(results[0])
    return json.dumps([to_data(r) for r in results], indent=2, ensure_ascii=False) + "\n"


def _junit(results: Sequence[Result]) -> str:
    from orr.render.junit import render_many

    return render_many(results)


def _sarif(results: Sequence[Result]) -> str:
    from orr.render.sarif import render_many

    return render_many(results)


def _github(results: Sequence[Result]) -> None:
    from orr.render import github

    for result in results:
        for line in github.workflow_commands(result):
            click.echo(line)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        from orr.savefile import append_output

        summary = github.step_summary(results)
        append_output(Path(summary_path), summary, "the step summary ($GITHUB_STEP_SUMMARY)")
