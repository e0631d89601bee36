"""The Markdown report (GitHub-flavoured) and its short form for pull requests and CI."""

from __future__ import annotations

import re
from pathlib import Path

from orr.render import view
from orr.render.templating import render_template
from orr.result import Result

#: The short form stays under this many bytes: a GitHub comment holds 65,536 characters.
SUMMARY_LIMIT = 65_000
#: Warnings listed in the short form before "...and N more".
SUMMARY_WARNINGS = 10


_BLANK_LINES = re.compile(r"\n{3,}")


def render(result: Result, template_dir: Path | None = None) -> str:
    return _tidy(render_template("report.md.j2", template_dir, **view.report_context(result)))


def render_summary(result: Result, template_dir: Path | None = None) -> str:
    """Verdict, scores and as many blockers as fit in SUMMARY_LIMIT bytes."""

    def attempt(shown: int) -> str:
        return _tidy(
            render_template(
                "summary.md.j2",
                template_dir,
                shown=shown,
                max_warnings=SUMMARY_WARNINGS,
                **view.report_context(result),
            )
        )

    total = len(result.blockers)
    text = attempt(total)
    if _fits(text):
        return text
    low, high = 0, total - 1  # the largest number of blockers that fits, by bisection
    best = attempt(0)
    while low <= high:
        middle = (low + high) // 2
        candidate = attempt(middle)
        if _fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _tidy(text: str) -> str:
    """One blank line at most between blocks (user text is folded, so none is meaningful)."""
    return _BLANK_LINES.sub("\n\n", text).strip("\n") + "\n"


def _fits(text: str) -> bool:
    return len(text.encode("utf-8")) <= SUMMARY_LIMIT
