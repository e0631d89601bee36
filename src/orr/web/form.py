"""A posted answer: read from the form, refused or recorded as `orr review` would, then saved.

The version check (``save_if_current``) compares the file's sha256 with the one the page was
rendered from, just before the same writer as `orr review` replaces the file. It is the one
place to change once the review writer checks versions itself under a file lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orr.errors import OrrError
from orr.interview.answering import record, refusal
from orr.interview.store import ReviewStore
from orr.model import Answer, Item

STATUSES = ("met", "partial", "unmet", "n/a")


class StaleVersion(OrrError):
    """The file changed since the page that sent the answer was rendered."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} changed since this page was loaded (another tab, `orr review` or a hand "
            "edit): your answer was not saved. The answer in the file now is shown; "
            "answer again if yours differs."
        )


@dataclass(frozen=True)
class Posted:
    """What a form sent for one item: the fields of an answer, or why they cannot be saved."""

    fields: dict[str, Any]
    problem: str | None

    @property
    def empty(self) -> bool:
        """Nothing answered and nothing typed."""
        return all(value in ("", [], None) for value in self.fields.values())


def file_version(text_or_bytes: bytes) -> str:
    return hashlib.sha256(text_or_bytes).hexdigest()


def posted_answer(item: Item, form: Mapping[str, Sequence[str]]) -> Posted:
    """The answer a form gives for ``item``.

    ``set`` is what the person just did: a status button (met, partial, unmet, n/a), or
    ``choices`` when they ticked a choice; without it (a text field changed) the answer keeps
    the ``status`` the page showed. Choices left empty save an open answer (nothing chosen).
    """
    done = _one(form, "set")
    status: str | None = done if done else _one(form, "status") or None
    if done == "choices":
        status = None
    if status not in (*STATUSES, None):
        return Posted({}, f"Unknown status {status!r}: choose met, partial, unmet or n/a.")
    evidence = [line.strip() for line in _one(form, "evidence").splitlines() if line.strip()]
    if item.evidence == "none":
        evidence = []
    notes = _one(form, "notes").strip()
    reason = _one(form, "reason").strip()
    known = [choice.id for choice in item.choices]
    chosen = set(form.get("choice", ()))
    choices = [c for c in known if c in chosen]
    na_choices = [c for c in known if c in set(form.get("na_choice", ())) and c not in chosen]
    fields: dict[str, Any]
    if status == "n/a":
        fields = {"status": "n/a", "reason": reason, "notes": notes}
        return Posted(fields, refusal(item, status, reason=reason))
    if item.choices:
        fields = {"choices": choices or None, "na_choices": na_choices, "evidence": evidence}
        return Posted({**fields, "notes": notes}, None)
    fields = {"status": status, "evidence": evidence, "notes": notes}
    return Posted(fields, refusal(item, status, evidence=evidence))


def save_if_current(
    store: ReviewStore,
    ref: str,
    item: Item,
    fields: Mapping[str, Any],
    *,
    user: str,
    now: dt.datetime,
    order: Sequence[str],
    based_on: str | None,
) -> dict[str, Answer]:
    """Save one answer unless the file changed since ``based_on`` (its sha256) was read."""
    if based_on is not None and file_version(store.path.read_bytes()) != based_on:
        raise StaleVersion(str(store.path))
    return store.save_answer(ref, record(item, fields, user, now), order)


def _one(form: Mapping[str, Sequence[str]], key: str) -> str:
    values = form.get(key, ())
    return values[-1] if values else ""
