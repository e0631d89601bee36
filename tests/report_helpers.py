"""Results for the report tests and the HTML benchmark: the demo review, hostile text, size."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from orr.assess import assess
from orr.commands.options import make_catalog
from orr.result import ChecklistOutcome, GroupScore, Link, Result
from tests.conftest import DATA, EXAMPLE_TODAY, EXAMPLES

REPORTS_DATA = DATA / "reports"
DEMO_REVIEW = REPORTS_DATA / "review.yaml"
DEMO_CHECKLISTS = REPORTS_DATA / "checklists"
PAYLOADS = DATA / "xss" / "payloads.txt"


def demo_result(review: Path = DEMO_REVIEW) -> Result:
    """The demo review: blockers, every waiver state, n/a, unanswered, reworded, choices."""
    return assess(review, make_catalog([DEMO_CHECKLISTS]), EXAMPLE_TODAY)


def example_result(name: str) -> Result:
    return assess(EXAMPLES / f"{name}.yaml", make_catalog(), EXAMPLE_TODAY)


def payloads() -> list[str]:
    """The XSS corpus: one payload a line, ``\\n`` for a line break, ``// `` comments."""
    lines = PAYLOADS.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("// ")]


def hostile_result(base: Result, corpus: list[str]) -> Result:
    """``base`` with every piece of text a user or checklist author writes made hostile."""
    cycle = itertools.cycle(corpus)
    every = "\n\n".join(corpus)

    def one() -> str:
        return next(cycle)

    items = tuple(
        replace(
            item,
            question=one(),
            why=one(),
            guidance=every,
            remediation=one(),
            notes=one() if n % 2 else every,
            evidence=tuple(corpus),
            answered_by=one(),
            na_reason=one() if item.na_reason else None,
            references=tuple(Link(p, p) for p in corpus[:8]),
            choices=tuple(replace(c, title=one(), improvement=one()) for c in item.choices),
            improvement_plan=tuple(Link(one(), one()) for _ in range(2)),
            explanations=(one(),),
            waiver=replace(item.waiver, reason=one(), approved_by=one()) if item.waiver else None,
        )
        for n, item in enumerate(base.items)
    )
    return replace(
        base,
        service=one(),
        owner=one(),
        reviewers=(one(), one()),
        review_path=one(),
        reasons=tuple(replace(r, message=one()) for r in base.reasons),
        warnings=tuple(replace(w, message=one()) for w in base.warnings),
        checklists=tuple(
            replace(
                c,
                title=one(),
                path=one(),
                sections=tuple(replace(s, title=one()) for s in c.sections),
            )
            for c in base.checklists
        ),
        pillars=tuple(replace(p, title=one()) for p in base.pillars),
        items=items,
        waivers=tuple(replace(w, reason=one(), approved_by=one()) for w in base.waivers),
    )


def large_result(size: int = 1000) -> Result:
    """A review of ``size`` items with real checklist texts: the examples' items, cloned into
    checklists of 5 sections of 10 items, keeping their statuses, notes and evidence."""
    sources = [*example_result("checkout-api").items, *example_result("ledger-worker").items]
    per_section, per_checklist = 10, 50
    items = []
    for n in range(size):
        source = sources[n % len(sources)]
        checklist, section = f"checklist-{n // per_checklist:02d}", f"section-{n % 50 // 10}"
        item = f"{source.item}-{n}"
        waiver = replace(source.waiver, item=f"{checklist}/{item}") if source.waiver else None
        items.append(
            replace(
                source,
                ref=f"{checklist}/{item}",
                checklist=checklist,
                section=section,
                item=item,
                waiver=waiver,
            )
        )
    base = example_result("ledger-worker")
    checklists = []
    for c in range(0, size, per_checklist):
        cid = f"checklist-{c // per_checklist:02d}"
        mine = [i for i in items if i.checklist == cid]
        sections = tuple(
            GroupScore(
                f"section-{s}",
                f"Section {s} of {cid}",
                base.score,
                base.counts,
                len([i for i in mine if i.section == f"section-{s}"]),
            )
            for s in range(per_checklist // per_section)
        )
        checklists.append(
            ChecklistOutcome(
                cid,
                f"Checklist {cid}",
                "1.0.0",
                base.score,
                base.counts,
                sections,
                f"checklists/{cid}.yaml",
                "0" * 64,
            )
        )
    return replace(
        base,
        items=tuple(items),
        checklists=tuple(checklists),
        reasons=tuple(
            replace(base.reasons[0], message=f"{i.ref} is mandatory and {i.status}", item=i.ref)
            for i in items
            if i.blocking
        ),
        waivers=tuple(i.waiver for i in items if i.waiver),
    )
