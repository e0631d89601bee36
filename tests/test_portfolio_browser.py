"""The portfolio page in a real browser: no violations for axe-core, nothing fetched, printable.

Needs /usr/bin/chromium and node_modules/axe-core, like the report's browser tests: a missing
one skips these tests outside CI and fails them in CI.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import AXE, launched_chromium
from tests.conftest import ROOT, CliRunner

pytestmark = pytest.mark.browser

DATA = ROOT / "tests" / "data" / "portfolio"


@pytest.fixture(scope="module")
def page_factory() -> Iterator[Any]:
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def portfolio_page(page_factory: Any, cli: CliRunner, tmp_path: Path) -> Iterator[Any]:
    target = tmp_path / "portfolio.html"
    run = cli(
        "portfolio",
        DATA / "reviews",
        "--checklists",
        DATA / "checklists",
        "--today",
        "2026-11-23",
        "-o",
        target,
    )
    assert run.code == 0
    context = page_factory.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(target.as_uri())
    page.wait_for_load_state("load")
    page.requests = requests
    yield page
    context.close()


def test_axe_finds_no_violations_and_nothing_is_fetched(portfolio_page: Any) -> None:
    portfolio_page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = portfolio_page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes[0].target}`)"
    )
    assert violations == []
    assert [u for u in portfolio_page.requests if not u.startswith("file:")] == []


def test_headings_are_in_order(portfolio_page: Any) -> None:
    levels = portfolio_page.evaluate(
        "() => [...document.querySelectorAll('h1,h2,h3,h4')].map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_print_hides_navigation_and_keeps_every_row(portfolio_page: Any) -> None:
    portfolio_page.emulate_media(media="print")
    nav = portfolio_page.evaluate("() => getComputedStyle(document.querySelector('nav')).display")
    rows = portfolio_page.evaluate("() => document.querySelectorAll('#services tbody tr').length")
    assert (nav, rows) == ("none", 4)
    pdf = portfolio_page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
