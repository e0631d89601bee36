"""The HTML report without a browser: self-contained, escaped, ordered, complete."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest

from orr.render import html
from orr.result import Result
from tests.report_helpers import demo_result, hostile_result, large_result, payloads

#: Attributes through which a page loads something.
LOADING = {"src", "srcset", "data", "poster", "background", "action", "formaction", "xlink:href"}


class Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def demo() -> Result:
    return demo_result()


@pytest.fixture(scope="module")
def page(demo: Result) -> str:
    return html.render(demo)


def test_nothing_is_loaded_from_anywhere(page: str) -> None:
    parsed = Page(page)
    assert [(tag, a) for tag, a in parsed.tags if LOADING & set(a)] == []
    assert parsed.find("link") == [] and parsed.find("img") == [] and parsed.find("iframe") == []
    assert "url(" not in page and "@import" not in page


def test_the_one_script_is_allowed_by_its_hash_and_nothing_else(page: str) -> None:
    parsed = Page(page)
    assert len(parsed.find("script")) == 1
    (script,) = parsed.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    (csp,) = [m["content"] for m in parsed.find("meta") if m.get("http-equiv")]
    assert csp == (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
        "base-uri 'none'; form-action 'none'"
    )


def test_sections_and_headings_in_order(page: str) -> None:
    headings = re.findall(r"<h2 id=\"[a-z-]+\">([^<]+)</h2>", page)
    assert headings == [
        "Verdict",
        "Blockers",
        "Action plan",
        "Scores",
        "Waivers",
        "Items",
        "Audit appendix",
    ]
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_every_item_is_an_article_with_status_and_risk(demo: Result, page: str) -> None:
    articles = Page(page).find("article")
    items = [a for a in articles if a.get("class") == "item"]
    assert [(a["id"], a["data-status"], a["data-risk"]) for a in items] == [
        ("item-" + i.ref.replace("/", "--"), i.status, i.risk) for i in demo.items
    ]
    assert len([a for a in articles if a.get("class") == "blocker"]) == len(demo.blockers)


def test_status_is_written_out_not_only_coloured(page: str) -> None:
    assert '<span class="badge status-unmet"><span aria-hidden="true">✗</span> Unmet</span>' in page
    assert '<span class="badge risk-high">High risk</span>' in page
    assert '<span class="tag tag-changed">Changed since answered</span>' in page
    assert "<dt>What changed</dt>" in page


def test_filters_are_hidden_until_the_script_shows_them(page: str) -> None:
    (form,) = Page(page).find("form")
    assert form["id"] == "filters" and "hidden" in form


def test_charts_are_labelled_svg(demo: Result, page: str) -> None:
    svgs = Page(page).find("svg")
    assert len(svgs) == 1 + 1 + len(demo.checklists)  # risks, pillars, one per checklist
    assert all(s["role"] == "img" and s["aria-labelledby"] for s in svgs)
    assert '<desc id="chart-risks-desc">High: 2; Medium: 1; Low: 3; No risk: 2; N/A: 2; ' in page


def test_user_text_is_escaped_and_notes_are_markdown(page: str) -> None:
    assert "Is the | pipe item &lt;b&gt;bold&lt;/b&gt; done?" in page
    assert (
        "<p>Done. A <em>note</em> with <code>code</code>, a | pipe, "
        "&lt;script&gt;alert(1)&lt;/script&gt; and\n[a bad link](javascript:alert(1)).</p>"
    ) in page
    assert "<li><code>javascript:alert(1)</code></li>" in page
    assert '<a href="docs/evidence.md">docs/evidence.md</a>' in page


def test_hostile_text_gives_no_markup(demo: Result) -> None:
    parsed = Page(html.render(hostile_result(demo, payloads())))
    assert len(parsed.find("script")) == 1
    handlers = [(t, k) for t, a in parsed.tags for k in a if k.startswith("on")]
    assert handlers == []
    for tag in ("iframe", "img", "object", "embed", "link", "base", "svg", "math", "style"):
        assert len(parsed.find(tag)) == (1 if tag == "style" else 0) + (
            len(demo.checklists) + 2 if tag == "svg" else 0
        ), tag
    hrefs = [a["href"] or "" for a in parsed.find("a")]
    assert [h for h in hrefs if re.search(r"[\s<>\"]", h) or not _allowed(h)] == []
    assert [(t, a) for t, a in parsed.tags if LOADING & set(a)] == []


def _allowed(href: str) -> bool:
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", href)
    return scheme.group(1).lower() in ("http", "https", "mailto") if scheme else True


def test_rendering_is_deterministic(demo: Result, page: str) -> None:
    assert html.render(demo) == page


def test_a_thousand_items_fit_in_one_and_a_half_megabytes() -> None:
    size = len(html.render(large_result(1000)).encode("utf-8"))
    assert size < 1_500_000
