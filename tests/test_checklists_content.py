"""The bundled checklists are content a senior SRE would run: checked item by item."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orr import expr
from orr.catalog import load_checklist
from orr.model import Checklist
from orr.model.types import SLUG_PATTERN
from tests.conftest import CHECKLISTS, ROOT

BUNDLED = sorted(CHECKLISTS.glob("*.yaml"))
REQUIRED_IDS = {
    "incident-review",
    "incident-response",
    "incremental-deploy",
    "runbooks-playbooks",
    "metrics-baselines",
    "zonal-shift",
}


def _load() -> list[Checklist]:
    return [load_checklist(path) for path in BUNDLED]


def documented_context_keys() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- context-keys:start -->")[1].split("<!-- context-keys:end -->")[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE))


def test_the_promised_checklists_are_bundled() -> None:
    assert {p.stem for p in BUNDLED} >= REQUIRED_IDS
    assert len(BUNDLED) >= 7


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_item_is_complete(path: Path) -> None:
    checklist = load_checklist(path)
    assert checklist.id == path.stem
    assert checklist.sources, "list the sources the questions come from"
    for section, item in checklist.iter_items():
        ref = f"{checklist.id}/{item.id}"
        assert re.match(SLUG_PATTERN, item.id), ref
        assert item.question.endswith("?"), ref
        assert item.why.strip(), f"{ref}: why is missing"
        assert item.guidance.strip(), f"{ref}: guidance is missing"
        assert item.remediation.strip(), f"{ref}: remediation is missing"
        assert section.title.strip()


def test_no_two_items_ask_the_same_question() -> None:
    seen: dict[str, str] = {}
    for checklist in _load():
        for _, item in checklist.iter_items():
            key = re.sub(r"[^a-z0-9 ]", "", item.question.lower())
            key = " ".join(key.split())
            assert key not in seen, f"{checklist.id}/{item.id} repeats {seen.get(key)}"
            seen[key] = f"{checklist.id}/{item.id}"


def test_ids_are_unique_across_each_checklist_and_slugs() -> None:
    ids = [c.id for c in _load()]
    assert len(ids) == len(set(ids))
    for checklist in _load():
        items = [item.id for _, item in checklist.iter_items()]
        assert len(items) == len(set(items))


def test_applies_when_uses_documented_context_keys_only() -> None:
    documented = documented_context_keys()
    assert documented, "the README's context-keys table is missing"
    used: set[str] = set()
    for checklist in _load():
        for _, item in checklist.iter_items():
            if item.applies_when:
                used |= {n.name for n in expr.names(expr.parse_applies_when(item.applies_when))}
    assert used <= documented, f"undocumented context keys: {sorted(used - documented)}"


def test_the_blocking_set_stays_small() -> None:
    mandatory = sum(1 for c in _load() for _, i in c.iter_items() if i.mandatory)
    assert 0 < mandatory <= 40
