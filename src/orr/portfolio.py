"""Many reviews -> one roll-up for audits: a row per service and the organisation's heat map.

The pure data of a portfolio and the functions that roll it up. Finding the files and
evaluating them (in a process pool for large inputs) is ``orr.portfolio_run``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from orr.result import Result

STALE_AFTER_DAYS = 365  # ORRs are annual
RowVerdict = Literal["READY", "NOT READY", "INCOMPLETE", "INVALID"]
_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True, slots=True)
class WaiverNote:
    """A waiver that needs attention: expiring within the policy window, or expired."""

    item: str
    expires: str
    days_left: int
    state: Literal["expiring", "expired"]


@dataclass(frozen=True, slots=True)
class VersionBehind:
    checklist: str
    pinned: str
    current: str


@dataclass(frozen=True, slots=True)
class ServiceRow:
    path: str
    service: str
    owner: str = ""
    verdict: RowVerdict = "INVALID"
    score: float | None = None
    high: int = 0
    medium: int = 0
    blockers: int = 0
    waivers: tuple[WaiverNote, ...] = ()
    review_date: str | None = None
    age_days: int | None = None
    stale: bool = False
    behind: tuple[VersionBehind, ...] = ()
    failing: tuple[str, ...] = ()  # refs of the items unmet or partial
    error: str | None = None  # the first problem of an invalid review, file:line:col: message

    @property
    def expiring(self) -> int:
        return sum(1 for w in self.waivers if w.state == "expiring")

    @property
    def expired(self) -> int:
        return sum(1 for w in self.waivers if w.state == "expired")


@dataclass(frozen=True, slots=True)
class HeatItem:
    """One question across every service it applies to."""

    ref: str
    question: str
    risk: str
    mandatory: bool
    applicable: int
    unmet: int
    partial: int
    unanswered: int
    services: tuple[str, ...]  # where it is unmet or partial

    @property
    def failing(self) -> int:
        return self.unmet + self.partial

    @property
    def share(self) -> float:
        return self.failing / self.applicable if self.applicable else 0.0


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: str
    kind: str  # checklist, lens or unknown


@dataclass(frozen=True, slots=True)
class Totals:
    services: int
    ready: int
    not_ready: int
    invalid: int
    incomplete: int
    stale: int
    undated: int
    expiring_waivers: int
    expired_waivers: int
    behind: int


@dataclass(frozen=True, slots=True)
class Portfolio:
    evaluated_on: str
    stale_after_days: int
    rows: tuple[ServiceRow, ...]
    heat: tuple[HeatItem, ...]
    skipped: tuple[SkippedFile, ...] = ()

    @property
    def errors(self) -> tuple[ServiceRow, ...]:
        return tuple(r for r in self.rows if r.verdict == "INVALID")

    @property
    def duplicates(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Services named by more than one valid review: (service, the reviews' paths)."""
        paths: dict[str, list[str]] = {}
        for row in self.rows:
            if row.verdict != "INVALID":
                paths.setdefault(row.service, []).append(row.path)
        return tuple((name, tuple(found)) for name, found in paths.items() if len(found) > 1)

    def totals(self) -> Totals:
        valid = [r for r in self.rows if r.verdict != "INVALID"]
        return Totals(
            services=len(self.rows),
            ready=sum(1 for r in valid if r.verdict == "READY"),
            not_ready=sum(1 for r in valid if r.verdict == "NOT READY"),
            invalid=len(self.rows) - len(valid),
            incomplete=sum(1 for r in valid if r.verdict == "INCOMPLETE"),
            stale=sum(1 for r in valid if r.stale),
            undated=sum(1 for r in valid if r.review_date is None),
            expiring_waivers=sum(r.expiring for r in valid),
            expired_waivers=sum(r.expired for r in valid),
            behind=sum(1 for r in valid if r.behind),
        )


def summarise(result: Result, path: str, today: dt.date, stale_after: int) -> ServiceRow:
    """The compact row of one evaluated review."""
    age = (today - dt.date.fromisoformat(result.review_date)).days if result.review_date else None
    return ServiceRow(
        path=path,
        service=result.service,
        owner=result.owner,
        verdict=result.verdict,
        score=result.score,
        high=result.counts.high,
        medium=result.counts.medium,
        blockers=sum(1 for i in result.items if i.blocking),
        waivers=tuple(
            WaiverNote(w.item, w.expires, w.days_left, w.state)
            for w in result.waivers
            if w.state != "active"
        ),
        review_date=result.review_date,
        age_days=age,
        stale=age is not None and age > stale_after,
        behind=tuple(
            VersionBehind(c.id, c.pinned_version, c.version)
            for c in result.checklists
            if c.pinned_version is not None and c.pinned_version != c.version
        ),
        failing=tuple(i.ref for i in result.items if i.status in ("unmet", "partial")),
    )


def heat_map(
    rows: Sequence[ServiceRow],
    tallies: dict[str, list[int]],
    items: dict[str, tuple[str, str, bool]],
) -> tuple[HeatItem, ...]:
    """Items failing or unanswered somewhere: the ones failing in most services first."""
    services: dict[str, list[str]] = {}
    for row in rows:
        for ref in row.failing:
            services.setdefault(ref, []).append(row.service)
    heat = []
    for ref, (applicable, unmet, partial, unanswered) in tallies.items():
        if unmet + partial + unanswered == 0:
            continue
        question, risk, mandatory = items[ref]
        heat.append(
            HeatItem(
                ref,
                question,
                risk,
                mandatory,
                applicable,
                unmet,
                partial,
                unanswered,
                tuple(sorted(services.get(ref, ()))),
            )
        )
    heat.sort(
        key=lambda h: (-h.failing, -h.share, _RISK_ORDER.get(h.risk, 3), -h.unanswered, h.ref)
    )
    return tuple(heat)
