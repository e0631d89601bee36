"""Options several commands share."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from orr.catalog import Catalog

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


def make_catalog(dirs: Sequence[Path] = ()) -> Catalog:
    env = [Path(p) for p in os.environ.get("ORR_CHECKLISTS", "").split(os.pathsep) if p]
    return Catalog.with_bundled([*dirs, *env])
