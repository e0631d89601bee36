"""Writing a Result's reports to files: names, formats, atomic writes. No printing.

`orr report`, the interactive review and the CI gate all call ``write_reports``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from orr.errors import UsageError
from orr.render import FORMATS, Format, extension, renderer
from orr.result import Result
from orr.savefile import write_output

#: Formats whose templates a user may replace with --template-dir.
TEMPLATED = (Format.MARKDOWN, Format.HTML)
SUMMARY_SUFFIX = ".summary.md"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: The longest file stem: with ``.summary.md`` it stays within the 255 bytes of a file name.
MAX_STEM = 200
_EXTRA_SUFFIXES = {".markdown": Format.MARKDOWN, ".htm": Format.HTML, ".xml": Format.JUNIT}


def file_stem(service: str) -> str:
    """The name of a service's files (``orr init``'s review, its reports): letters, digits,
    ``.``, ``_`` and ``-`` only, never a path, never hidden, short enough for any folder.

    A service with nothing to name a file by, or a very long one, is a usage error.
    """
    stem = _UNSAFE.sub("-", service).strip(".-")
    if not stem:
        raise UsageError(
            f"service {service!r} has no letters or digits to name its files by; rename it or "
            "give the file name with -o"
        )
    if len(stem) > MAX_STEM:
        raise UsageError(
            f"service {service[:40]!r}... makes a file name of {len(stem):,} characters, over "
            f"{MAX_STEM}; shorten it or give the file name with -o"
        )
    return stem


def report_name(result: Result, fmt: Format, *, summary: bool = False) -> str:
    stem = file_stem(result.service)
    return stem + (SUMMARY_SUFFIX if summary else extension(fmt))


def format_for(path: Path) -> Format | None:
    """The format a file name asks for by its extension (``.html``, ``.junit.xml`` ...)."""
    name = path.name.lower()
    for fmt, (_, suffix) in sorted(FORMATS.items(), key=lambda kv: -len(kv[1][1])):
        if name.endswith(suffix):
            return fmt
    return _EXTRA_SUFFIXES.get(path.suffix.lower())


def render_report(
    result: Result, fmt: Format, template_dir: Path | None = None, *, summary: bool = False
) -> str:
    """The text of one report; ``summary`` gives the short Markdown form."""
    if summary:
        if fmt is not Format.MARKDOWN:
            raise UsageError("--summary is a short Markdown form: use it with --format md")
        from orr.render import markdown

        return markdown.render_summary(result, template_dir)
    if fmt is Format.MARKDOWN:
        from orr.render import markdown

        return markdown.render(result, template_dir)
    if fmt is Format.HTML:
        from orr.render import html

        return html.render(result, template_dir)
    return renderer(fmt)(result)


def write_text(path: Path, text: str) -> None:
    """Write a report atomically (``orr.savefile``); a one-line error when it cannot be."""
    write_output(path, text, "the report")


def write_reports(
    result: Result,
    formats: Sequence[Format],
    output_dir: Path,
    template_dir: Path | None = None,
    *,
    summary: bool = False,
) -> list[Path]:
    """Render each format and write ``<service><extension>`` into output_dir; the paths.

    Everything is rendered before anything is written, so a broken template leaves no
    half-updated set of reports behind.
    """
    rendered = [
        (
            output_dir / report_name(result, fmt, summary=summary),
            render_report(result, fmt, template_dir, summary=summary),
        )
        for fmt in dict.fromkeys(formats)
    ]
    for path, text in rendered:
        write_text(path, text)
    return [path for path, _ in rendered]
