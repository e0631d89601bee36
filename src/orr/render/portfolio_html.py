"""The portfolio as one self-contained HTML page, on the report's base template and styles."""

from __future__ import annotations

from orr.portfolio.rollup import Portfolio
from orr.render import portfolio_view
from orr.render.templating import render_template

#: the class of each verdict's text in the services table (the word is always shown)
VERDICT_CSS = {"READY": "v-r", "NOT READY": "v-n", "INCOMPLETE": "v-i", "INVALID": "v-x"}

#: rows per block of the long tables: Chromium lays out only the blocks near the screen; the
#: heat map's blocks are twice as long (short rows, and each block repeats a tall header)
BLOCK_ROWS = 100


def render(portfolio: Portfolio, block_rows: int = BLOCK_ROWS) -> str:
    totals = portfolio.totals()
    history = portfolio.history
    choices = portfolio_view.choices(portfolio)
    return render_template(
        "portfolio.html.j2",
        p=portfolio,
        block_rows=block_rows,
        heat_block_rows=2 * block_rows,
        t=totals,
        pv=portfolio_view,
        summary=portfolio_view.summary(totals, portfolio.stale_after_days),
        history_summary=(
            portfolio_view.history_summary(history, len(portfolio.rows)) if history else ""
        ),
        chart=portfolio_view.verdict_chart(totals),
        choices=choices,
        checklist_codes={cid: str(n) for n, cid in enumerate(choices["checklist"])},
        verdict_css=VERDICT_CSS,
        anchors={row.service: n for n, row in enumerate(portfolio.rows, 1)},
        owners=portfolio_view.by_owner(portfolio),
        groups=portfolio_view.column_groups(portfolio),
        keys=[c.key for c in portfolio.columns],
        teams=portfolio.teams(),
        waivers=portfolio_view.waiver_rows(portfolio),
        active=portfolio_view.active_by_approver(portfolio),
        stale=portfolio_view.stale_rows(portfolio),
        skipped=portfolio_view.skipped_text(portfolio),
    )
