"""The HTML report: one self-contained page (inline CSS, SVG and one hashed inline script)."""

from __future__ import annotations

from pathlib import Path

from orr.render import view
from orr.render.templating import render_template
from orr.result import Result


def render(result: Result, template_dir: Path | None = None) -> str:
    return render_template("report.html.j2", template_dir, **view.report_context(result))
