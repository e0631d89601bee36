"""`orr plan`: the order of the actions, their keys, and each export format read back.

The goldens of every format are in tests/golden/*.plan.{md,csv,json} (test_reports_golden.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orr.render import html, markdown, plan_csv, plan_json, plan_md
from orr.render.plan_view import RISK_ORDER, action_key, actions, body, open_risk
from orr.result import ItemOutcome
from tests.conftest import CliRunner
from tests.report_helpers import DEMO_CHECKLISTS, DEMO_REVIEW, demo_result

TODAY = ("--today", "2026-11-23")
DEMO = (str(DEMO_REVIEW), "--checklists", str(DEMO_CHECKLISTS), *TODAY)

#: The fixed review's actions in the order to do them (see tests/data/reports/review.yaml).
DEMO_ORDER = [
    "report-demo/mandatory-unmet",  # blocker, high
    "report-demo/expired",  # blocker (expired waiver), high
    "report-demo/evidence-missing",  # blocker, partial of medium: low
    "report-demo/practices",  # medium (choices)
    "report-demo/unanswered",  # unanswered, would be medium
    "report-demo/expiring",  # waived: partial, low
    "report-demo/active",  # waived: unmet, low
]


def test_the_fixed_review_orders_blockers_first_then_risk_weight_and_checklist_order() -> None:
    plan = actions(demo_result())
    assert [a.ref for a in plan] == DEMO_ORDER
    assert [a.priority for a in plan] == [
        "Highest",
        "Highest",
        "Highest",
        "Medium",
        "Medium",
        "Low",
        "Low",
    ]


def test_met_and_not_applicable_items_are_not_actions() -> None:
    result = demo_result()
    planned = {a.ref for a in actions(result)}
    for item in result.items:
        assert (item.ref in planned) == (item.status in ("unmet", "partial", "unanswered"))


_STATUSES = st.sampled_from(["met", "partial", "unmet", "unanswered", "n/a"])
_RISKS = st.sampled_from(["high", "medium", "low"])


@st.composite
def _items(draw: st.DrawFn) -> list[ItemOutcome]:
    template = demo_result().items[0]
    out = []
    for n in range(draw(st.integers(0, 12))):
        status = draw(_STATUSES)
        declared = draw(_RISKS)
        risk = {"met": "none", "n/a": "n/a", "unanswered": "unanswered"}.get(status, declared)
        out.append(
            replace(
                template,
                ref=f"c/i{n}",
                item=f"i{n}",
                status=status,
                risk=risk,
                declared_risk=declared,
                weight=draw(st.sampled_from([1.0, 2.0, 3.0, 5.0])),
                blocking=status in ("partial", "unmet", "unanswered") and draw(st.booleans()),
            )
        )
    return out


@settings(max_examples=200, deadline=None)
@given(_items())
def test_any_plan_is_sorted_by_blocking_risk_weight_then_checklist_order(
    items: list[ItemOutcome],
) -> None:
    result = replace(demo_result(), items=tuple(items))
    plan = actions(result)
    position = {item.ref: n for n, item in enumerate(items)}
    keys = [
        (not a.blocking, RISK_ORDER[open_risk(a.item)], -a.item.weight, position[a.ref])
        for a in plan
    ]
    assert keys == sorted(keys)
    assert len(plan) == sum(i.status in ("partial", "unmet", "unanswered") for i in items)


def test_keys_are_the_service_and_the_item_and_take_no_spaces() -> None:
    assert action_key("checkout-api", "zonal-shift/cross-zone-off") == (
        "orr:checkout-api:zonal-shift/cross-zone-off"
    )
    assert action_key("Checkout API (EU)", "a/b") == "orr:Checkout-API-EU-:a/b"


def test_keys_are_stable_across_runs_and_across_unrelated_edits(tmp_path: Path) -> None:
    first = actions(demo_result())
    assert [a.key for a in actions(demo_result())] == [a.key for a in first]
    shutil.copytree(DEMO_REVIEW.parent, tmp_path / "demo")
    edited = tmp_path / "demo" / DEMO_REVIEW.name
    text = edited.read_text("utf-8")
    text = text.replace("We have it somewhere.", "Somewhere in the wiki, reworded.")
    text = text.replace("reviewers: [alex, sam]", "reviewers: [alex, sam, kim]")
    text = text.replace(
        "  report-demo/practices:\n",
        "  report-demo/unanswered:\n    status: met\n  report-demo/practices:\n",
    )
    edited.write_text(text, "utf-8")
    after = actions(demo_result(edited))
    keys = {a.ref: a.key for a in first}
    assert {a.ref: a.key for a in after} == {
        ref: key for ref, key in keys.items() if ref != "report-demo/unanswered"
    }


def test_csv_has_the_documented_jira_columns_and_reads_back() -> None:
    result = demo_result()
    rows = list(csv.reader(io.StringIO(plan_csv.render(result))))
    assert rows[0] == ["Summary", "Description", "Priority", "Labels", "Labels"]
    plan = actions(result)
    assert len(rows) == 1 + len(plan)
    for row, action in zip(rows[1:], plan, strict=True):
        assert row == [
            action.title,
            body(action, result, plain=True),
            action.priority,
            "orr",
            action.key,
        ]
        assert row[2] in ("Highest", "High", "Medium", "Low")
        assert " " not in row[4]


def test_csv_guards_spreadsheet_formulas() -> None:
    result = replace(demo_result(), service="=HYPERLINK(1)")
    summary = next(csv.reader(io.StringIO(plan_csv.render(result).split("\n", 1)[1])))[0]
    assert summary.startswith("'=HYPERLINK(1): ")


def test_json_gives_title_body_and_labels_for_gh_issue_create() -> None:
    data = json.loads(plan_json.render(demo_result()))
    assert data["schema"] == "orr.plan/v1"
    assert [a["ref"] for a in data["actions"]] == DEMO_ORDER
    first = data["actions"][0]
    assert first["labels"] == ["orr", "orr:report-demo-service:report-demo/mandatory-unmet"]
    assert first["title"] == "report-demo-service: Is the | pipe item <b>bold</b> done?"
    assert "**What to do:** Fix the pipes." in first["body"]
    assert first["body"].endswith(
        "Key: `orr:report-demo-service:report-demo/mandatory-unmet` "
        "(stable: search for it before filing again).\n"
    )


def test_md_is_a_github_task_list_with_one_task_per_action() -> None:
    text = plan_md.render(demo_result())
    tasks = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(tasks) == len(DEMO_ORDER)
    assert all(f"`{ref}`" in task for task, ref in zip(tasks, DEMO_ORDER, strict=True))


def test_a_review_with_nothing_to_do_says_so() -> None:
    result = demo_result()
    done = replace(result, items=tuple(i for i in result.items if i.status in ("met", "n/a")))
    assert "Nothing to do: every applicable item is met." in plan_md.render(done)
    assert json.loads(plan_json.render(done))["actions"] == []
    assert plan_csv.render(done) == "Summary,Description,Priority,Labels,Labels\n"


def test_the_reports_show_the_same_plan_as_the_export() -> None:
    result = demo_result()
    keys = [a["key"] for a in json.loads(plan_json.render(result))["actions"]]
    md = markdown.render(result).split("## Action plan", 1)[1].split("## Scores", 1)[0]
    assert re.findall(r"`(orr:[^`]+)`", md) == keys
    page = html.render(result)
    section = page.split('<section id="plan"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r"<td><code>(orr:[^<]+)</code></td>", section) == keys
    assert f'<a href="#plan">Action plan ({len(keys)})</a>' in page


@pytest.mark.parametrize(
    ("fmt", "render"), [("md", plan_md), ("csv", plan_csv), ("json", plan_json)]
)
def test_cli_prints_each_format(cli: CliRunner, fmt: str, render: object) -> None:
    run = cli("plan", *DEMO, "--format", fmt)
    assert (run.code, run.err) == (0, "")
    assert run.out == render.render(demo_result())  # type: ignore[attr-defined]


def test_cli_takes_the_format_from_the_output_file(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "plan.csv"
    run = cli("plan", *DEMO, "-o", target)
    assert (run.code, run.out) == (0, f"{target}\n")
    assert target.read_text("utf-8") == plan_csv.render(demo_result())


def test_cli_bad_review_is_a_located_error(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("service: x\nowner: y\nchecklists: [nope]\n", "utf-8")
    run = cli("plan", bad, *TODAY)
    assert run.code == 2
    assert run.err == (
        f"{bad}:3:14: checklists[0]: no checklist with id 'nope'; looked in orr's bundled "
        "checklists; see `orr list`, or add the folder that holds it with --checklists DIR or "
        'checklists = ["DIR"] in .orr.toml\n'
    )
