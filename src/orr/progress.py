"""A plain-text progress bar on stderr, for long runs in a terminal only.

Nothing is drawn when the stream is not a terminal (CI logs and tests stay clean) or before
``delay`` seconds have passed (quick runs stay quiet). The bar fits the terminal's width and
is erased when the run ends.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressBar:
    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        delay: float = 0.5,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        width: Callable[[], int] | None = None,
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream)
        self.delay, self.interval, self.clock = delay, interval, clock
        self.width = width or (lambda: shutil.get_terminal_size((80, 24)).columns)
        self.started = clock()
        self.drawn_at: float | None = None
        self.drawn_width = 0

    def update(self, done: int, total: int) -> None:
        """Redraw, at most every ``interval`` seconds and only after ``delay``."""
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < self.interval and done < total:
            return
        line = render_line(self.label, done, total, self.width())
        self.stream.write("\r" + line)
        self.stream.flush()
        self.drawn_at, self.drawn_width = now, len(line)

    def close(self) -> None:
        """Erase the bar, if one was drawn."""
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.drawn_width + "\r")
            self.stream.flush()
            self.drawn_at = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def render_line(label: str, done: int, total: int, width: int) -> str:
    """``label [#####.....] done/total pct%`` in ``width - 1`` columns (never wraps)."""
    share = done / total if total else 1.0
    width_of_total = len(f"{total:,}")
    counter = f" {done:>{width_of_total},}/{total:,} {share:4.0%}"  # steady width: no jitter
    room = width - 1 - len(label) - len(counter) - 3
    if room < 10:  # a narrow terminal: the numbers only
        return counter.strip()[: max(width - 1, 0)]
    filled = int(room * share)
    return f"{label} [{'#' * filled}{'.' * (room - filled)}]{counter}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
