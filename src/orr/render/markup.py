"""Markdown from checklists and reviews (guidance, notes) to HTML that cannot carry markup.

markdown-it-py's CommonMark preset with raw HTML off, plus tables and strikethrough.
Images are off (an image would make the report fetch from another host); links are kept only
for http(s), mailto and relative targets (the report's ``referrer`` policy keeps them from
leaking its address); headings become bold paragraphs so that a checklist's
``# Heading`` cannot break the report's heading order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
#: Never in a link orr writes: whitespace and control characters (browsers strip them from
#: schemes: ``java\tscript:``), and characters that have no business in a URL.
_REFUSED = re.compile(r"[\x00-\x20\x7f<>\"`{}|\\^]")


def safe_url(url: str) -> bool:
    """True for http(s), mailto and relative links; false for javascript:, data:, file: ...

    A colon before the first ``/``, ``?`` or ``#`` without an allowed scheme is refused too, as
    are ``//host`` links and the characters in ``_REFUSED``.
    """
    text = url
    if not text or _REFUSED.search(text):
        return False
    match = _SCHEME.match(text)
    if match:
        return match.group(1).lower() in _ALLOWED_SCHEMES and len(text) > len(match.group(0))
    if text.startswith("//"):
        return False  # protocol-relative: another host, not a relative path
    head = re.split(r"[/?#]", text, maxsplit=1)[0]
    return ":" not in head


def _validate_link(url: str) -> bool:
    return safe_url(url)


def _heading_open(renderer: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    return '<p class="md-heading"><strong>'


def _heading_close(renderer: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    return "</strong></p>\n"


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    return md


_MD = _parser()


@lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> str:
    """Safe HTML for a fragment of Markdown; an empty string for blank text."""
    if not text.strip():
        return ""
    return str(_MD.render(text))
