"""Escaping user text for GitHub-flavoured Markdown (GitHub and GitLab).

Everything a review or checklist says is shown as literal text: a ``|`` cannot end a table
cell, ``<script>`` is not a tag, ``[x](javascript:...)`` is not a link, ``$x$`` is not maths.
Backslash escapes work for every ASCII punctuation character in CommonMark, so escaping is
safe wherever the text lands (paragraph, list item or table cell).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from orr.render.markup import safe_url

#: Characters that start or end inline markup on GitHub or GitLab.
_INLINE = re.compile(r"([\\`*_\[\]<>|~$&])")
#: A start that would open a block after a list marker: heading, list, quote, rule.
_BLOCK_START = re.compile(r"^([#>+=-])")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
#: A ``#`` after a space can close an ATX heading: ``### Is it C #`` loses its last word.
_HASH = re.compile(r"(?<=\s)#")
_WHITESPACE = re.compile(r"\s+")


def text(value: object) -> str:
    """One line of literal Markdown text: newlines folded into spaces, markup escaped."""
    flat = _WHITESPACE.sub(" ", str(value)).strip()
    escaped = _HASH.sub(r"\\#", _INLINE.sub(r"\\\1", flat))
    return _NUMBERED.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\1", escaped))


def cell(value: object) -> str:
    """A table cell: literal text on one line; an empty cell shows a dash."""
    return text(value) or "-"


def code(value: object) -> str:
    """An identifier (checklist or item id) as an inline code span."""
    flat = _WHITESPACE.sub(" ", str(value)).strip()
    if "`" in flat or "|" in flat:
        return text(flat)
    return f"`{flat}`"


def link(url: str, label: str | None = None) -> str:
    """A link if the target is http(s), mailto or relative; otherwise the literal text."""
    if not safe_url(url):
        return text(label or url)
    target = quote(url.strip(), safe="/:?#[]@!$&'*+,;=%~.-_")  # no space, ( ) < > | ` "
    return f"[{text(label or url)}]({target})"
