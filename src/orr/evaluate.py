"""One pure function from checklists and a review to a Result: outcomes, risks, scores, verdict.

Rules (the README's "How orr scores" says the same in prose):

* An item is not applicable when answered ``n/a`` or when its ``applies_when`` is false for the
  review's context; it then leaves every score's denominator and every risk count but ``n/a``.
* Met is no risk; unmet carries the item's ``risk``; partial lowers it one level.
  ``evidence: required`` answered met without evidence counts as partial.
* Choice items follow the Well-Architected rules: the first rule whose condition holds gives the
  risk (``default`` always holds); no choice selected is unanswered; a question with no rule
  holding is no risk. The risk maps back to a status: none = met, medium = partial, high = unmet.
* Scores are the weighted share of applicable items met, partial counting half, from 0 to 100.
* A mandatory item unmet, partial or (by policy) unanswered blocks the gate unless an active
  waiver covers it. An expired waiver blocks any item it covers that is still not met.
* An answer met whose recorded check (``checked:``, from `orr check`) failed is contradicted: a
  warning, or a reason with ``contradicted_blocks``. A check whose files changed since is stale.
* The reasons and the verdict (complete, stale, READY / INCOMPLETE / NOT READY) are
  ``orr.verdict``'s rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from orr import __version__, expr, verdict
from orr.context import unknown_keys
from orr.model import Answer, Checklist, Item, Review, Section, Waiver
from orr.policy import Policy
from orr.result import (
    BaselineRef,
    ChecklistOutcome,
    ChoiceOutcome,
    Finding,
    GroupScore,
    ItemOutcome,
    Level,
    Link,
    OverlayRef,
    PolicyView,
    Result,
    RiskCounts,
    Status,
    WaiverOutcome,
)
from orr.words import plural

ChoiceRisk = Literal["high", "medium", "none"]
_LOWER: dict[str, Level] = {"high": "medium", "medium": "low", "low": "none"}
_CREDIT: dict[Status, float | None] = {
    "met": 1.0,
    "partial": 0.5,
    "unmet": 0.0,
    "unanswered": 0.0,
    "n/a": None,
}
_STATUS_OF_RISK: dict[ChoiceRisk, Status] = {"none": "met", "medium": "partial", "high": "unmet"}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the inputs came from: shown in the audit appendix and used to point at lines."""

    review_path: str = ""
    review_sha256: str = ""
    answer_lines: Mapping[str, int] = field(default_factory=dict)
    waiver_lines: Sequence[int] = ()
    checklist_paths: Mapping[str, str] = field(default_factory=dict)
    checklist_sha256: Mapping[str, str] = field(default_factory=dict)
    policy_source: str | None = None
    #: the baselines the review extends, and which of them each inherited answer came from
    baselines: Sequence[BaselineRef] = ()
    inherited: Mapping[str, BaselineRef] = field(default_factory=dict)
    #: index in the review's waivers -> path of the baseline an inherited waiver came from
    inherited_waivers: Mapping[int, str] = field(default_factory=dict)
    #: the overlays applied to the checklists, and what they changed in each item
    overlays: Sequence[OverlayRef] = ()
    overlay_notes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Per answer, the files its recorded checks looked at that changed since (orr.checks.stale).
    stale_checks: Mapping[str, Sequence[str]] = field(default_factory=dict)


@lru_cache(maxsize=8192)
def _condition(source: str) -> expr.Node:
    return expr.parse_condition(source)


@lru_cache(maxsize=4096)
def _applies_when(source: str) -> expr.Node:
    return expr.parse_applies_when(source)


def choice_risk(
    item: Item, selected: Iterable[str], not_applicable: Iterable[str] = ()
) -> ChoiceRisk:
    """The risk of a choice item: the first rule whose condition holds; none if no rule holds."""
    chosen, na = frozenset(selected), frozenset(not_applicable)
    for rule in item.risk_rules:
        if expr.evaluate_condition(_condition(rule.condition), chosen, na):
            return rule.risk
    return "none"


def waiver_state(waiver: Waiver, today: dt.date, window_days: int) -> tuple[str, int]:
    """('active' | 'expiring' | 'expired', days left). A waiver holds through its expiry day."""
    days_left = (waiver.expires - today).days
    if days_left < 0:
        return "expired", days_left
    if days_left <= window_days:
        return "expiring", days_left
    return "active", days_left


def evaluate(
    checklists: Sequence[Checklist],
    review: Review,
    policy: Policy,
    today: dt.date,
    provenance: Provenance | None = None,
) -> Result:
    prov = provenance or Provenance()
    warnings: list[Finding] = []
    waivers = _waivers(review, policy, today, prov, warnings)
    by_ref = {w.item: w for w in waivers}
    missing_keys: dict[str, int] = {}
    items: list[ItemOutcome] = []
    for checklist in checklists:
        for section, item in checklist.iter_items():
            ref = f"{checklist.id}/{item.id}"
            outcome = _item(
                checklist,
                section,
                item,
                review.answers.get(ref),
                by_ref.get(ref),
                review.context,
                policy,
                prov.answer_lines.get(ref, 0),
                missing_keys,
            )
            if ref in prov.inherited:
                outcome = replace(outcome, inherited=prov.inherited[ref])
            if ref in prov.overlay_notes:
                notes = tuple(prov.overlay_notes[ref])
                outcome = replace(outcome, explanations=(*outcome.explanations, *notes))
            items.append(outcome)
            if outcome.changed:
                warnings.append(
                    Finding(
                        "changed-item",
                        f"{ref} changed in the checklist since it was answered; check the answer "
                        "still holds and answer it again",
                        ref,
                        outcome.line,
                    )
                )
            if outcome.waiver and outcome.status in ("met", "n/a"):
                warnings.append(
                    Finding(
                        "moot-waiver",
                        f"{ref} is {outcome.status}; its waiver can be removed",
                        ref,
                        outcome.waiver.line,
                    )
                )
    for baseline in prov.baselines:
        old = _stale_baseline(
            baseline, today, policy, [i for i in items if i.inherited == baseline]
        )
        if old:
            warnings.append(old)
    for key, count in sorted(missing_keys.items()):
        warnings.append(
            Finding(
                "missing-context",
                f"context key {key!r} is not set, so "
                f"{plural(count, 'item that depends', 'items that depend')} on it stayed "
                "applicable; set it under `context:`",
            )
        )
    for _key, message in unknown_keys(review.context, checklists):
        warnings.append(Finding("unknown-context", message))
    pinned = dict(review.pins())
    for checklist in checklists:
        want = pinned.get(checklist.id)
        if want and want != checklist.version:
            warnings.append(
                Finding(
                    "version-behind",
                    f"the review pins {checklist.id}@{want} but the checklist is now "
                    f"{checklist.version}; review the changed items and update the pin",
                )
            )

    age = verdict.age_days(review.date, today)
    stale = verdict.is_stale(age, policy)
    blocking: list[Finding] = []
    if stale:
        assert review.date is not None and age is not None
        (blocking if policy.stale_blocks else warnings).append(
            verdict.stale_finding(review.date, age, policy)
        )
    contradicted = _check_findings(items, review, prov, warnings)
    (blocking if policy.contradicted_blocks else warnings).extend(contradicted)
    done = verdict.completeness(items)
    incomplete = verdict.incomplete_finding(done, policy)
    if incomplete:
        blocking.insert(0, incomplete)
    score = _score(items)
    counts = _counts(items)
    reasons = verdict.reasons(items, score, policy, warnings, blocking)
    by_checklist: dict[str, list[ItemOutcome]] = {}
    for outcome in items:
        by_checklist.setdefault(outcome.checklist, []).append(outcome)
    return Result(
        service=review.service,
        owner=review.owner,
        verdict=verdict.decide(reasons, items),
        score=score,
        counts=counts,
        evaluated_on=today.isoformat(),
        policy=PolicyView(
            policy.min_score,
            policy.max_high_risks,
            policy.unanswered_blocks,
            policy.waiver_warning_days,
            policy.fail_on_warnings,
            policy.min_answered,
            policy.max_age_days,
            policy.stale_blocks,
            prov.policy_source,
            policy.contradicted_blocks,
        ),
        reasons=tuple(reasons),
        warnings=tuple(warnings),
        checklists=tuple(
            _checklist_outcome(c, by_checklist.get(c.id, []), pinned.get(c.id), prov)
            for c in checklists
        ),
        pillars=_pillars(items),
        items=tuple(items),
        waivers=tuple(waivers),
        reviewers=tuple(review.reviewers),
        review_date=review.date.isoformat() if review.date else None,
        review_path=prov.review_path,
        review_sha256=prov.review_sha256,
        orr_version=__version__,
        baselines=tuple(prov.baselines),
        overlays=tuple(prov.overlays),
        stale=stale,
        age_days=age,
        answered=done.answered,
        applicable=done.applicable,
    )


def _check_findings(
    items: Sequence[ItemOutcome], review: Review, prov: Provenance, warnings: list[Finding]
) -> list[Finding]:
    """Answers met that a recorded check contradicts (returned); stale checks (to warnings)."""
    contradicted = []
    for item in items:
        answer = review.answers.get(item.ref)
        if answer is None or not answer.checked:
            continue
        changed = prov.stale_checks.get(item.ref, ())
        if changed:
            warnings.append(
                Finding(
                    "stale-check",
                    f"{item.ref}: its check is stale: {_some(changed)} changed since "
                    f"{max(r.checked_at for r in answer.checked)}; run `orr check` again",
                    item.ref,
                    item.line,
                )
            )
        failed = [r for r in answer.checked if r.outcome == "fail"]
        if item.status == "met" and answer.answered and failed:
            first = failed[0]
            found = first.failed[0] if first.failed else "it failed"
            more = sum(len(r.failed) for r in failed) - 1
            by = f" by {answer.answered_by}" if answer.answered_by else ""
            contradicted.append(
                Finding(
                    "contradicted",
                    f"{item.ref} is answered met{by}, but its check contradicts it: "
                    f"{first.check}: {found}" + (f" (and {more} more)" if more > 0 else ""),
                    item.ref,
                    item.line,
                )
            )
    return contradicted


def _waivers(
    review: Review, policy: Policy, today: dt.date, prov: Provenance, warnings: list[Finding]
) -> list[WaiverOutcome]:
    out = []
    for n, waiver in enumerate(review.waivers):
        state, days_left = waiver_state(waiver, today, policy.waiver_warning_days)
        line = prov.waiver_lines[n] if n < len(prov.waiver_lines) else 0
        outcome = WaiverOutcome(
            item=waiver.item,
            reason=waiver.reason,
            approved_by=waiver.approved_by,
            expires=waiver.expires.isoformat(),
            state=state,  # type: ignore[arg-type]
            days_left=days_left,
            approved_at=waiver.approved_at.isoformat() if waiver.approved_at else None,
            line=line,
            inherited_from=prov.inherited_waivers.get(n),
        )
        out.append(outcome)
        if state == "expiring":
            when = "today" if days_left == 0 else f"in {plural(days_left, 'day')}"
            warnings.append(
                Finding(
                    "expiring-waiver",
                    f"the waiver for {waiver.item} expires on {outcome.expires} ({when}); "
                    "renew it or fix the item",
                    waiver.item,
                    line,
                )
            )
    return out


def _stale_baseline(
    baseline: BaselineRef, today: dt.date, policy: Policy, inherited: list[ItemOutcome]
) -> Finding | None:
    """A warning when a baseline is undated or older than the policy's ``max_age_days``.

    The same rule as a review's own age (``verdict.is_stale``).
    """
    answers = plural(len(inherited), "inherited answer")
    if baseline.date is None:
        return Finding(
            "stale-baseline",
            f"baseline {baseline.path} has no `date:`, so nobody can tell whether its "
            f"{answers} still hold; ask its owner ({baseline.owner}) to date its review",
        )
    age = verdict.age_days(dt.date.fromisoformat(baseline.date), today)
    if not verdict.is_stale(age, policy):
        return None
    return Finding(
        "stale-baseline",
        f"baseline {baseline.path} was reviewed on {baseline.date}, {age} days ago (stale after "
        f"{policy.max_age_days}): its {answers} may no longer hold; ask its owner "
        f"({baseline.owner}) to review it again",
    )


def _applies(item: Item, context: Mapping[str, expr.Value], missing: dict[str, int]) -> bool:
    if not item.applies_when:
        return True
    try:
        return expr.evaluate_applies_when(_applies_when(item.applies_when), context)
    except expr.MissingContext as error:
        missing[error.key] = missing.get(error.key, 0) + 1
        return True
    except expr.ExprError:
        return True


def _item(
    checklist: Checklist,
    section: Section,
    item: Item,
    answer: Answer | None,
    waiver: WaiverOutcome | None,
    context: Mapping[str, expr.Value],
    policy: Policy,
    line: int,
    missing: dict[str, int],
) -> ItemOutcome:
    ref = f"{checklist.id}/{item.id}"
    explanations: list[str] = []
    choices: tuple[ChoiceOutcome, ...] = ()
    plan: tuple[Link, ...] = ()
    status: Status
    risk: Level
    if not _applies(item, context, missing):
        status, risk = "n/a", "n/a"
        explanations.append(f"does not apply: `{item.applies_when}` is false for this service")
    elif answer is None or not answer.answered:
        status, risk = "unanswered", "unanswered"
    elif answer.status == "n/a":
        status, risk = "n/a", "n/a"
    elif item.choices:
        selected, na = set(answer.choices or ()), set(answer.na_choices)
        choices = tuple(
            ChoiceOutcome(
                c.id,
                c.title,
                c.id in selected,
                c.id in na,
                c.improvement_plan.text if c.improvement_plan else "",
                c.improvement_plan.url if c.improvement_plan else None,
            )
            for c in item.choices
        )
        if not selected:
            status, risk = "unanswered", "unanswered"
            explanations.append("no choice selected")
        else:
            level = choice_risk(item, selected, na)
            status, risk = _STATUS_OF_RISK[level], level
            if level != "none":
                plan = tuple(
                    Link(c.improvement_plan.text, c.improvement_plan.url)
                    for c in item.choices
                    if c.id not in selected
                    and c.id not in na
                    and not c.none_of_these
                    and c.improvement_plan
                )
    else:
        assert answer.status is not None
        status = answer.status
        if status == "met" and item.evidence == "required" and not answer.evidence:
            status = "partial"
            explanations.append("evidence is required but none was given: counted as partial")
        risk = (
            "none" if status == "met" else _LOWER[item.risk] if status == "partial" else item.risk
        )

    not_done = status in ("unmet", "partial") or (
        status == "unanswered" and policy.unanswered_blocks
    )
    expired = waiver is not None and waiver.state == "expired"
    blocking = (item.mandatory and not_done and (waiver is None or expired)) or (
        expired and status not in ("met", "n/a")
    )
    if (
        waiver is not None
        and not expired
        and status not in ("met", "n/a")
        and item.mandatory
        and not_done
    ):
        explanations.append(f"accepted risk: waived by {waiver.approved_by} until {waiver.expires}")
    changed = bool(answer and answer.fingerprint and answer.fingerprint != item.fingerprint)
    answered_at = answer.answered_at.isoformat() if answer and answer.answered_at else None
    return ItemOutcome(
        ref=ref,
        checklist=checklist.id,
        section=section.id,
        item=item.id,
        question=item.question,
        declared_risk=item.risk,
        mandatory=item.mandatory,
        weight=item.effective_weight,
        status=status,
        risk=risk,
        credit=_CREDIT[status],
        blocking=blocking,
        pillar=section.pillar,
        why=item.why,
        guidance=item.guidance,
        remediation=item.remediation,
        evidence_rule=item.evidence,
        references=tuple(Link(r.title, r.url) for r in item.references),
        waiver=waiver,
        notes=answer.notes if answer else "",
        evidence=tuple(answer.evidence) if answer else (),
        answered_by=answer.answered_by if answer else None,
        answered_at=answered_at,
        na_reason=answer.reason if answer and answer.status == "n/a" else None,
        choices=choices,
        improvement_plan=plan,
        explanations=tuple(explanations),
        changed=changed,
        line=line,
    )


def _some(names: Sequence[str], shown: int = 3) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def _score(items: Iterable[ItemOutcome]) -> float | None:
    earned = possible = 0.0
    for item in items:
        if item.credit is not None:
            earned += item.weight * item.credit
            possible += item.weight
    if possible == 0:
        return None
    return round(100.0 * earned / possible, 2)


def _counts(items: Iterable[ItemOutcome]) -> RiskCounts:
    tally = dict.fromkeys(("high", "medium", "low", "none", "na", "unanswered"), 0)
    for item in items:
        tally["na" if item.risk == "n/a" else item.risk] += 1
    return RiskCounts(**tally)


def _group(gid: str, title: str, items: list[ItemOutcome]) -> GroupScore:
    return GroupScore(gid, title, _score(items), _counts(items), len(items))


def _checklist_outcome(
    checklist: Checklist, items: list[ItemOutcome], pinned: str | None, prov: Provenance
) -> ChecklistOutcome:
    by_section: dict[str, list[ItemOutcome]] = {s.id: [] for s in checklist.sections}
    for item in items:  # one pass, not one per section: evaluated for every review
        by_section.setdefault(item.section, []).append(item)
    sections = tuple(_group(s.id, s.title, by_section[s.id]) for s in checklist.sections)
    return ChecklistOutcome(
        id=checklist.id,
        title=checklist.title,
        version=checklist.version,
        score=_score(items),
        counts=_counts(items),
        sections=sections,
        path=prov.checklist_paths.get(checklist.id, ""),
        sha256=prov.checklist_sha256.get(checklist.id, ""),
        pinned_version=pinned,
    )


def _pillars(items: list[ItemOutcome]) -> tuple[GroupScore, ...]:
    order = list(dict.fromkeys(i.pillar for i in items if i.pillar))
    return tuple(_group(p, p, [i for i in items if i.pillar == p]) for p in order)
