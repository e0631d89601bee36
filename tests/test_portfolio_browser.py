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
from tests.portfolio_repo import two_commits

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
    context = page_factory.new_context(viewport={"width": 1280, "height": 800})
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
    filters = portfolio_page.evaluate(
        "() => getComputedStyle(document.getElementById('service-filters')).display"
    )
    assert filters == "none"
    pdf = portfolio_page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


VISIBLE_SERVICES = (
    "() => [...document.querySelectorAll('#service-table tbody tr')]"
    ".filter(r => !r.hidden).map(r => r.cells[0].textContent)"
)


def test_the_services_are_worst_first_and_sort_by_any_column(portfolio_page: Any) -> None:
    page = portfolio_page
    assert page.evaluate(VISIBLE_SERVICES) == [
        "beta-worker",
        "gamma-store",
        "alpha-api",
        "broken-svc",
    ]
    page.get_by_role("button", name="Score").click()
    assert page.evaluate(VISIBLE_SERVICES) == [
        "beta-worker",
        "gamma-store",
        "alpha-api",
        "broken-svc",
    ]
    page.get_by_role("button", name="Score").click()  # again: highest first, no score last
    assert page.evaluate(VISIBLE_SERVICES) == [
        "alpha-api",
        "gamma-store",
        "beta-worker",
        "broken-svc",
    ]
    page.get_by_role("button", name="Service").click()
    assert page.evaluate(VISIBLE_SERVICES) == [
        "alpha-api",
        "beta-worker",
        "broken-svc",
        "gamma-store",
    ]
    sort = page.evaluate(
        "() => [...document.querySelectorAll('#service-table th[aria-sort]')]"
        ".map(th => [th.textContent.trim(), th.getAttribute('aria-sort')])"
    )
    assert sort == [["Service", "ascending"]]


def test_filters_and_search_narrow_the_rows(portfolio_page: Any) -> None:
    page = portfolio_page
    count = page.locator("#service-count")
    assert count.text_content() == "Showing all 4 services."
    page.get_by_role("combobox", name="Owner").select_option("team-b")
    assert page.evaluate(VISIBLE_SERVICES) == ["beta-worker", "gamma-store"]
    assert count.text_content() == "Showing 2 of 4 services."
    page.get_by_role("combobox", name="Tier").select_option("1")
    assert page.evaluate(VISIBLE_SERVICES) == ["gamma-store"]
    page.get_by_role("combobox", name="Owner").select_option("")
    page.get_by_role("combobox", name="Tier").select_option("")
    page.get_by_role("combobox", name="Verdict").select_option("NOT READY")
    assert page.evaluate(VISIBLE_SERVICES) == ["beta-worker", "gamma-store"]
    page.get_by_role("combobox", name="Verdict").select_option("")
    page.get_by_role("combobox", name="Checklist").select_option("demo")
    assert page.evaluate(VISIBLE_SERVICES) == ["beta-worker", "gamma-store", "alpha-api"]
    page.get_by_label("Stale or undated only").check()
    assert page.evaluate(VISIBLE_SERVICES) == ["beta-worker", "gamma-store"]
    page.get_by_label("Stale or undated only").uncheck()
    page.get_by_label("Search a service").fill("ALPHA")
    assert page.evaluate(VISIBLE_SERVICES) == ["alpha-api"]
    assert count.text_content() == "Showing 1 of 4 services."


def test_without_scripts_every_row_is_shown_and_the_form_hidden(
    page_factory: Any, portfolio_page: Any
) -> None:
    context = page_factory.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(portfolio_page.url)
    rows = page.locator("#service-table tbody tr")
    assert rows.count() == 4
    assert page.locator("#service-filters").is_hidden()
    assert [t.strip() for t in page.locator("table.heat tbody td").all_text_contents()] == [
        "100",
        "60",
        "50",
        "0",
        "25",
        "60",
    ]
    context.close()


def test_a_laptop_screen_shows_the_summary_and_first_rows_without_scrolling_sideways(
    portfolio_page: Any, tmp_path: Path
) -> None:
    page = portfolio_page
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    assert page.locator("#summary").bounding_box()["y"] < 800
    first = page.locator("#service-table tbody tr").first.bounding_box()
    assert first["y"] + first["height"] <= 800
    assert first["x"] + first["width"] <= 1280
    shot = page.screenshot(path=str(tmp_path / "portfolio.png"))
    assert shot.startswith(b"\x89PNG")


def test_the_page_with_changes_since_a_revision_has_no_violations(
    page_factory: Any, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = two_commits(tmp_path)
    monkeypatch.chdir(repo)
    target = repo / "portfolio.html"
    args = ("reviews", "--checklists", "checklists", "--today", "2026-11-23", "-o", target)
    assert cli("portfolio", *args, "--since", "HEAD~1").code == 0
    context = page_factory.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(target.as_uri())
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes[0].target}`)"
    )
    assert violations == []
    changed = page.locator("#changes tbody th").all_text_contents()
    assert changed == ["alpha-api", "gamma-store", "beta-worker"]
    context.close()
