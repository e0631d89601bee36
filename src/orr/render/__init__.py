"""Output formats behind one interface: each module has ``render(result) -> str``.

Adding a format touches one module and one line of ``FORMATS``.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import Protocol

from orr.result import Result


class Format(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    JSON = "json"
    JUNIT = "junit"
    SARIF = "sarif"


#: module and file extension of each format (every Format member has an entry; a test checks).
FORMATS: dict[Format, tuple[str, str]] = {
    Format.MARKDOWN: ("orr.render.markdown", ".md"),
    Format.HTML: ("orr.render.html", ".html"),
    Format.JSON: ("orr.render.json", ".json"),
    Format.JUNIT: ("orr.render.junit", ".junit.xml"),
    Format.SARIF: ("orr.render.sarif", ".sarif"),
}


class Renderer(Protocol):
    def __call__(self, result: Result) -> str: ...


def renderer(fmt: Format) -> Renderer:
    """The render function of a format, imported only when asked for."""
    module = importlib.import_module(FORMATS[fmt][0])
    render: Renderer = module.render
    return render


def extension(fmt: Format) -> str:
    return FORMATS[fmt][1]
