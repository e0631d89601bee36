"""The questions' input and output, behind one small interface.

``orr.interview.terminal`` implements it twice: with single keypresses and arrow keys on a terminal,
and with one line per prompt when stdin is not a terminal (scripts). Tests implement it with
a list of replies. Parsing the typed forms (``met``, ``m``, ``1,-3``) lives here, shared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from orr.interview.text import Style
from orr.model import Choice


@dataclass(frozen=True)
class Option:
    """One entry of a menu: the value returned and the key that picks it."""

    value: str
    key: str


STATUS_OPTIONS = (
    Option("met", "m"),
    Option("partial", "p"),
    Option("unmet", "u"),
    Option("n/a", "n"),
    Option("skip", "s"),
    Option("back", "b"),
    Option("quit", "q"),
)
CHOICE_ACTIONS = (Option("n/a", "n"), Option("skip", "s"), Option("back", "b"), Option("quit", "q"))


@dataclass(frozen=True)
class Selection:
    """The choices selected for a choice item, and the ones marked not applicable."""

    chosen: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()


class Prompter(Protocol):
    """Asks and shows. Every method may raise KeyboardInterrupt; the asking ones EOFError."""

    style: Style

    @property
    def width(self) -> int: ...

    def show(self, text: str) -> None:
        """Print a block of text (an item, a summary)."""

    def notice(self, text: str) -> None:
        """Tell the user something went wrong with what they typed, or what just happened."""

    def menu(self, prompt: str, options: Sequence[Option], default: str | None) -> str:
        """One option's value; ``default`` is what Enter (an empty line) picks, if anything."""
        ...

    def select(
        self,
        prompt: str,
        choices: Sequence[Choice],
        current: Selection,
        actions: Sequence[Option],
    ) -> Selection | str:
        """The choices picked (starting from ``current``), or the value of an action."""
        ...

    def line(self, prompt: str) -> str:
        """One line of text, without its line break."""
        ...


def match_option(text: str, options: Sequence[Option]) -> str | None:
    """The option named by its value (``n/a``) or key (``n``), case-insensitive."""
    word = text.strip().lower()
    for option in options:
        if word in (option.value, option.key) or (option.value == "n/a" and word == "na"):
            return option.value
    return None


def parse_selection(text: str, choices: Sequence[Choice]) -> Selection:
    """``paging, 2, -3``: choice ids or numbers; a leading ``-`` marks one not applicable.

    Raises ValueError with a message that says what to type instead.
    """
    ids = [c.id for c in choices]
    chosen: list[str] = []
    na: list[str] = []
    for token in (t for t in re.split(r"[,\s]+", text.strip()) if t):
        target = na if token.startswith("-") else chosen
        name = token.lstrip("-")
        if name.isdigit() and 1 <= int(name) <= len(ids):
            name = ids[int(name) - 1]
        if name not in ids:
            raise ValueError(
                f"{token!r} is not one of the choices: give ids ({', '.join(ids)}) or numbers "
                f"1-{len(ids)}, a leading '-' for not applicable"
            )
        if name not in target:
            target.append(name)
    both = set(chosen) & set(na)
    if both:
        raise ValueError(f"{sorted(both)[0]!r} cannot be both chosen and not applicable")
    exclusive = {c.id for c in choices if c.none_of_these}
    if set(chosen) & exclusive and len(chosen) > 1:
        raise ValueError(f"{sorted(set(chosen) & exclusive)[0]!r} cannot go with other choices")
    return Selection(tuple(chosen), tuple(na))


def toggle(current: Selection, choice: Choice, choices: Sequence[Choice]) -> Selection:
    """Choose or unchoose one choice; a 'none of these' choice clears the others and back."""
    chosen = [c for c in current.chosen if c != choice.id]
    na = [c for c in current.not_applicable if c != choice.id]
    if choice.id not in current.chosen:
        exclusive = {c.id for c in choices if c.none_of_these}
        chosen = [] if choice.none_of_these else [c for c in chosen if c not in exclusive]
        chosen.append(choice.id)
    return Selection(_in_order(chosen, choices), _in_order(na, choices))


def toggle_not_applicable(
    current: Selection, choice: Choice, choices: Sequence[Choice]
) -> Selection:
    """Mark one choice not applicable (or applicable again); it is then not chosen."""
    chosen = [c for c in current.chosen if c != choice.id]
    na = [c for c in current.not_applicable if c != choice.id]
    if choice.id not in current.not_applicable:
        na.append(choice.id)
    return Selection(_in_order(chosen, choices), _in_order(na, choices))


def _in_order(ids: Sequence[str], choices: Sequence[Choice]) -> tuple[str, ...]:
    return tuple(c.id for c in choices if c.id in ids)
