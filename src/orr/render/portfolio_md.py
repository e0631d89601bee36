"""The portfolio as GitHub-flavoured Markdown: services, systemic risks, waivers, stale reviews."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from orr.portfolio import Portfolio
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
        "",
        "## Services",
        "",
    ]
    out += _table(
        (
            "Service",
            "Owner",
            "Verdict",
            "Score",
            "High risks",
            "Medium risks",
            "Blockers",
            "Waivers expiring",
            "Reviewed",
            "Age",
            "Checklists behind",
        ),
        "lllrrrrrlll",
        (
            (
                cell(r.service),
                cell(r.owner),
                r.verdict,
                view.score_text(r.score),
                str(r.high),
                str(r.medium),
                str(r.blockers),
                view.waivers_text(r),
                cell(r.review_date or ""),
                view.age_text(r, stale_after),
                cell(view.behind_text(r)),
            )
            if r.verdict != "INVALID"
            else (cell(r.service), "-", "INVALID", *["-"] * 8)
            for r in portfolio.rows
        ),
    )
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
    waivers = view.waiver_rows(portfolio)
    if waivers:
        out += ["", "## Waivers expiring or expired", ""]
        out += _table(
            ("Service", "Item", "Expires", "State"),
            "llll",
            (
                (cell(row.service), code(w.item), w.expires, view.waiver_state(w))
                for row, w in waivers
            ),
        )
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
