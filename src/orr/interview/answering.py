"""How an answer is recorded, whoever asks it: the terminal dialogue and the web form alike.

``refusal`` says why an answer cannot be saved as given (the same rules in both); ``record``
turns what was answered into the fields written to the file, with who answered it, when, and
the fingerprint of the question they saw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from orr.model import Item

NEEDS_EVIDENCE = (
    "This item needs evidence to count as met: give a link or reference, "
    "or answer partial or unmet."
)
NEEDS_CHOICE = "Choose at least one (or the 'none of these' choice), or skip the item."
NEEDS_REASON = "Say why the item does not apply."


def refusal(
    item: Item,
    status: str | None,
    *,
    evidence: Sequence[str] = (),
    choices: Sequence[str] = (),
    reason: str = "",
) -> str | None:
    """Why this answer cannot be saved, or None when it can."""
    if status == "n/a":
        return None if reason.strip() else NEEDS_REASON
    if item.choices:
        return None if choices else NEEDS_CHOICE
    if status == "met" and item.evidence == "required" and not evidence:
        return NEEDS_EVIDENCE
    return None


def record(item: Item, fields: Mapping[str, Any], user: str, now: dt.datetime) -> dict[str, Any]:
    """The answer as written: empty fields dropped, then answered_by, answered_at, fingerprint."""
    answer = {key: value for key, value in fields.items() if value not in ("", [], None)}
    answer["answered_by"] = user
    answer["answered_at"] = now
    answer["fingerprint"] = item.fingerprint
    return answer
