"""The review file on disk: every change is validated, then saved atomically, at once.

Each save re-reads the file under a lock (``orr.editing.answerfile.save_answer``), so answers saved
meanwhile by another session or by hand (in another window) are kept, and checks the new text
as ``orr validate`` would before it replaces the old. An answer to an item whose answer changed
in the file since this session read it is not saved: the session is told, with the answers as
the file now holds them, and asks again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orr.catalog import Catalog, LoadedReview, load_review, review_from_document
from orr.editing.answerfile import (
    ConflictError,
    add_checklists,
    answer_digest,
    save_answer,
    set_context,
)
from orr.editing.scaffold import new_review
from orr.errors import InputError
from orr.interview.session import NotSaved
from orr.loading import Document, parse_yaml, read_text_and_digest
from orr.model import Answer, Checklist
from orr.savefile import update_locked, write_output


@dataclass
class ReviewStore:
    path: Path
    catalog: Catalog
    #: the digest of each answer as this store last read it from the file
    _seen: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def load(self) -> LoadedReview:
        return self._remember(load_review(self.path, self.catalog))

    def save_answer(
        self, ref: str, answer: Mapping[str, Any], order: Sequence[str] = ()
    ) -> dict[str, Answer]:
        """Write one answer; returns every answer as the file now holds them."""
        checked: list[LoadedReview] = []
        try:
            save_answer(
                self.path,
                ref,
                answer,
                based_on=self._seen.get(ref, answer_digest(None)),
                order=order,
                check=lambda document: checked.append(review_from_document(document, self.catalog)),
            )
        except ConflictError as conflict:
            raise NotSaved(conflict.message, dict(self.load().review.answers)) from None
        return dict(self._remember(checked[-1]).review.answers)

    def add_checklists(self, ids: Sequence[str]) -> LoadedReview:
        checked: list[LoadedReview] = []

        def change(text: str) -> str:
            new = add_checklists(text, self.path, ids)
            checked.append(self.check(new))
            return new

        update_locked(self.path, change, read_text_and_digest)
        return self._remember(checked[-1])

    def create(
        self,
        service: str,
        owner: str,
        checklists: Sequence[Checklist],
        context: Mapping[str, Any],
        today: dt.date,
    ) -> LoadedReview:
        """A new review file, as `orr init` writes it, with the context filled in."""
        text = new_review(service, owner, checklists, today)
        if context:
            text = set_context(text, self.path, context)
        loaded = self.check(text)
        write_output(self.path, text, "the review")
        return self._remember(loaded)

    def check(self, text: str) -> LoadedReview:
        """The text as a validated review, as if it were already the file."""
        data = parse_yaml(text, self.path)
        if not isinstance(data, dict):
            raise InputError.at(self.path, "the document is not a mapping of keys to values")
        return review_from_document(Document(self.path, text, data), self.catalog)

    def _remember(self, loaded: LoadedReview) -> LoadedReview:
        answers = loaded.document.data.get("answers")
        answers = answers if isinstance(answers, dict) else {}
        self._seen = {str(ref): answer_digest(value) for ref, value in answers.items()}
        return loaded
