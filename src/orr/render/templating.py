"""The one Jinja environment of the human-readable reports.

Templates are package data in ``orr/render/templates/``, read with ``importlib.resources``. A
user's ``--template-dir`` comes first, so a file there with a built-in name replaces the
built-in one; the built-ins stay reachable as ``orr/<name>`` (``{% extends "orr/report.html.j2"
%}`` to change one block only). Autoescaping is on for ``*.html*`` and ``*.svg*`` templates;
Markdown templates escape user text with the ``md*`` filters instead.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from orr.errors import InputError, UsageError
from orr.render import charts, gfm, plan_view, view
from orr.render.markup import markdown_to_html, safe_url
from orr.words import plural

_PACKAGE = "orr.render"
_FOLDER = "templates"


def _builtin(name: str) -> tuple[str, str | None, Callable[[], bool]] | None:
    resource = resources.files(_PACKAGE).joinpath(_FOLDER)
    for part in name.split("/"):
        if part in ("", ".", ".."):
            return None
        resource = resource.joinpath(part)
    if not resource.is_file():
        return None
    return resource.read_text(encoding="utf-8"), None, lambda: True


def _markdown(text: str | None) -> Markup:
    return Markup(markdown_to_html(text or ""))  # safe: markdown-it with raw HTML off


def _href(url: str | None) -> str | None:
    return url if url and safe_url(url) else None


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(str(text).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@lru_cache(maxsize=16)
def environment(template_dir: Path | None = None) -> jinja2.Environment:
    """The environment for every report template; a user folder takes precedence."""
    builtin = jinja2.FunctionLoader(_builtin)
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(template_dir))
    loaders += [builtin, jinja2.PrefixLoader({"orr": builtin})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "html.j2", "svg", "svg.j2"), default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=gfm.text,
        md_cell=gfm.cell,
        md_code=gfm.code,
        md_link=gfm.link,
        markdown=_markdown,
        safe_href=_href,
        csp_hash=_csp_hash,
        score=view.score_text,
        plural=plural,
        verdict_emoji=view.VERDICT_EMOJI.__getitem__,
        verdict_glyph=view.VERDICT_GLYPHS.__getitem__,
        verdict_class=view.VERDICT_CLASSES.__getitem__,
        status_label=view.STATUS_LABELS.__getitem__,
        risk_label=view.RISK_LABELS.__getitem__,
        waiver_label=view.WAIVER_LABELS.__getitem__,
        anchor=view.item_anchor,
        answered=view.answer_summary,
        item_notes=view.item_notes,
        status_icon=view.STATUS_ICONS.__getitem__,
        waiver_icon=view.WAIVER_ICONS.__getitem__,
        pillar_label=view.pillar_label,
        status_glyph=view.STATUS_GLYPHS.__getitem__,
        risk_phrase=view.risk_phrase,
        css=view.css,
    )
    env.globals.update(
        statuses=view.STATUSES,
        risk_levels=view.counts,
        pillar_groups=view.pillar_groups,
        risk_chart=charts.risk_distribution,
        section_chart=charts.section_scores,
        group_chart=charts.group_scores,
        action_plan=plan_view.actions,
    )
    return env


def render_template(name: str, template_dir: Path | None = None, **context: object) -> str:
    """Render one template; a broken user template is an OrrError naming its file and line."""
    env = environment(template_dir.resolve() if template_dir else None)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        where = _display(error.filename) if error.filename else error.name or name
        raise InputError.at(where, f"template error: {error.message}", error.lineno, 1) from None
    except jinja2.TemplateNotFound as error:
        raise UsageError(
            f"template {error.name!r} not found in {template_dir or 'the built-in templates'}"
        ) from None
    except Exception as error:  # a user's template may fail in any way; ours must not
        if template_dir is None and not isinstance(error, jinja2.TemplateError):
            raise
        where, line = _template_frame(error, name)
        message = str(error) if isinstance(error, jinja2.TemplateError) else repr(error)
        raise InputError.at(where, f"template error: {message}", line, 1 if line else 0) from None


def _template_frame(error: BaseException, name: str) -> tuple[str, int]:
    """The innermost template file and line in a render-time traceback."""
    where, line = name, 0
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.startswith("<template>"):
            where, line = _display(filename), tb.tb_lineno
        tb = tb.tb_next
    return where, line


def _display(filename: str) -> str:
    """A template's path relative to the working directory when it is below it."""
    path = Path(filename)
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return filename
