"""The review file on disk: every change is validated, then saved atomically, at once.

Each save re-reads the file, so an edit someone makes by hand during the meeting (in another
window) is kept, and checks the new text as ``orr validate`` would before it replaces the old.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orr.answerfile import add_checklists, set_answer
from orr.catalog import Catalog, LoadedReview, load_review, review_from_document
from orr.errors import InputError
from orr.loading import Document, parse_yaml, read_text
from orr.model import Answer, Checklist, ContextValue
from orr.savefile import write_atomic
from orr.scaffold import new_review


@dataclass
class ReviewStore:
    path: Path
    catalog: Catalog

    def load(self) -> LoadedReview:
        return load_review(self.path, self.catalog)

    def save_answer(
        self, ref: str, answer: Mapping[str, Any], order: Sequence[str] = ()
    ) -> dict[str, Answer]:
        """Write one answer; returns every answer as the file now holds them."""
        text = set_answer(read_text(self.path), self.path, ref, answer, order)
        return dict(self._write(text).review.answers)

    def add_checklists(self, ids: Sequence[str]) -> LoadedReview:
        return self._write(add_checklists(read_text(self.path), self.path, ids))

    def create(
        self,
        service: str,
        owner: str,
        checklists: Sequence[Checklist],
        context: Mapping[str, ContextValue],
        today: dt.date,
    ) -> LoadedReview:
        """A new review file, as `orr init` writes it, with the context filled in."""
        text = new_review(service, owner, checklists, today, context)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self._write(text)

    def check(self, text: str) -> LoadedReview:
        """The text as a validated review, as if it were already the file."""
        data = parse_yaml(text, self.path)
        if not isinstance(data, dict):
            raise InputError.at(self.path, "the document is not a mapping of keys to values")
        return review_from_document(Document(self.path, text, data), self.catalog)

    def _write(self, text: str) -> LoadedReview:
        loaded = self.check(text)
        write_atomic(self.path, text)
        return loaded
