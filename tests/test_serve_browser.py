"""orr serve in a real browser: Debian's chromium under Playwright, the app live on loopback.

Set-up (and what happens without chromium or axe-core) is in tests/browser.py; the server in
tests/serve_helpers.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from orr.catalog import Catalog, load_review
from orr.web.page import PAGE_ITEMS
from tests.browser import AXE, RecordedPage, launched_chromium
from tests.report_helpers import payloads
from tests.serve_helpers import Live, live_server, long_review, review_copy, settings_for

pytestmark = pytest.mark.browser

expect: Any = None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    global expect
    with launched_chromium() as launched:
        from playwright.sync_api import expect as playwright_expect

        expect = playwright_expect
        yield launched


class Tab(RecordedPage):
    """A page of the served review, with every request, dialog and error recorded."""

    def _console(self, message: Any) -> None:
        refused = ("status of 409", "status of 422")  # answers refused on purpose, shown
        if message.type == "error" and not any(code in message.text for code in refused):
            self.errors.append(message.text)

    def saved(self, anchor: str, ref: str) -> None:
        expect(self.page.locator(f"#{anchor}-msg")).to_have_text(f"Saved {ref}.")

    def axe(self) -> list[str]:
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        return list(
            self.page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                ".violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes[0].target}`)"
            )
        )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Live]:
    review = review_copy(tmp_path)
    with live_server(settings_for(review, tmp_path / "checklists")) as live:
        yield live


@pytest.fixture
def tabs(browser: Any) -> Iterator[Any]:
    opened: list[Tab] = []

    def open_tab(url: str, **options: Any) -> Tab:
        opened.append(Tab(browser, url, **options))
        return opened[-1]

    yield open_tab
    for tab in opened:
        tab.context.close()


def _answers(live: Live) -> dict[str, Any]:
    data = yaml.safe_load(live.settings.target.read_text(encoding="utf-8"))
    return dict(data["answers"])


def test_answer_every_kind_reload_and_find_them_in_the_file(served: Live, tabs: Any) -> None:
    tab = tabs(served.url())
    page = tab.page
    verdict = page.locator("#verdict-word")
    expect(verdict).to_have_text("✗ NOT READY")
    # a status item: met (the other blocker still open)
    page.click("#item-demo--rollback-set-met")
    tab.saved("item-demo--rollback", "demo/rollback")
    expect(verdict).to_have_text("✗ NOT READY")
    # n/a with its reason, on an item that takes no evidence
    page.fill("#item-demo--bake-time-reason", "No waves: one host only.")
    page.click("#item-demo--bake-time-set-na")
    expect(page.locator("#item-demo--bake-time-set-na")).to_have_attribute("aria-pressed", "true")
    # choices, with a not-applicable mark
    risk = page.locator("#item-demo--runbooks-state .badge").nth(1)
    page.check("#item-demo--runbooks-choice-paging")
    expect(risk).to_have_text("Medium risk")  # paging alone
    page.locator("#item-demo--runbooks input[name=na_choice][value=tested]").check()
    expect(risk).to_have_text("No risk")  # tested does not apply: paging is enough
    # notes in Markdown, saved when the field is left
    page.fill("#item-demo--on-call-notes", "Rota **checked** today.")
    page.locator("#item-demo--on-call-notes").blur()
    tab.saved("item-demo--on-call", "demo/on-call")
    expect(page.locator("#item-demo--on-call-state strong")).to_have_text("checked")
    # met without the required evidence is refused; with it, the last blocker goes
    page.fill("#item-demo--one-box-evidence", "")
    page.click("#item-demo--one-box-set-met")
    expect(page.locator("#item-demo--one-box-msg")).to_contain_text("needs evidence")
    expect(verdict).to_have_text("✗ NOT READY")
    page.fill("#item-demo--one-box-evidence", "https://ci.example.com/runs/42")
    page.click("#item-demo--one-box-set-met")
    expect(verdict).to_have_text("✓ READY")
    expect(page.locator("#blockers")).to_have_count(0)

    page.reload()
    expect(page.locator("#item-demo--one-box-set-met")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#item-demo--bake-time-reason")).to_have_value("No waves: one host only.")
    expect(page.locator("#item-demo--runbooks-choice-paging")).to_be_checked()
    expect(page.locator("#item-demo--on-call-notes")).to_have_value("Rota **checked** today.")
    expect(verdict).to_have_text("✓ READY")

    text = served.settings.target.read_text(encoding="utf-8")
    for comment in (
        "# Review of the demo service, kept by hand.",
        "service: demo-api   # the public name",
        "    status: met       # one-box exists, but hotfixes skip it",
        "    # TODO(dana): link the pipeline run",
        "  # rollback is the next thing to look at",
        "      # rotation export attached in the wiki",
        "# end of answers",
        "waivers: []   # none yet",
    ):
        assert comment in text
    answers = _answers(served)
    assert answers["demo/one-box"]["evidence"] == ["https://ci.example.com/runs/42"]
    assert answers["demo/one-box"]["notes"] == "Hotfix path still deploys everywhere."
    assert answers["demo/rollback"]["status"] == "met"
    assert answers["demo/bake-time"]["status"] == "n/a"
    assert answers["demo/bake-time"]["reason"] == "No waves: one host only."
    assert answers["demo/runbooks"]["choices"] == ["paging"]
    assert answers["demo/runbooks"]["na_choices"] == ["tested"]
    assert answers["demo/on-call"]["notes"] == "Rota **checked** today."
    assert {a["answered_by"] for a in answers.values() if "answered_by" in a} == {"dana"}
    assert list(answers) == [
        "demo/one-box",
        "demo/rollback",
        "demo/bake-time",
        "demo/runbooks",
        "demo/on-call",
    ]
    catalog = Catalog.with_bundled([served.settings.target.parent / "checklists"])
    load_review(served.settings.target, catalog)  # still a valid review
    assert tab.errors == []


def test_a_stale_second_page_is_refused_and_shows_the_newer_answer(served: Live, tabs: Any) -> None:
    """Per item: the second page's save to the item the first page changed is refused and shows
    the newer answer; its saves to other items meanwhile are kept, not refused."""
    first, second = tabs(served.url()), tabs(served.url())
    first.page.click("#item-demo--rollback-set-met")
    first.saved("item-demo--rollback", "demo/rollback")

    second.page.fill("#item-demo--on-call-notes", "Rota checked from the second page.")
    second.page.locator("#item-demo--on-call-notes").blur()
    second.saved("item-demo--on-call", "demo/on-call")
    assert _answers(served)["demo/on-call"]["notes"] == "Rota checked from the second page."
    assert _answers(served)["demo/rollback"]["status"] == "met"
    before = served.settings.target.read_text(encoding="utf-8")

    second.page.click("#item-demo--rollback-set-partial")
    message = second.page.locator("#item-demo--rollback-msg")
    expect(message).to_contain_text("demo/rollback changed in review.yaml since this page was")
    expect(message).to_contain_text("your answer was not saved")
    pressed = second.page.locator("#item-demo--rollback-set-met")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    assert served.settings.target.read_text(encoding="utf-8") == before
    assert _answers(served)["demo/rollback"]["status"] == "met"

    second.page.click("#item-demo--rollback-set-partial")  # now based on the newer answer
    second.saved("item-demo--rollback", "demo/rollback")
    assert _answers(served)["demo/rollback"]["status"] == "partial"
    assert _answers(served)["demo/on-call"]["notes"] == "Rota checked from the second page."
    assert first.errors == [] and second.errors == []


def test_a_hand_edit_on_disk_is_picked_up(served: Live, tabs: Any) -> None:
    tab = tabs(served.url())
    path = served.settings.target
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: unmet", "status: met"), "utf-8"
    )
    expect(tab.page.locator("#disk")).to_contain_text("The file changed on disk", timeout=10_000)
    tab.page.reload()
    expect(tab.page.locator("#item-demo--rollback-set-met")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_another_origin_cannot_write(served: Live, tabs: Any) -> None:
    tab = tabs(served.url())  # has the cookie for 127.0.0.1
    before = served.settings.target.read_text(encoding="utf-8")
    other = tab.context.new_page()
    other.goto(served.url().replace("127.0.0.1", "localhost"))
    status = other.evaluate(
        "async (url) => { try { return (await fetch(url, {method: 'POST', credentials: "
        "'include', mode: 'no-cors', body: new URLSearchParams({ref: 'demo/rollback', "
        "set: 'met'})})).status } catch (error) { return -1 } }",
        f"{served.base}/review/review.yaml/answer",
    )
    assert status in (0, -1)  # opaque or blocked: the other origin learns nothing
    assert served.settings.target.read_text(encoding="utf-8") == before


def test_axe_finds_no_violations_on_the_review_page(served: Live, tabs: Any) -> None:
    tab = tabs(served.url())
    tab.page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    assert tab.axe() == []
    assert tab.errors == []


def test_axe_finds_no_violations_on_the_folder_page(tmp_path: Path, tabs: Any) -> None:
    review_copy(tmp_path)
    shutil.copy(tmp_path / "review.yaml", tmp_path / "second-review.yaml")
    settings = settings_for(tmp_path, tmp_path / "checklists")
    with live_server(settings) as live:
        tab = tabs(live.url())
        expect(tab.page.locator("tbody tr")).to_have_count(2)
        assert tab.axe() == []
        tab.page.get_by_role("link", name="demo-api").first.click()
        expect(tab.page.locator("h1")).to_have_text("Readiness review: demo-api")


def test_a_new_review_is_created_from_the_folder_page(tmp_path: Path, tabs: Any) -> None:
    review_copy(tmp_path)
    with live_server(settings_for(tmp_path, tmp_path / "checklists")) as live:
        tab = tabs(live.url())
        page = tab.page
        page.get_by_role("button", name="Create the review").click()
        expect(page.locator(".problems")).to_contain_text("Service: a name is needed.")
        page.fill("#new-file", "checkout.yaml")
        page.fill("#new-service", "checkout")
        page.get_by_label("Demo readiness demo").check()
        page.get_by_role("button", name="Ask the context keys").click()
        page.fill("#new-context-regions", "3")
        assert tab.axe() == []
        page.get_by_role("button", name="Create the review").click()
        expect(page.locator("h1")).to_have_text("Readiness review: checkout")
        expect(page.locator("#item-demo--regions")).to_be_visible()  # regions > 1: asked
        assert tab.errors == []
    data = yaml.safe_load((tmp_path / "checkout.yaml").read_text(encoding="utf-8"))
    assert (data["service"], data["owner"], data["checklists"]) == ("checkout", "dana", ["demo"])
    assert data["context"] == {"regions": 3}


def test_one_item_is_answered_with_the_keyboard_alone(served: Live, tabs: Any) -> None:
    tab = tabs(served.url())
    page = tab.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the questions"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "item-demo--one-box-set-met":
            break
    else:
        pytest.fail("the first item's Met button is not within 80 presses of Tab")
    page.keyboard.press("j")  # the next item: rollback
    assert page.evaluate("document.activeElement.id") == "item-demo--rollback-set-met"
    page.keyboard.press("m")
    tab.saved("item-demo--rollback", "demo/rollback")
    for _ in range(8):  # on to its notes, type, and leave them with Tab
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "item-demo--rollback-notes":
            break
    page.keyboard.press("Control+a")
    page.keyboard.type("Auto rollback since release 12.")
    page.keyboard.press("Tab")
    expect(page.locator("#item-demo--rollback-state")).to_contain_text("since release 12")
    expect(page.locator("#item-demo--rollback-set-met")).to_have_attribute("aria-pressed", "true")
    answer = _answers(served)["demo/rollback"]
    assert answer["status"] == "met"
    assert answer["notes"] == "Auto rollback since release 12."


def _hostile_review(folder: Path, corpus: list[str]) -> Path:
    review_copy(folder)
    path = folder / "review.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["service"] = corpus[0]
    data["owner"] = corpus[1]
    for n, ref in enumerate(["demo/one-box", "demo/rollback", "demo/on-call", "demo/bake-time"]):
        data["answers"][ref] = {
            "status": "n/a" if n == 3 else "partial",
            "reason": corpus[n + 2],
            "notes": "\n\n".join(corpus),
            "evidence": corpus if n != 3 else [],
        }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_xss_corpus_runs_nothing_and_loads_nothing(tmp_path: Path, tabs: Any) -> None:
    """In notes, evidence, reasons and service names; the CSP is bypassed so that escaping
    alone must hold."""
    corpus = payloads()
    path = _hostile_review(tmp_path, corpus)
    with live_server(settings_for(tmp_path, tmp_path / "checklists")) as live:
        folder_tab = tabs(live.url(), bypass_csp=True)
        tab = tabs(live.url(f"/review/{path.name}"), bypass_csp=True)
        page = tab.page
        page.fill("#item-demo--runbooks-notes", "\n".join(corpus))
        page.locator("#item-demo--runbooks-notes").blur()
        tab.saved("item-demo--runbooks", "demo/runbooks")
        page.reload()
        for visited in (folder_tab, tab):
            visited.page.locator("details").evaluate_all(
                "all => all.forEach(d => { d.open = true; })"
            )
            visited.page.mouse.move(200, 200)
            visited.page.keyboard.press("Tab")
            visited.page.wait_for_timeout(200)  # let any onerror/onload/ontoggle fire
            assert visited.dialogs == []
            assert visited.page.evaluate("window.__orrXss") is None
            assert [u for u in visited.requests if not u.startswith(live.base)] == []
            assert visited.page.evaluate("document.scripts.length") == 2
            assert (
                visited.page.evaluate(
                    "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
                    ".filter(a => a.name.startsWith('on')).map(a => a.name)"
                )
                == []
            )
        assert "javascript:window.__orrXss" in path.read_text(encoding="utf-8")


def test_a_long_review_is_paged_passes_axe_and_a_save_updates_its_section(
    tmp_path: Path, tabs: Any
) -> None:
    sizes = [PAGE_ITEMS * 3 // 5, PAGE_ITEMS * 7 // 5]
    path = long_review(tmp_path, sizes)
    with live_server(settings_for(path, tmp_path / "checklists")) as live:
        tab = tabs(live.url())
        page = tab.page
        assert page.locator("article.serve-item").count() == sizes[0]
        assert tab.axe() == []
        page.click("#item-long--i0-0-set-met")
        tab.saved("item-long--i0-0", "long/i0-0")
        expect(page.locator("#section-long--s0-count")).to_contain_text(f"1/{sizes[0]}")
        expect(page.locator("#verdict")).to_contain_text(f"1 of {sum(sizes)} answered")
        page.click("text=Next page")
        page.wait_for_load_state("load")  # serve.js (the keys) runs once the page has loaded
        expect(page.locator("article.serve-item").first).to_have_id("item-long--i1-0")
        expect(page.locator("#section-long--s0-count")).to_contain_text(f"1/{sizes[0]}")
        page.keyboard.press("j")
        page.keyboard.press("u")
        tab.saved("item-long--i1-0", "long/i1-0")
        assert tab.axe() == []
        assert tab.errors == []
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]["long/i1-0"]["status"] == (
        "unmet"
    )
