"""Geometry of the report's inline SVG bar charts; the templates draw them.

Every bar carries its label and value as text, so nothing is told by colour alone; the title
and description give screen readers the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from orr.render.view import counts, score_text
from orr.result import ChecklistOutcome, GroupScore, RiskCounts

WIDTH = 560
LABEL_WIDTH = 220
VALUE_WIDTH = 52
ROW = 26
BAR = 16
_MAX_LABEL = 30


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # shortened to fit the label column
    full_label: str
    value: str
    css: str  # a class naming the series, e.g. "risk-high"
    y: float  # top of the row
    width: float


@dataclass(frozen=True, slots=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    row: int = ROW
    bar: int = BAR

    @property
    def height(self) -> int:
        return self.row * len(self.bars) + 4

    @property
    def bar_x(self) -> int:
        return self.label_width + 8

    @property
    def bar_max(self) -> int:
        return self.width - self.bar_x - VALUE_WIDTH


def _short(label: str) -> str:
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1].rstrip() + "…"


def _bars(rows: list[tuple[str, str, str, float]], bar_max: int) -> tuple[Bar, ...]:
    return tuple(
        Bar(_short(label), label, value, css, index * ROW + 2, round(fraction * bar_max, 1))
        for index, (label, value, css, fraction) in enumerate(rows)
    )


def section_scores(checklist: ChecklistOutcome, chart_id: str) -> BarChart:
    """One bar per section, 0-100; a section where nothing applies has no bar and says n/a."""
    return _scores(checklist.sections, chart_id, f"Score per section of {checklist.title}")


def group_scores(groups: tuple[GroupScore, ...], chart_id: str, title: str) -> BarChart:
    """One bar per group (pillar, checklist ...), 0-100."""
    return _scores(groups, chart_id, title)


def _scores(groups: tuple[GroupScore, ...], chart_id: str, title: str) -> BarChart:
    bar_max = WIDTH - LABEL_WIDTH - 8 - VALUE_WIDTH
    rows = [(g.title, score_text(g.score), "score", (g.score or 0.0) / 100.0) for g in groups]
    description = "; ".join(f"{g.title}: {score_text(g.score)}" for g in groups)
    return BarChart(chart_id, title, description + ".", _bars(rows, bar_max))


def risk_distribution(value: RiskCounts, chart_id: str) -> BarChart:
    """One bar per risk level, scaled to the largest count."""
    bar_max = WIDTH - LABEL_WIDTH - 8 - VALUE_WIDTH
    levels = counts(value)
    largest = max((c.count for c in levels), default=0) or 1
    rows = [
        (c.label, str(c.count), "risk-" + c.level.replace("/", ""), c.count / largest)
        for c in levels
    ]
    description = "; ".join(f"{c.label}: {c.count}" for c in levels)
    return BarChart(chart_id, "Items by risk level", description + ".", _bars(rows, bar_max))


def count_chart(chart_id: str, title: str, rows: list[tuple[str, int, str]]) -> BarChart:
    """One bar per (label, count, css class), scaled to the largest count."""
    bar_max = WIDTH - LABEL_WIDTH - 8 - VALUE_WIDTH
    largest = max((count for _, count, _ in rows), default=0) or 1
    bars = [(label, f"{count:,}", css, count / largest) for label, count, css in rows]
    description = "; ".join(f"{label}: {count:,}" for label, count, _ in rows)
    return BarChart(chart_id, title, description + ".", _bars(bars, bar_max))
