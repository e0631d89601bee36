"""Wording and grouping shared by the portfolio's human-readable formats (Markdown and HTML)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from orr.portfolio.changes import History, ServiceChange
from orr.portfolio.rollup import HeatItem, Portfolio, ServiceRow, TeamRow, Totals, WaiverNote
from orr.render.charts import BarChart, count_chart
from orr.words import plural

SERVICES_SHOWN = 5


def score_text(score: float | None) -> str:
    return "-" if score is None else f"{score:g}"


def age_text(row: ServiceRow, stale_after: int) -> str:
    if row.age_days is None:
        return "undated"
    text = plural(row.age_days, "day")
    return f"{text}, stale (over {stale_after})" if row.stale else text


def behind_text(row: ServiceRow) -> str:
    return ", ".join(f"{b.checklist} {b.pinned} → {b.current}" for b in row.behind)


def waivers_text(row: ServiceRow) -> str:
    if not row.waivers:
        return "0"
    if row.expired:
        return f"{row.expiring} ({row.expired} expired)"
    return str(row.expiring)


def waiver_state(note: WaiverNote) -> str:
    if note.state == "active":
        return f"active, {plural(note.days_left, 'day')} left"
    if note.state == "expired":
        days = -note.days_left
        return f"expired {plural(days, 'day')} ago"
    if note.days_left == 0:
        return "expires today"
    return f"expires in {plural(note.days_left, 'day')}"


def failing_text(item: HeatItem) -> str:
    return f"{item.failing:,} of {item.applicable:,} ({item.share:.0%})"


def risk_text(item: HeatItem) -> str:
    return f"{item.risk}, mandatory" if item.mandatory else item.risk


def services_text(names: Sequence[str], shown: int = SERVICES_SHOWN) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown:,} more"


def summary(totals: Totals, stale_after: int) -> str:
    """One sentence of the headline numbers."""
    parts = [f"{totals.ready:,} ready", f"{totals.not_ready:,} not ready"]
    if totals.incomplete:
        parts.append(f"{totals.incomplete:,} incomplete")
    if totals.invalid:
        parts.append(f"{totals.invalid:,} invalid")
    head = f"{plural(totals.services, 'service')}: " + ", ".join(parts) + "."
    notes = []
    if totals.blockers:
        notes.append(f"{plural(totals.blockers, 'blocker')} in all")
    if totals.stale or totals.undated:
        notes.append(
            f"{plural(totals.stale, 'review')} older than {stale_after} days"
            + (f" and {totals.undated:,} undated" if totals.undated else "")
        )
    if totals.expiring_waivers or totals.expired_waivers:
        notes.append(
            f"{plural(totals.expiring_waivers, 'waiver')} expiring soon, "
            f"{totals.expired_waivers:,} expired"
        )
    if totals.behind:
        notes.append(f"{plural(totals.behind, 'service')} behind on checklist versions")
    return head + ("" if not notes else " " + "; ".join(notes) + ".")


def waiver_rows(portfolio: Portfolio) -> list[tuple[ServiceRow, WaiverNote]]:
    """Every waiver, by expiry: the longest expired first, then the soonest to expire."""
    pairs = [(row, note) for row in portfolio.rows for note in row.waivers]
    return sorted(pairs, key=lambda p: (p[1].days_left, p[0].service, p[1].item))


def stale_rows(portfolio: Portfolio) -> list[ServiceRow]:
    """Stale and undated reviews, undated first, then the oldest."""
    rows = [r for r in portfolio.rows if r.verdict != "INVALID" and (r.stale or r.age_days is None)]
    return sorted(rows, key=lambda r: (r.age_days is not None, -(r.age_days or 0), r.service))


def skipped_text(portfolio: Portfolio) -> str:
    if not portfolio.skipped:
        return ""
    kinds: dict[str, int] = {}
    for entry in portfolio.skipped:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    detail = ", ".join(f"{n:,} {kind}" for kind, n in sorted(kinds.items()))
    return f"{plural(len(portfolio.skipped), 'file')} skipped, not reviews ({detail})."


def tier_text(row: ServiceRow) -> str:
    return row.tier or "-"


def share_text(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def team_ready_text(team: TeamRow) -> str:
    return f"{team.ready:,} of {team.services:,} ({team.ready_share:.0%})"


def cell_text(score: float | None) -> str:
    """A heat-map cell: the section score, rounded to a whole number."""
    return "n/a" if score is None else f"{score:.0f}"


def cell_band(score: float | None) -> str:
    """The colour band of a heat-map cell, 0 (worst) to 4 (all met); "na" when nothing applies."""
    if score is None:
        return "na"
    return str(min(4, int(score // 25)))


def by_owner(portfolio: Portfolio) -> list[tuple[str, list[ServiceRow]]]:
    """The valid services grouped by owner, each group by service name: the heat map's rows."""
    groups: dict[str, list[ServiceRow]] = {}
    for row in sorted(portfolio.rows, key=lambda r: (r.owner, r.service, r.path)):
        if row.verdict != "INVALID":
            groups.setdefault(row.owner, []).append(row)
    return list(groups.items())


def verdict_text(change: ServiceChange) -> str:
    if change.old_verdict is None:
        return f"new: {change.new_verdict}"
    if change.flipped:
        return f"{change.old_verdict} → {change.new_verdict}"
    return change.new_verdict


def delta_text(change: ServiceChange) -> str:
    delta = change.score_delta
    if delta is None:
        return score_text(change.new_score)
    return f"{score_text(change.old_score)} → {score_text(change.new_score)} ({delta:+g})"


def history_summary(history: History, services: int) -> str:
    """One sentence of what changed since the revision."""
    if not history.changes:
        return f"No review changed since {history.since} ({history.commit[:12]})."
    parts = [
        f"{plural(len(history.changes), 'service')} of {services:,} changed since "
        f"{history.since} ({history.commit[:12]})",
        f"{plural(history.flipped, 'verdict')} flipped ({history.to_ready:,} to READY, "
        f"{history.from_ready:,} from READY)",
        f"{plural(history.opened, 'blocker')} opened, {history.closed:,} closed",
    ]
    if history.new:
        parts.append(f"{plural(history.new, 'review')} new")
    return "; ".join(parts) + "."


def heat_cells(row: ServiceRow, keys: Sequence[str]) -> str:
    """The row's heat-map cells as HTML: numbers and fixed class names only, no user text.

    End tags are left out (HTML allows it in a table), the top band has no class and the
    sections of a checklist the service does not use are one blank cell spanning them: the
    heat map is the largest part of a 2,000-service page, in bytes and in elements to parse.
    """
    scores = dict(row.sections)
    out = []
    blank = 0
    for key in keys:
        if key not in scores:
            blank += 1
            continue
        if blank:
            out.append(_blank_cell(blank))
            blank = 0
        score = scores[key]
        band = cell_band(score)
        css = "" if band == "4" else f" class=b{band}"
        out.append(f"<td{css}>{cell_text(score)}")
    if blank:
        out.append(_blank_cell(blank))
    return "".join(out)


def _blank_cell(span: int) -> str:
    return "<td>" if span == 1 else f"<td colspan={span}>"


def column_groups(portfolio: Portfolio) -> list[tuple[str, int]]:
    """The heat map's checklists with how many section columns each spans."""
    groups: list[tuple[str, int]] = []
    for column in portfolio.columns:
        if groups and groups[-1][0] == column.checklist:
            groups[-1] = (column.checklist, groups[-1][1] + 1)
        else:
            groups.append((column.checklist, 1))
    return groups


def choices(portfolio: Portfolio) -> dict[str, list[str]]:
    """The values each filter of the services table offers."""
    valid = [r for r in portfolio.rows if r.verdict != "INVALID"]
    return {
        "owner": sorted({r.owner for r in portfolio.rows if r.owner}),
        "verdict": [
            v
            for v in ("READY", "NOT READY", "INCOMPLETE", "INVALID")
            if any(r.verdict == v for r in portfolio.rows)
        ],
        "checklist": sorted({c for r in valid for c in r.checklists}),
        "tier": sorted({r.tier for r in valid if r.tier}),
    }


def verdict_chart(totals: Totals) -> BarChart:
    """The distribution of verdicts (and stale reviews) as labelled bars."""
    rows = [
        ("Ready", totals.ready, "status-met"),
        ("Not ready", totals.not_ready, "status-unmet"),
        ("Incomplete", totals.incomplete, "status-unanswered"),
        ("Invalid", totals.invalid, "status-na"),
        ("Stale", totals.stale, "stale-bar"),
    ]
    return count_chart("chart-verdicts", "Services by verdict, and stale reviews", rows)


def checklist_codes(row: ServiceRow, codes: dict[str, str]) -> str:
    """The row's checklists as the short codes the checklist filter matches."""
    return " ".join(codes[c] for c in row.checklists)


def age_days_text(row: ServiceRow) -> str:
    if row.age_days is None:
        return "undated"
    return f"{row.age_days:,}, stale" if row.stale else f"{row.age_days:,}"


@dataclass(frozen=True, slots=True)
class ApproverRow:
    approver: str
    waivers: int
    services: int
    next_expiry: str


def active_by_approver(portfolio: Portfolio) -> list[ApproverRow]:
    """Active waivers counted per approver, the most first."""
    found: dict[str, list[tuple[ServiceRow, WaiverNote]]] = {}
    for row, note in waiver_rows(portfolio):
        if note.state == "active":
            found.setdefault(note.approved_by, []).append((row, note))
    out = [
        ApproverRow(
            approver,
            len(pairs),
            len({row.path for row, _ in pairs}),
            min(note.expires for _, note in pairs),
        )
        for approver, pairs in found.items()
    ]
    return sorted(out, key=lambda a: (-a.waivers, a.approver))


def waivers_summary(totals: Totals) -> str:
    """One sentence of the waivers by state."""
    count = totals.active_waivers + totals.expiring_waivers + totals.expired_waivers
    return (
        f"{plural(count, 'waiver')}: {totals.expired_waivers:,} expired, "
        f"{totals.expiring_waivers:,} expiring within the policy's window, "
        f"{totals.active_waivers:,} active for longer."
    )
