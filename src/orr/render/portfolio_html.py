"""The portfolio as one self-contained HTML page, on the report's base template and styles."""

from __future__ import annotations

from orr.portfolio import Portfolio
from orr.render import portfolio_view
from orr.render.templating import render_template


def render(portfolio: Portfolio) -> str:
    totals = portfolio.totals()
    return render_template(
        "portfolio.html.j2",
        p=portfolio,
        t=totals,
        pv=portfolio_view,
        summary=portfolio_view.summary(totals, portfolio.stale_after_days),
        waivers=portfolio_view.waiver_rows(portfolio),
        stale=portfolio_view.stale_rows(portfolio),
        skipped=portfolio_view.skipped_text(portfolio),
    )
