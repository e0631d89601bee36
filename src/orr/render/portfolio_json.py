"""The portfolio as JSON, ``orr.portfolio/v1``: every number the other formats show.

Built by hand rather than with ``dataclasses.asdict``, which deep-copies every value and is
the slowest step of a 10,000-review portfolio. The services failing each question are not
repeated under ``systemic_risks``: each service lists its own under ``failing``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from orr.portfolio import HeatItem, Portfolio, ServiceRow

SCHEMA = "orr.portfolio/v1"


def _service(row: ServiceRow) -> dict[str, Any]:
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
            {"item": w.item, "expires": w.expires, "days_left": w.days_left, "state": w.state}
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
        "services": [_service(row) for row in portfolio.rows],
        "systemic_risks": [_risk(item) for item in portfolio.heat],
        "baselines": [
            {"path": path, "services": list(services)}
            for path, services in portfolio.inheritors().items()
        ],
        "skipped": [{"path": s.path, "kind": s.kind} for s in portfolio.skipped],
    }


def render(portfolio: Portfolio) -> str:
    return json.dumps(to_data(portfolio), indent=2, ensure_ascii=False) + "\n"
