from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from orr.assess import assess
from orr.commands.options import (
    checklists_option,
    make_catalog,
    policy_option,
    resolve_today,
    today_option,
)
from orr.errors import InputError, Problem
from orr.result import Result


@click.command()
@click.argument("reviews", nargs=-1, required=True, type=click.Path(path_type=Path))
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
    "--waiver-window",
    "waiver_warning_days",
    type=click.IntRange(0),
    metavar="DAYS",
    help="Warn about waivers expiring within DAYS (default 30).",
)
@click.option(
    "--strict", "fail_on_warnings", flag_value=True, default=None, help="Fail on warnings too."
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the orr.result/v1 JSON here (a list for several reviews).",
)
@click.option(
    "--junit",
    "junit_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write JUnit XML here.",
)
@click.option(
    "--sarif",
    "sarif_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write SARIF 2.1.0 here (for code scanning).",
)
@click.option(
    "--github",
    is_flag=True,
    help="Emit GitHub Actions annotations and append the Markdown summary to $GITHUB_STEP_SUMMARY.",
)
@today_option
@checklists_option
def gate(
    reviews: tuple[Path, ...],
    policy_file: Path | None,
    min_score: float | None,
    max_high_risks: int | None,
    unanswered_blocks: bool | None,
    waiver_warning_days: int | None,
    fail_on_warnings: bool | None,
    json_out: Path | None,
    junit_out: Path | None,
    sarif_out: Path | None,
    github: bool,
    today: str | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Exit 0 when every REVIEW is ready, 1 when any is not, 2 on invalid input.

    Prints the verdict and score of each review, its blockers with their remediation, then
    warnings. Several reviews (a monorepo) are gated in one call.
    """
    catalog = make_catalog(checklist_dirs, policy_file)
    day = resolve_today(today)
    overrides = {
        "min_score": min_score,
        "max_high_risks": max_high_risks,
        "unanswered_blocks": unanswered_blocks,
        "waiver_warning_days": waiver_warning_days,
        "fail_on_warnings": fail_on_warnings,
    }
    results: list[Result] = []
    problems: list[Problem] = []
    for path in reviews:
        try:
            results.append(assess(path, catalog, day, policy_file=policy_file, overrides=overrides))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)

    from orr.render import console

    width = min(terminal_columns(100), 120)
    for result in results:
        click.echo(console.render(result, width=width))
    _write(json_out, results, _json)
    _write(junit_out, results, _junit)
    _write(sarif_out, results, _sarif)
    if github:
        _github(results)
    ready = sum(1 for r in results if r.ready)
    if len(results) > 1:
        click.echo(f"{ready} of {len(results)} reviews ready")
    return 0 if ready == len(results) else 1


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
    path: Path | None, results: Sequence[Result], render: Callable[[Sequence[Result]], str]
) -> None:
    if path is None:
        return
    from orr.savefile import write_output

    write_output(path, render(results), "the report")


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


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(result: Result) -> list[str]:
    """GitHub Actions workflow commands pointing at the answers' lines in the review file."""
    out = []
    for kind, findings in (("error", result.reasons), ("warning", result.warnings)):
        for finding in findings:
            props = [f"file={_escape_property(result.review_path)}"] if result.review_path else []
            if finding.line:
                props.append(f"line={finding.line}")
            title = f"orr {result.service}" + (f": {finding.item}" if finding.item else "")
            props.append(f"title={_escape_property(title)}")
            out.append(f"::{kind} {','.join(props)}::{_escape_data(finding.message)}")
    return out


def _github(results: Sequence[Result]) -> None:
    for result in results:
        for line in github_annotations(result):
            click.echo(line)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        from orr.render.markdown import render_summary
        from orr.savefile import append_output

        summary = "".join(render_summary(result) + "\n" for result in results)
        append_output(Path(summary_path), summary, "the step summary ($GITHUB_STEP_SUMMARY)")
