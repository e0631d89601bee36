"""What a served page shows: the plan of questions (as `orr review` asks them) beside the Result.

The items come from ``interview.plan`` (which apply, in which order), their verdict, risk and
badges from the same ``evaluate()`` as `orr gate`, their form values from the file's answers.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from orr.assess import evaluate_loaded
from orr.catalog import Catalog, LoadedReview
from orr.editing.answerfile import answer_digest
from orr.interview.plan import Plan, Question, build_plan, is_stale, status_of
from orr.interview.store import ReviewStore
from orr.loading import read_text_and_digest
from orr.model import Answer
from orr.policy import load_policy, policy_lookup
from orr.render.view import item_anchor
from orr.result import ItemOutcome, Result

Show = Literal["all", "unanswered", "blocking", "changed"]
SHOW: tuple[Show, ...] = ("all", "unanswered", "blocking", "changed")
#: A page holds whole sections up to this many items (a longer section is cut): a long
#: review is answered a few sections at a time, as a meeting talks it through, and its page
#: loads and lays out in well under a second; the navigation links to the other pages.
PAGE_ITEMS = 25


def parse_show(value: str | None) -> Show:
    """The filter a ``?show=`` asks for; anything else shows every item."""
    return next((show for show in SHOW if show == value), "all")


@dataclass(slots=True)  # not frozen: a save makes one for every item, in a third of the time
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

    @property
    def section_anchor(self) -> str:
        return section_anchor(self.question.checklist.id, self.question.section.id)

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
    #: the items this filter shows, cut into pages: (start, end) in that list
    pages: tuple[tuple[int, int], ...] = ((0, 0),)
    page: int = 0  # the one shown (from 0)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    def shown(self) -> list[ItemView]:
        """The items the filter shows on the page shown."""
        start, end = self.pages[self.page]
        return self._shown()[start:end]

    def _shown(self) -> list[ItemView]:
        return [item for item in self.items if item.shown(self.show)]

    def link(self, section: SectionNav) -> str:
        """Where the navigation's link to a section goes: its heading, on its page."""
        shown = self._shown()
        first = next((n for n, i in enumerate(shown) if i.section_anchor == section.anchor), -1)
        start, end = self.pages[self.page]
        if first < 0:  # none of its items pass the filter: its page without the filter
            return f"?{urlencode({'section': section.anchor})}#{section.anchor}"
        if start <= first < end:
            return f"#{section.anchor}"
        return f"{self.query(section=section.anchor)}#{section.anchor}"

    def here(self, section: SectionNav) -> bool:
        """Whether the section has items on the page shown."""
        return any(item.section_anchor == section.anchor for item in self.shown())

    @property
    def next_page(self) -> str | None:
        """The link to the next page, if there is one."""
        return self.query(page=self.page + 2) if self.page + 1 < len(self.pages) else None

    @property
    def previous_page(self) -> str | None:
        return self.query(page=self.page) if self.page else None

    def query(self, **params: str | int) -> str:
        show = {} if self.show == "all" else {"show": self.show}
        return "?" + urlencode({**params, **show})

    def item(self, ref: str) -> ItemView | None:
        return next((item for item in self.items if item.ref == ref), None)


@dataclass(frozen=True, slots=True)
class Assessed:
    result: Result
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class Opened:
    """A review file read for serving: its store, what it holds, the plan of its questions
    and the settings file found for it (`find_policy_file`)."""

    store: ReviewStore
    loaded: LoadedReview
    plan: Plan
    settings_file: Path | None
    #: ``assessed``'s answers, kept while the file (this object), the day and the policy hold
    _assessed: dict[tuple[Any, ...], Assessed] = field(
        default_factory=dict, compare=False, repr=False
    )

    def assessed(self, today: dt.date, policy_file: Path | None) -> Assessed:
        """The Result as `orr gate` computes it (``assess_loaded``), and each question's view."""
        source = policy_file or self.settings_file
        policy = load_policy(source)
        key = (today, str(source), policy.model_dump_json())
        found = self._assessed.get(key)
        if found is None:
            shown_source = str(source) if source else None
            result = evaluate_loaded(self.loaded, policy, shown_source, today, locate=False)
            found = self._assessed[key] = Assessed(result, self._views(result))
        return found

    def _views(self, result: Result) -> tuple[ItemView, ...]:
        outcomes = {item.ref: item for item in result.items}
        answers = self.loaded.review.answers
        raw = self.loaded.document.data.get("answers")
        raw = raw if isinstance(raw, dict) else {}
        return tuple(
            ItemView(
                q,
                outcomes[q.ref],
                answers.get(q.ref),
                status_of(q.item, answers.get(q.ref)),
                is_stale(q.item, answers.get(q.ref)),
                raw.get(q.ref),
            )
            for q in self.plan.questions
            if q.ref in outcomes
        )

    @functools.cached_property
    def order(self) -> list[str]:
        """Every item reference in checklist order: where a new answer goes in the file."""
        pins = self.loaded.review.pins()
        return [
            f"{cid}/{i.id}" for cid, _ in pins for _, i in self.loaded.checklists[cid].iter_items()
        ]

    def question(self, ref: str) -> Question | None:
        return next((q for q in self.plan.questions if q.ref == ref), None)


def open_review(path: Path, catalog: Catalog) -> Opened:
    return _open(path, catalog)[0]


def _open(path: Path, catalog: Catalog) -> tuple[Opened, Stamps]:
    """The review read afresh, and the stamps of every file it was read with or that could
    change it: its checklists and baselines, and each place a settings file was looked for."""
    settings_file, looked = policy_lookup(path)
    settings = _stamps(looked)  # before reading: a change meanwhile is seen next time
    store = ReviewStore(path, catalog)
    opened = _opened(store, store.load(), settings_file)
    return opened, {**_stamps(_sources(opened)), **settings}


def _opened(store: ReviewStore, loaded: LoadedReview, settings_file: Path | None) -> Opened:
    pinned = [loaded.checklists[cid] for cid, _ in loaded.review.pins()]
    return Opened(store, loaded, build_plan(pinned, loaded.review.context, "all"), settings_file)


@dataclass
class Reviews:
    """Each served review as last read or saved, read again only when something it was read
    from changed: the file (its sha256), a checklist, a baseline it extends or the settings
    file (size and time).

    A save hands over the review it validated (``saved``), so the next request on an
    unchanged file neither parses nor validates it again; any other change to the file (a
    hand edit, the terminal) changes its sha256, and it is read afresh. So does a settings
    file made, changed or removed in any folder it was looked for in.
    """

    catalog: Catalog
    _opened: dict[Path, tuple[Opened, Stamps]] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def open(self, path: Path) -> Opened:
        _, digest = read_text_and_digest(path)
        with self._lock:
            found = self._opened.get(path)
        if found is not None:
            opened, stamps = found
            if opened.loaded.document.sha256 == digest and _stamps(stamps) == stamps:
                return opened
        opened, stamps = _open(path, self.catalog)
        with self._lock:
            self._opened[path] = (opened, stamps)
        return opened

    def saved(self, path: Path, before: Opened, loaded: LoadedReview) -> Opened:
        """The review as a save left it; the plan of questions is kept when the save changed
        answers only (as it does unless someone changed the file's context meanwhile)."""
        old = before.loaded.review
        if loaded.review.context == old.context and loaded.review.pins() == old.pins():
            opened = Opened(before.store, loaded, before.plan, before.settings_file)
        else:
            opened = _opened(before.store, loaded, before.settings_file)
        with self._lock:
            found = self._opened.get(path)
            if found is not None and found[0] is before and _sources(opened) == _sources(before):
                # read from the same files as a moment ago, which the save did not change
                self._opened[path] = (opened, found[1])
                return opened
        stamps = _stamps([*_sources(opened), *policy_lookup(path)[1]])  # a checklist pinned anew
        with self._lock:
            self._opened[path] = (opened, stamps)
        return opened


def _sources(opened: Opened) -> list[Path]:
    """The checklists and baselines a review was read with."""
    loaded = opened.loaded
    return [*(f.path for f in loaded.files.values()), *(f.path for f in loaded.inheritance.files)]


#: (modification time, size) of the files a review was read with; None: no such file
Stamps = dict[Path, tuple[int, int] | None]


def _stamps(paths: Iterable[Path]) -> Stamps:
    found: Stamps = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            found[path] = None
        else:
            found[path] = (info.st_mtime_ns, info.st_size)
    return found


def review_page(
    key: str,
    opened: Opened,
    today: dt.date,
    policy_file: Path | None,
    show: Show = "all",
    section: str | None = None,
    number: int = 1,
    *,
    paged: bool = True,
) -> ReviewPage:
    """The page of ``key`` with the items ``show`` asks for: the page where ``section`` (an
    anchor) starts, or page ``number`` (from 1). Without ``paged``, the pages are not worked
    out (what a save's fragments show, the verdict and the counts, needs none)."""
    assessed = opened.assessed(today, policy_file)
    items = assessed.items
    pages: tuple[tuple[int, int], ...] = ((0, 0),)  # unpaged: ReviewPage's defaults
    page = 0
    if paged:
        shown = [item for item in items if item.shown(show)]
        pages = _pages(shown)
        first = next((n for n, i in enumerate(shown) if i.section_anchor == section), None)
        if first is not None:
            page = next(n for n, (start, end) in enumerate(pages) if start <= first < end)
        else:
            page = max(0, min(number - 1, len(pages) - 1))
    return ReviewPage(
        key,
        opened.loaded.document.sha256,
        assessed.result,
        items,
        _sections(items),
        tuple(opened.plan.not_applicable),
        show,
        pages,
        page,
    )


def _pages(shown: Sequence[ItemView]) -> tuple[tuple[int, int], ...]:
    """Pages of whole sections, each up to ``PAGE_ITEMS`` items; a section longer than that
    is cut into pages of its own."""
    sections: list[tuple[int, int]] = []  # (start, end) of each section's run of items
    for n, item in enumerate(shown):
        if n and item.section_anchor == shown[n - 1].section_anchor:
            sections[-1] = (sections[-1][0], n + 1)
        else:
            sections.append((n, n + 1))
    pages: list[tuple[int, int]] = []
    for start, end in sections:
        if pages and pages[-1][1] - pages[-1][0] + end - start <= PAGE_ITEMS:
            pages[-1] = (pages[-1][0], end)
            continue
        pages += [(at, min(at + PAGE_ITEMS, end)) for at in range(start, end, PAGE_ITEMS)]
    return tuple(pages) or ((0, 0),)


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
