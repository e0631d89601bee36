"""The portfolio as JSON, ``orr.portfolio/v1``: every number the other formats show.

Built by hand rather than with ``dataclasses.asdict``, which deep-copies every value and is
the slowest step of a 10,000-review portfolio. The services failing each question are not
repeated under ``systemic_risks``: each service lists its own under ``failing``; the heat map
is each service's ``sections`` (checklist/section -> score), its columns in
``heat_map_columns``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from orr.portfolio.changes import History, ServiceChange
from orr.portfolio.rollup import HeatItem, Portfolio, ServiceRow

SCHEMA = "orr.portfolio/v1"


def _service(row: ServiceRow, report: str | None) -> dict[str, Any]:
    return {
        "path": row.path,
        "service": row.service,
        "owner": row.owner,
        "verdict": row.verdict,
        "score": row.score,
        "high": row.high,
        "medium": row.medium,
        "blockers": row.blockers,
        "waivers_expiring": row.expiring,
        "waivers_expired": row.expired,
        "waivers": [
            {
                "item": w.item,
                "approved_by": w.approved_by,
                "reason": w.reason,
                "expires": w.expires,
                "days_left": w.days_left,
                "state": w.state,
            }
            for w in row.waivers
        ],
        "review_date": row.review_date,
        "age_days": row.age_days,
        "stale": row.stale,
        "behind": [
            {"checklist": b.checklist, "pinned": b.pinned, "current": b.current} for b in row.behind
        ],
        "failing": list(row.failing),
        "error": row.error,
        "baselines": list(row.baselines),
        "tier": row.tier,
        "checklists": list(row.checklists),
        "sections": dict(row.sections),
        "report": report,
    }


def _change(change: ServiceChange) -> dict[str, Any]:
    return {
        "service": change.service,
        "path": change.path,
        "old_verdict": change.old_verdict,
        "new_verdict": change.new_verdict,
        "old_score": change.old_score,
        "new_score": change.new_score,
        "score_delta": change.score_delta,
        "blockers_opened": list(change.opened),
        "blockers_closed": list(change.closed),
        "improved": change.improved,
        "regressed": change.regressed,
    }


def _history(history: History | None) -> dict[str, Any] | None:
    if history is None:
        return None
    return {
        "since": history.since,
        "commit": history.commit,
        "flipped": history.flipped,
        "to_ready": history.to_ready,
        "from_ready": history.from_ready,
        "new": history.new,
        "blockers_opened": history.opened,
        "blockers_closed": history.closed,
        "changes": [_change(c) for c in history.changes],
    }


def _risk(item: HeatItem) -> dict[str, Any]:
    return {
        "ref": item.ref,
        "question": item.question,
        "risk": item.risk,
        "mandatory": item.mandatory,
        "applicable": item.applicable,
        "failing": item.failing,
        "share": round(item.share, 4),
        "unmet": item.unmet,
        "partial": item.partial,
        "unanswered": item.unanswered,
    }


def to_data(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "evaluated_on": portfolio.evaluated_on,
        "stale_after_days": portfolio.stale_after_days,
        "totals": dataclasses.asdict(portfolio.totals()),
        "services": [_service(row, portfolio.reports.get(row.service)) for row in portfolio.rows],
        "heat_map_columns": [
            {"key": c.key, "checklist": c.checklist, "section": c.title} for c in portfolio.columns
        ],
        "systemic_risks": [_risk(item) for item in portfolio.heat],
        "baselines": [
            {"path": path, "services": list(services)}
            for path, services in portfolio.inheritors().items()
        ],
        "teams": [
            {
                "owner": t.owner,
                "services": t.services,
                "ready": t.ready,
                "ready_share": round(t.ready_share, 4),
                "not_ready": t.not_ready,
                "incomplete": t.incomplete,
                "invalid": t.invalid,
                "blockers": t.blockers,
                "stale": t.stale,
            }
            for t in portfolio.teams()
        ],
        "history": _history(portfolio.history),
        "skipped": [{"path": s.path, "kind": s.kind} for s in portfolio.skipped],
    }


def render(portfolio: Portfolio) -> str:
    return json.dumps(to_data(portfolio), indent=2, ensure_ascii=False) + "\n"
