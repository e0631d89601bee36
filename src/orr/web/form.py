"""A posted answer: read from the form, refused or recorded as `orr review` would, then saved.

``save`` is `orr review`'s writer (``answerfile.save_answer``): under the file's lock, an
answer based on an older version of that item's answer (the page's ``based_on``, its
``answer_digest``) is refused with ``StaleAnswer``; answers to other items saved meanwhile,
by another page, the terminal or by hand, are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orr.catalog import Catalog, LoadedReview, review_from_document
from orr.editing.answered import review_with_answer
from orr.editing.answerfile import ConflictError, save_answer
from orr.errors import OrrError
from orr.interview.answering import record, refusal
from orr.loading import Document
from orr.model import Item

STATUSES = ("met", "partial", "unmet", "n/a")


class StaleAnswer(OrrError):
    """The item's answer in the file changed since the page that sent the answer showed it."""

    def __init__(self, path: Path, ref: str) -> None:
        super().__init__(
            f"{ref} changed in {path.name} since this page was loaded (another tab, "
            "`orr review` or a hand edit): your answer was not saved. The answer in the file "
            "now is shown; answer again if yours differs."
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


def save(
    path: Path,
    catalog: Catalog,
    ref: str,
    item: Item,
    fields: Mapping[str, Any],
    *,
    user: str,
    now: dt.datetime,
    order: Sequence[str],
    based_on: str,
    before: LoadedReview | None = None,
) -> LoadedReview:
    """Save one answer unless the item's answer changed since ``based_on`` was read; returns
    the review as the file now holds it (validated, as the save checked it).

    ``before`` is the review as last read or saved: when the file still holds it, only the
    new answer is validated (``answered.review_with_answer``), not the whole review again.
    """

    def validated(document: Document) -> LoadedReview:
        if before is None:
            return review_from_document(document, catalog)
        return review_with_answer(before, document, ref, catalog)

    checked: list[LoadedReview] = []
    try:
        save_answer(
            path,
            ref,
            record(item, fields, user, now),
            based_on=based_on,
            order=order,
            check=lambda document: checked.append(validated(document)),
        )
    except ConflictError:
        raise StaleAnswer(path, ref) from None
    return checked[-1]


def _one(form: Mapping[str, Sequence[str]], key: str) -> str:
    values = form.get(key, ())
    return values[-1] if values else ""
