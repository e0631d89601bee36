"""The portfolio page in a real browser: no violations for axe-core, nothing fetched, printable.

Needs /usr/bin/chromium and node_modules/axe-core, like the report's browser tests: a missing
one skips these tests outside CI and fails them in CI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orr.portfolio.rollup import WaiverNote
from orr.portfolio.run import Settings, build, discover
from orr.render import portfolio_html
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


ACTIVE = WaiverNote(
    "demo/alarms", "2027-03-01", 98, "active", "vp-eng", "The new alarms ship in Q1."
)


@pytest.fixture
def blocks_page(page_factory: Any, tmp_path: Path) -> Iterator[Any]:
    """The portfolio with one row per block, as 2,000 services have 100, and an active waiver."""
    settings = Settings((DATA / "checklists",), dt.date(2026, 11, 23))
    portfolio = build(discover([str(DATA / "reviews")]), settings)
    rows = tuple(
        dataclasses.replace(r, waivers=(ACTIVE,)) if r.service == "gamma-store" else r
        for r in portfolio.rows
    )
    target = tmp_path / "blocks.html"
    page_html = portfolio_html.render(dataclasses.replace(portfolio, rows=rows), block_rows=1)
    target.write_text(page_html, encoding="utf-8")
    context = page_factory.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(target.as_uri())
    yield page
    context.close()


def axe_violations(page: Any) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(  # type: ignore[no-any-return]
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes[0].target}`)"
    )


def test_axe_finds_no_violations_and_nothing_is_fetched(portfolio_page: Any) -> None:
    assert axe_violations(portfolio_page) == []
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


BLOCKS = (
    "() => [...document.querySelectorAll('#service-table .block')]"
    ".map(b => b.hidden ? null : [...b.querySelectorAll('tbody tr')]"
    ".filter(r => !r.hidden).map(r => r.cells[0].textContent))"
)


def test_rows_in_blocks_sort_and_filter_as_one_table(blocks_page: Any) -> None:
    page = blocks_page
    assert page.evaluate(BLOCKS) == [
        ["beta-worker"],
        ["gamma-store"],
        ["alpha-api"],
        ["broken-svc"],
    ]
    page.get_by_role("button", name="Score").click()
    page.get_by_role("button", name="Score").click()
    assert page.evaluate(BLOCKS) == [
        ["alpha-api"],
        ["gamma-store"],
        ["beta-worker"],
        ["broken-svc"],
    ]
    assert page.get_by_role("button", name="Score").count() == 1  # only the first block's head
    page.get_by_role("combobox", name="Owner").select_option("team-b")
    assert page.evaluate(BLOCKS) == [["gamma-store"], ["beta-worker"], None, None]
    assert page.locator("#service-count").text_content() == "Showing 2 of 4 services."
    page.get_by_label("Search a service").fill("beta")
    assert page.evaluate(BLOCKS) == [["beta-worker"], None, None, None]
    page.get_by_label("Search a service").fill("")
    page.get_by_role("combobox", name="Owner").select_option("")
    assert page.evaluate(BLOCKS) == [
        ["alpha-api"],
        ["gamma-store"],
        ["beta-worker"],
        ["broken-svc"],
    ]


def test_the_page_in_blocks_has_no_violations_and_shows_every_row_without_scripts(
    page_factory: Any, blocks_page: Any
) -> None:
    assert axe_violations(blocks_page) == []
    context = page_factory.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(blocks_page.url)
    assert page.locator("#service-table tbody tr").count() == 4
    assert page.locator("table.heat tbody tr").count() == 3
    assert page.locator("#waiver-table tbody tr").count() == 3
    context.close()


def test_the_waivers_table_lists_every_waiver_by_expiry(blocks_page: Any) -> None:
    cells = blocks_page.evaluate(
        "() => [...document.querySelectorAll('#waiver-table tbody tr')]"
        ".map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    assert cells == [
        [
            "2026-10-01",
            "expired 53 days ago",
            "beta-worker",
            "demo/runbook",
            "head-of-sre",
            "Waiting for the new paging tool.",
        ],
        [
            "2026-12-10",
            "expires in 17 days",
            "alpha-api",
            "demo/runbook",
            "head-of-sre",
            "Runbooks for the two new alarms are being written.",
        ],
        [
            "2027-03-01",
            "active",
            "gamma-store",
            "demo/alarms",
            "vp-eng",
            "The new alarms ship in Q1.",
        ],
    ]
    heads = blocks_page.locator("#waiver-table .block").first.locator("thead th")
    assert heads.all_text_contents() == [
        "Expires",
        "State",
        "Service",
        "Item",
        "Approved by",
        "Reason",
    ]


def test_printing_lays_out_every_block_even_those_a_filter_hid(blocks_page: Any) -> None:
    page = blocks_page
    page.get_by_role("combobox", name="Owner").select_option("team-b")
    skipped = "() => [...document.querySelectorAll('.block, .later')]"
    skipped += ".map(b => getComputedStyle(b).contentVisibility)"
    assert set(page.evaluate(skipped)) == {"auto"}  # on screen, far blocks are not laid out
    page.emulate_media(media="print")
    assert set(page.evaluate(skipped)) == {"visible"}
    shown = (
        "sel => [...document.querySelectorAll(sel)]"
        ".map(e => e.checkVisibility({contentVisibilityAuto: true}))"
    )
    for rows in ("#service-table .block", "table.heat tbody tr", "#waiver-table tbody tr"):
        assert set(page.evaluate(shown, rows)) == {True}, rows


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
