"""The portfolio as CSV: one row per service, for a spreadsheet. The heat map is in the others.

Text cells that a spreadsheet would run as a formula (starting with ``= + - @``) get a
leading apostrophe, and a cell holding a line break (CR or LF) is quoted, so that no text
starts a row of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from orr.portfolio import Portfolio, ServiceRow

HEADER = (
    "path",
    "service",
    "owner",
    "verdict",
    "score",
    "high_risks",
    "medium_risks",
    "blockers",
    "waivers_expiring",
    "waivers_expired",
    "review_date",
    "age_days",
    "stale",
    "checklists_behind",
    "error",
)


def _text(value: str | None) -> str:
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value or ""


def _row(row: ServiceRow) -> list[object]:
    if row.verdict == "INVALID":
        return [_text(row.path), _text(row.service), "", "INVALID", *[""] * 10, _text(row.error)]
    return [
        _text(row.path),
        _text(row.service),
        _text(row.owner),
        row.verdict,
        "" if row.score is None else f"{row.score:g}",
        row.high,
        row.medium,
        row.blockers,
        row.expiring,
        row.expired,
        row.review_date or "",
        "" if row.age_days is None else row.age_days,
        "yes" if row.stale else "no",
        _text(" ".join(f"{b.checklist}@{b.pinned}->{b.current}" for b in row.behind)),
        "",
    ]


def render(portfolio: Portfolio) -> str:
    return "".join(map(_line, [HEADER, *map(_row, portfolio.rows)]))


def _line(values: Sequence[object]) -> str:
    """One CSV row ending in LF. The writer quotes only fields holding a character of its line
    terminator: with CRLF, a bare CR in a field is quoted too."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue().removesuffix("\r\n") + "\n"
