"""Text read from files, made safe to show: control characters are written out, not sent.

A review's text reaches a terminal or a comment line as data, never as a command: no cleared
screen, no window title, no line overwritten by a carriage return, no comment ended early.
"""

from __future__ import annotations

import re

#: C0 and C1 control characters but tab and newline, Unicode's line and paragraph
#: separators, and the bidirectional overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: The same, except colour and weight codes (SGR), which orr's own styles are made of.
_CONTROL_BUT_STYLES = re.compile(f"(\x1b\\[[0-9;]*m)|{_CONTROL.pattern}")


def visible(text: str, *, styles: bool = False) -> str:
    """``text`` with each control character (``ESC``) as its escape (the four characters
    ``\\x1b``); tab and newline stay. ``styles`` keeps colour codes, for text orr styled."""
    return (_CONTROL_BUT_STYLES if styles else _CONTROL).sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    if match.lastindex:  # a colour code, kept
        return match.group()
    return match.group().encode("unicode_escape").decode()
