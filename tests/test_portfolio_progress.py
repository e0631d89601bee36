"""The progress bar: drawn only on a terminal, only after a moment, within the width."""

from __future__ import annotations

import io

import pytest

from orr.progress import ProgressBar, render_line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _bar(stream: io.StringIO, clock: Clock, width: int = 60) -> ProgressBar:
    return ProgressBar("orr portfolio", stream=stream, clock=clock, width=lambda: width)


def test_nothing_is_drawn_when_stderr_is_not_a_terminal() -> None:
    stream, clock = io.StringIO(), Clock()
    with _bar(stream, clock) as bar:
        clock.now += 5
        bar.update(10, 100)
    assert stream.getvalue() == ""


def test_a_quick_run_draws_nothing() -> None:
    stream, clock = Terminal(), Clock()
    with _bar(stream, clock) as bar:
        clock.now += 0.4
        bar.update(100, 100)
    assert stream.getvalue() == ""


def test_a_long_run_draws_then_erases_the_bar() -> None:
    stream, clock = Terminal(), Clock()
    with _bar(stream, clock) as bar:
        clock.now += 0.6
        bar.update(250, 1000)
        clock.now += 0.01
        bar.update(260, 1000)  # too soon to redraw
        clock.now += 0.2
        bar.update(1000, 1000)
    drawn = stream.getvalue().split("\r")
    first = render_line("orr portfolio", 250, 1000, 60)
    last = render_line("orr portfolio", 1000, 1000, 60)
    assert drawn == ["", first, last, " " * len(last), ""]


@pytest.mark.parametrize("width", [20, 40, 80, 200])
def test_the_line_fits_the_terminal(width: int) -> None:
    line = render_line("orr portfolio", 1234, 10000, width)
    assert len(line) <= width - 1
    assert "1,234/10,000" in line


def test_the_line_keeps_its_width_as_the_count_grows() -> None:
    widths = {len(render_line("x", done, 1000, 50)) for done in (0, 7, 99, 512, 1000)}
    assert widths == {49}


def test_the_bar_fills_with_progress() -> None:
    assert render_line("x", 5, 10, 40) == "x [############............]  5/10  50%"
    assert render_line("x", 10, 10, 40) == "x [########################] 10/10 100%"
    assert render_line("x", 0, 0, 40) == "x [##########################] 0/0 100%"
