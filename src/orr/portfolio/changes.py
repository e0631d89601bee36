"""What changed in each service's review since a revision: ``orr diff``'s comparison, kept
compact for a portfolio of thousands (``orr portfolio --since``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from orr.portfolio.rollup import RowVerdict
from orr.result import Result, Verdict

if TYPE_CHECKING:
    from orr.diff import ReviewDiff


@dataclass(frozen=True, slots=True)
class ServiceChange:
    """What changed in one service's review since ``--since``: ``orr diff``'s comparison, kept
    compact. ``old_verdict`` is None when the file did not exist then, INVALID when it did not
    load."""

    service: str
    path: str
    old_verdict: RowVerdict | None
    new_verdict: Verdict
    old_score: float | None
    new_score: float | None
    opened: tuple[str, ...] = ()  # refs now blocking that did not block then
    closed: tuple[str, ...] = ()  # refs blocking then that no longer block
    improved: int = 0
    regressed: int = 0

    @property
    def score_delta(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return round(self.new_score - self.old_score, 2)

    @property
    def flipped(self) -> bool:
        return self.old_verdict is not None and self.old_verdict != self.new_verdict

    @property
    def changed(self) -> bool:
        return (
            self.old_verdict is None
            or self.flipped
            or bool(self.opened or self.closed or self.improved or self.regressed)
            or self.old_score != self.new_score
        )


@dataclass(frozen=True, slots=True)
class History:
    """Every service's changes since a revision, and the totals."""

    since: str  # the revision or date as given
    commit: str  # what it resolved to
    changes: tuple[ServiceChange, ...]  # changed services only, most flipped and opened first

    @property
    def flipped(self) -> int:
        return sum(1 for c in self.changes if c.flipped)

    @property
    def to_ready(self) -> int:
        return sum(1 for c in self.changes if c.flipped and c.new_verdict == "READY")

    @property
    def from_ready(self) -> int:
        return sum(1 for c in self.changes if c.flipped and c.old_verdict == "READY")

    @property
    def new(self) -> int:
        return sum(1 for c in self.changes if c.old_verdict is None)

    @property
    def opened(self) -> int:
        return sum(len(c.opened) for c in self.changes)

    @property
    def closed(self) -> int:
        return sum(len(c.closed) for c in self.changes)


def change(d: ReviewDiff, path: str) -> ServiceChange:
    """The compact form of ``orr diff``'s comparison of a service's two versions."""
    return ServiceChange(
        service=d.service,
        path=path,
        old_verdict=d.old_verdict,
        new_verdict=d.new_verdict,
        old_score=d.old_score,
        new_score=d.new_score,
        opened=tuple(b.ref for b in d.blocking),
        closed=tuple(b.ref for b in d.unblocked),
        improved=len(d.of_kind("improved")),
        regressed=len(d.of_kind("regressed")),
    )


def history(since: str, commit: str, changes: Sequence[ServiceChange]) -> History:
    """The changed services: verdicts flipped first, then the most blockers opened."""
    kept = [c for c in changes if c.changed]
    kept.sort(key=lambda c: (not c.flipped, -len(c.opened), -len(c.closed), c.service, c.path))
    return History(since, commit, tuple(kept))


def change_from_nothing(new: Result, path: str) -> ServiceChange:
    """A review that did not exist at the revision: every blocker is newly opened."""
    return ServiceChange(
        service=new.service,
        path=path,
        old_verdict=None,
        new_verdict=new.verdict,
        old_score=None,
        new_score=new.score,
        opened=tuple(i.ref for i in new.blockers),
    )
