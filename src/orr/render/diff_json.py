"""A review diff as JSON, ``orr.diff/v1``."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from orr.diff import ReviewDiff
from orr.result import LEVELS

SCHEMA = "orr.diff/v1"


def to_data(d: ReviewDiff) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "old": d.old_label,
        "new": d.new_label,
        "service": d.service,
        "old_service": d.old_service,
        "warnings": list(d.warnings),
        "verdict": {"old": d.old_verdict, "new": d.new_verdict},
        "score": {"old": d.old_score, "new": d.new_score, "delta": d.score_delta},
        "risks": {
            level: {
                "old": d.old_counts.get(level),
                "new": d.new_counts.get(level),
                "delta": d.new_counts.get(level) - d.old_counts.get(level),
            }
            for level in LEVELS
        },
        "blockers": {
            "old": d.old_blockers,
            "new": d.new_blockers,
            "delta": d.new_blockers - d.old_blockers,
        },
        "items": [dataclasses.asdict(c) for c in d.items],
        "now_blocking": [dataclasses.asdict(b) for b in d.blocking],
        "no_longer_blocking": [dataclasses.asdict(b) for b in d.unblocked],
        "waivers": [{**dataclasses.asdict(w), "expired": w.expired} for w in d.waivers],
        "checklists": [{"id": cid, "old": a, "new": b} for cid, a, b in d.checklists],
        "empty": d.empty,
    }


def render(d: ReviewDiff) -> str:
    return json.dumps(to_data(d), indent=2, ensure_ascii=False) + "\n"
