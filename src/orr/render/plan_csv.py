"""The action plan as CSV for Jira's importer: one row per action.

The header names are Jira's own fields, so the importer maps them without a choice to make:
``Summary``, ``Description`` (plain text: Jira reads no Markdown), ``Priority`` (Jira's
default names: Highest for a blocker, then High, Medium, Low by risk) and ``Labels`` twice,
because Jira takes one label per column: ``orr`` and the action's key. Text a spreadsheet
would run as a formula (starting with ``= + - @``) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

from orr.render.plan_view import actions, body
from orr.result import Result

HEADER = ("Summary", "Description", "Priority", "Labels", "Labels")


def _text(value: str) -> str:
    return "'" + value if value and value[0] in "=+-@\t\r" else value


def render(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for action in actions(result):
        writer.writerow(
            [
                _text(action.title),
                _text(body(action, result, plain=True)),
                action.priority,
                *action.labels,
            ]
        )
    return buffer.getvalue()
