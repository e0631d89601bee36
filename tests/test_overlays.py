"""Checklist overlays named in the settings file: tighten, add, drop with and without
`allow_loosen`, `when:` by tier, the audit appendix, and an overlay naming a removed item.

tests/data/overlays/.orr.toml names org/tighten.yaml then org/loosen.yaml; tier1.yaml and
tier2.yaml are the same review but for `tier`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from orr.assess import assess
from orr.commands.options import make_catalog
from orr.render import html, markdown
from orr.result import ItemOutcome, Result
from tests.conftest import DATA, CliRunner

OVERLAYS = DATA / "overlays"
CHECKLISTS = DATA / "baselines" / "checklists"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parents[1])


def _assess(path: Path) -> Result:
    return assess(path, make_catalog([CHECKLISTS]), TODAY)


def _item(result: Result, ref: str) -> ItemOutcome:
    return next(i for i in result.items if i.ref == ref)


def test_a_change_with_when_holds_only_for_the_tier_it_names() -> None:
    tier1, tier2 = _assess(OVERLAYS / "tier1.yaml"), _assess(OVERLAYS / "tier2.yaml")
    assert _item(tier1, "deploy/bake-time").mandatory
    assert _item(tier1, "deploy/bake-time").blocking
    assert "made mandatory by overlay acme-tighten" in _item(tier1, "deploy/bake-time").explanations
    assert not _item(tier2, "deploy/bake-time").mandatory
    assert _item(tier2, "deploy/bake-time").explanations == ()


def test_tightening_raises_risk_and_requires_evidence_and_adds_guidance() -> None:
    runbooks = _item(_assess(OVERLAYS / "tier2.yaml"), "deploy/runbooks")
    assert (runbooks.declared_risk, runbooks.evidence_rule, runbooks.status) == (
        "high",
        "required",
        "partial",  # met without the evidence the overlay now requires
    )
    assert runbooks.guidance.endswith("Link the runbook from the alarm's description.")
    assert runbooks.explanations[1:] == (
        "risk low → high by overlay acme-tighten",
        "evidence optional → required by overlay acme-tighten",
        "guidance added by overlay acme-tighten",
    )


def test_an_added_item_is_asked_scored_and_answerable() -> None:
    result = _assess(OVERLAYS / "tier2.yaml")
    added = _item(result, "deploy/change-freeze")
    assert (added.section, added.mandatory, added.status) == ("pipeline", True, "met")
    assert added.explanations == ("added by overlay acme-tighten",)
    assert [i.ref for i in result.items if i.section == "pipeline"][-1] == "deploy/change-freeze"


def test_a_drop_with_allow_loosen_removes_the_item_and_its_answer_is_ignored() -> None:
    result = _assess(OVERLAYS / "tier1.yaml")
    assert "deploy/cross-zone-off" not in {i.ref for i in result.items}
    assert _item(result, "deploy/one-box").declared_risk == "medium"


def test_the_audit_appendix_lists_each_overlay_with_its_sha256_and_loosenings() -> None:
    result = _assess(OVERLAYS / "tier1.yaml")
    assert [(o.id, o.path, o.loosened) for o in result.overlays] == [
        ("acme-tighten", "tests/data/overlays/org/tighten.yaml", ()),
        (
            "acme-single-zone",
            "tests/data/overlays/org/loosen.yaml",
            (
                "lowering the risk of deploy/one-box from high to medium",
                "dropping deploy/cross-zone-off: Acme's services run in a single zone.",
            ),
        ),
    ]
    digest = hashlib.sha256((OVERLAYS / "org" / "loosen.yaml").read_bytes()).hexdigest()
    assert result.overlays[1].sha256 == digest
    assert (
        f"| `acme-single-zone` | tests/data/overlays/org/loosen.yaml | {digest} | lowering the "
        "risk of deploy/one-box from high to medium; dropping deploy/cross-zone-off: Acme's "
        "services run in a single zone. |"
    ) in markdown.render(result)
    page = html.render(result)
    assert "<caption>Checklist overlays, in the order applied</caption>" in page
    assert f'<td class="hash">{digest}</td>' in page


def test_without_settings_naming_overlays_the_checklists_are_as_written(tmp_path: Path) -> None:
    shutil.copy(OVERLAYS / "tier2.yaml", tmp_path / "tier2.yaml")
    (tmp_path / "tier2.yaml").write_text(
        (tmp_path / "tier2.yaml")
        .read_text("utf-8")
        .replace("  deploy/change-freeze: {status: met}\n", ""),
        "utf-8",
    )
    result = _assess(tmp_path / "tier2.yaml")
    assert result.overlays == ()
    assert _item(result, "deploy/one-box").declared_risk == "high"
    assert "deploy/cross-zone-off" in {i.ref for i in result.items}


def _with_overlays(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copy(OVERLAYS / "invalid" / name, tmp_path / name)
    (tmp_path / ".orr.toml").write_text(f"overlays = {list(names)!r}\n", "utf-8")
    review = tmp_path / "tier1.yaml"
    shutil.copy(OVERLAYS / "tier1.yaml", review)
    return review


def test_loosening_without_allow_loosen_is_refused_where_it_is_written(
    cli: CliRunner, tmp_path: Path
) -> None:
    review = _with_overlays(tmp_path, "loosen-denied.yaml")
    run = cli("gate", review, "--checklists", CHECKLISTS)
    where = (tmp_path / "loosen-denied.yaml").resolve()
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == [
        f"{where}:4:11: changes[0].risk: lowering the risk of deploy/one-box from high to low, "
        "which loosens the checklist; set `allow_loosen: true` in this overlay to allow it",
        f"{where}:5:16: changes[0].mandatory: making deploy/one-box not mandatory, which "
        "loosens the checklist; set `allow_loosen: true` in this overlay to allow it",
        f"{where}:7:11: drop[0].item: dropping deploy/cross-zone-off loosens the checklist; set "
        "`allow_loosen: true` in this overlay to allow it",
    ]


def test_an_overlay_naming_a_removed_item_is_a_located_error_with_did_you_mean(
    cli: CliRunner, tmp_path: Path
) -> None:
    review = _with_overlays(tmp_path, "removed-item.yaml")
    run = cli("gate", review, "--checklists", CHECKLISTS)
    where = (tmp_path / "removed-item.yaml").resolve()
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == [
        f"{where}:3:11: changes[0].item: no item 'bake-tme' in checklist 'deploy' (did you mean "
        "'bake-time'?); an upgrade of the checklist may have removed or renamed it: change the "
        "overlay to match",
        f"{where}:5:11: changes[1].item: no checklist 'depoy' (did you mean 'deploy'?); write "
        "checklist-id/item-id",
        f"{where}:8:14: add[0].section: no section 'pipelines' in checklist 'deploy' (did you "
        "mean 'pipeline'?); write checklist-id/section-id",
    ]


def test_a_settings_key_that_is_not_a_list_is_an_error(cli: CliRunner, tmp_path: Path) -> None:
    review = _with_overlays(tmp_path)
    (tmp_path / ".orr.toml").write_text('overlays = "org.yaml"\n', "utf-8")
    run = cli("gate", review, "--checklists", CHECKLISTS)
    assert (run.code, run.err) == (
        2,
        f"{(tmp_path / '.orr.toml').resolve()}:1:1: overlays: should be a list, not 'org.yaml'\n",
    )


def test_overlays_in_pyproject_and_the_gate_policy_side_by_side(
    cli: CliRunner, tmp_path: Path
) -> None:
    shutil.copytree(OVERLAYS / "org", tmp_path / "org")
    shutil.copy(OVERLAYS / "tier2.yaml", tmp_path / "tier2.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.orr]\nmin_score = 10\noverlays = ["org/tighten.yaml"]\n', "utf-8"
    )
    run = cli(
        "report", tmp_path / "tier2.yaml", "--checklists", CHECKLISTS, "-f", "json", "-o", "-"
    )
    assert run.code == 0, run.err
    assert '"id": "acme-tighten"' in run.out
    assert '"min_score": 10.0' in run.out


def test_validate_tells_overlays_apart_and_checks_them(cli: CliRunner) -> None:
    run = cli("validate", OVERLAYS / "org", "--checklists", CHECKLISTS)
    assert (run.code, run.out) == (0, "2 files valid (2 overlays)\n")
    run = cli("validate", OVERLAYS / "invalid", "--checklists", CHECKLISTS)
    assert run.code == 2
    assert run.out.splitlines()[-1] == "6 problems in 2 of 2 files (2 overlays)"


def test_an_item_added_with_when_applies_only_there(tmp_path: Path) -> None:
    shutil.copytree(OVERLAYS, tmp_path / "o", ignore=shutil.ignore_patterns("invalid"))
    tighten = tmp_path / "o" / "org" / "tighten.yaml"
    tighten.write_text(
        tighten.read_text("utf-8").replace(
            "  - section: deploy/pipeline\n", "  - section: deploy/pipeline\n    when: tier == 1\n"
        ),
        "utf-8",
    )
    tier1, tier2 = _assess(tmp_path / "o" / "tier1.yaml"), _assess(tmp_path / "o" / "tier2.yaml")
    assert _item(tier1, "deploy/change-freeze").status == "met"
    assert _item(tier2, "deploy/change-freeze").status == "n/a"
    assert _item(tier2, "deploy/change-freeze").explanations[0] == (
        "does not apply: `tier == 1` is false for this service"
    )
