"""The portfolio as CSV for a spreadsheet: one table per file.

``render`` is the services table (one row per service, worst first); ``tables`` the others,
which `orr portfolio -o NAME.csv` writes beside it as ``NAME-heatmap.csv`` (a row per service,
a column per checklist section, each cell the section score), ``NAME-risks.csv`` (the
systemic risks), ``NAME-teams.csv``, ``NAME-waivers.csv`` and, with ``--since``,
``NAME-changes.csv``. Text cells that a spreadsheet would run as a formula (starting with
``= + - @``) get a leading apostrophe, and a cell holding a line break (CR or LF) is quoted,
so that no text starts a row of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from orr.portfolio.changes import History
from orr.portfolio.rollup import Portfolio, ServiceRow
from orr.render import portfolio_view

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
    "tier",
    "checklists",
)


def _text(value: str | None) -> str:
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value or ""


def _row(row: ServiceRow) -> list[object]:
    if row.verdict == "INVALID":
        return [
            _text(row.path),
            _text(row.service),
            _text(row.owner),
            "INVALID",
            *[""] * 10,
            _text(row.error),
            "",
            "",
        ]
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
        _text(row.tier),
        _text(" ".join(row.checklists)),
    ]


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    return "".join(map(_line, [header, *rows]))


def _line(values: Sequence[object]) -> str:
    """One CSV row ending in LF. The writer quotes only fields holding a character of its line
    terminator: with CRLF, a bare CR in a field is quoted too."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue().removesuffix("\r\n") + "\n"


def render(portfolio: Portfolio) -> str:
    return _csv(HEADER, (_row(row) for row in portfolio.rows))


def _heat_map(portfolio: Portfolio) -> str:
    """A cell is empty where the service does not use the checklist, n/a where nothing applies."""
    keys = [c.key for c in portfolio.columns]
    rows = []
    for row in sorted(portfolio.rows, key=lambda r: (r.owner, r.service, r.path)):
        if row.verdict == "INVALID":
            continue
        scores = dict(row.sections)
        cells = [
            ("n/a" if scores[k] is None else _score(scores[k])) if k in scores else "" for k in keys
        ]
        rows.append([_text(row.owner), _text(row.service), *cells])
    return _csv(("owner", "service", *keys), rows)


def _risks(portfolio: Portfolio) -> str:
    return _csv(
        (
            "rank",
            "item",
            "question",
            "risk",
            "mandatory",
            "applicable",
            "failing",
            "share",
            "unmet",
            "partial",
            "unanswered",
            "services",
        ),
        (
            (
                n,
                h.ref,
                _text(h.question),
                h.risk,
                "yes" if h.mandatory else "no",
                h.applicable,
                h.failing,
                f"{h.share:.4f}",
                h.unmet,
                h.partial,
                h.unanswered,
                _text(" ".join(h.services)),
            )
            for n, h in enumerate(portfolio.heat, 1)
        ),
    )


def _teams(portfolio: Portfolio) -> str:
    return _csv(
        (
            "owner",
            "services",
            "ready",
            "ready_share",
            "not_ready",
            "incomplete",
            "invalid",
            "blockers",
            "stale",
        ),
        (
            (
                _text(t.owner),
                t.services,
                t.ready,
                f"{t.ready_share:.4f}",
                t.not_ready,
                t.incomplete,
                t.invalid,
                t.blockers,
                t.stale,
            )
            for t in portfolio.teams()
        ),
    )


def _waivers(portfolio: Portfolio) -> str:
    return _csv(
        ("service", "item", "approved_by", "reason", "expires", "days_left", "state"),
        (
            (
                _text(row.service),
                _text(w.item),
                _text(w.approved_by),
                _text(w.reason),
                w.expires,
                w.days_left,
                w.state,
            )
            for row, w in portfolio_view.waiver_rows(portfolio)
        ),
    )


def _changes(history: History) -> str:
    return _csv(
        (
            "service",
            "path",
            "old_verdict",
            "new_verdict",
            "old_score",
            "new_score",
            "score_delta",
            "blockers_opened",
            "blockers_closed",
            "improved",
            "regressed",
        ),
        (
            (
                _text(c.service),
                _text(c.path),
                c.old_verdict or "",
                c.new_verdict,
                _score(c.old_score),
                _score(c.new_score),
                _score(c.score_delta),
                _text(" ".join(c.opened)),
                _text(" ".join(c.closed)),
                c.improved,
                c.regressed,
            )
            for c in history.changes
        ),
    )


def tables(portfolio: Portfolio) -> dict[str, str]:
    """The other tables, by the suffix of their file name: heatmap, risks, teams, waivers..."""
    out = {
        "heatmap": _heat_map(portfolio),
        "risks": _risks(portfolio),
        "teams": _teams(portfolio),
        "waivers": _waivers(portfolio),
    }
    if portfolio.history is not None:
        out["changes"] = _changes(portfolio.history)
    return out
