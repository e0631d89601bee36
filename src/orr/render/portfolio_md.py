"""The portfolio as GitHub-flavoured Markdown: services worst first, heat map, systemic risks,
teams, waivers, changes since a revision, stale and invalid reviews."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from orr.portfolio.rollup import Portfolio
from orr.render import portfolio_view as view
from orr.render.gfm import cell, code


def _table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    """A table; ``align`` has one letter per column: l(eft) or r(ight)."""
    marks = ["---:" if a == "r" else "---" for a in align]
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(marks) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def render(portfolio: Portfolio) -> str:
    stale_after = portfolio.stale_after_days
    out = [
        f"# Operational readiness portfolio, {portfolio.evaluated_on}",
        "",
        view.summary(portfolio.totals(), stale_after),
    ]
    if portfolio.history is not None:
        out += ["", view.history_summary(portfolio.history, len(portfolio.rows))]
    out += ["", "## Services, worst first", ""]
    out += _table(
        (
            "Service",
            "Owner",
            "Verdict",
            "Score",
            "Blockers",
            "High risks",
            "Medium risks",
            "Waivers expiring",
            "Tier",
            "Checklists",
            "Reviewed",
            "Age",
            "Checklists behind",
        ),
        "lllrrrrrlllll",
        (
            (
                cell(r.service),
                cell(r.owner),
                r.verdict,
                view.score_text(r.score),
                str(r.blockers),
                str(r.high),
                str(r.medium),
                view.waivers_text(r),
                cell(view.tier_text(r)),
                cell(", ".join(r.checklists)),
                cell(r.review_date or ""),
                view.age_text(r, stale_after),
                cell(view.behind_text(r)),
            )
            if r.verdict != "INVALID"
            else (cell(r.service), cell(r.owner) or "-", "INVALID", *["-"] * 10)
            for r in portfolio.rows
        ),
    )
    out += _heat_map(portfolio)
    out += ["", "## Systemic risks", ""]
    if portfolio.heat:
        out += [
            "Questions unmet or partial in the most services first: each is one fix for many "
            "teams.",
            "",
        ]
        out += _table(
            ("#", "Item", "Question", "Risk", "Failing", "Unmet", "Partial", "Unanswered", "Where"),
            "rllllrrrl",
            (
                (
                    str(n),
                    code(h.ref),
                    cell(h.question),
                    view.risk_text(h),
                    view.failing_text(h),
                    str(h.unmet),
                    str(h.partial),
                    str(h.unanswered),
                    cell(view.services_text(h.services)),
                )
                for n, h in enumerate(portfolio.heat, 1)
            ),
        )
    else:
        out.append("No question is unmet, partial or unanswered in any service.")
    inheritors = portfolio.inheritors()
    if inheritors:
        out += ["", "## Baselines", "", "The services that inherit each baseline's answers:", ""]
        out += _table(
            ("Baseline", "Services"),
            "ll",
            ((cell(path), cell(", ".join(services))) for path, services in inheritors.items()),
        )
    out += ["", "## Teams", ""]
    out += _table(
        ("Owner", "Services", "Ready", "Not ready", "Incomplete", "Invalid", "Blockers", "Stale"),
        "lrrrrrrr",
        (
            (
                cell(t.owner) or "-",
                str(t.services),
                view.team_ready_text(t),
                str(t.not_ready),
                str(t.incomplete),
                str(t.invalid),
                str(t.blockers),
                str(t.stale),
            )
            for t in portfolio.teams()
        ),
    )
    waivers = view.waiver_rows(portfolio)
    if waivers:
        out += ["", "## Waivers, by expiry", ""]
        out += _table(
            ("Service", "Item", "Approved by", "Reason", "Expires", "State"),
            "llllll",
            (
                (
                    cell(row.service),
                    code(w.item),
                    cell(w.approved_by),
                    cell(w.reason),
                    w.expires,
                    view.waiver_state(w),
                )
                for row, w in waivers
            ),
        )
    out += _changes(portfolio)
    stale = view.stale_rows(portfolio)
    if stale:
        out += ["", f"## Reviews older than {stale_after} days or undated", ""]
        out += _table(
            ("Service", "Owner", "Reviewed", "Age"),
            "llll",
            (
                (
                    cell(r.service),
                    cell(r.owner),
                    cell(r.review_date or ""),
                    view.age_text(r, stale_after),
                )
                for r in stale
            ),
        )
    if portfolio.errors:
        out += ["", "## Invalid reviews", ""]
        out += _table(
            ("File", "First problem"),
            "ll",
            ((code(r.path), cell(r.error)) for r in portfolio.errors),
        )
    skipped = view.skipped_text(portfolio)
    if skipped:
        out += ["", f"_{skipped}_"]
    return "\n".join(out) + "\n"


def _heat_map(portfolio: Portfolio) -> list[str]:
    """Services (grouped by owner) by checklist section, each cell the section's score."""
    if not portfolio.columns:
        return []
    out = [
        "",
        "## Heat map: score per section",
        "",
        "Each cell is the section's score (0-100); n/a: nothing in it applies; blank: the "
        "service does not use that checklist.",
        "",
    ]
    keys = [c.key for c in portfolio.columns]
    rows = []
    for owner, services in view.by_owner(portfolio):
        for r in services:
            scores = dict(r.sections)
            rows.append(
                (
                    cell(owner) or "-",
                    cell(r.service),
                    *(view.cell_text(scores[k]) if k in scores else "" for k in keys),
                )
            )
    out += _table(("Owner", "Service", *(code(k) for k in keys)), "ll" + "r" * len(keys), rows)
    return out


def _changes(portfolio: Portfolio) -> list[str]:
    history = portfolio.history
    if history is None:
        return []
    out = [
        "",
        f"## Changes since {cell(history.since)}",
        "",
        view.history_summary(history, len(portfolio.rows)),
    ]
    if not history.changes:
        return out
    out.append("")
    out += _table(
        (
            "Service",
            "Verdict",
            "Score",
            "Blockers opened",
            "Blockers closed",
            "Improved",
            "Regressed",
        ),
        "lllllrr",
        (
            (
                cell(c.service),
                view.verdict_text(c),
                view.delta_text(c),
                ", ".join(code(ref) for ref in c.opened) or "-",
                ", ".join(code(ref) for ref in c.closed) or "-",
                str(c.improved),
                str(c.regressed),
            )
            for c in history.changes
        ),
    )
    return out
