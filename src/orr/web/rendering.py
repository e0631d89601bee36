"""The pages' templates: the HTML report's Jinja environment, with orr serve's own folder first.

So the pages share the report's filters and partials (``html_parts.html.j2``, ``report.css``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from orr.render.templating import environment

TEMPLATES = Path(str(resources.files("orr.web").joinpath("templates")))


def render(name: str, **context: Any) -> str:
    return environment(TEMPLATES).get_template(name).render(**context)
