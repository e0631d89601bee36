"""The outcome of evaluating a review: everything a renderer or the gate needs, nothing more.

Plain frozen dataclasses: cheap to build in bulk (portfolios), serialised to JSON by
``render.json`` and described by the shipped JSON Schema ``orr.result/v1``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RESULT_SCHEMA = "orr.result/v1"

Status = Literal["met", "partial", "unmet", "n/a", "unanswered"]
Level = Literal["high", "medium", "low", "none", "n/a", "unanswered"]
Verdict = Literal["READY", "NOT READY", "INCOMPLETE"]
WaiverState = Literal["active", "expiring", "expired"]
FindingKind = Literal[
    "blocker",  # a mandatory item not met, without an active waiver
    "expired-waiver",  # a waiver past its expiry on an item still not met
    "incomplete",  # fewer applicable items answered than the policy's min_answered
    "stale",  # the review is older than the policy's max_age_days
    "min-score",
    "max-high-risks",
    "strict",  # warnings, with the policy failing on warnings
    "expiring-waiver",
    "changed-item",  # the checklist item changed since it was answered
    "missing-context",  # applies_when names a context key the review lacks
    "unknown-context",  # the review sets a context key none of its checklists declares
    "version-behind",  # the review pins an older checklist version
    "moot-waiver",  # a waiver on an item that is met or n/a
    "evidence",  # required evidence missing
    "stale-baseline",  # an extended baseline is old or undated: its answers may not hold
    "contradicted",  # answered met, but a recorded check of the item failed
    "stale-check",  # a recorded check looked at files that have changed since
]
LEVELS: tuple[Level, ...] = ("high", "medium", "low", "none", "n/a", "unanswered")


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class BaselineRef:
    """A baseline a review extends: where its inherited answers and waivers came from."""

    path: str
    id: str
    owner: str
    date: str | None = None  # ISO date of the baseline's own review
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class OverlayRef:
    """An overlay applied to the review's checklists, and the loosenings it made here."""

    path: str
    id: str
    sha256: str
    loosened: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChoiceOutcome:
    id: str
    title: str
    selected: bool
    not_applicable: bool
    improvement: str = ""
    improvement_url: str | None = None


@dataclass(frozen=True, slots=True)
class WaiverOutcome:
    item: str
    reason: str
    approved_by: str
    expires: str  # ISO date: the last day the waiver holds
    state: WaiverState
    days_left: int  # negative once expired
    approved_at: str | None = None
    line: int = 0
    inherited_from: str | None = None  # the baseline's path, when the waiver came from one


@dataclass(frozen=True, slots=True)
class Finding:
    """A reason the review is not ready, or a warning."""

    kind: FindingKind
    message: str
    item: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class RiskCounts:
    high: int = 0
    medium: int = 0
    low: int = 0
    none: int = 0
    na: int = 0
    unanswered: int = 0

    def get(self, level: Level) -> int:
        return getattr(self, "na" if level == "n/a" else level)  # type: ignore[no-any-return]

    @property
    def total(self) -> int:
        return self.high + self.medium + self.low + self.none + self.na + self.unanswered


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    ref: str  # checklist-id/item-id
    checklist: str
    section: str
    item: str
    question: str
    declared_risk: Literal["high", "medium", "low"]
    mandatory: bool
    weight: float
    status: Status
    risk: Level
    credit: float | None  # 1 met, 0.5 partial, 0 otherwise; None when not applicable
    blocking: bool
    pillar: str | None = None
    why: str = ""
    guidance: str = ""
    remediation: str = ""
    evidence_rule: Literal["none", "optional", "required"] = "optional"
    references: tuple[Link, ...] = ()
    waiver: WaiverOutcome | None = None
    notes: str = ""
    evidence: tuple[str, ...] = ()
    answered_by: str | None = None
    answered_at: str | None = None
    na_reason: str | None = None
    choices: tuple[ChoiceOutcome, ...] = ()
    improvement_plan: tuple[Link, ...] = ()
    explanations: tuple[str, ...] = ()
    changed: bool = False
    line: int = 0
    inherited: BaselineRef | None = None  # the baseline the answer came from, if not the review


@dataclass(frozen=True, slots=True)
class GroupScore:
    """Score and risk counts of a group of items: a section, a checklist, a pillar."""

    id: str
    title: str
    score: float | None  # 0-100; None when nothing in the group applies
    counts: RiskCounts
    items: int


@dataclass(frozen=True, slots=True)
class ChecklistOutcome:
    id: str
    title: str
    version: str
    score: float | None
    counts: RiskCounts
    sections: tuple[GroupScore, ...]
    path: str = ""
    sha256: str = ""
    pinned_version: str | None = None


@dataclass(frozen=True, slots=True)
class PolicyView:
    min_score: float | None
    max_high_risks: int | None
    unanswered_blocks: bool
    waiver_warning_days: int
    fail_on_warnings: bool
    min_answered: float = 100
    max_age_days: int = 365
    stale_blocks: bool = False
    source: str | None = None
    contradicted_blocks: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    service: str
    owner: str
    verdict: Verdict
    score: float | None
    counts: RiskCounts
    evaluated_on: str  # ISO date used for waivers and staleness
    policy: PolicyView
    reasons: tuple[Finding, ...]  # why NOT READY or INCOMPLETE; empty when READY
    warnings: tuple[Finding, ...]
    checklists: tuple[ChecklistOutcome, ...]
    pillars: tuple[GroupScore, ...]
    items: tuple[ItemOutcome, ...]
    waivers: tuple[WaiverOutcome, ...]
    reviewers: tuple[str, ...] = ()
    review_date: str | None = None
    review_path: str = ""
    review_sha256: str = ""
    orr_version: str = ""
    baselines: tuple[BaselineRef, ...] = ()  # every baseline the review extends, in order
    overlays: tuple[OverlayRef, ...] = ()  # the settings' checklist overlays, in order
    stale: bool = False  # older than the policy's max_age_days on the evaluation day
    age_days: int | None = None  # days from the review's date to the evaluation day
    schema: str = field(default=RESULT_SCHEMA)
    answered: int = 0  # applicable items answered
    applicable: int = 0

    @property
    def ready(self) -> bool:
        return self.verdict == "READY"

    @property
    def blockers(self) -> tuple[ItemOutcome, ...]:
        return tuple(item for item in self.items if item.blocking)
