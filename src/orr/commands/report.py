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
from orr.errors import InputError, Problem, UsageError
from orr.render import Format

DEFAULT_FORMATS = (Format.MARKDOWN, Format.HTML)
DEFAULT_DIR = Path("reports")


@click.command()
@click.argument(
    "reviews", metavar="REVIEW...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice([f.value for f in Format]),
    help="A report format (repeatable; default: md and html).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write one report (one review, one format) to FILE; '-' prints it. The format "
    "defaults to FILE's extension.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write <service>.<ext> files into DIR (default: reports).",
)
@today_option
@click.option(
    "--template-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Your own templates, used before the built-in ones of the same name.",
)
@click.option(
    "--summary",
    is_flag=True,
    help="The short Markdown form (verdict, scores, blockers) for a PR comment or "
    "$GITHUB_STEP_SUMMARY.",
)
@checklists_option
@policy_option
def report(
    reviews: tuple[Path, ...],
    formats: tuple[str, ...],
    output: str | None,
    output_dir: Path | None,
    today: str | None,
    template_dir: Path | None,
    summary: bool,
    checklist_dirs: tuple[Path, ...],
    policy_file: Path | None,
) -> int:
    """Write the readiness reports of one or more reviews (Markdown and HTML by default).

    Prints the paths written. Exit 0 whatever the verdict (`orr gate` is the gate);
    2 on invalid input.
    """
    from orr.assess import assess
    from orr.reporting import file_stem, render_report, write_reports, write_text

    chosen = _formats(formats, output, output_dir, len(reviews), summary)
    date = resolve_today(today)
    catalog = make_catalog(checklist_dirs, policy_file)
    results, problems = [], []
    for path in reviews:
        try:
            results.append(assess(path, catalog, date, policy_file=policy_file))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)

    if output is not None:
        text = render_report(results[0], chosen[0], template_dir, summary=summary)
        if output == "-":
            click.echo(text, nl=False)
        else:
            write_text(Path(output), text)
            click.echo(output)
        return 0

    stems: dict[str, Path] = {}
    for path, result in zip(reviews, results, strict=True):
        stem = file_stem(result.service)
        if stem in stems:
            raise InputError(
                [
                    Problem(
                        str(path),
                        0,
                        0,
                        f"service {result.service!r} is also the service of {stems[stem]}; "
                        "their reports would overwrite each other: report them separately "
                        "with different --output-dir",
                    )
                ]
            )
        stems[stem] = path
    folder = output_dir or DEFAULT_DIR
    for result in results:
        for written in write_reports(result, chosen, folder, template_dir, summary=summary):
            click.echo(str(written))
    return 0


def _formats(
    given: tuple[str, ...], output: str | None, output_dir: Path | None, reviews: int, summary: bool
) -> list[Format]:
    """The formats to write, after checking the options fit together."""
    from orr.reporting import format_for

    formats = list(dict.fromkeys(Format(value) for value in given))
    if output is not None:
        if output_dir is not None:
            raise UsageError("give -o FILE or --output-dir DIR, not both")
        if reviews != 1:
            raise UsageError("-o writes one report: give one review, or use --output-dir")
        if not formats:
            inferred = Format.MARKDOWN if output == "-" or summary else format_for(Path(output))
            if inferred is None:
                from orr.render import FORMATS
                from orr.words import either

                names = either([suffix for _, suffix in FORMATS.values()])
                raise UsageError(
                    f"cannot tell the format of {output!r} from its extension: end it with "
                    f"{names}, or add --format"
                )
            formats = [inferred]
        if len(formats) != 1:
            raise UsageError("-o writes one format: give a single --format, or use --output-dir")
    if summary:
        formats = formats or [Format.MARKDOWN]
        if formats != [Format.MARKDOWN]:
            raise UsageError("--summary is a short Markdown form: use it with --format md")
    return formats or list(DEFAULT_FORMATS)
