"""The gate's policy: thresholds from `.orr.toml` or `[tool.orr]` in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from orr.errors import InputError, Problem
from orr.loading import format_loc, read_text
from orr.model import Policy

__all__ = ["Policy", "find_policy_file", "load_policy"]


def find_policy_file(start: Path) -> Path | None:
    """The nearest `.orr.toml`, or pyproject.toml with a [tool.orr] table, upward from start."""
    folder = start.resolve()
    try:
        if not folder.is_dir():
            folder = folder.parent
    except OSError:  # a name too long: its folder is still the place to look
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        dotfile = candidate / ".orr.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_orr_table(pyproject):
            return pyproject
    return None


def _has_orr_table(pyproject: Path) -> bool:
    """Whether pyproject.toml has a [tool.orr] table."""
    tool = _read(pyproject).get("tool")
    return isinstance(tool, dict) and "orr" in tool


def _read(path: Path) -> dict[str, Any]:
    if not path.exists() and not path.is_symlink():
        raise InputError.at(path, "no such policy file")
    text = read_text(path)  # a regular file only, size-limited UTF-8, as every input
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError.at(path, f"not valid TOML: {error}") from None


def _tool_orr(table: dict[str, Any], path: Path) -> dict[str, Any]:
    tool = table.get("tool")
    if not isinstance(tool, dict) or "orr" not in tool:
        raise InputError.at(path, "has no [tool.orr] table: add one, or name a .orr.toml")
    if not isinstance(tool["orr"], dict):
        raise InputError.at(path, "tool.orr is not a table: write the settings under [tool.orr]")
    values: dict[str, Any] = tool["orr"]
    return values


def load_policy(path: Path | None, overrides: dict[str, Any] | None = None) -> Policy:
    """The policy in ``path`` (or the defaults), with non-None ``overrides`` on top."""
    values: dict[str, Any] = {}
    if path is not None:
        table = _read(path)
        values = _tool_orr(table, path) if path.name == "pyproject.toml" else table
    values = {**values, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    try:
        return Policy.model_validate(values)
    except ValidationError as error:
        where = str(path) if path else "<policy flags>"
        raise InputError(
            [
                Problem(
                    where,
                    0,
                    0,
                    f"{format_loc(tuple(e['loc']))}: {e['msg'][0].lower()}{e['msg'][1:]}",
                )
                for e in error.errors(include_url=False)
            ]
        ) from None
