"""The HTML report in a real browser: Debian's chromium driven by Playwright, checked by axe-core.

The set-up, and what happens when chromium or axe-core is missing, is in tests/browser.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from orr.render import html
from orr.result import Result
from tests.browser import AXE, RecordedPage, launched_chromium
from tests.report_helpers import demo_result, example_result, hostile_result, payloads

pytestmark = pytest.mark.browser

#: Schemes a self-contained report may touch: its own file, and nothing else.
LOCAL = ("file:", "about:", "data:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


class Visit(RecordedPage):
    """A report opened in a fresh page, with every request, dialog and error recorded."""

    def __init__(self, browser: Any, path: Path, **context: Any) -> None:
        super().__init__(browser, path.as_uri(), **context)

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL)]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, tmp_path: Path) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_report(result: Result, **context: Any) -> Visit:
        path = tmp_path / f"report-{len(opened)}.html"
        path.write_text(html.render(result), encoding="utf-8")
        opened.append(Visit(browser, path, **context))
        return opened[-1]

    yield open_report
    for page in opened:
        page.close()


RESULTS: dict[str, Callable[[], Result]] = {
    "checkout-api": lambda: example_result("checkout-api"),
    "ledger-worker": lambda: example_result("ledger-worker"),
    "report-demo": demo_result,
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_axe_finds_no_violations(visit: Any, name: str) -> None:
    report = visit(RESULTS[name]())
    report.page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = report.page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes[0].target}`)"
    )
    assert violations == []
    assert report.errors == []
    assert report.remote_requests() == []


def test_hostile_text_runs_nothing_and_loads_nothing(visit: Any) -> None:
    """Escaping alone must hold: the page's CSP is bypassed so it cannot hide a mistake."""
    report = visit(hostile_result(demo_result(), payloads()), bypass_csp=True)
    page = report.page
    page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    page.mouse.move(200, 200)
    page.keyboard.press("Tab")
    page.wait_for_timeout(200)  # let any onerror/onload/ontoggle fire before looking
    assert report.dialogs == []
    assert page.evaluate("window.__orrXss") is None
    assert report.remote_requests() == []
    assert report.errors == []
    assert page.evaluate("document.scripts.length") == 1
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
            ".filter(a => a.name.startsWith('on')).map(a => a.name)"
        )
        == []
    )
    assert (
        page.evaluate(
            "[...document.querySelectorAll('[href]')].map(e => e.getAttribute('href'))"
            ".filter(h => /^\\s*[a-z][a-z0-9+.-]*:/i.test(h) && !/^(https?|mailto):/i.test(h))"
        )
        == []
    )


def test_the_filter_script_runs_under_the_pages_own_policy(visit: Any) -> None:
    result = demo_result()
    page = visit(result).page
    assert page.is_visible("#filters")
    count = page.locator("#filter-count")
    assert count.text_content() == f"Showing all {len(result.items)} items."
    page.get_by_label("Met (2)", exact=True).uncheck()
    met = [i for i in result.items if i.status == "met"]
    assert count.text_content() == f"Showing {len(result.items) - len(met)} of 11 items."
    assert page.locator(".item:visible").count() == len(result.items) - len(met)
    assert page.locator(f"#item-{met[0].ref.replace('/', '--')}").is_hidden()
    page.emulate_media(media="print")
    assert page.locator(".item:visible").count() == len(result.items)
    assert page.is_hidden("#filters")


def test_filters_are_reachable_and_usable_with_the_keyboard(visit: Any) -> None:
    page = visit(demo_result()).page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the report"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "status":
            break
    else:
        pytest.fail("no status filter within 60 presses of Tab")
    assert page.evaluate("document.activeElement.value") == "met"
    page.keyboard.press("Space")
    assert page.locator("#filter-count").text_content() == "Showing 9 of 11 items."


def test_without_javascript_every_item_is_shown(visit: Any) -> None:
    result = demo_result()
    page = visit(result, java_script_enabled=False).page
    assert page.locator(".item:visible").count() == len(result.items)
    assert page.is_hidden("#filters")


def test_headings_never_skip_a_level(visit: Any) -> None:
    page = visit(example_result("ledger-worker")).page
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_print_to_pdf_gives_a_document(visit: Any, tmp_path: Path) -> None:
    page = visit(example_result("ledger-worker")).page
    pdf = page.pdf(path=str(tmp_path / "report.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 50_000
