"""Options several commands share."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from orr.catalog import Catalog
from orr.errors import UsageError

F = TypeVar("F", bound=Callable[..., object])


def checklists_option(function: F) -> F:
    return click.option(
        "--checklists",
        "checklist_dirs",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="A folder of checklists, searched before the bundled ones (repeatable; "
        "ORR_CHECKLISTS, a path list, adds more).",
    )(function)


def make_catalog(dirs: Sequence[Path] = (), policy_file: Path | None = None) -> Catalog:
    """--checklists, then ORR_CHECKLISTS, then the folders a review's settings file names
    (``checklists = [...]``, or those of ``policy_file``), then the bundled checklists."""
    env = [Path(p) for p in os.environ.get("ORR_CHECKLISTS", "").split(os.pathsep) if p]
    return Catalog.with_bundled([*dirs, *env], settings=True, settings_file=policy_file)


def resolve_today(value: str | None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH (reproducible builds), else today's date in UTC."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"--today {value!r} is not a date; write it as YYYY-MM-DD") from None
    fixed = source_date_epoch()
    return (fixed or dt.datetime.now(tz=dt.UTC)).date()


def source_date_epoch() -> dt.datetime | None:
    """The moment SOURCE_DATE_EPOCH names (reproducible builds), None when it is unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    shown = epoch if len(epoch) <= 40 else epoch[:40] + "..."
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={shown!r} is not a whole number of seconds since 1970 (at most "
            "12 digits); fix or unset it"
        )
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={shown!r} is past the last date Python can hold; fix or unset it"
        ) from None


def today_option(function: F) -> F:
    return click.option(
        "--today",
        metavar="YYYY-MM-DD",
        default=None,
        help="The evaluation date for waiver expiry (default: SOURCE_DATE_EPOCH, else today).",
    )(function)


def policy_option(function: F) -> F:
    return click.option(
        "--policy",
        "policy_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Policy file (default: the nearest .orr.toml, or [tool.orr] in pyproject.toml, "
        "above the review).",
    )(function)


def color_option(function: F) -> F:
    return click.option(
        "--color/--no-color",
        "color",
        default=None,
        help="Colour the summary (default: on a terminal, off when NO_COLOR or CI is set).",
    )(function)


def use_color(flag: bool | None) -> bool:
    """The one colour decision: the flag, else off under NO_COLOR or CI, else a TTY's."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return False
    return sys.stdout.isatty()


def write_output(target: str, text: str, what: str = "the report") -> None:
    """Write an output option's text to the file ``target`` (atomically, as every output is
    written: ``savefile.write_output``), or to stdout when it is ``-``."""
    if target == "-":
        click.echo(text, nl=False)
        return
    from orr.savefile import write_output as save

    save(Path(target), text, what)  # a folder is a one-line usage error there (exit 2)
