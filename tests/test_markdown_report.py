"""The Markdown report: GFM escaping, structure that hostile text cannot change, the summary."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from markdown_it import MarkdownIt

from orr.render import gfm, markdown
from orr.result import Result
from tests.report_helpers import demo_result, hostile_result, large_result, payloads

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
SECTIONS = ["Verdict", "Blockers", "Scores", "Waivers", "Items", "Audit appendix"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a | b", "a \\| b"),
        ("<script>x</script>", "\\<script\\>x\\</script\\>"),
        ("*bold* _it_ `code` ~~s~~ $x$", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\$x\\$"),
        ("[l](javascript:x)", "\\[l\\](javascript:x)"),
        ("&amp; &#60;", "\\&amp; \\&#60;"),
        ("back\\slash", "back\\\\slash"),
        ("# not a heading", "\\# not a heading"),
        ("Is it C #", "Is it C \\#"),
        ("> not a quote", "\\> not a quote"),
        ("- not a list", "\\- not a list"),
        ("+ not a list", "\\+ not a list"),
        ("---", "\\---"),
        ("1. not a list", "1\\. not a list"),
        ("1.0.0", "1.0.0"),
        ("two\nlines\n\n- and a list", "two lines - and a list"),
    ],
)
def test_text_is_literal_on_one_line(value: str, expected: str) -> None:
    assert gfm.text(value) == expected


def test_cell_shows_a_dash_when_empty_and_code_falls_back_to_text() -> None:
    assert gfm.cell("") == "-"
    assert gfm.code("one-box") == "`one-box`"
    assert gfm.code("a`b") == "a\\`b"


@pytest.mark.parametrize(
    ("url", "label", "expected"),
    [
        ("https://ci.example.com/a", None, "[https://ci.example.com/a](https://ci.example.com/a)"),
        ("https://x.example/a(b)?q=1", "run", "[run](https://x.example/a%28b%29?q=1)"),
        ("https://x.example/a|c", None, "https://x.example/a\\|c"),
        ("docs/a.md", None, "[docs/a.md](docs/a.md)"),
        ("javascript:alert(1)", None, "javascript:alert(1)"),
        ("javascript:alert(1)", "run", "run"),
    ],
)
def test_link_only_for_safe_targets(url: str, label: str | None, expected: str) -> None:
    assert gfm.link(url, label) == expected


def _tokens(text: str) -> list[Any]:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return list(_flatten(parser.parse(text)))


def _flatten(tokens: list[Any]) -> Any:
    for token in tokens:
        yield token
        if token.children:
            yield from _flatten(token.children)


def _shape(text: str) -> dict[str, Any]:
    """What the Markdown turns into, ignoring the words: headings, tables and their cells."""
    tokens = _tokens(text)
    rows: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append(0)
        elif token.type in ("th_open", "td_open"):
            rows[-1] += 1
    return {
        "headings": [t.tag for t in tokens if t.type == "heading_open"],
        "tables": sum(t.type == "table_open" for t in tokens),
        "rows": rows,
        "lists": sum(t.type in ("bullet_list_open", "ordered_list_open") for t in tokens),
    }


@pytest.fixture(scope="module")
def demo() -> Result:
    return demo_result()


def test_sections_come_in_the_order_of_the_issue(demo: Result) -> None:
    text = markdown.render(demo)
    positions = [text.index(f"\n## {title}\n") for title in SECTIONS]
    assert positions == sorted(positions)


def test_hostile_text_changes_no_structure_and_adds_no_markup(demo: Result) -> None:
    hostile = hostile_result(demo, payloads())
    text = markdown.render(hostile)
    tokens = _tokens(text)
    assert [t.content for t in tokens if t.type in ("html_block", "html_inline")] == []
    assert [t.attrGet("href") for t in tokens if t.type == "link_open" and not _ok(t)] == []
    assert not [t for t in tokens if t.type == "image"]
    assert _shape(text) == _shape(markdown.render(_plain(hostile)))


def _ok(token: Any) -> bool:
    href = str(token.attrGet("href")).lower()
    return href.startswith(("https://", "http://", "mailto:")) or not _SCHEME.match(href)


def _plain(result: Result) -> Result:
    """The same Result with every hostile text replaced by a harmless word."""
    return hostile_result(result, ["word"])


def test_every_item_is_listed_with_status_risk_and_answer(demo: Result) -> None:
    text = markdown.render(demo)
    for item in demo.items:
        assert f"| `{item.item}`" in text
    assert (
        "| `mandatory-met` (mandatory) | Is the mandatory thing done? | ✅ Met | No risk | Done. A "
        "\\*note\\* with \\`code\\`, a \\| pipe, \\<script\\>alert(1)\\</script\\> and \\[a bad "
        "link\\](javascript:alert(1)). | [https://ci.example.com/runs/1]"
        "(https://ci.example.com/runs/1), javascript:alert(1), [docs/evidence.md]"
        "(docs/evidence.md) | alex on 2026-11-18 |"
    ) in text
    assert (
        "| `reworded` | Is the reworded item still met? | ✅ Met · ⚠️ changed since answered |"
        in text
    )


def test_blockers_show_question_answer_why_and_remediation(demo: Result) -> None:
    text = markdown.render(demo)
    blockers = text[text.index("\n## Blockers\n") : text.index("\n## Scores\n")]
    assert blockers.count("\n### ") == len(demo.blockers) == 3
    assert (
        "### 1. `report-demo/mandatory-unmet`: Is the \\| pipe item \\<b\\>bold\\</b\\> done?\n\n"
        "- **Status:** ❌ Unmet · High risk · mandatory\n"
        "- **Answer:** Not done \\| at all; \\# not a heading; 1. not a list\n"
        "- **Answered by:** sam on 2026-11-19\n"
        "- **Why it matters:** Pipes \\| and \\<angles\\> in why.\n"
        "- **Remediation:** Fix the pipes.\n"
    ) in blockers


def test_waivers_expired_first_with_approver_and_dates(demo: Result) -> None:
    text = markdown.render(demo)
    waivers = text[text.index("\n## Waivers\n") : text.index("\n## Items\n")]
    rows = [line for line in waivers.splitlines() if line.startswith("| `")]
    assert rows == [
        "| `report-demo/expired` | ⛔ Expired | 2026-08-31 | -84 | head-of-sre | 2026-05-01 | "
        "Was due in the summer. |",
        "| `report-demo/expiring` | ⏳ Expiring soon | 2026-12-01 | 8 | lead | 2026-11-01 | "
        "Finishing next sprint. |",
        "| `report-demo/active` | 🟢 Active | 2027-06-30 | 219 | cto | - | "
        "Accepted for the year: \\<em\\>low\\</em\\> risk. |",
    ]


def test_audit_appendix_names_every_input_and_its_hash(demo: Result) -> None:
    text = markdown.render(demo)
    audit = text[text.index("\n## Audit appendix\n") :]
    assert f"| Review file sha256 | {demo.review_sha256} |" in audit
    assert "| Evaluated on | 2026-11-23 |" in audit
    assert f"| orr version | {demo.orr_version} |" in audit
    checklist = demo.checklists[0]
    assert f"| `report-demo` | 2.1.0 | 2.0.0 | {checklist.path} | {checklist.sha256} |" in audit


def test_a_ready_review_says_nothing_blocks(demo: Result) -> None:
    ready = replace(demo, verdict="READY", reasons=(), items=tuple(
        replace(i, blocking=False) for i in demo.items
    ))  # fmt: skip
    text = markdown.render(ready)
    assert "**✅ READY**" in text
    assert "No item blocks the gate." in text


def test_summary_lists_every_blocker_when_it_fits(demo: Result) -> None:
    text = markdown.render_summary(demo)
    assert text.startswith("## ❌ NOT READY: report-demo-service\n")
    assert text.count("\n   - Answer: ") == 3
    assert "more blocker" not in text
    assert "## Items" not in text


def test_summary_of_a_huge_review_stays_under_the_comment_limit() -> None:
    big = large_result(1000)
    big = replace(big, items=tuple(replace(i, blocking=True) for i in big.items))
    text = markdown.render_summary(big)
    size = len(text.encode("utf-8"))
    assert 60_000 < size <= markdown.SUMMARY_LIMIT
    shown = text.count("\n   - Answer: ")
    assert 0 < shown < 1000
    assert f"…and {1000 - shown} more blockers: see the full report.\n" in text
