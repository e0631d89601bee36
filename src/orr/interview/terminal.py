"""Terminal input and output for ``orr review``: keypresses on a TTY, plain lines otherwise.

Conventions: colour only when stdout is a terminal and ``NO_COLOR`` is unset (and ``TERM`` is
not ``dumb``); text wraps to the terminal's width (at most 100 columns, at least 40); Ctrl-C
raises KeyboardInterrupt with the terminal restored; end of input raises EOFError.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import sys
import termios
import tty
from collections.abc import Iterator, Sequence
from typing import TextIO

from orr.interview.prompter import (
    Option,
    Prompter,
    Selection,
    match_option,
    parse_selection,
    toggle,
    toggle_not_applicable,
)
from orr.interview.text import Style, strip_styles, visible_width, wrap
from orr.model import Choice
from orr.printable import visible

_ARROWS = {b"A": "up", b"B": "down", b"C": "right", b"D": "left"}
#: How far a key moves the highlight in a menu or a list of choices.
_STEPS = {"up": -1, "left": -1, "down": 1, "right": 1, "tab": 1}
_ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def color_wanted(stream: TextIO) -> bool:
    return (
        stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"
    )


def terminal_width() -> int:
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


def open_prompter() -> Prompter:
    """Keys and arrows when stdin is a terminal; one line per prompt otherwise."""
    style = Style(color_wanted(sys.stdout))
    if sys.stdin.isatty():
        return KeyPrompter(sys.stdin.fileno(), sys.stdout, style)
    return LinePrompter(sys.stdin, sys.stdout, sys.stderr, style)


class LinePrompter:
    """One line per prompt, for scripts: prompts and the typed answers echo on stdout."""

    def __init__(self, stdin: TextIO, stdout: TextIO, stderr: TextIO, style: Style) -> None:
        self.stdin, self.stdout, self.stderr, self.style = stdin, stdout, stderr, style

    @property
    def width(self) -> int:
        return terminal_width()

    def show(self, text: str) -> None:
        self.stdout.write(visible(text, styles=True) + "\n")
        self.stdout.flush()

    def notice(self, text: str) -> None:
        self.stderr.write(visible(strip_styles(text)) + "\n")
        self.stderr.flush()

    def line(self, prompt: str) -> str:
        self.stdout.write(prompt + ": ")
        self.stdout.flush()
        raw = self.stdin.readline()
        if not raw:
            self.stdout.write("\n")
            raise EOFError
        value = raw.rstrip("\r\n")
        self.stdout.write(value + "\n")
        return value

    def menu(self, prompt: str, options: Sequence[Option], default: str | None) -> str:
        names = "/".join(o.value for o in options)
        while True:
            typed = self.line(f"{prompt} ({names})" + (f" [{default}]" if default else ""))
            if not typed.strip() and default:
                return default
            picked = match_option(typed, options)
            if picked:
                return picked
            self.notice(f"{typed.strip()!r} is not one of {names} (or their first letters)")

    def select(
        self, prompt: str, choices: Sequence[Choice], current: Selection, actions: Sequence[Option]
    ) -> Selection | str:
        names = "/".join(a.value for a in actions)
        default = f" [{','.join(current.chosen)}]" if current.chosen else ""
        while True:
            typed = self.line(f"{prompt} (ids or numbers, -id not applicable; or {names}){default}")
            if not typed.strip() and current.chosen:
                return current
            action = match_option(typed, actions)
            if action:
                return action
            try:
                return parse_selection(typed, choices)
            except ValueError as error:
                self.notice(str(error))


class KeyPrompter:
    """Single keypresses and arrow keys in cbreak mode; lines in the terminal's own line mode."""

    def __init__(self, fd: int, out: TextIO, style: Style) -> None:
        self.fd, self.out, self.style = fd, out, style

    @property
    def width(self) -> int:
        return terminal_width()

    def show(self, text: str) -> None:
        self._write(visible(text, styles=True) + "\n")

    def notice(self, text: str) -> None:
        self._write(visible(text, styles=True) + "\n")

    def line(self, prompt: str) -> str:
        self._write(self.style.bold(prompt) + ": ")
        data = b""
        while not data.endswith(b"\n"):
            chunk = os.read(self.fd, 1024)
            if not chunk:
                if not data:
                    self._write("\n")
                    raise EOFError
                break
            data += chunk
        return data.decode("utf-8", "replace").rstrip("\r\n")

    def menu(self, prompt: str, options: Sequence[Option], default: str | None) -> str:
        values = [o.value for o in options]
        index = values.index(default) if default in values else 0
        keys = " ".join(o.key for o in options)
        self._write(self.style.dim(f"  ←/→ and Enter, or a key: {keys}") + "\n")
        with self._keys():
            while True:
                self._write("\r\x1b[2K" + self._menu_line(prompt, options, index))
                key = self._read_key()
                if key in _STEPS:
                    index = (index + _STEPS[key]) % len(values)
                elif key == "enter":
                    break
                elif match_option(key, options) and len(key) == 1:
                    index = values.index(str(match_option(key, options)))
                    break
        self._write("\r\x1b[2K" + f"{self.style.bold(prompt)}: {values[index]}\n")
        return values[index]

    def _menu_line(self, prompt: str, options: Sequence[Option], index: int) -> str:
        """Every option, the highlighted one in brackets; only keys when the line is narrow."""
        for short in (False, True):
            parts = [
                self.style.reverse(f"[{o.value}]")
                if n == index
                else f" {o.key if short else o.value} "
                for n, o in enumerate(options)
            ]
            line = f"{self.style.bold(prompt)}: " + " ".join(parts)
            if visible_width(line) < self.width:
                break
        return line

    def select(
        self, prompt: str, choices: Sequence[Choice], current: Selection, actions: Sequence[Option]
    ) -> Selection | str:
        keys = ", ".join(f"{a.key} {a.value}" for a in actions)
        hint = f"↑/↓ move, space choose, x not applicable, Enter done; {keys}"
        self._write(self.style.bold(prompt) + "\n")
        self._write("\n".join(self.style.dim(line) for line in wrap(hint, self.width, "  ")))
        self._write("\n")
        index, selection, drawn = 0, current, 0
        with self._keys():
            while True:
                lines = self._choice_lines(choices, selection, index)
                up = f"\x1b[{drawn - 1}A" if drawn > 1 else ""
                self._write(("\r" + up if drawn else "") + "\n".join("\x1b[2K" + x for x in lines))
                drawn = len(lines)
                key = self._read_key()
                if key in _STEPS:
                    index = (index + _STEPS[key]) % len(choices)
                elif key == "space":
                    selection = toggle(selection, choices[index], choices)
                elif key == "x":
                    selection = toggle_not_applicable(selection, choices[index], choices)
                elif key.isdigit() and 1 <= int(key) <= len(choices):
                    index = int(key) - 1
                    selection = toggle(selection, choices[index], choices)
                elif key == "enter":
                    self._write("\n")
                    return selection
                elif len(key) == 1 and match_option(key, actions):
                    self._write("\n")
                    return str(match_option(key, actions))

    def _choice_lines(
        self, choices: Sequence[Choice], selection: Selection, index: int
    ) -> list[str]:
        lines = []
        for n, choice in enumerate(choices):
            mark = (
                "x"
                if choice.id in selection.chosen
                else "-"
                if choice.id in selection.not_applicable
                else " "
            )
            text = f"{'>' if n == index else ' '} [{mark}] {n + 1}. {choice.title}"
            if choice.id in selection.not_applicable:
                text += " (not applicable)"
            if visible_width(text) > self.width - 1:
                text = text[: self.width - 2] + "…"
            lines.append(self.style.bold(text) if n == index else text)
        return lines

    @contextlib.contextmanager
    def _keys(self) -> Iterator[None]:
        """cbreak mode: keys arrive one by one, unechoed; Ctrl-C still raises KeyboardInterrupt.

        SIGTERM and SIGHUP raise it too while the mode is on, so that the terminal gets its
        echo back whatever ends the session (their default would exit on the spot).
        """
        saved = termios.tcgetattr(self.fd)
        previous = {sig: signal.signal(sig, _interrupt) for sig in _ENDING_SIGNALS}
        tty.setcbreak(self.fd, termios.TCSANOW)
        try:
            yield
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _read_key(self) -> str:
        byte = os.read(self.fd, 1)
        if not byte or byte == b"\x04":
            raise EOFError
        if byte == b"\x03":
            raise KeyboardInterrupt
        if byte in (b"\r", b"\n"):
            return "enter"
        if byte == b" ":
            return "space"
        if byte == b"\t":
            return "tab"
        if byte == b"\x1b":
            return self._escape_sequence()
        if byte[0] >= 0xC0:  # the rest of a UTF-8 character
            more = 1 if byte[0] < 0xE0 else 2 if byte[0] < 0xF0 else 3
            byte += os.read(self.fd, more)
        return byte.decode("utf-8", "replace").lower()

    def _escape_sequence(self) -> str:
        if not select.select([self.fd], [], [], 0.05)[0]:
            return "escape"
        if os.read(self.fd, 1) not in (b"[", b"O"):
            return "escape"
        sequence = b""
        while not sequence or not 0x40 <= sequence[-1] <= 0x7E:
            sequence += os.read(self.fd, 1)
        return _ARROWS.get(sequence[-1:], "escape")

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()
