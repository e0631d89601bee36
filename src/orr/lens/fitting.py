"""Making checklist text and ids fit the lens limits, or saying exactly what does not fit.

Without ``fit`` every overflow is a violation (an error). With ``fit`` texts are shortened at a
word boundary with an ellipsis and ids are made valid and unique, each change recorded so the
command can list it. Some limits cannot be met by shortening (too many pillars or choices, a
file over 500 KB): those stay violations either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orr.lens.format import ID_PATTERN, ID_RULE
from orr.loading import Loc

ELLIPSIS = "…"


@dataclass(frozen=True)
class Note:
    """Something about one place in the checklist: where, which item, what."""

    loc: Loc
    ref: str
    message: str


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\n") + ELLIPSIS


def valid_id(value: str) -> str:
    """``value`` made a lens id: other characters become '_', short ids get '_id' added."""
    fixed = re.sub(r"[^A-Za-z0-9_]", "_", value)
    if len(fixed) < 3:
        fixed += "_id"
    return fixed[:128]


@dataclass
class Fitter:
    fit: bool
    changes: list[Note] = field(default_factory=list)
    violations: list[Note] = field(default_factory=list)

    def text(self, value: str, limit: int, loc: Loc, ref: str, what: str) -> str:
        if len(value) <= limit:
            return value
        if not self.fit:
            self.violations.append(
                Note(
                    loc,
                    ref,
                    f"{what} is {len(value):,} characters, over the lens limit of {limit:,}; "
                    "shorten it or pass --fit",
                )
            )
            return value
        short = shorten(value, limit)
        self.changes.append(
            Note(loc, ref, f"{what} shortened to {len(short):,} characters (from {len(value):,})")
        )
        return short

    def id(self, value: str, taken: set[str], loc: Loc, ref: str, what: str) -> str:
        """The lens id for an orr id: '-' becomes '_'; invalid or taken ids need ``fit``."""
        wanted = value.replace("-", "_")
        if ID_PATTERN.match(wanted) and wanted not in taken:
            taken.add(wanted)
            return wanted
        if not ID_PATTERN.match(wanted):
            reason = f"is not a lens id ({ID_RULE})"
        elif wanted == value:
            reason = f"is already the lens id of another {what}"
        else:
            reason = f"would be {wanted!r} in the lens, the id of another {what}"
        if not self.fit:
            self.violations.append(
                Note(loc, ref, f"{what} id {value!r} {reason}; rename it or pass --fit")
            )
            taken.add(wanted)
            return wanted
        base = candidate = valid_id(wanted)
        n = 2
        while candidate in taken:
            suffix = f"_{n}"
            candidate, n = base[: 128 - len(suffix)] + suffix, n + 1
        taken.add(candidate)
        self.changes.append(Note(loc, ref, f"{what} id {value!r} {reason}: renamed {candidate!r}"))
        return candidate

    def change(self, loc: Loc, ref: str, message: str) -> None:
        self.changes.append(Note(loc, ref, message))

    def violation(self, loc: Loc, ref: str, message: str) -> None:
        self.violations.append(Note(loc, ref, message))
