"""The verdict rules: why a review fails the gate, and the one word that sums it up.

``evaluate()`` calls these once; every renderer and the gate only show what they decided.

* **Blocking**: a blocker or an expired waiver (see ``evaluate``), the policy's ``min_score`` and
  ``max_high_risks``, a stale review when the policy says staleness blocks, and warnings when
  the policy fails on warnings (``--strict``).
* **Complete**: a review is complete when at least ``min_answered`` percent of its applicable
  items are answered (default 100: every one).
* **Stale**: a review dated more than ``max_age_days`` before the evaluation day (default 365:
  ORRs are annual). A warning, or a reason when ``stale_blocks`` is set.
* **Verdict**: READY when nothing blocks. INCOMPLETE when the review is not complete and
  nothing an answer says blocks it (no blocker on an answered item, no expired waiver, no high
  risk over the maximum, no answer its check contradicts): it cannot be judged yet. NOT READY
  otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from orr.model import Policy
from orr.result import Finding, ItemOutcome, Verdict
from orr.words import plural

#: Reasons that come from what the answers say, not from what is missing.
_ANSWERED_KINDS = frozenset({"expired-waiver", "max-high-risks", "contradicted"})


@dataclass(frozen=True, slots=True)
class Completeness:
    answered: int  # applicable items answered
    applicable: int

    @property
    def percent(self) -> float:
        return 100.0 if self.applicable == 0 else 100.0 * self.answered / self.applicable


def completeness(items: Sequence[ItemOutcome]) -> Completeness:
    applicable = [i for i in items if i.status != "n/a"]
    answered = sum(1 for i in applicable if i.status != "unanswered")
    return Completeness(answered, len(applicable))


def age_days(review_date: dt.date | None, today: dt.date) -> int | None:
    """Days from the review's date to the evaluation day; None for an undated review."""
    return None if review_date is None else (today - review_date).days


def is_stale(age: int | None, policy: Policy) -> bool:
    return age is not None and age > policy.max_age_days


def stale_finding(review_date: dt.date, age: int, policy: Policy) -> Finding:
    return Finding(
        "stale",
        f"the review is dated {review_date.isoformat()}, {plural(age, 'day')} ago, older than "
        f"the policy's {plural(policy.max_age_days, 'day')}: review it again and update `date:`",
    )


def incomplete_finding(done: Completeness, policy: Policy) -> Finding | None:
    """The reason an incomplete review fails, or None when enough of it is answered."""
    if done.percent >= policy.min_answered:
        return None
    allowed = "" if policy.min_answered >= 100 else f" (the policy needs {policy.min_answered:g}%)"
    return Finding(
        "incomplete",
        f"the review is incomplete: {done.answered} of {done.applicable} applicable items "
        f"answered{allowed}; answer the rest, or lower `min_answered` in the policy",
    )


def reasons(
    items: Sequence[ItemOutcome],
    score: float | None,
    policy: Policy,
    warnings: Sequence[Finding],
    extra: Sequence[Finding] = (),
) -> list[Finding]:
    """Every reason the review fails the gate, in the order a reader acts on them."""
    out = []
    for item in items:
        if not item.blocking:
            continue
        if item.waiver and item.waiver.state == "expired":
            days = -item.waiver.days_left
            out.append(
                Finding(
                    "expired-waiver",
                    f"{item.ref} is {item.status} and its waiver expired on {item.waiver.expires} "
                    f"({plural(days, 'day')} ago): {item.question}",
                    item.ref,
                    item.line or item.waiver.line,
                )
            )
        else:
            out.append(
                Finding(
                    "blocker",
                    f"{item.ref} is mandatory and {item.status}: {item.question}",
                    item.ref,
                    item.line,
                )
            )
    out.extend(extra)
    # `not >=`: a score that is not a number (NaN) is below every minimum, never above it
    if policy.min_score is not None and score is not None and not score >= policy.min_score:
        out.append(
            Finding(
                "min-score", f"the score {score:g} is below the policy minimum {policy.min_score:g}"
            )
        )
    if policy.max_high_risks is not None:
        high = sum(
            1 for i in items if i.risk == "high" and not (i.waiver and i.waiver.state != "expired")
        )
        if high > policy.max_high_risks:
            out.append(
                Finding(
                    "max-high-risks",
                    f"{plural(high, 'high risk')} without a waiver, over the policy maximum "
                    f"{policy.max_high_risks}",
                )
            )
    if policy.fail_on_warnings and warnings:
        out.append(
            Finding(
                "strict",
                f"{plural(len(warnings), 'warning')}, and the policy fails on warnings",
            )
        )
    return out


def decide(found: Sequence[Finding], items: Sequence[ItemOutcome]) -> Verdict:
    """READY, INCOMPLETE or NOT READY from the reasons (see the module's rules)."""
    if not found:
        return "READY"
    if not any(f.kind == "incomplete" for f in found):
        return "NOT READY"
    status = {i.ref: i.status for i in items}
    answered_blocker = any(
        f.kind in _ANSWERED_KINDS
        or (f.kind == "blocker" and status.get(f.item or "") != "unanswered")
        for f in found
    )
    return "NOT READY" if answered_blocker else "INCOMPLETE"
