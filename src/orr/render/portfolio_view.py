"""Wording shared by the portfolio's human-readable formats (Markdown and HTML)."""

from __future__ import annotations

from collections.abc import Sequence

from orr.portfolio import HeatItem, Portfolio, ServiceRow, Totals, WaiverNote
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
    """Waivers needing attention, the soonest (or longest expired) first."""
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
