"""SARIF 2.1.0 for code scanning: a rule per item, a result per item not met.

Results point at the answer's line in the review file (the first line when unanswered), with
the level set by risk. Waived items carry an accepted suppression, so they show but do not
alert.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from orr import __version__
from orr.result import ItemOutcome, Result

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"high": "error", "medium": "warning", "low": "note", "none": "note"}


def render(result: Result) -> str:
    return render_many([result])


def render_many(results: Sequence[Result]) -> str:
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [_run(result) for result in results],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    return PurePath(path).as_posix() if path else "review.yaml"


def _run(result: Result) -> dict[str, Any]:
    rules = [_rule(item) for item in result.items]
    index = {item.ref: n for n, item in enumerate(result.items)}
    results = [
        _result(result, item, index[item.ref])
        for item in result.items
        if item.status in ("unmet", "partial", "unanswered")
    ]
    return {
        "tool": {
            "driver": {
                "name": "orr",
                "version": result.orr_version or __version__,
                "informationUri": "https://github.com/orr-dev/orr",
                "rules": rules,
            }
        },
        "automationDetails": {"id": f"orr/{result.service}/"},
        "results": results,
        "properties": {
            "verdict": result.verdict,
            "score": result.score,
            "evaluatedOn": result.evaluated_on,
            "answered": result.answered,
            "applicable": result.applicable,
            "reviewDate": result.review_date,
            "ageDays": result.age_days,
            "stale": result.stale,
            "reasons": [reason.message for reason in result.reasons],
        },
    }


def _rule(item: ItemOutcome) -> dict[str, Any]:
    help_text = "\n\n".join(p for p in (item.guidance.strip(), _remedy(item)) if p)
    rule: dict[str, Any] = {
        "id": item.ref,
        "name": "".join(part.capitalize() for part in item.item.replace("_", "-").split("-")),
        "shortDescription": {"text": item.question},
        "fullDescription": {"text": item.why or item.question},
        "help": {"text": help_text or item.question, "markdown": help_text or item.question},
        "defaultConfiguration": {"level": _LEVEL[item.declared_risk]},
        "properties": {
            "tags": ["orr", item.checklist, *([item.pillar] if item.pillar else [])],
            "mandatory": item.mandatory,
        },
    }
    return rule


def _remedy(item: ItemOutcome) -> str:
    return f"**Remediation:** {item.remediation.strip()}" if item.remediation.strip() else ""


def _result(result: Result, item: ItemOutcome, rule_index: int) -> dict[str, Any]:
    level_of = item.risk if item.risk in _LEVEL else item.declared_risk
    text = f"{item.ref} is {item.status}"
    if item.blocking:
        text += " and blocks the readiness gate"
    text += f": {item.question}"
    if item.remediation:
        text += f" Remediation: {item.remediation.strip()}"
    out: dict[str, Any] = {
        "ruleId": item.ref,
        "ruleIndex": rule_index,
        "level": _LEVEL[level_of],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(result.review_path)},
                    "region": {"startLine": item.line or 1},
                }
            }
        ],
        "partialFingerprints": {"orrItem/v1": f"{result.service}/{item.ref}"},
        "properties": {"status": item.status, "risk": item.risk, "blocking": item.blocking},
    }
    if item.waiver and item.waiver.state != "expired":
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{item.waiver.reason} (approved by {item.waiver.approved_by}, "
                f"expires {item.waiver.expires})",
            }
        ]
    return out
