"""What a served page shows: the plan of questions (as `orr review` asks them) beside the Result.

The items come from ``interview.plan`` (which apply, in which order), their verdict, risk and
badges from the same ``evaluate()`` as `orr gate`, their form values from the file's answers.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from orr.answerfile import answer_digest
from orr.assess import assess_loaded
from orr.catalog import Catalog, LoadedReview
from orr.interview.plan import Plan, Question, build_plan, is_stale, status_of
from orr.interview.store import ReviewStore
from orr.loading import read_text_and_digest
from orr.model import Answer
from orr.render.view import item_anchor
from orr.result import ItemOutcome, Result

Show = Literal["all", "unanswered", "blocking", "changed"]
SHOW: tuple[Show, ...] = ("all", "unanswered", "blocking", "changed")


def parse_show(value: str | None) -> Show:
    """The filter a ``?show=`` asks for; anything else shows every item."""
    return next((show for show in SHOW if show == value), "all")


@dataclass(frozen=True, slots=True)
class ItemView:
    question: Question
    outcome: ItemOutcome
    answer: Answer | None
    status: str  # as the gate sees it
    stale: bool
    raw: Any  # the answer as the file holds it (None: no answer)

    @property
    def based_on(self) -> str:
        """What a save of this item says it was based on: its answer's ``answer_digest``."""
        return answer_digest(self.raw)

    @property
    def ref(self) -> str:
        return self.question.ref

    @property
    def anchor(self) -> str:
        return item_anchor(self.question.ref)

    def shown(self, show: Show) -> bool:
        if show == "unanswered":
            return self.status == "unanswered" or self.stale
        if show == "blocking":
            return self.outcome.blocking
        return show == "all" or self.stale


@dataclass(frozen=True, slots=True)
class SectionNav:
    checklist: str
    title: str
    anchor: str
    answered: int
    total: int


@dataclass(frozen=True, slots=True)
class ReviewPage:
    key: str
    version: str
    result: Result
    items: tuple[ItemView, ...]
    sections: tuple[SectionNav, ...]
    not_applicable: tuple[tuple[str, str], ...]
    show: Show

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    def shown(self) -> list[ItemView]:
        return [item for item in self.items if item.shown(self.show)]

    def item(self, ref: str) -> ItemView | None:
        return next((item for item in self.items if item.ref == ref), None)


@dataclass(frozen=True)
class Opened:
    """A review file read for serving: its store, what it holds, and the plan of its questions."""

    store: ReviewStore
    loaded: LoadedReview
    plan: Plan

    @property
    def order(self) -> list[str]:
        """Every item reference in checklist order: where a new answer goes in the file."""
        pins = self.loaded.review.pins()
        return [
            f"{cid}/{i.id}" for cid, _ in pins for _, i in self.loaded.checklists[cid].iter_items()
        ]

    def question(self, ref: str) -> Question | None:
        return next((q for q in self.plan.questions if q.ref == ref), None)


def open_review(path: Path, catalog: Catalog) -> Opened:
    store = ReviewStore(path, catalog)
    return _opened(store, store.load())


def _opened(store: ReviewStore, loaded: LoadedReview) -> Opened:
    pinned = [loaded.checklists[cid] for cid, _ in loaded.review.pins()]
    return Opened(store, loaded, build_plan(pinned, loaded.review.context, "all"))


@dataclass
class Reviews:
    """Each served review as last read or saved, read again only when its file changed.

    A save hands over the review it validated (``saved``), so the next request on an
    unchanged file neither parses nor validates it again; any other change to the file (a
    hand edit, the terminal) changes its sha256, and it is read afresh.
    """

    catalog: Catalog
    _opened: dict[Path, Opened] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def open(self, path: Path) -> Opened:
        _, digest = read_text_and_digest(path)
        with self._lock:
            found = self._opened.get(path)
        if found is not None and found.loaded.document.sha256 == digest:
            return found
        return self._keep(path, open_review(path, self.catalog))

    def saved(self, path: Path, before: Opened, loaded: LoadedReview) -> Opened:
        """The review as a save left it; the plan of questions is kept when the save changed
        answers only (as it does unless someone changed the file's context meanwhile)."""
        old = before.loaded.review
        if loaded.review.context == old.context and loaded.review.pins() == old.pins():
            opened = Opened(before.store, loaded, before.plan)
        else:
            opened = _opened(before.store, loaded)
        return self._keep(path, opened)

    def _keep(self, path: Path, opened: Opened) -> Opened:
        with self._lock:
            self._opened[path] = opened
        return opened


def review_page(
    key: str,
    opened: Opened,
    today: dt.date,
    policy_file: Path | None,
    show: Show = "all",
) -> ReviewPage:
    loaded = opened.loaded
    result = assess_loaded(loaded, today, policy_file=policy_file, locate=False)
    outcomes = {item.ref: item for item in result.items}
    answers = loaded.review.answers
    raw = loaded.document.data.get("answers")
    raw = raw if isinstance(raw, dict) else {}
    items = tuple(
        ItemView(
            q,
            outcomes[q.ref],
            answers.get(q.ref),
            status_of(q.item, answers.get(q.ref)),
            is_stale(q.item, answers.get(q.ref)),
            raw.get(q.ref),
        )
        for q in opened.plan.questions
        if q.ref in outcomes
    )
    return ReviewPage(
        key,
        loaded.document.sha256,
        result,
        items,
        _sections(items),
        tuple(opened.plan.not_applicable),
        show,
    )


def section_anchor(checklist: str, section: str) -> str:
    return f"section-{checklist}--{section}"


def _sections(items: Sequence[ItemView]) -> tuple[SectionNav, ...]:
    counts: dict[tuple[str, str], list[int]] = {}
    titles: dict[tuple[str, str], str] = {}
    for item in items:
        key = (item.question.checklist.id, item.question.section.id)
        titles[key] = item.question.section.title
        tally = counts.setdefault(key, [0, 0])
        tally[0] += item.status != "unanswered"
        tally[1] += 1
    return tuple(
        SectionNav(cid, titles[(cid, sid)], section_anchor(cid, sid), done, total)
        for (cid, sid), (done, total) in counts.items()
    )
