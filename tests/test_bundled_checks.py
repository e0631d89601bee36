"""The checks shipped on the bundled checklists: each passes on one template, fails on another.

The templates live under tests/data/iac/CHECKLIST/ITEM/{pass,fail}/; every bundled item with
checks must have both, and every such folder must belong to an item with checks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orr.catalog import Catalog
from orr.checks.probes import run
from orr.checks.run import ItemCheck
from orr.checks.scanners import ScanResults
from orr.checks.workspace import Workspace
from orr.model import Item
from tests.conftest import DATA

IAC = DATA / "iac"


def bundled_items_with_checks() -> dict[str, Item]:
    catalog = Catalog.with_bundled()
    return {
        f"{checklist_id}/{item.id}": item
        for checklist_id in catalog.ids()
        for _, item in catalog.load(checklist_id).iter_items()
        if item.checks
    }


ITEMS = bundled_items_with_checks()


def outcome(item: Item, folder: Path) -> ItemCheck:
    workspace = Workspace(folder)
    results = tuple(run(probe, workspace, ScanResults()) for probe in item.checks)
    return ItemCheck("", item.question, None, results)


def test_at_least_fifteen_bundled_items_carry_checks() -> None:
    assert len(ITEMS) >= 15, sorted(ITEMS)


def test_every_fixture_folder_belongs_to_a_bundled_check() -> None:
    folders = {f"{p.parent.name}/{p.name}" for p in IAC.glob("*/*") if p.is_dir()}
    assert folders == set(ITEMS)


@pytest.mark.parametrize("ref", sorted(ITEMS))
def test_the_check_passes_on_its_passing_template(ref: str) -> None:
    checked = outcome(ITEMS[ref], IAC / ref / "pass")
    assert [r.failed for r in checked.results if r.outcome == "fail"] == []
    assert checked.outcome == "pass"


@pytest.mark.parametrize("ref", sorted(ITEMS))
def test_the_check_fails_on_its_failing_template(ref: str) -> None:
    checked = outcome(ITEMS[ref], IAC / ref / "fail")
    assert checked.outcome == "fail", [(r.check, r.outcome, r.note) for r in checked.results]
    assert all(
        f.startswith(("template.yaml", "runbooks/")) for r in checked.results for f in r.failed
    )


OTHER_YAML = {
    ".github/workflows/ci.yaml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    "k8s/web.yaml": "kind: Service\nmetadata: {name: web}\n---\nkind: Deployment\nspec: {}\n",
    "ops/review.yaml": "service: orders\nowner: team\nchecklists: [resilience]\n",
}


@pytest.mark.parametrize("ref", sorted(ITEMS))
def test_other_yaml_in_the_repository_changes_nothing(ref: str, tmp_path: Path) -> None:
    shutil.copytree(IAC / ref / "pass", tmp_path, dirs_exist_ok=True)
    for name, text in OTHER_YAML.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    checked = outcome(ITEMS[ref], tmp_path)
    assert [(r.check, r.outcome, r.failed) for r in checked.results if r.outcome == "fail"] == []
    assert checked.outcome == "pass"
