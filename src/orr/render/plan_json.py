"""The action plan as JSON, ``orr.plan/v1``: one object per action, ready for a tracker's CLI.

Each action has ``title``, ``body`` (Markdown) and ``labels`` (``orr`` and its key) for
``gh issue create``, and its key, priority, item, status and risk for scripts that sort or
filter.
"""

from __future__ import annotations

import json
from typing import Any

from orr.render.plan_view import PLAN_SCHEMA, Action, actions, body
from orr.result import Result


def _action(action: Action, result: Result) -> dict[str, Any]:
    return {
        "key": action.key,
        "title": action.title,
        "body": body(action, result),
        "labels": list(action.labels),
        "priority": action.priority,
        "ref": action.ref,
        "status": action.item.status,
        "risk": action.risk,
        "blocking": action.blocking,
        "mandatory": action.item.mandatory,
    }


def to_data(result: Result) -> dict[str, Any]:
    return {
        "schema": PLAN_SCHEMA,
        "service": result.service,
        "review_path": result.review_path,
        "evaluated_on": result.evaluated_on,
        "actions": [_action(action, result) for action in actions(result)],
    }


def render(result: Result) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"
