"""The bundled checklists keep the shape the v2 content review asked for (issue 16).

A small blocking set for any one service, few high risks, every question sourced (a note only
for what it says, a public primary source with a URL for everything), no merged duplicate coming
back, and nothing copied verbatim between items.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

import pytest

from orr import expr
from orr.catalog import load_checklist
from orr.model import Checklist, Item
from tests.conftest import CHECKLISTS

BUNDLED = {path.stem: load_checklist(path) for path in sorted(CHECKLISTS.glob("*.yaml"))}

#: The conference notes in ../shared/seeds the checklists cite, with the talk's URL where the
#: notes give one. A reference or source without a URL must be one of these.
NOTES: dict[str, str | None] = {
    "The Amazon Builders' Library: 25 years of Amazon operational excellence (DOP301), "
    "re:Invent 2022 notes": "https://youtu.be/DSRhgBd_gtw",
    "Build production-ready prototypes rapidly using serverless patterns (ARC311-R), "
    "re:Invent 2022 notes": "https://youtu.be/Q2OY55gaOjw",
    "DTX conference notes: platform engineering, CloudWatch, serverless mindset, architecture "
    "resiliency, GitOps": None,
    "AWS Deep Dive: Well-Architected Framework, Operational Excellence questions and best "
    "practices (notes)": None,
    "Beyond five 9s: Lessons from our highest available data planes, re:Invent 2022 notes": (
        "https://youtu.be/es9527rA_8I"
    ),
    "Operating highly available Multi-AZ applications, re:Invent 2022 notes": (
        "https://youtu.be/mwUV5skJJ0s"
    ),
    "Reliable scalability: How Amazon.com scales in the cloud, re:Invent 2022 notes": (
        "https://youtu.be/QeW9wCB36ck"
    ),
    "How to understand and improve resiliency for serverless systems, re:Invent 2022 notes": (
        "https://youtu.be/ivz_IO8rLjo"
    ),
    "Architecting secure serverless applications, re:Invent 2022 notes": (
        "https://youtu.be/A8iHQjHv8nY"
    ),
    "Designing event-driven integrations using Amazon EventBridge, re:Invent 2022 notes": (
        "https://youtu.be/eUjbLFPsATE"
    ),
    "Building next-gen applications with event-driven architectures, re:Invent 2022 notes": (
        "https://youtu.be/SbL3a9YOW7s"
    ),
    "Best practices for advanced serverless developers, re:Invent 2022 notes": (
        "https://youtu.be/PiQ_eZFO2GU"
    ),
    "Zero-privilege operations: Running services without access to data, re:Invent 2022 "
    "notes": "https://youtu.be/kNbNWxVQP4w",
    "SaaS microservices deep dive: Simplifying multi-tenant development, re:Invent 2022 "
    "notes": "https://youtu.be/NpThwz0z_D0",
    "Werner Vogels keynote 'The World is Asynchronous', re:Invent 2022 notes": (
        "https://www.youtube.com/watch?v=RfvL_423a-I"
    ),
}

#: Near-duplicate pairs the expert review found; each became one item. Both refs must never
#: exist together again (and one of them stays, so the practice is still asked).
MERGED_PAIRS = [
    ("runbooks-playbooks/game-days", "resilience/chaos-experiments"),
    ("incident-review/lesson-to-tool", "runbooks-playbooks/playbook-to-runbook"),
    ("incident-response/mitigation-tools", "runbooks-playbooks/runbook-automation"),
    ("incident-response/break-glass-audited", "serverless-security/audit-logging"),
    ("incident-response/one-step-rollback", "incremental-deploy/auto-rollback"),
    ("metrics-baselines/synthetic-canaries", "zonal-shift/per-az-canaries"),
    ("metrics-baselines/per-az-dimension", "zonal-shift/zone-outlier-alarm"),
    ("incident-response/safe-procedure", "runbooks-playbooks/oncall-practice"),
    ("metrics-baselines/expected-patterns", "metrics-baselines/drop-alarm"),
    ("incident-review/timeline", "incident-review/time-to-detect"),
]

#: The context values the bundled applies_when expressions distinguish (README context table).
TIERS = (1, 2, 3)
COMPUTE = ("ec2", "ecs", "eks", "lambda", "other")
MAX_BLOCKING = 12
TIER_ONE_BLOCKERS = [
    "event-driven/idempotent-consumers",
    "incident-response/paging-24x7",
    "incident-response/auto-escalation",
    "incremental-deploy/one-box",
    "incremental-deploy/region-by-region",
    "incremental-deploy/auto-rollback",
    "metrics-baselines/outcome-alarms",
    "resilience/restore-tested",
    "runbooks-playbooks/runbook-per-alarm",
    "serverless-security/secrets-outside-code",
    "zonal-shift/capacity-for-az-loss",
    "zonal-shift/shift-practised",
]


def _items() -> Iterator[tuple[str, Item]]:
    for checklist in BUNDLED.values():
        for _, item in checklist.iter_items():
            yield f"{checklist.id}/{item.id}", item


def _flat(text: str) -> str:
    return " ".join(text.split())


def _applies(item: Item, context: dict[str, expr.Value]) -> bool:
    if not item.applies_when:
        return True
    return expr.evaluate_applies_when(expr.parse_applies_when(item.applies_when), context)


def _blocking(context: dict[str, expr.Value]) -> list[str]:
    return [ref for ref, item in _items() if item.mandatory and _applies(item, context)]


def _contexts(tier: int, compute: str, multi_az: bool) -> Iterator[dict[str, expr.Value]]:
    """Every combination of the remaining keys, so the worst case for the row is seen."""
    for lb, ev, cf, st, regions in itertools.product(
        (True, False), (True, False), (True, False), (True, False), (1, 2)
    ):
        yield {
            "tier": tier,
            "compute": compute,
            "multi_az": multi_az,
            "load_balanced": lb,
            "event_driven": ev,
            "customer_facing": cf,
            "stateful": st,
            "regions": regions,
        }


def test_no_service_meets_more_than_twelve_blocking_items() -> None:
    rows = []
    worst: dict[tuple[int, str, bool], list[str]] = {}
    for tier, compute, multi_az in itertools.product(TIERS, COMPUTE, (True, False)):
        most = max((_blocking(c) for c in _contexts(tier, compute, multi_az)), key=len)
        worst[(tier, compute, multi_az)] = most
        rows.append(f"tier {tier}  {compute:<6}  multi_az={multi_az!s:<5}  {len(most):>2} blocking")
    table = "\n".join(rows)
    print(f"\nmost blocking items per representative context:\n{table}")
    assert max(len(refs) for refs in worst.values()) <= MAX_BLOCKING, table
    # The worst case is the tier-1, multi-AZ, load-balanced, multi-region service that owns
    # data and consumes events: exactly these twelve controls block it.
    assert sorted(worst[(1, "ecs", True)]) == sorted(TIER_ONE_BLOCKERS)


def test_tier_three_services_meet_only_the_universal_blockers() -> None:
    everything: dict[str, expr.Value] = {
        "tier": 1,
        "compute": "ecs",
        "multi_az": True,
        "load_balanced": True,
        "event_driven": True,
        "customer_facing": True,
        "stateful": True,
        "regions": 2,
    }
    assert sorted(_blocking(everything)) == sorted(TIER_ONE_BLOCKERS)
    critical_only = {
        "incident-response/paging-24x7",
        "incident-response/auto-escalation",
        "zonal-shift/capacity-for-az-loss",
        "zonal-shift/shift-practised",
    }
    tier_three = _blocking({**everything, "tier": 3})
    assert sorted(tier_three) == sorted(set(TIER_ONE_BLOCKERS) - critical_only)


@pytest.mark.parametrize("ref", ["zonal-shift/capacity-for-az-loss", "zonal-shift/shift-practised"])
def test_blockers_that_only_matter_for_critical_services_have_a_tier_condition(ref: str) -> None:
    checklist, item_id = ref.split("/")
    item = BUNDLED[checklist].items_by_id[item_id]
    assert item.mandatory
    assert item.applies_when
    assert "tier" in {n.name for n in expr.names(expr.parse_applies_when(item.applies_when))}


def test_at_most_thirty_percent_of_items_are_high_risk() -> None:
    risks = Counter(item.risk for _, item in _items())
    total = sum(risks.values())
    assert risks["high"] / total <= 0.30, f"{risks['high']} of {total} items are high risk"


@pytest.mark.parametrize("checklist", BUNDLED.values(), ids=lambda c: c.id)
def test_each_checklist_stays_small(checklist: Checklist) -> None:
    assert len(checklist.iter_items()) <= 20


@pytest.mark.parametrize("pair", MERGED_PAIRS, ids=lambda p: f"{p[0]}+{p[1]}")
def test_merged_pairs_stay_merged(pair: tuple[str, str]) -> None:
    refs = dict(_items())
    present = [ref for ref in pair if ref in refs]
    assert len(present) == 1, f"{pair}: expected exactly one item, found {present}"


def test_recovery_objectives_are_not_asked_a_second_time() -> None:
    refs = dict(_items())
    assert "resilience/rto-rpo-tested" not in refs
    assert {"resilience/rto-rpo-set", "resilience/restore-tested"} <= refs.keys()


@pytest.mark.parametrize("ref", [ref for ref, _ in _items()])
def test_every_item_cites_a_public_source_with_a_url(ref: str) -> None:
    item = dict(_items())[ref]
    assert item.references, f"{ref}: add a reference"
    for link in item.references:
        if link.url is None:
            assert link.title in NOTES, f"{ref}: {link.title!r} is neither a note nor has a URL"
        else:
            assert link.url.startswith("https://"), f"{ref}: {link.url}"
        if link.title in NOTES:
            assert link.url == NOTES[link.title], f"{ref}: {link.title!r} has the wrong URL"
    primary = [link for link in item.references if link.title not in NOTES and link.url]
    assert primary, f"{ref}: cite a primary public source (article, AWS docs, SRE book)"


@pytest.mark.parametrize("checklist", BUNDLED.values(), ids=lambda c: c.id)
def test_every_source_is_a_note_title_or_a_url(checklist: Checklist) -> None:
    assert checklist.sources
    for link in checklist.sources:
        assert link.title in NOTES or (link.url or "").startswith("https://"), link.title
        if link.title in NOTES:
            assert link.url == NOTES[link.title], link.title


def test_every_item_has_its_own_why_guidance_and_remediation() -> None:
    seen: dict[str, str] = {}
    for ref, item in _items():
        for field in ("why", "guidance", "remediation"):
            text = _flat(getattr(item, field))
            assert text, f"{ref}: {field} is empty"
            assert text not in seen, f"{ref}: {field} repeats {seen[text]} word for word"
            seen[text] = f"{ref} {field}"


@pytest.mark.parametrize("ref", [ref for ref, _ in _items()])
def test_questions_fit_the_lens_title_limit(ref: str) -> None:
    assert len(dict(_items())[ref].question) <= 128


def test_the_two_factual_errors_stay_fixed() -> None:
    events = BUNDLED["event-driven"]
    window = events.items_by_id["idempotency-window"]
    assert "3,600 seconds" in _flat(events.description)
    assert "3,600 seconds" in _flat(window.why)
    assert "five minutes" not in window.question
    zonal = BUNDLED["zonal-shift"]
    assert "cross-zone-off" not in zonal.items_by_id
    assert "cross-zone load balancing on or off" in _flat(zonal.description)
    enabled = zonal.items_by_id["zonal-shift-enabled"]
    assert "cross-zone load balancing on or off" in _flat(enabled.why)


def test_cell_based_architecture_is_an_optional_tier_one_checklist() -> None:
    cells = BUNDLED["cell-based"]
    items = [item for _, item in cells.iter_items()]
    assert "shuffle-sharding" in cells.items_by_id
    assert all(item.applies_when == "tier == 1" and not item.mandatory for item in items)
