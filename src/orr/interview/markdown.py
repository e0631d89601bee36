"""Checklist Markdown (guidance, why) as terminal text: wrapped paragraphs, lists, code kept.

Deliberately small: paragraphs, headings, bullet and numbered lists (with continuation lines),
block quotes and fenced code; inline bold, italics, code and links. Anything else shows as
the Markdown source, which is readable too.
"""

from __future__ import annotations

import re

from orr.interview.text import Style, wrap_words

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?![\w*])"
    r"|\[(?P<link>[^\]]+)\]\((?P<url>[^)\s]+)\)"
    r"|<(?P<auto>https?://[^>\s]+)>"
)


def to_terminal(text: str, width: int, style: Style, indent: str = "  ") -> list[str]:
    """Render ``text`` as lines at most ``width`` columns wide (long words excepted)."""
    out: list[str] = []
    paragraph: list[str] = []
    bullet: tuple[str, str] | None = None  # (first-line prefix, continuation prefix)
    code: list[str] | None = None

    def flush() -> None:
        nonlocal paragraph, bullet
        if paragraph:
            first, rest = bullet or (indent, indent)
            out.extend(wrap_words(inline(" ".join(paragraph), style), width, first, rest))
        paragraph, bullet = [], None

    for raw in text.expandtabs(4).splitlines():
        if code is not None:
            if _FENCE.match(raw):
                out.extend(style.cyan(f"{indent}  {line}") for line in code)
                code = None
            else:
                code.append(raw)
            continue
        if _FENCE.match(raw):
            flush()
            code = []
            continue
        if not raw.strip():
            flush()
            if out and out[-1] != "":
                out.append("")
            continue
        heading = _HEADING.match(raw)
        if heading:
            flush()
            out.append(indent + style.bold(" ".join(inline(heading.group(2), style))))
            continue
        item = _LIST.match(raw)
        if item:
            flush()
            depth = indent + " " * len(item.group(1))
            marker = "•" if item.group(2) in "-*+" else item.group(2)
            bullet = (f"{depth}{marker} ", depth + " " * (len(marker) + 1))
            paragraph = [item.group(3)]
            continue
        quote = _QUOTE.match(raw)
        if quote and not paragraph:
            bullet = (f"{indent}│ ", f"{indent}│ ")
            paragraph = [quote.group(1)]
            continue
        paragraph.append(quote.group(1) if quote and bullet and "│" in bullet[0] else raw.strip())
    if code is not None:  # an unclosed fence: show what there is
        out.extend(style.cyan(f"{indent}  {line}") for line in code)
    flush()
    while out and out[-1] == "":
        out.pop()
    return out


def inline(text: str, style: Style) -> list[str]:
    """Words of one paragraph with inline Markdown turned into styles (each word styled)."""
    words: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        words.extend(text[position : match.start()].split())
        if match.group("code"):
            code = match.group("code_text").strip()
            words.extend(style.cyan(w) for w in (code.split() if style.color else [f"`{code}`"]))
        elif match.group("bold") or match.group("bold2"):
            strong = match.group("bold") or match.group("bold2")
            words.extend(style.bold(w) for w in strong.split())
        elif match.group("em"):
            words.extend(match.group("em").split())
        elif match.group("link"):
            words.extend(match.group("link").split())
            words.append(style.dim(f"<{match.group('url')}>"))
        else:
            words.append(match.group("auto"))
        position = match.end()
    words.extend(text[position:].split())
    return _glue_punctuation(words)


def _glue_punctuation(words: list[str]) -> list[str]:
    """Join a lone punctuation mark to the word before it (``**Good:**`` then ``,``)."""
    out: list[str] = []
    for word in words:
        if out and word[:1] in ",.;:!?)" and len(word) <= 2:
            out[-1] += word
        else:
            out.append(word)
    return out
