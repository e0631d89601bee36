"""Many reviews -> one roll-up for audits: a row per service, worst first, and what they share.

The pure data of a portfolio and the functions that roll it up: the services (worst first),
the heat map (a score per service and checklist section), the systemic risks (the questions
failing in most services, ``Portfolio.heat``) and the per-team roll-up; what changed per
service since a revision is ``orr.portfolio.changes``. Finding the files and evaluating them
(in a process pool for large inputs) is ``orr.portfolio.run``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from orr.result import Result, WaiverState

if TYPE_CHECKING:
    from orr.portfolio.changes import History

STALE_AFTER_DAYS = 365  # ORRs are annual
RowVerdict = Literal["READY", "NOT READY", "INCOMPLETE", "INVALID"]
_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True, slots=True)
class WaiverNote:
    """A waiver of the review, with who approved it and why."""

    item: str
    expires: str
    days_left: int
    state: WaiverState
    approved_by: str = ""
    reason: str = ""


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
    baselines: tuple[str, ...] = ()  # paths of the baselines the review extends, in order
    tier: str = ""  # the review's context value `tier`, as text
    checklists: tuple[str, ...] = ()  # ids, in the review's order
    sections: tuple[tuple[str, float | None], ...] = ()  # checklist/section -> score

    @property
    def expiring(self) -> int:
        return sum(1 for w in self.waivers if w.state == "expiring")

    @property
    def expired(self) -> int:
        return sum(1 for w in self.waivers if w.state == "expired")


@dataclass(frozen=True, slots=True)
class SectionColumn:
    """A column of the heat map: one section of one checklist."""

    key: str  # checklist/section
    checklist: str  # the checklist's title
    title: str  # the section's title


@dataclass(frozen=True, slots=True)
class TeamRow:
    """The roll-up of one owner's services."""

    owner: str
    services: int
    ready: int
    not_ready: int
    incomplete: int
    invalid: int
    blockers: int
    stale: int

    @property
    def ready_share(self) -> float:
        return self.ready / self.services if self.services else 0.0


@dataclass(frozen=True, slots=True)
class HeatItem:
    """One question across every service it applies to: a systemic risk when it fails in many."""

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
    incomplete: int
    invalid: int
    stale: int
    undated: int
    blockers: int
    active_waivers: int
    expiring_waivers: int
    expired_waivers: int
    behind: int


@dataclass(frozen=True, slots=True)
class Portfolio:
    evaluated_on: str
    stale_after_days: int
    rows: tuple[ServiceRow, ...]
    heat: tuple[HeatItem, ...]  # the systemic risks
    skipped: tuple[SkippedFile, ...] = ()
    columns: tuple[SectionColumn, ...] = ()  # of the heat map, by checklist then section order
    history: History | None = None
    reports: dict[str, str] = field(default_factory=dict)  # service -> link to its report

    @property
    def errors(self) -> tuple[ServiceRow, ...]:
        return tuple(r for r in self.rows if r.verdict == "INVALID")

    def inheritors(self) -> dict[str, tuple[str, ...]]:
        """Each baseline (by path, sorted) and the services that extend it, in row order."""
        found: dict[str, list[str]] = {}
        for row in self.rows:
            for baseline in row.baselines:
                found.setdefault(baseline, []).append(row.service)
        return {path: tuple(found[path]) for path in sorted(found)}

    def teams(self) -> tuple[TeamRow, ...]:
        """Per owner, by owner; the owner of an invalid review is read from its file."""
        owners: dict[str, list[ServiceRow]] = {}
        for row in self.rows:
            owners.setdefault(row.owner, []).append(row)
        return tuple(
            TeamRow(
                owner=owner,
                services=len(rows),
                ready=sum(1 for r in rows if r.verdict == "READY"),
                not_ready=sum(1 for r in rows if r.verdict == "NOT READY"),
                incomplete=sum(1 for r in rows if r.verdict == "INCOMPLETE"),
                invalid=sum(1 for r in rows if r.verdict == "INVALID"),
                blockers=sum(r.blockers for r in rows),
                stale=sum(1 for r in rows if r.stale),
            )
            for owner, rows in sorted(owners.items())
        )

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
            incomplete=sum(1 for r in valid if r.verdict == "INCOMPLETE"),
            invalid=len(self.rows) - len(valid),
            stale=sum(1 for r in valid if r.stale),
            undated=sum(1 for r in valid if r.review_date is None),
            blockers=sum(r.blockers for r in valid),
            active_waivers=sum(len(r.waivers) - r.expiring - r.expired for r in valid),
            expiring_waivers=sum(r.expiring for r in valid),
            expired_waivers=sum(r.expired for r in valid),
            behind=sum(1 for r in valid if r.behind),
        )


def worst_first(rows: Sequence[ServiceRow]) -> list[ServiceRow]:
    """The most blockers first, then the lowest score; invalid reviews last; then by name."""
    return sorted(
        rows,
        key=lambda r: (
            r.verdict == "INVALID",
            -r.blockers,
            101.0 if r.score is None else r.score,
            r.service,
            r.path,
        ),
    )


def summarise(
    result: Result, path: str, today: dt.date, stale_after: int, tier: str = ""
) -> ServiceRow:
    """The compact row of one evaluated review."""
    age = result.age_days
    if age is None and result.review_date:
        age = (today - dt.date.fromisoformat(result.review_date)).days
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
            WaiverNote(w.item, w.expires, w.days_left, w.state, w.approved_by, w.reason)
            for w in result.waivers
        ),
        review_date=result.review_date,
        age_days=age,
        # the portfolio's own rule (--stale-after), which may be looser than the policy's
        stale=age is not None and age > stale_after,
        behind=tuple(
            VersionBehind(c.id, c.pinned_version, c.version)
            for c in result.checklists
            if c.pinned_version is not None and c.pinned_version != c.version
        ),
        failing=tuple(i.ref for i in result.items if i.status in ("unmet", "partial")),
        baselines=tuple(b.path for b in result.baselines),
        tier=tier,
        checklists=tuple(c.id for c in result.checklists),
        sections=tuple((f"{c.id}/{s.id}", s.score) for c in result.checklists for s in c.sections),
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
