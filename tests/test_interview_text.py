"""What the terminal shows: Markdown as text, the item card, and how typed answers parse."""

from __future__ import annotations

import io

import pytest

from orr.catalog import load_checklist
from orr.interview.card import card
from orr.interview.markdown import to_terminal
from orr.interview.plan import build_plan
from orr.interview.prompter import (
    STATUS_OPTIONS,
    Selection,
    match_option,
    parse_selection,
    toggle,
    toggle_not_applicable,
)
from orr.interview.terminal import KeyPrompter
from orr.interview.text import Style, strip_styles, visible_width, wrap
from orr.model import Answer
from tests.conftest import CHECKLISTS, DATA

DEMO = load_checklist(DATA / "review" / "checklists" / "demo.yaml")
CHOICES = DEMO.items_by_id["runbooks"].choices
GUIDANCE = """# Checking it

**Good:** the first stage is one host, see [the guide](https://example.com/guide).
Run `orr gate` in *CI*.

1. open the pipeline definition, which is a long line that needs wrapping
2. check the deployments
   - nested bullet

> a quote long enough to wrap around the width

```
pipeline show --stage one-box
  indented
```
"""


def test_markdown_as_plain_text_at_40_columns() -> None:
    assert to_terminal(GUIDANCE, 40, Style()) == [
        "  Checking it",
        "",
        "  Good: the first stage is one host, see",
        "  the guide <https://example.com/guide>.",
        "  Run `orr gate` in CI.",
        "",
        "  1. open the pipeline definition, which",
        "     is a long line that needs wrapping",
        "  2. check the deployments",
        "     • nested bullet",
        "",
        "  │ a quote long enough to wrap around",
        "  │ the width",
        "",
        "    pipeline show --stage one-box",
        "      indented",
    ]


def test_markdown_in_colour_styles_words_and_wraps_the_same() -> None:
    coloured = to_terminal(GUIDANCE, 40, Style(color=True))
    assert coloured[2] == "  \x1b[1mGood:\x1b[0m the first stage is one host, see"
    assert [strip_styles(line).replace("orr gate", "`orr gate`") for line in coloured] == (
        to_terminal(GUIDANCE, 40, Style())
    )


def test_wrap_measures_visible_width_and_keeps_long_words_whole() -> None:
    assert visible_width("\x1b[1mbold\x1b[0m 表") == 7
    url = "https://example.com/" + "a" * 40
    assert wrap(f"see {url} now", 30, "  ") == ["  see", f"  {url}", "  now"]


@pytest.mark.parametrize("width", [40, 80])
def test_every_bundled_item_card_fits_the_terminal(width: int) -> None:
    for path in sorted(CHECKLISTS.glob("*.yaml")):
        checklist = load_checklist(path)
        for question in build_plan([checklist], {}).questions:
            for line in card(question, None, Style(color=True), width).splitlines():
                words = strip_styles(line).split()
                assert (
                    visible_width(line) <= width
                    or len(words) == 1
                    or any(len(w) > width // 2 for w in words)
                ), f"{question.ref}: {line!r}"


def test_card_header_badges_and_current_answer() -> None:
    question = build_plan([DEMO], {"regions": 1, "compute": "ecs"}).questions[0]
    answer = Answer(
        status="met",
        evidence=["https://ci/1"],
        notes="one box",
        answered_by="dana",
        answered_at="2026-11-23T09:30:00Z",  # type: ignore[arg-type]
        fingerprint="000000000000",
    )
    lines = card(question, answer, Style(), 80).splitlines()
    assert lines[:6] == [
        "",
        "-" * 73 + " 1/5 --",
        "Demo readiness / Deployment",
        "HIGH RISK  MANDATORY  evidence required" + " " * 29 + "demo/one-box",
        "",
        "Does every deployment start on one host?",
    ]
    assert lines[-5:] == [
        "Current answer: met",
        "  evidence: https://ci/1",
        "  notes: one box",
        "  by dana on 2026-11-23 09:30 UTC",
        "! The question changed since this answer was given: check it still holds.",
    ]


def test_status_words_and_letters() -> None:
    assert [match_option(w, STATUS_OPTIONS) for w in ("met", " M ", "n/a", "na", "N", "x")] == [
        "met",
        "met",
        "n/a",
        "n/a",
        "n/a",
        None,
    ]


def test_choice_lines() -> None:
    assert parse_selection("paging, 2", CHOICES) == Selection(("paging", "tested"))
    assert parse_selection("1 -tested", CHOICES) == Selection(("paging",), ("tested",))
    with pytest.raises(ValueError, match=r"'4' is not one of the choices: give ids"):
        parse_selection("1,4", CHOICES)
    with pytest.raises(ValueError, match="'none' cannot go with other choices"):
        parse_selection("none,paging", CHOICES)
    with pytest.raises(ValueError, match="'paging' cannot be both chosen and not applicable"):
        parse_selection("paging,-paging", CHOICES)


def test_none_of_these_excludes_the_others() -> None:
    paging, tested, none = CHOICES
    picked = toggle(Selection(), paging, CHOICES)
    picked = toggle(picked, tested, CHOICES)
    assert picked == Selection(("paging", "tested"))
    assert toggle(picked, none, CHOICES) == Selection(("none",))
    assert toggle(Selection(("none",)), paging, CHOICES) == Selection(("paging",))
    assert toggle(picked, paging, CHOICES) == Selection(("tested",))
    assert toggle_not_applicable(picked, tested, CHOICES) == Selection(("paging",), ("tested",))


@pytest.mark.parametrize(
    ("columns", "line"),
    [
        ("80", "Status:  met  [partial]  unmet   n/a   skip   back   quit "),
        ("40", "Status:  m  [partial]  u   n   s   b   q "),
    ],
)
def test_the_status_menu_shortens_to_keys_in_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch, columns: str, line: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    prompter = KeyPrompter(0, io.StringIO(), Style())
    assert prompter._menu_line("Status", STATUS_OPTIONS, 1) == line
