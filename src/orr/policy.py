"""The settings file, `.orr.toml` or `[tool.orr]` in pyproject.toml: the gate's thresholds and
the project's checklist folders. Its problems read like a review file's: file:line:col: key.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic_core import ErrorDetails, ValidationError

from orr.errors import InputError, Problem
from orr.loading import format_loc, read_text, type_message
from orr.model import Policy, Settings
from orr.suggest import did_you_mean

__all__ = [
    "SETTINGS",
    "Policy",
    "Settings",
    "checklist_folders",
    "find_policy_file",
    "load_policy",
    "load_settings",
    "policy_lookup",
]

#: Keys of the settings file that are not the gate's thresholds (read by their own modules).
SETTINGS = ("checklists", "overlays")

_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*([^=#\[]+?)\s*=")


def find_policy_file(start: Path) -> Path | None:
    """The nearest `.orr.toml`, or pyproject.toml with a [tool.orr] table, upward from start."""
    return policy_lookup(start)[0]


def policy_lookup(start: Path) -> tuple[Path | None, tuple[Path, ...]]:
    """What ``find_policy_file`` finds, and every file it looked at on the way (there or not):
    the files whose change can change what it finds."""
    folder = start.resolve()
    try:
        if not folder.is_dir():
            folder = folder.parent
    except OSError:  # a name too long: its folder is still the place to look
        folder = folder.parent
    looked: list[Path] = []
    for candidate in (folder, *folder.parents):
        dotfile = candidate / ".orr.toml"
        looked.append(dotfile)
        if dotfile.is_file():
            return dotfile, tuple(looked)
        pyproject = candidate / "pyproject.toml"
        looked.append(pyproject)
        if pyproject.is_file() and _has_orr_table(pyproject):
            return pyproject, tuple(looked)
    return None, tuple(looked)


def _has_orr_table(pyproject: Path) -> bool:
    """Whether pyproject.toml has a [tool.orr] table."""
    tool = _read(pyproject)[0].get("tool")
    return isinstance(tool, dict) and "orr" in tool


def _read(path: Path) -> tuple[dict[str, Any], str]:
    if not path.exists() and not path.is_symlink():
        raise InputError.at(path, "no such policy file")
    text = read_text(path)  # a regular file only, size-limited UTF-8, as every input
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = _TOML_AT.search(message)
        line, column = (int(at.group(1)), int(at.group(2))) if at else (0, 0)
        message = _TOML_AT.sub("", message)
        raise InputError.at(
            path, f"not valid TOML: {message[:1].lower()}{message[1:]}", line, column
        ) from None


def _table(path: Path) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """The settings in ``path``, its text, and the table that holds them (``tool.orr``)."""
    data, text = _read(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "orr" not in tool:
            raise InputError.at(path, "has no [tool.orr] table: add one, or name a .orr.toml")
        if not isinstance(tool["orr"], dict):
            raise InputError.at(
                path, "tool.orr is not a table: write the settings under [tool.orr]"
            )
        return tool["orr"], text, ("tool", "orr")
    tool = data.get("tool")
    if isinstance(tool, dict) and "orr" in tool:
        line, column = _locate(text, (), "tool")
        raise InputError.at(
            path,
            "[tool.orr] is how pyproject.toml spells it: in .orr.toml drop the [tool.orr] line "
            "and keep the settings under it at the top",
            line,
            column,
        )
    return data, text, ()


def load_settings(path: Path) -> Settings:
    """Every setting in the file, each problem located at its key."""
    values, text, table = _table(path)
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        raise InputError(
            [_problem(path, text, table, e) for e in error.errors(include_url=False)]
        ) from None


def _problem(path: Path, text: str, table: tuple[str, ...], error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    key = str(loc[0]) if loc else ""
    line, column = _locate(text, table, key)
    where = ".".join(table)
    if error["type"] == "extra_forbidden":
        hint = did_you_mean(key, Settings.model_fields)
        prefix = f"{where}: " if where else ""
        return Problem(str(path), line, column, f"{prefix}unknown setting {key!r}{hint}")
    name = format_loc((*table, *loc))
    message = error["msg"]
    said = type_message(error["type"], error.get("input")) or message[:1].lower() + message[1:]
    return Problem(str(path), line, column, f"{name}: {said}")


def _locate(text: str, table: tuple[str, ...], key: str) -> tuple[int, int]:
    """Line and column of ``key`` in ``table`` (best effort: TOML parsers give no positions)."""
    current: tuple[str, ...] = ()
    wanted = (*table, key)
    fallback = (0, 0)  # the table's header, when the key is not found
    for number, line in enumerate(text.splitlines(), start=1):
        found = _HEADER.match(line)
        if found:
            current = _dotted(found.group(1))
            if current[: len(wanted)] == wanted:  # [tool.orr.key], or [tool] for key "tool"
                return number, 1
            if current == table and fallback == (0, 0):
                fallback = (number, 1)
            continue
        assigned = _ASSIGN.match(line)
        if assigned and (*current, *_dotted(assigned.group(1)))[: len(wanted)] == wanted:
            return number, len(line) - len(line.lstrip()) + 1
    return fallback


def _dotted(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in key.split("."))


def load_policy(path: Path | None, overrides: dict[str, Any] | None = None) -> Policy:
    """The policy in ``path`` (or the defaults), with non-None ``overrides`` on top."""
    values: dict[str, Any] = {}
    if path is not None:
        values = load_settings(path).model_dump(exclude=set(SETTINGS), exclude_unset=True)
    values = {**values, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    try:
        return Policy.model_validate(values)
    except ValidationError as error:
        raise InputError(
            [
                Problem(
                    "<policy flags>",
                    0,
                    0,
                    f"{format_loc(tuple(e['loc']))}: {e['msg'][0].lower()}{e['msg'][1:]}",
                )
                for e in error.errors(include_url=False)
            ]
        ) from None


def checklist_folders(path: Path) -> list[Path]:
    """The checklist folders the settings file names, relative to it; each must exist."""
    settings = load_settings(path)
    if not settings.checklists:
        return []
    _data, text, table = _table(path)
    folders: list[Path] = []
    problems: list[Problem] = []
    for n, name in enumerate(settings.checklists):
        folder = path.parent / name
        if not folder.is_dir():
            line, column = _locate(text, table, "checklists")
            where = format_loc((*table, "checklists", n))
            problems.append(
                Problem(
                    str(path),
                    line,
                    column,
                    f"{where}: no folder {name!r} next to this file; checklist folders are "
                    "relative to it",
                )
            )
        folders.append(folder)
    if problems:
        raise InputError(problems)
    return folders
