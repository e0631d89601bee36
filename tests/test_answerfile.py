"""Editing one answer in a review file keeps everything a person wrote around it."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from orr.catalog import Catalog, load_checklist, review_from_document
from orr.editing.answerfile import add_checklists, set_answer, set_answer_roundtrip, set_context
from orr.editing.roundtrip import RoundTripError, edit
from orr.editing.scaffold import new_review
from orr.loading import Document, parse_yaml
from tests.conftest import DATA, EXAMPLES

REVIEW_DATA = DATA / "review"
DEMO = load_checklist(REVIEW_DATA / "checklists" / "demo.yaml")
ORDER = [f"demo/{item.id}" for _, item in DEMO.iter_items()]
WHEN = dt.datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=dt.UTC)
PATH = Path("review.yaml")


Writer = Callable[..., str]


@pytest.fixture(params=[set_answer, set_answer_roundtrip], ids=["fast", "round-trip"])
def write(request: pytest.FixtureRequest) -> Writer:
    """Each answer test runs on ``set_answer`` (its fast path where it applies) and on the
    ruamel round trip it falls back to."""
    writer: Writer = request.param
    return writer


def _data(text: str) -> Any:
    return parse_yaml(text, PATH)


def _changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_hand_written_file_keeps_every_comment_and_matches_the_golden_file(write: Writer) -> None:
    text = (REVIEW_DATA / "commented.yaml").read_text()
    new = write(
        text,
        PATH,
        "demo/one-box",
        {
            "status": "met",
            "evidence": ["https://ci.example.com/runs/1"],
            "notes": "Hotfix path removed.",
            "answered_by": "dana",
            "answered_at": WHEN,
            "fingerprint": DEMO.items_by_id["one-box"].fingerprint,
        },
        ORDER,
    )
    new = write(new, PATH, "demo/rollback", {"status": "met", "answered_by": "dana"}, ORDER)
    new = write(new, PATH, "demo/bake-time", {"status": "n/a", "reason": "no waves"}, ORDER)
    new = write(new, PATH, "demo/runbooks", {"choices": ["paging"]}, ORDER)
    assert new == (REVIEW_DATA / "commented.after.yaml").read_text()
    assert sorted(_comments(new)) == sorted(_comments(text))


def test_the_result_is_a_valid_review_with_exactly_the_answer_set(write: Writer) -> None:
    text = (REVIEW_DATA / "commented.yaml").read_text()
    answer = {"status": "unmet", "notes": "yes", "answered_by": "lee", "answered_at": WHEN}
    new = write(text, PATH, "demo/on-call", answer, ORDER)
    expected = _data(text)
    expected["answers"]["demo/on-call"] = {**answer, "answered_at": WHEN.replace(microsecond=0)}
    assert _data(new) == expected
    catalog = Catalog([REVIEW_DATA / "checklists"])
    loaded = review_from_document(Document(PATH, new, _data(new)), catalog)
    assert loaded.review.answers["demo/on-call"].notes == "yes"
    assert "    answered_at: 2026-11-23T09:30:15Z\n" in new


def test_scaffold_only_the_placeholder_lines_change(write: Writer) -> None:
    text = new_review("demo-api", "platform-team", [DEMO], dt.date(2026, 11, 23))
    new = text
    for ref in ("demo/one-box", "demo/rollback", "demo/bake-time"):
        new = write(new, PATH, ref, {"status": "met", "answered_by": "dana"}, ORDER)
    removed, added = _changed_lines(text, new)
    assert removed == ["    status:"] * 3
    assert added == ["    status: met", "    answered_by: dana"] * 3
    assert _comments(new) == _comments(text)


@pytest.mark.parametrize("name", ["checkout-api.yaml", "ledger-worker.yaml"])
def test_examples_change_only_inside_the_replaced_answer(name: str, write: Writer) -> None:
    text = (EXAMPLES / name).read_text()
    ref = next(iter(yaml.safe_load(text)["answers"]))
    new = write(text, PATH, ref, {"status": "unmet", "notes": "Checked again."})
    lines = text.splitlines(True)
    start = lines.index(f"  {ref}:\n")
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("    "))
    assert new.startswith("".join(lines[: start + 1]) + "    status: unmet\n    notes: ")
    assert new.endswith("".join(lines[end:]))
    assert _data(new)["answers"][ref] == {"status": "unmet", "notes": "Checked again."}


@pytest.mark.parametrize(
    "value", ["yes", "No", "on", "0777", "1_000", "1:20", "~", "null", "2026-01-01", "12e3", ""]
)
def test_strings_pyyaml_would_misread_are_quoted(value: str, write: Writer) -> None:
    text = "service: s\nowner: o\nchecklists: [demo]\nanswers: {}\n"
    new = write(text, PATH, "demo/on-call", {"status": "met", "notes": value})
    assert _data(new)["answers"]["demo/on-call"]["notes"] == value


def test_multi_line_notes_are_a_literal_block(write: Writer) -> None:
    text = "service: s\nowner: o\nchecklists: [demo]\nanswers:\n"
    new = write(text, PATH, "demo/on-call", {"status": "met", "notes": "one\ntwo"})
    assert "    notes: |-\n      one\n      two\n" in new
    assert _data(new)["answers"]["demo/on-call"]["notes"] == "one\ntwo"


def test_new_answers_follow_checklist_order(write: Writer) -> None:
    text = "service: s\nowner: o\nchecklists: [demo]\nanswers:\n  demo/on-call: {status: met}\n"
    new = text
    for ref in ("demo/bake-time", "demo/one-box", "demo/runbooks"):
        new = write(new, PATH, ref, {"status": "met"}, ORDER)
    assert list(_data(new)["answers"]) == [
        "demo/one-box",
        "demo/bake-time",
        "demo/runbooks",
        "demo/on-call",
    ]


def test_a_heading_comment_stays_above_the_answer_it_heads(write: Writer) -> None:
    text = (
        "service: s\nowner: o\nchecklists: [demo]\nanswers:\n"
        "  demo/one-box:\n    status: met\n  # --- operations ---\n  demo/on-call:\n"
        "    status: met\nwaivers: []\n"
    )
    new = write(text, PATH, "demo/rollback", {"status": "unmet"}, ORDER)
    assert new == (
        "service: s\nowner: o\nchecklists: [demo]\nanswers:\n"
        "  demo/one-box:\n    status: met\n  demo/rollback:\n    status: unmet\n"
        "  # --- operations ---\n  demo/on-call:\n    status: met\nwaivers: []\n"
    )
    grown = write(text, PATH, "demo/one-box", {"status": "met", "evidence": ["https://a"]}, ORDER)
    assert "    evidence:\n      - https://a\n  # --- operations ---\n  demo/on-call:" in grown


@pytest.mark.parametrize(
    "answers", ["", "answers:\n", "answers: {}\n", "answers: # none yet\n"], ids=repr
)
def test_missing_or_empty_answers(answers: str, write: Writer) -> None:
    text = f"service: s\nowner: o\nchecklists: [demo]\n{answers}waivers: []\n"
    new = write(text, PATH, "demo/on-call", {"status": "met"})
    assert _data(new)["answers"] == {"demo/on-call": {"status": "met"}}
    assert new.endswith("waivers: []\n")


def test_indentation_and_line_endings_of_the_file_are_kept(write: Writer) -> None:
    text = (
        "service: s\r\nowner: o\r\nchecklists:\r\n- demo\r\nanswers:\r\n"
        "    demo/on-call:\r\n        status: met\r\n        evidence:\r\n        - https://a\r\n"
    )
    new = write(text, PATH, "demo/one-box", {"status": "met", "evidence": ["https://b"]})
    assert new == text + (
        "    demo/one-box:\r\n        status: met\r\n        evidence:\r\n        - https://b\r\n"
    )


def test_add_checklists_appends_in_the_style_of_the_list() -> None:
    text = 'service: s\nowner: o\nchecklists:\n  - "demo"  # first\n# answers below\nanswers:\n'
    new = add_checklists(text, PATH, ["demo", "zonal-shift", "zonal-shift"])
    assert new == (
        'service: s\nowner: o\nchecklists:\n  - "demo"  # first\n  - "zonal-shift"\n'
        "# answers below\nanswers:\n"
    )
    flow = "service: s\nowner: o\nchecklists: [demo@1.0.0]\n"
    assert add_checklists(flow, PATH, ["demo", "resilience"]) == (
        "service: s\nowner: o\nchecklists: [demo@1.0.0, resilience]\n"
    )


def test_set_context_fills_the_scaffold_hints() -> None:
    text = new_review("demo-api", "platform-team", [DEMO], dt.date(2026, 11, 23))
    regions = "  # regions:  # an integer: how many regions the service is served from\n"
    compute = "  # compute:  # one of ec2, ecs, eks, lambda, other: what runs the code\n"
    assert regions in text and compute in text
    new = set_context(text, PATH, {"regions": 2})
    assert _data(new)["context"] == {"regions": 2}
    assert "  regions: 2\n" in new
    assert regions not in new and compute in new


def test_a_new_review_writes_the_context_given_and_hints_at_the_rest() -> None:
    text = new_review(
        "demo-api", "platform-team", [DEMO], dt.date(2026, 11, 23), {"compute": "ecs"}
    )
    assert (
        "context:\n"
        "  # the keys the checklists' applies_when read; set each that fits:\n"
        '  compute: "ecs"  # one of ec2, ecs, eks, lambda, other: what runs the code\n'
        "  # regions:  # an integer: how many regions the service is served from\n"
        "checklists:\n"
    ) in text
    assert _data(text)["context"] == {"compute": "ecs"}


def test_an_edit_that_would_change_more_is_refused() -> None:
    def change(root: Any) -> None:
        root["owner"] = "someone else"

    with pytest.raises(RoundTripError, match="nothing was written"):
        edit("service: s\nowner: o\n", PATH, change, lambda data: None)


def test_a_json_review_is_written_as_json_with_the_answer_set(tmp_path: Path) -> None:
    from orr.editing.answerfile import answer_digest, save_answer

    data = yaml.safe_load((EXAMPLES / "checkout-api.yaml").read_text("utf-8"))
    path = tmp_path / "review.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", "utf-8")
    ref = next(iter(data["answers"]))
    answer = {"status": "unmet", "answered_by": "dana", "answered_at": WHEN}
    save_answer(path, ref, answer, based_on=answer_digest(data["answers"][ref]))
    written = json.loads(path.read_text("utf-8"))
    assert written["answers"][ref] == {
        "status": "unmet",
        "answered_by": "dana",
        "answered_at": "2026-11-23T09:30:15Z",
    }
    assert {k: v for k, v in written.items() if k != "answers"} == json.loads(
        json.dumps({k: v for k, v in data.items() if k != "answers"}, default=str)
    )
