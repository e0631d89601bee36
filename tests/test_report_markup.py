"""Markdown from checklists and reviews to HTML: raw HTML, images and unsafe links never survive."""

from __future__ import annotations

import pytest

from orr.render.markup import markdown_to_html, safe_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a?b=c#d",
        "http://example.com",
        "HTTPS://EXAMPLE.COM",
        "mailto:oncall@example.com",
        "docs/runbook.md",
        "../runbooks/dlq.md#redrive",
        "#item-x",
        "?tab=2",
        "runbooks/v2:notes.md",  # a colon after the first slash is part of the path
    ],
)
def test_safe_url_allows_web_mail_and_relative_links(url: str) -> None:
    assert safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java%09script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "//evil.example/x",
        "\\\\evil\\share",
        "mailto:",
        "https://example.com/a b",
        "https://example.com/<script>",
        "'><script>alert(1)</script>",
        'docs/a.md"onclick="x',
        "",
    ],
)
def test_safe_url_refuses_everything_else(url: str) -> None:
    assert not safe_url(url)


def test_raw_html_is_text() -> None:
    assert markdown_to_html("a <script>alert(1)</script> b") == (
        "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"
    )
    assert markdown_to_html('<img src=x onerror="alert(1)">') == (
        "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html,hi)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_unsafe_links_are_not_links(source: str) -> None:
    assert "<a" not in markdown_to_html(source)


def test_safe_links_are_kept() -> None:
    assert markdown_to_html("[run](https://ci.example.com/1) [doc](docs/a.md)") == (
        '<p><a href="https://ci.example.com/1">run</a> <a href="docs/a.md">doc</a></p>\n'
    )
    assert markdown_to_html("<mailto:a@example.com>") == (
        '<p><a href="mailto:a@example.com">mailto:a@example.com</a></p>\n'
    )


def test_images_are_never_loaded() -> None:
    html = markdown_to_html("![pixel](https://tracker.example/p.png)")
    assert "<img" not in html
    assert html == '<p>!<a href="https://tracker.example/p.png">pixel</a></p>\n'


def test_headings_become_bold_paragraphs_to_keep_the_report_outline() -> None:
    assert markdown_to_html("# Title\n\ntext") == (
        '<p class="md-heading"><strong>Title</strong></p>\n<p>text</p>\n'
    )


def test_tables_lists_and_code_render() -> None:
    html = markdown_to_html("| a | b |\n| - | - |\n| 1 | 2 |\n\n- one\n- `two`\n\n~~old~~")
    assert "<table>" in html and "<td>1</td>" in html
    assert "<li><code>two</code></li>" in html
    assert "<s>old</s>" in html


def test_blank_text_gives_nothing() -> None:
    assert markdown_to_html("  \n ") == ""
