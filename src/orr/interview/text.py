"""Terminal text: optional ANSI styles and word wrapping that measures what is visible."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Style:
    """ANSI styles, or plain text when ``color`` is off (NO_COLOR, not a terminal)."""

    color: bool = False

    def _sgr(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def bold(self, text: str) -> str:
        return self._sgr("1", text)

    def dim(self, text: str) -> str:
        return self._sgr("2", text)

    def reverse(self, text: str) -> str:
        return self._sgr("7", text)

    def red(self, text: str) -> str:
        return self._sgr("1;31", text)

    def yellow(self, text: str) -> str:
        return self._sgr("33", text)

    def green(self, text: str) -> str:
        return self._sgr("32", text)

    def cyan(self, text: str) -> str:
        return self._sgr("36", text)

    def magenta(self, text: str) -> str:
        return self._sgr("1;35", text)


def visible_width(text: str) -> int:
    """Columns the text takes: escape codes take none, wide (CJK) characters two."""
    plain = _ANSI.sub("", text)
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in plain
    )


def strip_styles(text: str) -> str:
    return _ANSI.sub("", text)


def wrap_words(words: Iterable[str], width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy word wrap by visible width; a word longer than a line (a URL) gets its own."""
    lines: list[str] = []
    line, used, prefix = first, visible_width(first), first
    for word in words:
        size = visible_width(word)
        if line != prefix and used + 1 + size > width:
            lines.append(line)
            line, used = rest + word, visible_width(rest) + size
            prefix = rest
            continue
        if line == prefix:
            line, used = line + word, used + size
        else:
            line, used = f"{line} {word}", used + 1 + size
    if line != prefix or not lines:
        lines.append(line)
    return lines


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Wrap plain or styled text (whitespace collapsed) to ``width`` columns."""
    return wrap_words(text.split(), width, first, first if rest is None else rest)
